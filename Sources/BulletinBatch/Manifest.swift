import Foundation
import BulletinRender

/// What each output was made from, kept beside the outputs: a content hash of every dependency
/// (the source, the layout files of its chain, the font files it resolved, the options that change
/// bytes, the tool's version) and of the output itself. An output is rendered again when any of
/// them changed, or when the output on disk is no longer the one written.
public struct Manifest: Codable, Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Dependency name (`source`, `layout <path>`, `font <path>`, `options`, `tool`) → content hash.
        public var dependencies: [String: String]
        /// Content hash of the PDF written.
        public var output: String
    }
    public var tool: String
    /// Relative output path → what it was made from.
    public var outputs: [String: Entry]

    public static let fileName = ".bulletin-batch.json"

    public init(tool: String) { self.tool = tool; outputs = [:] }

    public static func load(from folder: String, name: String = fileName, tool: String) -> Manifest {
        guard let data = FileManager.default.contents(atPath: folder + "/" + name),
              let m = try? JSONDecoder().decode(Manifest.self, from: data), m.tool == tool else { return Manifest(tool: tool) }
        return m
    }

    /// Writes this run's changes into the record on disk, re-read under an exclusive lock: two
    /// batches writing one folder at once keep each other's entries (each saved only its own
    /// changes over what the other had written).
    public static func update(_ folder: String, name: String = fileName, tool: String, with changes: [String: Entry?]) throws {
        // The lock is taken on the folder itself: no lock file is left among the outputs.
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = flock(fd, LOCK_EX) }
        defer { if fd >= 0 { _ = flock(fd, LOCK_UN); close(fd) } }
        var current = load(from: folder, name: name, tool: tool)
        for (output, entry) in changes { current.outputs[output] = entry }
        try current.save(to: folder, name: name)
    }

    public func save(to folder: String, name: String = Manifest.fileName) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Written like every output: whole or not at all, with the cause named when it fails.
        try OutputFile.write(try encoder.encode(self), to: folder + "/" + name)
    }
}

/// FNV-1a, 64 bit: a stable content hash without a crypto dependency (collisions are not a threat here).
public struct ContentHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}

    public mutating func add(_ bytes: Data) {
        bytes.withUnsafeBytes { raw in
            for b in raw.bindMemory(to: UInt8.self) {
                state = (state ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        add(separator: 0xFF)
    }

    public mutating func add(_ text: String) { add(Data(text.utf8)) }

    private mutating func add(separator: UInt8) { state = (state ^ UInt64(separator)) &* 0x100_0000_01b3 }

    public var hex: String { String(format: "%016llx", state) }
    public var value: UInt64 { state }
}
