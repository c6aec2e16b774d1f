import Foundation
import Synchronization
import BulletinCore

/// Font systems for renders running at the same time. Pango's font maps and contexts are not safe
/// to share between threads, and setting one up costs fontconfig's start-up (15–20 ms), so each
/// slot keeps one system, made on first use and reused by every later render that takes the slot.
public final class EnginePool: Sendable {
    private final class Slot: Sendable {
        let system = Guarded<FontSystem?>(nil)
    }

    public let fontFolders: [String]
    private let slots: [Slot]
    private let next = Atomic<Int>(0)

    /// `size` systems at most: one per render that can run at once.
    public init(fontFolders: [String], size: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.fontFolders = fontFolders
        slots = (0..<max(1, size)).map { _ in Slot() }
    }

    /// Runs `body` with a font system no other thread is using: a free slot if there is one, else
    /// the next slot in turn, waiting for it.
    public func withSystem<R: Sendable>(_ body: (FontSystem) throws -> R) throws -> R {
        let folders = fontFolders
        func use(_ system: inout sending FontSystem?) throws -> R {
            if system == nil { system = FontSystem(fontFolders: folders) }
            return try body(system!)
        }
        for slot in slots {
            if let r = try slot.system.withLockIfAvailable({ try use(&$0) }) { return r }
        }
        let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return try slots[k % slots.count].system.withLock { try use(&$0) }
    }
}
