import XCTest
import Foundation

/// The annual volume of 12 issues: its 目录 points at the right pages, its bookmarks nest issue →
/// 栏目 → article, and qpdf finds nothing wrong.
final class VolumeTests: XCTestCase {
    func testAYearOfTwelveIssuesBindsIntoOneVolume() throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/2024", withIntermediateDirectories: true)
        let base = try String(contentsOfFile: repositoryRoot + "/Examples/jianbao-multi-section.md", encoding: .utf8)
        for n in 1...12 {
            var text = base.replacingOccurrences(of: #"(?m)^year: .*$"#, with: "year: 2024", options: .regularExpression)
            text = text.replacingOccurrences(of: #"(?m)^number: .*$"#, with: "number: \(n)", options: .regularExpression)
            text = text.replacingOccurrences(of: #"(?m)^total: .*$"#, with: "total: \(30 + n)", options: .regularExpression)
            text = text.replacingOccurrences(of: #"(?m)^date: .*$"#, with: String(format: "date: 2024-%02d-15", n), options: .regularExpression)
            // Every article title says which issue it is in, so a page can be told from another.
            text = text.replacingOccurrences(of: #"(?m)^## (.*)$"#, with: "## 第\(n)期：$1", options: .regularExpression)
            try text.write(toFile: root + String(format: "/2024/%02d.md", n), atomically: true, encoding: .utf8)
        }
        let r = try runProcess(builtBinary, ["volume", "2024", "-o", "volume.pdf"], in: root)
        XCTAssertEqual(r.status, 0, r.output)
        let check = try runProcess("/usr/bin/env", ["qpdf", "--check", root + "/volume.pdf"])
        XCTAssertEqual(check.status, 0, check.output)

        // The 目录: every entry's page holds that title.
        let text = try runProcess("/usr/bin/env", ["pdftotext", "-layout", root + "/volume.pdf", "-"]).output
        let pages = text.components(separatedBy: "\u{0C}").map { $0.filter { !$0.isWhitespace } }
        XCTAssertTrue(pages[0].contains("江苏省总工会工作动态简报"), "the cover")
        XCTAssertTrue(pages[0].contains("2024年合订本（第1—12期）"))
        var checked = 0
        let toc = pages.dropFirst(2).prefix { !$0.contains("内部资料") }.joined()
        // Entries "N.第K期：title……P" in order, each followed by the next entry "N+1.第" or a 栏目 "·"
        // (folios "—3—" taken out first).
        let listing = toc.replacingOccurrences(of: #"—\d+—"#, with: "", options: .regularExpression)
        var cursor = listing.startIndex
        for n in 1...96 {
            guard let start = listing.range(of: "\(n).第", range: cursor..<listing.endIndex) else { XCTFail("entry \(n) is missing"); continue }
            cursor = start.upperBound
            var segment = listing[start.upperBound...]
            if let next = segment.range(of: "\(n + 1).第") { segment = segment[..<next.lowerBound] }
            if let cut = segment.firstIndex(of: "·") { segment = segment[..<cut] }
            guard let leaders = segment.range(of: "…"), let printed = Int(String(segment.reversed().prefix { $0.isNumber }.reversed())),
                  printed <= pages.count else { XCTFail("entry \(n) has no page number: \(segment)"); continue }
            let probe = "第" + String(segment[..<leaders.lowerBound].prefix(12))
            XCTAssertTrue(pages[printed - 1].contains(probe), "entry \(n) «\(probe)» is not on page \(printed)")
            checked += 1
        }
        XCTAssertEqual(checked, 96, "every entry was checked")

        // Bookmarks: 12 issues, each with its 栏目 and articles under them.
        let json = try runProcess("/usr/bin/env", ["qpdf", "--json", "--json-key=outlines", root + "/volume.pdf"]).output
        let outlines = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["outlines"] as? [[String: Any]])
        XCTAssertEqual(outlines.count, 12)
        XCTAssertEqual(outlines.first?["title"] as? String, "2024年第1期（总第31期）")
        let sections = outlines.first?["kids"] as? [[String: Any]] ?? []
        XCTAssertEqual(sections.count, 3)
        XCTAssertEqual((sections.first?["kids"] as? [[String: Any]])?.count ?? 0 > 0, true, "articles under their 栏目")
        // Every issue starts on a right-hand (odd) page.
        for o in outlines { XCTAssertEqual(((o["destpageposfrom1"] as? Int) ?? 0) % 2, 1, "\(o["title"] ?? "")") }
    }
    /// A year holding one 期号 twice is bound, with the same warning a batch gives.
    func testAVolumeSaysWhenAnIssueNumberRepeats() throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/2024", withIntermediateDirectories: true)
        for name in ["09", "09-copy"] {
            try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/single-article.md", toPath: root + "/2024/\(name).md")
        }
        let r = try runProcess(builtBinary, ["volume", "2024", "-o", "volume.pdf"], in: root)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(r.output.contains("appears twice: 2024/09-copy.md and 2024/09.md"), r.output)
        // An issue of another year in the year's folder is said too.
        let text = try String(contentsOfFile: root + "/2024/09-copy.md", encoding: .utf8)
        try text.replacingOccurrences(of: #"(?m)^year: .*$"#, with: "year: 2025", options: .regularExpression)
            .write(toFile: root + "/2024/09-copy.md", atomically: true, encoding: .utf8)
        let again = try runProcess(builtBinary, ["volume", "2024", "-o", "volume2.pdf"], in: root)
        XCTAssertTrue(again.output.contains("2024/09-copy.md says year 2025, but it is bound in the 2024 volume"), again.output)
    }
}

