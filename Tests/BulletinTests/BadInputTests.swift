import XCTest
import Foundation

/// Every file of the bad-input corpus (Tests/BadInputs, described in expected.tsv) through the CLI:
/// the exit status, the diagnostic, no crash, and no output file unless the render succeeded.
final class BadInputTests: XCTestCase {
    let corpus = repositoryRoot + "/Tests/BadInputs"

    var binary: String { builtBinary }

    struct Outcome { var status: Int32; var signalled: Bool; var stderr: String }

    func render(_ file: String, output: String, extra: [String] = []) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["render", file, "-o", output] + extra
        p.currentDirectoryURL = URL(fileURLWithPath: corpus)
        p.environment = ProcessInfo.processInfo.environment.merging(["LC_ALL": "C.UTF-8"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal, stderr: String(decoding: data, as: UTF8.self))
    }

    func check(_ name: String, status: Int32, expect: String, extra: [String]) throws {
        let dir = try temporaryDirectory()
        var output = dir + "/out.pdf"
        var args = extra
        if let i = args.firstIndex(of: "{DIR}") { args[i] = dir; output = dir }
        if args.first == "-o" { output = args[1]; args.removeFirst(2) }
        let r = try render(name, output: output, extra: args)
        XCTAssertFalse(r.signalled, "\(name) crashed: \(r.stderr)")
        XCTAssertEqual(r.status, status, "\(name): \(r.stderr)")
        if !expect.isEmpty { XCTAssertTrue(r.stderr.contains(expect), "\(name): expected «\(expect)» in:\n\(r.stderr)") }
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDir) && !isDir.boolValue
        XCTAssertEqual(exists, status == 0, "\(name): output file \(exists ? "written" : "missing")")
        let leftovers = (try FileManager.default.contentsOfDirectory(atPath: dir)).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "\(name) left temporary files")
    }

    func testCorpus() throws {
        let table = try String(contentsOfFile: corpus + "/expected.tsv", encoding: .utf8)
        var count = 0
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3, let status = Int32(f[1]) else { XCTFail("bad line: \(line)"); continue }
            let expect = f[2].replacingOccurrences(of: "\\n", with: "\n")
            let extra = f.count > 3 ? f[3].split(separator: " ").map(String.init) : []
            try check(f[0], status: status, expect: expect, extra: extra)
            count += 1
        }
        XCTAssertGreaterThanOrEqual(count, 40)
    }

    /// Cases too large to commit are written here.
    func testGeneratedLargeInputs() throws {
        let dir = try temporaryDirectory()
        let header = "---\ntitle: 测试刊\nkind: 专报\nyear: 2024\nnumber: 9\npublisher: 测试办公室\ndate: 2024-07-09\n---\n"
        // A 5 MB paragraph with no line break in it.
        let huge = dir + "/huge-paragraph.md"
        try (header + "## 标题\n\n" + String(repeating: "长", count: 1_700_000) + "\n").write(toFile: huge, atomically: true, encoding: .utf8)
        var r = try render(huge, output: dir + "/a.pdf")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("huge-paragraph.md:11:1: error: this paragraph has 1700000 characters, more than the limit of 20000"), r.stderr)
        // 10,000 articles.
        let many = dir + "/many-articles.md"
        try (header + (1...10_000).map { "## 第\($0)篇\n\n正文。\n" }.joined(separator: "\n")).write(toFile: many, atomically: true, encoding: .utf8)
        r = try render(many, output: dir + "/b.pdf")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("error: more than 2000 articles"), r.stderr)
        // A file that is not there, and one too large.
        r = try render(dir + "/nothing.md", output: dir + "/c.pdf")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("error: no such file"), r.stderr)
        r = try render(huge, output: dir + "/d.pdf", extra: ["--max-source-size", "1000000"])
        XCTAssertTrue(r.stderr.contains("error: the file is 5.1 MB, larger than the limit of 1.0 MB"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a.pdf") || FileManager.default.fileExists(atPath: dir + "/b.pdf")
                       || FileManager.default.fileExists(atPath: dir + "/d.pdf"))
    }

    func testAFailedRenderKeepsTheGoodPDF() throws {
        let dir = try temporaryDirectory()
        let out = dir + "/issue.pdf"
        XCTAssertEqual(try render(corpus + "/bom.md", output: out).status, 0)
        let good = try Data(contentsOf: URL(fileURLWithPath: out))
        XCTAssertEqual(try render(corpus + "/rare-character.md", output: out).status, 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), good, "the failed render must not replace the good PDF")
    }
}

extension BadInputTests {
    /// An issue far past --max-pages fails before any text is set, at once.
    func testAPageLimitFailsBeforeLayout() throws {
        let dir = try temporaryDirectory()
        var text = try String(contentsOfFile: repositoryRoot + "/Examples/zhuanbao-2024-09.md", encoding: .utf8)
        let paragraph = String(repeating: "这是一段用来测试页数上限的正文，内容反复出现以便很快超过上限。", count: 300)
        text += "\n" + Array(repeating: paragraph, count: 25).joined(separator: "\n\n") + "\n"
        try text.write(toFile: dir + "/big.md", atomically: true, encoding: .utf8)
        let r = try runProcess(builtBinary, ["render", "big.md", "--max-pages", "50", "--max-paragraph", "100000"], in: dir)
        XCTAssertEqual(r.status, 1)
        // The lower bound from the characters and the blocks, not a page count found by laying the text out.
        XCTAssertTrue(r.output.contains("error: the issue comes out at 192 pages or more, more than the limit of 50"), r.output)
    }
}
