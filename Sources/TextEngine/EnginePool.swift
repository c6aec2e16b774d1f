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
    /// 0: nothing asked; 1: the first slot's system is being made ahead (`prepare`) and no render
    /// has come for it yet; 2: a render has.
    private let ahead = Atomic<Int>(0)

    /// `size` systems at most: one per render that can run at once.
    public init(fontFolders: [String], size: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.fontFolders = fontFolders
        slots = (0..<max(1, size)).map { _ in Slot() }
    }

    /// Starts making the first slot's font system on a thread of its own, while the caller goes on
    /// (parsing the issue): setting up fontconfig and Pango takes about as long as parsing. The
    /// first render then waits for that system instead of making one; a render that comes before
    /// the thread has started makes it itself, and the thread finds it made.
    public func prepare() {
        guard ahead.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged else { return }
        let slot = slots[0], folders = fontFolders
        Thread.detachNewThread {
            slot.system.withLock { system in
                if system == nil { system = FontSystem(fontFolders: folders) }
            }
        }
    }

    /// Runs `body` with a font system no other thread is using: a free slot if there is one, else
    /// the next slot in turn, waiting for it. The first render after `prepare` waits for the
    /// system being made.
    public func withSystem<R: Sendable>(_ body: (FontSystem) throws -> R) throws -> R {
        let folders = fontFolders
        func use(_ system: inout sending FontSystem?) throws -> R {
            if system == nil { system = FontSystem(fontFolders: folders) }
            return try body(system!)
        }
        if ahead.compareExchange(expected: 1, desired: 2, ordering: .relaxed).exchanged {
            return try slots[0].system.withLock { try use(&$0) }
        }
        for slot in slots {
            if let r = try slot.system.withLockIfAvailable({ try use(&$0) }) { return r }
        }
        let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return try slots[k % slots.count].system.withLock { try use(&$0) }
    }
}
