import XCTest
import Foundation

/// Nothing lost: an output never replaces its input or a non-file, keeps its mode, and a killed
/// run's temporary files are cleared by the next one.
final class OutputSafetyTests: XCTestCase {
    func sample(in dir: String, as name: String = "issue.md") throws -> String {
        let path = dir + "/" + name
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/zhuanbao-2024-09.md", toPath: path)
        return path
    }

    func testTheInputIsNeverOverwritten() throws {
        let dir = try temporaryDirectory()
        let issue = try sample(in: dir)
        let before = try Data(contentsOf: URL(fileURLWithPath: issue))
        let r = try runProcess(builtBinary, ["render", "issue.md", "-o", "./issue.md"], in: dir)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("-o ./issue.md is the input file issue.md; nothing was written"), r.output)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: issue)), before)
        // An issue named x.pdf rendered without -o would write over itself.
        _ = try sample(in: dir, as: "x.pdf")
        let r2 = try runProcess(builtBinary, ["render", "x.pdf"], in: dir)
        XCTAssertEqual(r2.status, 1)
        XCTAssertTrue(r2.output.contains("is the input file"), r2.output)
        XCTAssertTrue(try String(contentsOfFile: dir + "/x.pdf", encoding: .utf8).hasPrefix("---"))
    }

    func testANonFileOutputIsRefused() throws {
        let dir = try temporaryDirectory()
        _ = try sample(in: dir)
        XCTAssertEqual(mkfifo(dir + "/fifo", 0o644), 0)
        let r = try runProcess(builtBinary, ["render", "issue.md", "-o", "fifo"], in: dir)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("is not a regular file (a device, FIFO or socket)"), r.output)
        var st = stat()
        XCTAssertEqual(lstat(dir + "/fifo", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the FIFO is still a FIFO")
    }

    func testABareOutputNameModeAndStaleTemporaryFiles() throws {
        let dir = try temporaryDirectory()
        _ = try sample(in: dir)
        // `-o x`: no extension, no folder.
        let r = try runProcess(builtBinary, ["render", "issue.md", "-o", "x"], in: dir)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/x"))
        // An overwritten output keeps its mode.
        chmod(dir + "/x", 0o600)
        // A temporary file of a process that is gone is removed; one of a running process stays.
        let stale = dir + "/.x.999999.1.tmp", live = dir + "/.x.\(getpid()).2.tmp"
        FileManager.default.createFile(atPath: stale, contents: Data("half".utf8))
        FileManager.default.createFile(atPath: live, contents: Data("busy".utf8))
        XCTAssertEqual(try runProcess(builtBinary, ["render", "issue.md", "-o", "x"], in: dir).status, 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: dir + "/x")[.posixPermissions] as? NSNumber)?.intValue
        XCTAssertEqual(mode, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live))
    }

    func testPageImagesOfALongerEarlierRenderAreRemoved() throws {
        let dir = try temporaryDirectory()
        _ = try sample(in: dir)
        try FileManager.default.createDirectory(atPath: dir + "/png", withIntermediateDirectories: true)
        for n in 10...12 { FileManager.default.createFile(atPath: dir + "/png/page-\(n).png", contents: Data()) }
        XCTAssertEqual(try runProcess(builtBinary, ["render", "issue.md", "--png", "png", "--dpi", "20"], in: dir).status, 0)
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir + "/png").filter { $0.hasPrefix("page-") }.count
        XCTAssertEqual(pages, 9)
    }
}

/// Inputs that are not issue files are named for what they are.
final class InputKindTests: XCTestCase {
    func testEachKindOfBadInputIsNamed() throws {
        let dir = try temporaryDirectory()
        XCTAssertEqual(mkfifo(dir + "/fifo.md", 0o644), 0)
        try FileManager.default.createDirectory(atPath: dir + "/folder.md", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop1.md", withDestinationPath: dir + "/loop2.md")
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop2.md", withDestinationPath: dir + "/loop1.md")
        let cases: [(String, String)] = [
            ("fifo.md", "fifo.md is not a regular file (a FIFO, socket or device), not an issue file"),
            ("/dev/zero", "/dev/zero is not a regular file (a FIFO, socket or device), not an issue file"),
            ("folder.md", "folder.md is a directory, not an issue file"),
            ("loop1.md", "loop1.md is a symbolic link that loops back on itself"),
            ("missing.md", "no such file: missing.md"),
        ]
        for (input, message) in cases {
            let r = try runProcess(builtBinary, ["render", input, "-o", dir + "/out.pdf"], in: dir)
            XCTAssertEqual(r.status, 1, input)
            XCTAssertTrue(r.output.contains(message), "\(input): \(r.output)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out.pdf"))
    }
}

/// A full disk never replaces a good PDF with a truncated one: the render fails, names the cause,
/// and leaves the old file and no temporary file.
final class DiskFullTests: XCTestCase {
    func testAFullDiskKeepsTheOldOutput() throws {
        let dir = try temporaryDirectory()
        let small = dir + "/small"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        // A 64 KB file system where the machine allows mounting one (CI runs as root); else the same
        // write path fails by injection.
        let mounted = (try? runProcess("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small]))?.status == 0
        defer { if mounted { _ = try? runProcess("/usr/bin/env", ["umount", small]) } }
        let good = Data("%PDF-1.5 a good earlier render".utf8)
        try good.write(to: URL(fileURLWithPath: small + "/out.pdf"))
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/zhuanbao-2024-09.md", toPath: dir + "/issue.md")
        let env = mounted ? [:] : ["BULLETIN_FAULT_DISK_BYTES": "40000"]
        let r = try runProcess(builtBinary, ["render", "issue.md", "-o", small + "/out.pdf"], environment: env, in: dir)
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.output.contains("No space left on device"), r.output)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: small + "/out.pdf")), good, "the good PDF is kept")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: small).filter { $0.hasSuffix(".tmp") }, [])
    }
}
