import Foundation
import XCTest
import BulletinCore
import LayoutSpec

/// The repository root, found from this file's path, so tests read `Layouts/` and `Examples/`.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func builtInLayouts() -> LayoutLoader { LayoutLoader(searchDirectories: [repositoryRoot + "/Layouts"]) }

/// Scratch folders live in one folder per test process, removed when the process exits: a run of
/// the tests used to leave a hundred folders in /tmp, and writing an output there then had to read
/// past all of them to tidy its own temporary files.
let scratchRoot: String = {
    let root = NSTemporaryDirectory() + "bulletin-tests-\(getpid())"
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "bulletin-tests-\(getpid())") }
    return root
}()

func temporaryDirectory() throws -> String {
    let dir = scratchRoot + "/" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A shaper whose every character is one cluster: wide characters advance by their size, ASCII by
/// half of it. Layout expectations then do not depend on the fonts installed.
/// `advance` may give other widths for chosen characters (nil keeps the default).
final class FixedMeasurer: TextMeasurer {
    let advance: (Unicode.Scalar, Points) -> Points?
    init(advance: @escaping (Unicode.Scalar, Points) -> Points? = { _, _ in nil }) { self.advance = advance }
    var fontTable: [FontKey] { [] }
    /// Every character a word of its own, unless the test gives words.
    func wordStarts(_ text: String) -> [Int] { Array(0...text.utf8.count) }

    func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        var out: [ShapedCluster] = []
        var offset = 0
        for (i, r) in runs.enumerated() {
            for s in r.text.unicodeScalars {
                let advance = self.advance(s, r.size) ?? (s.value < 0x80 ? r.size * 0.5 : r.size)
                out.append(ShapedCluster(text: String(s), byteOffset: offset, advance: advance, run: i))
                offset += String(s).utf8.count
            }
        }
        return out
    }
}

extension Double {
    var rounded1: Double { (self * 10).rounded() / 10 }
}

/// The `bulletin` executable built with the tests.
var builtBinary: String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bulletin").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return repositoryRoot + "/.build/debug/bulletin"
}

/// Runs a program and returns its exit status and its output (stdout and stderr together).
func runProcess(_ executable: String, _ args: [String], environment: [String: String] = [:],
                in directory: String = repositoryRoot) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    // Messages are checked in English unless a test asks for another locale.
    p.environment = ProcessInfo.processInfo.environment.merging(["LC_ALL": "C.UTF-8"]) { $1 }.merging(environment) { $1 }
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A random number generator that gives the same numbers for the same seed (SplitMix64), so a
/// randomized test that fails fails again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
