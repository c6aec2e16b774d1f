import XCTest
import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
@testable import BulletinBatch

/// A series of issues: the next one scaffolded, 期号 checked, and an archive rendered in shards.
final class SeriesTests: XCTestCase {
    /// Issue `number` of `year` (总第 `total` 期) of the single-article example's bulletin.
    func issue(year: Int, number: Int, total: Int, month: Int = 6) throws -> String {
        var text = try String(contentsOfFile: repositoryRoot + "/Examples/single-article.md", encoding: .utf8)
        text = text.replacingOccurrences(of: #"(?m)^year: .*$"#, with: "year: \(year)", options: .regularExpression)
        text = text.replacingOccurrences(of: #"(?m)^number: .*$"#, with: "number: \(number)", options: .regularExpression)
        text = text.replacingOccurrences(of: #"(?m)^total: .*$"#, with: "total: \(total)", options: .regularExpression)
        text = text.replacingOccurrences(of: #"(?m)^date: .*$"#, with: String(format: "date: %d-%02d-10", year, month), options: .regularExpression)
        if !text.contains("\ntotal:") { text = text.replacingOccurrences(of: "\nnumber:", with: "\ntotal: \(total)\nnumber:") }
        return text
    }

    func testTheNextIssueOfANewYearStartsAtOneAndCountsTheTotalOn() throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/series/2024", withIntermediateDirectories: true)
        try issue(year: 2024, number: 11, total: 41, month: 11).write(toFile: root + "/series/2024/11.md", atomically: true, encoding: .utf8)
        try issue(year: 2024, number: 12, total: 42, month: 12).write(toFile: root + "/series/2024/12.md", atomically: true, encoding: .utf8)
        let r = try runProcess(builtBinary, ["new", "series", "--date", "2025-01-10"], in: root)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("series/2025/01.md: 2025年第1期（总第43期）, 2025年1月10日"), r.output)
        let next = try IssueParser.parse(fileAt: root + "/series/2025/01.md")
        let latest = try IssueParser.parse(fileAt: root + "/series/2024/12.md")
        XCTAssertEqual([next.year, next.number, next.total], [2025, 1, 43])
        XCTAssertEqual(next.date, IssueDate(year: 2025, month: 1, day: 10))
        XCTAssertEqual([next.title, next.kind, next.publisher], [latest.title, latest.kind, latest.publisher])
        XCTAssertEqual(next.distribution, latest.distribution)
        XCTAssertEqual(next.articles.count, 1)
        // Within the year the number counts on from the latest issue.
        let later = try runProcess(builtBinary, ["new", "series", "--date", "2025-02-10"], in: root)
        XCTAssertEqual(later.status, 0, later.output)
        XCTAssertTrue(later.output.contains("series/2025/02.md: 2025年第2期（总第44期）, 2025年2月10日"), later.output)
        // A date before the latest issue's is refused.
        let earlier = try runProcess(builtBinary, ["new", "series", "--date", "2024-12-01"], in: root)
        XCTAssertEqual(earlier.status, 1)
        XCTAssertTrue(earlier.output.contains("the date 2024-12-01 is before the latest issue's (2025-02-10)"), earlier.output)
    }

    func testASeriesWhoseNumbersRepeatOrSkipIsReported() throws {
        let root = try temporaryDirectory()
        for (name, n) in [("a", 1), ("b", 2), ("c", 2), ("d", 5)] {
            try issue(year: 2024, number: n, total: 30 + n).write(toFile: root + "/\(name).md", atomically: true, encoding: .utf8)
        }
        let problems = SeriesCheck.problems(["a", "b", "c", "d"].map { root + "/\($0).md" }).map(\.message)
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems[0].contains("第2期 appears twice"), problems[0])
        XCTAssertTrue(problems[1].contains("第3–4期 are missing"), problems[1])
    }

    /// Four shards over one tree render every issue exactly once, and their merged report is the
    /// unsharded run's (times aside).
    func testShardsRenderEachIssueOnceAndMergeIntoTheWholeReport() throws {
        let root = try temporaryDirectory()
        for y in [2023, 2024] {
            try FileManager.default.createDirectory(atPath: root + "/issues/\(y)", withIntermediateDirectories: true)
            for n in 1...6 {
                try issue(year: y, number: n, total: (y - 2023) * 6 + n).write(toFile: root + "/issues/\(y)/\(n).md", atomically: true, encoding: .utf8)
            }
        }
        var rendered: [String] = []
        for k in 1...4 {
            let r = try runProcess(builtBinary, ["batch", "issues", "--out", "out", "--shard", "\(k)/4", "--report", "report.json", "--jobs", "1"], in: root)
            XCTAssertEqual(r.status, 0, r.output)
            let report = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/report.shard-\(k)-of-4.json")))
            rendered += report.outcomes.filter { $0.status == .rendered }.map(\.input)
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/out/.bulletin-batch.shard-\(k)-of-4.json"), "each shard keeps its own record")
        }
        XCTAssertEqual(rendered.sorted(), Array(Set(rendered)).sorted(), "no issue twice")
        XCTAssertEqual(rendered.count, 12, "every issue")
        let merge = try runProcess(builtBinary, ["report", "merge"] + (1...4).map { "report.shard-\($0)-of-4.json" } + ["-o", "merged.json"], in: root)
        XCTAssertEqual(merge.status, 0, merge.output)
        let whole = try runProcess(builtBinary, ["batch", "issues", "--out", "out", "--force", "--report", "whole.json"], in: root)
        XCTAssertEqual(whole.status, 0, whole.output)
        let merged = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/merged.json")))
        let one = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/whole.json")))
        func key(_ s: BatchSummary) -> [String] { s.outcomes.map { "\($0.input) \($0.output) \($0.status) \($0.pages)" } }
        XCTAssertEqual(key(merged), key(one))
        XCTAssertEqual([merged.rendered, merged.failed, merged.pages], [one.rendered, one.failed, one.pages])
        XCTAssertEqual(merged.shard, "4")
        // A missing shard, a shard given twice, or a report whose counts are not its issues' is refused.
        let three = try runProcess(builtBinary, ["report", "merge"] + (1...3).map { "report.shard-\($0)-of-4.json" }, in: root)
        XCTAssertEqual(three.status, 1, three.output)
        XCTAssertTrue(three.output.contains("shard 4/4 missing"), three.output)
        var edited = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/report.shard-1-of-4.json")))
        edited.rendered += 5
        try JSONEncoder().encode(edited).write(to: URL(fileURLWithPath: root + "/edited.json"))
        let lie = try runProcess(builtBinary, ["report", "merge", "edited.json"] + (2...4).map { "report.shard-\($0)-of-4.json" }, in: root)
        XCTAssertEqual(lie.status, 1, lie.output)
        XCTAssertTrue(lie.output.contains("are not those of the issues it lists"), lie.output)
        var other = try JSONDecoder().decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: root + "/report.shard-1-of-4.json")))
        XCTAssertNotNil(other.batch)
        other.batch = "0000000000000000"
        try JSONEncoder().encode(other).write(to: URL(fileURLWithPath: root + "/other.json"))
        let mixed = try runProcess(builtBinary, ["report", "merge", "other.json"] + (2...4).map { "report.shard-\($0)-of-4.json" }, in: root)
        XCTAssertEqual(mixed.status, 1, mixed.output)
        XCTAssertTrue(mixed.output.contains("the reports are of different batches"), mixed.output)
    }

    func testAutoShardsTakeTheirIndexFromTheJobEngine() throws {
        XCTAssertEqual(try Shard.parse("auto/4", environment: ["JOB_COMPLETION_INDEX": "2"]), Shard(index: 3, count: 4))
        XCTAssertEqual(try Shard.parse("auto/4", environment: ["JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": "6"]), Shard(index: 3, count: 4), "an empty index counts as unset")
        XCTAssertEqual(try Shard.parse("auto/4", environment: ["SLURM_ARRAY_TASK_ID": "4"]), Shard(index: 1, count: 4))
        XCTAssertThrowsError(try Shard.parse("auto/4", environment: [:]))
        XCTAssertThrowsError(try Shard.parse("5/4"))
        XCTAssertEqual(Shard(index: 2, count: 8).own("report.json"), "report.shard-2-of-8.json")
    }
}
