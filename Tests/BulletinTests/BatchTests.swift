import XCTest
import BulletinCore
import Foundation
@testable import BulletinBatch

/// `bulletin batch` end to end through the built binary: isolation of bad issues, incremental
/// re-rendering, worker crashes and the report.
final class BatchTests: XCTestCase {
    func run(_ args: [String], env: [String: String] = [:]) throws -> (Int32, String) {
        try runProcess(builtBinary, args, environment: env)
    }

    /// A folder of `good` copies of the single-article example (in two subfolders) and `bad` broken issues.
    func makeIssues(good: Int, bad: Int) throws -> String {
        let dir = try temporaryDirectory() + "/issues"
        let sample = try String(contentsOfFile: repositoryRoot + "/Examples/single-article.md", encoding: .utf8)
        for i in 0..<good {
            let sub = dir + (i % 2 == 0 ? "/2023" : "/2024")
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try sample.replacingOccurrences(of: "number: 12", with: "number: \(i + 1)").write(toFile: sub + "/issue-\(i + 1).md", atomically: true, encoding: .utf8)
        }
        for i in 0..<bad {
            try "---\ntitle: 坏\nkind: 专报\nyear: 2024\nnumber: 九\npublisher: x\ndate: 2024-01-01\n---\n## a\nb\n"
                .write(toFile: dir + "/broken-\(i + 1).md", atomically: true, encoding: .utf8)
        }
        return dir
    }

    func files(_ dir: String) -> [String] {
        (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix(".") && $0.hasSuffix(".pdf") }.sorted()
    }

    /// A 公文 goes through the batch's change keys like a bulletin (skipped when unchanged); `fonts`
    /// resolves its layout; `new` and `volume`, which handle numbered bulletin issues, say so in one line.
    func testGongwenIsSkippedWhenUnchangedAndNamedByNewAndVolume() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/in/2024", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/xinhan-han.md", toPath: dir + "/in/2024/01.md")
        let env = ["BULLETIN_FONTS": repositoryRoot + "/Fonts"]
        let first = try runProcess(builtBinary, ["batch", dir + "/in", "--out", dir + "/out", "-j", "1"], environment: env)
        XCTAssertEqual(first.status, 0, first.output)
        let again = try runProcess(builtBinary, ["batch", dir + "/in", "--out", dir + "/out", "--dry-run"], environment: env)
        XCTAssertTrue(again.output.contains("up to date   \(dir)/in/2024/01.md"), again.output)
        let fonts = try runProcess(builtBinary, ["fonts", dir + "/in/2024/01.md"], environment: env)
        XCTAssertEqual(fonts.status, 0, fonts.output)
        XCTAssertTrue(fonts.output.contains("layout: xinhan"), fonts.output)
        let new = try runProcess(builtBinary, ["new", dir + "/in", "--date", "2024-12-01"], environment: env)
        XCTAssertEqual(new.status, 1, new.output)
        XCTAssertTrue(new.output.contains("01.md is a 公文 (its layout sets document: gongwen); `new` continues a bulletin's numbered issues only"), new.output)
        let volume = try runProcess(builtBinary, ["volume", dir + "/in/2024", "-o", dir + "/v.pdf"], environment: env)
        XCTAssertEqual(volume.status, 1, volume.output)
        XCTAssertTrue(volume.output.contains("is a 公文 (its layout sets document: gongwen); a volume binds a bulletin's issues only"), volume.output)
    }

    /// Two batches writing one output folder at once keep each other's record: afterwards every
    /// issue of both is up to date.
    func testTwoBatchesIntoOneFolderKeepEachOthersRecord() throws {
        let dir = try temporaryDirectory()
        for set in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: dir + "/\(set)", withIntermediateDirectories: true)
            for n in 1...3 {
                try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/single-article.md", toPath: dir + "/\(set)/\(set)\(n).md")
            }
        }
        let env = ["BULLETIN_FONTS": repositoryRoot + "/Fonts"]
        let group = DispatchGroup()
        let statuses = Guarded<[Int32]>([])
        for set in ["a", "b"] {
            group.enter()
            DispatchQueue.global().async {
                let r = try? runProcess(builtBinary, ["batch", dir + "/\(set)", "--out", dir + "/out", "-j", "1"], environment: env)
                statuses.withLock { $0.append(r?.status ?? -1) }
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(statuses.withLock { $0 }, [0, 0])
        let again = try runProcess(builtBinary, ["batch", dir + "/a", dir + "/b", "--out", dir + "/out", "--dry-run"], environment: env)
        XCTAssertEqual(again.output.components(separatedBy: "up to date").count - 1, 6, again.output)
    }

    /// A FIFO named like an issue among the inputs fails on its own, named; it never stops the batch
    /// (opening one waits for a writer forever).
    func testAFIFOAmongTheInputsFailsAloneAndDoesNotHang() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/single-article.md", toPath: dir + "/in/a.md")
        XCTAssertEqual(mkfifo(dir + "/in/x.md", 0o644), 0)
        let r = try runProcess("/usr/bin/env", ["timeout", "60", builtBinary, "batch", dir + "/in", "--out", dir + "/out", "-j", "1"],
                               environment: ["BULLETIN_FONTS": repositoryRoot + "/Fonts"])
        XCTAssertEqual(r.status, 1, r.output)
        XCTAssertTrue(r.output.contains("x.md is not a regular file"), r.output)
        XCTAssertTrue(r.output.contains("rendered 1, skipped 0, failed 1"), r.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/a.pdf"))
    }

    func testBadIssuesAreIsolatedAndReported() throws {
        let issues = try makeIssues(good: 7, bad: 3)
        let out = try temporaryDirectory() + "/out"
        let report = out + "-report.json"
        let (status, log) = try run(["batch", issues, "--out", out, "--jobs", "2", "--report", report])
        XCTAssertEqual(status, 1, log)
        XCTAssertTrue(log.contains("rendered 7, skipped 0, failed 3"), log)
        XCTAssertTrue(log.contains("broken-2.md:5:9: error: 'number' must be a whole number"), log)
        XCTAssertEqual(files(out).count, 7)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/2023/issue-1.pdf"), "outputs mirror the input folders")
        XCTAssertFalse(files(out).contains { $0.contains("broken") })
        let summary = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        XCTAssertEqual(summary.outcomes.filter { $0.status == .failed }.map { ($0.input as NSString).lastPathComponent },
                       ["broken-1.md", "broken-2.md", "broken-3.md"])
        XCTAssertTrue(summary.outcomes.first { $0.status == .failed }!.diagnostics.contains { $0.severity == .error })
    }

    func testUnchangedIssuesAreSkippedAndAnEditedOneRendersAgain() throws {
        let issues = try makeIssues(good: 4, bad: 0)
        let out = try temporaryDirectory() + "/out"
        XCTAssertEqual(try run(["batch", issues, "--out", out]).0, 0)
        let (status, log) = try run(["batch", issues, "--out", out])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(log.contains("rendered 0, skipped 4, failed 0"), log)
        // A changed source renders again; the others stay skipped.
        let one = issues + "/2024/issue-2.md"
        try (try String(contentsOfFile: one, encoding: .utf8) + "\n补充一段。\n").write(toFile: one, atomically: true, encoding: .utf8)
        let (_, again) = try run(["batch", issues, "--out", out])
        XCTAssertTrue(again.contains("rendered 1, skipped 3, failed 0"), again)
        XCTAssertTrue(again.contains("issue-2.md"), again)
        // Touching a file changes no content: the change key is made of contents, not dates, so a
        // fresh checkout of an archive does not render everything again.
        let other = issues + "/2023/issue-1.md"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: other)
        let (_, touched) = try run(["batch", issues, "--out", out])
        XCTAssertTrue(touched.contains("rendered 0, skipped 4, failed 0"), touched)
        let (_, forced) = try run(["batch", issues, "--out", out, "--force"])
        XCTAssertTrue(forced.contains("rendered 4, skipped 0, failed 0"), forced)
    }

    func testACrashingWorkerFailsOnlyItsIssueAndLeavesNoPartialFile() throws {
        let issues = try makeIssues(good: 5, bad: 0)
        let out = try temporaryDirectory() + "/out"
        let (status, log) = try run(["batch", issues, "--out", out, "--jobs", "2"], env: ["BULLETIN_WORKER_FAULT_INJECTION": "issue-3.md"])
        XCTAssertEqual(status, 1, log)
        XCTAssertTrue(log.contains("rendered 4, skipped 0, failed 1"), log)
        XCTAssertTrue(log.contains("worker crashed"), log)
        XCTAssertEqual(files(out).count, 4)
        let leftovers = (FileManager.default.enumerator(atPath: out)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testInputsFromFilesFoldersAndGlobs() throws {
        let issues = try makeIssues(good: 4, bad: 0)
        let fromFolder = try BatchInputs.collect([issues])
        XCTAssertEqual(fromFolder.map(\.relativeOutput), ["2023/issue-1.pdf", "2023/issue-3.pdf", "2024/issue-2.pdf", "2024/issue-4.pdf"])
        let fromGlob = try BatchInputs.collect([issues + "/*/issue-[12].md"])
        XCTAssertEqual(fromGlob.map(\.relativeOutput), ["2023/issue-1.pdf", "2024/issue-2.pdf"])
        let fromFile = try BatchInputs.collect([issues + "/2023/issue-3.md", issues + "/2023/issue-3.md"])
        XCTAssertEqual(fromFile.map(\.relativeOutput), ["issue-3.pdf"], "a file named twice is rendered once")
        XCTAssertThrowsError(try BatchInputs.collect([issues + "/nothing-*.md"]))
    }

}

extension BatchTests {
    /// The change key is made of what the render uses: a layout of the extends chain and a font
    /// in an issue's own Fonts/ re-render exactly the issues that use them, --dry-run names the
    /// changed dependency, and an output changed on disk is rendered again.
    func testExactIncrementalBatch() throws {
        let root = try temporaryDirectory()
        let sample = try String(contentsOfFile: repositoryRoot + "/Examples/zhuanbao-2024-09.md", encoding: .utf8)
        for dir in ["a", "b"] { try FileManager.default.createDirectory(atPath: root + "/issues/\(dir)/Layouts", withIntermediateDirectories: true) }
        try FileManager.default.createDirectory(atPath: root + "/issues/b/Fonts", withIntermediateDirectories: true)
        try "extends: zhuanbao\nname: base\n".write(toFile: root + "/issues/a/Layouts/base.yaml", atomically: true, encoding: .utf8)
        try "extends: base.yaml\nname: mine\n".write(toFile: root + "/issues/a/Layouts/mine.yaml", atomically: true, encoding: .utf8)
        try sample.replacingOccurrences(of: "layout: zhuanbao", with: "layout: mine").write(toFile: root + "/issues/a/one.md", atomically: true, encoding: .utf8)
        try sample.write(toFile: root + "/issues/b/two.md", atomically: true, encoding: .utf8)
        let font = root + "/issues/b/Fonts/FandolKai-Regular.otf"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Fonts/fandol/FandolKai-Regular.otf", toPath: font)
        func batch(_ extra: [String] = []) throws -> String {
            let r = try runProcess(builtBinary, ["batch", "issues", "--out", "out"] + extra, in: root)
            XCTAssertEqual(r.status, 0, r.output)
            return r.output
        }
        XCTAssertTrue(try batch().contains("rendered 2, skipped 0"))
        XCTAssertTrue(try batch().contains("rendered 0, skipped 2"), "nothing changed")

        // The base of the extends chain: only the issue using it.
        try "extends: zhuanbao\nname: base\nfolio:\n  format: \"- {n} -\"\n".write(toFile: root + "/issues/a/Layouts/base.yaml", atomically: true, encoding: .utf8)
        let dry = try batch(["--dry-run"])
        XCTAssertTrue(dry.contains("would render issues/a/one.md → out/a/one.pdf: changed: layout") && dry.contains("base.yaml"), dry)
        XCTAssertTrue(dry.contains("up to date   issues/b/two.md"), dry)
        XCTAssertTrue(try batch().contains("rendered 1, skipped 1"))

        // A font of the issue's own Fonts/: only that issue.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: font))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: font))
        let dry2 = try batch(["--dry-run"])
        XCTAssertTrue(dry2.contains("would render issues/b/two.md") && dry2.contains("changed: font") && dry2.contains("FandolKai-Regular.otf"), dry2)
        XCTAssertTrue(try batch().contains("rendered 1, skipped 1"))

        // An output overwritten on disk is rendered again.
        try Data("xx".utf8).write(to: URL(fileURLWithPath: root + "/out/b/two.pdf"))
        XCTAssertTrue(try batch(["--dry-run"]).contains("the output was changed since it was written"))
        XCTAssertTrue(try batch().contains("rendered 1, skipped 1"))
    }

    func testTwoInputsWritingOneOutputAreAnErrorBeforeAnythingRenders() throws {
        let root = try temporaryDirectory()
        for dir in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: root + "/\(dir)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/single-article.md", toPath: root + "/\(dir)/x.md")
        }
        let r = try runProcess(builtBinary, ["batch", "a/x.md", "b/x.md", "--out", "out"], in: root)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.output.contains("a/x.md and b/x.md would both be written to x.pdf"), r.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out/x.pdf"))
    }

    /// A photo is a dependency: changing its bytes renders the issue that shows it again, and only that one.
    func testAChangedPhotoRendersItsIssueAgain() throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/issues", withIntermediateDirectories: true)
        let header = "---\ntitle: 测试简报\nkind: 简报\nyear: 2024\nnumber: 9\npublisher: 测试办公室\ndate: 2024-07-09\n---\n## 标题\n\n正文。\n"
        try (header + "\n![图](p.jpg)\n").write(toFile: root + "/issues/photo.md", atomically: true, encoding: .utf8)
        try header.write(toFile: root + "/issues/plain.md", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/images/meeting.jpg", toPath: root + "/issues/p.jpg")
        func batch(_ extra: [String] = []) throws -> String {
            let r = try runProcess(builtBinary, ["batch", "issues", "--out", "out"] + extra, in: root)
            XCTAssertEqual(r.status, 0, r.output)
            return r.output
        }
        XCTAssertTrue(try batch().contains("rendered 2, skipped 0"))
        XCTAssertTrue(try batch().contains("rendered 0, skipped 2"))
        try FileManager.default.removeItem(atPath: root + "/issues/p.jpg")
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/images/workshop.jpg", toPath: root + "/issues/p.jpg")
        let dry = try batch(["--dry-run"])
        XCTAssertTrue(dry.contains("would render issues/photo.md") && dry.contains("changed: image") && dry.contains("p.jpg"), dry)
        XCTAssertTrue(dry.contains("up to date   issues/plain.md"), dry)
        XCTAssertTrue(try batch().contains("rendered 1, skipped 1"))
    }
}
