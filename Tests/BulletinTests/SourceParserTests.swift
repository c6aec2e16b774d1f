import XCTest
import BulletinCore
import BulletinModel
@testable import BulletinSource

final class SourceParserTests: XCTestCase {
    let header = """
    ---
    title: 测试简报
    kind: 简报
    year: 2024
    number: 9
    total: 39
    publisher: 测试办公室
    date: 2024-07-09
    ---

    """

    func parse(_ text: String, warnings: DiagnosticSink = DiagnosticSink()) throws -> Issue {
        try IssueParser.parse(SourceText(path: "issue.md", text: text), warnings: warnings)
    }

    /// The message of the first diagnostic thrown, in its compiler form.
    func firstError(_ text: String) -> String {
        do { _ = try parse(text); return "no error" }
        catch let d as Diagnostic { return d.description }
        catch let l as DiagnosticList { return l.diagnostics[0].description }
        catch { return "\(error)" }
    }

    func testParsesSectionsArticlesAndSourceLines() throws {
        let issue = try parse(header + """
        # 工作信息
        ## 第一篇
        第一段
        接着写。

        第二段 with Latin
        words here.

        （镇江市总工会）
        ## 第二篇
        ### 小标题
        > 编者按：重要。
        正文**强调**结束。
        """)
        XCTAssertEqual(issue.issueLine, "2024年第9期（总第39期）")
        XCTAssertEqual(issue.date.chinese, "2024年7月9日")
        XCTAssertEqual(issue.sections.count, 1)
        XCTAssertEqual(issue.sections[0].title, "工作信息")
        let a = issue.articles
        XCTAssertEqual(a.map(\.title), ["第一篇", "第二篇"])
        // Lines join without a space next to CJK, with one space between Latin words.
        XCTAssertEqual(a[0].blocks, [.paragraph([Inline("第一段接着写。")]), .paragraph([Inline("第二段 with Latin words here.")])])
        XCTAssertEqual(a[0].source, "镇江市总工会")
        XCTAssertEqual(a[1].blocks, [.subheading("小标题"), .editorsNote([Inline("编者按：重要。")]),
                                     .paragraph([Inline("正文"), Inline("强调", emphasis: true), Inline("结束。")])])
        XCTAssertNil(a[1].source)
    }

    func testDistributionKeepsOrderAndLines() throws {
        let issue = try parse("""
        ---
        title: T
        kind: 专报
        year: 2024
        number: 1
        publisher: P
        date: 2024-01-31
        distribution:
          - 报:
              - 甲单位。
              - 乙单位。
          - 送: 丙单位。
          - 发: 丁单位。
        copies: 120
        ---
        ## 文章
        正文。
        """)
        XCTAssertEqual(issue.distribution, [DistributionEntry(label: "报", lines: ["甲单位。", "乙单位。"]),
                                            DistributionEntry(label: "送", lines: ["丙单位。"]),
                                            DistributionEntry(label: "发", lines: ["丁单位。"])])
        XCTAssertEqual(issue.copies, 120)
        XCTAssertNil(issue.total)
        XCTAssertEqual(issue.issueLine, "2024年第1期")
    }

    func testMissingFrontMatter() {
        XCTAssertEqual(firstError("## 标题\n正文"),
                       "issue.md:1:1: error: the file must start with YAML front matter between `---` lines\n  hint: begin the file with `---`, the fields (title, kind, year, number, publisher, date), then `---`")
    }

    func testUnterminatedFrontMatter() {
        XCTAssertTrue(firstError("---\ntitle: x\n").hasPrefix("issue.md:1:1: error: the front matter is not closed"))
    }

    func testUnknownKeySuggestsTheNearOne() {
        let text = header.replacingOccurrences(of: "publisher:", with: "publsher:")
        do { _ = try parse(text + "## a\nb") ; XCTFail("expected errors") } catch let l as DiagnosticList {
            let messages = l.diagnostics.map(\.description)
            XCTAssertEqual(messages, [
                "issue.md:1:1: error: missing required front matter field 'publisher'\n  hint: add a line `publisher: …` between the `---` lines",
                "issue.md:7:1: error: unknown front matter key 'publsher'\n  hint: did you mean 'publisher'?",
            ])
        } catch { XCTFail("\(error)") }
    }

    func testWrongTypeNamesLineAndColumn() {
        let text = header.replacingOccurrences(of: "number: 9", with: "number: 九")
        XCTAssertEqual(firstError(text + "## a\nb"),
                       "issue.md:5:9: error: 'number' must be a whole number written in Arabic digits, not '九'\n  hint: for example `number: 9`")
    }

    func testAllFrontMatterErrorsAreReportedTogether() {
        let text = header.replacingOccurrences(of: "number: 9", with: "number: 九")
            .replacingOccurrences(of: "2024-07-09", with: "2024-13-01") + "foo: 1\n"
        let fixed = text.replacingOccurrences(of: "---\nfoo: 1\n", with: "foo: 1\n---\n")
        do { _ = try parse(fixed + "## a\nb"); XCTFail("expected errors") } catch let l as DiagnosticList {
            XCTAssertEqual(l.diagnostics.map { $0.location!.description }, ["issue.md:5:9", "issue.md:8:7", "issue.md:9:1"])
            XCTAssertEqual(l.diagnostics[1].message, "'2024-13-01' is not a real date")
        } catch { XCTFail("\(error)") }
    }

    func testImpossibleDate() {
        let text = header.replacingOccurrences(of: "2024-07-09", with: "2023-02-29")
        XCTAssertEqual(firstError(text + "## a\nb"), "issue.md:8:7: error: '2023-02-29' is not a real date")
    }

    func testInvalidYAMLReportsItsLine() {
        let text = header.replacingOccurrences(of: "kind: 简报", with: "kind: [简报")
        XCTAssertTrue(firstError(text + "## a\nb").hasPrefix("issue.md:4:"), firstError(text))
    }

    func testArticleWithoutTitle() {
        XCTAssertEqual(firstError(header + "##\n正文"),
                       "issue.md:10:3: error: an article heading needs a title\n  hint: write the title after `## `")
    }

    func testTextBeforeFirstArticle() {
        XCTAssertEqual(firstError(header + "开头没有标题。\n"),
                       "issue.md:10:1: error: text before the first article\n  hint: start an article with a `## title` line; an editor's note (按语) before it is written as a `> ` block")
    }

    func testEmptyIssue() {
        XCTAssertTrue(firstError(header + "\n\n").contains("error: the issue has no articles"))
    }

    func testBOMAndCRLFAreAccepted() throws {
        let text = header.replacingOccurrences(of: "\n", with: "\r\n") + "## 标题\r\n正文\r\n"
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        let issue = try IssueParser.parse(SourceText(path: "x.md", data: data))
        XCTAssertEqual(issue.articles[0].blocks, [.paragraph([Inline("正文")])])
    }

    func testGBKIsRejectedWithAHint() {
        // "标题" in GB18030.
        let data = Data("---\ntitle: ".utf8) + Data([0xB1, 0xEA, 0xCC, 0xE2])
        do { _ = try SourceText(path: "gbk.md", data: data); XCTFail() } catch let d as Diagnostic {
            XCTAssertEqual(d.location?.description, "gbk.md:2:8")
            XCTAssertTrue(d.hint?.contains("GB18030") ?? false)
        } catch { XCTFail("\(error)") }
    }

    func testZeroWidthCharactersAreDroppedWithAWarning() throws {
        let warnings = DiagnosticSink()
        let issue = try parse(header + "## 标题\n正\u{200B}文\n", warnings: warnings)
        XCTAssertEqual(issue.articles[0].blocks, [.paragraph([Inline("正文")])])
        XCTAssertEqual(warnings.items.map(\.description), ["issue.md:11:2: warning: dropped invisible character U+200B"])
    }

    func testTheSampleIssueParses() throws {
        let issue = try IssueParser.parse(fileAt: repositoryRoot + "/Examples/zhuanbao-2024-09.md")
        XCTAssertEqual(issue.articles.count, 6)
        XCTAssertEqual(issue.articles.compactMap(\.source), ["镇江市总工会", "江阴市总工会", "省机冶石化工会", "省部属企事业工会", "省机冶石化工会", "省部属企事业工会"])
        XCTAssertEqual(issue.distribution.map(\.label), ["报", "送"])
        XCTAssertEqual(issue.documentTitle, "新时代江苏产业工人队伍建设改革联席会专报 2024年第9期")
    }

    func testJSONRoundTrip() throws {
        let issue = try IssueParser.parse(fileAt: repositoryRoot + "/Examples/zhuanbao-2024-09.md")
        let data = try JSONEncoder().encode(issue)
        XCTAssertEqual(try JSONDecoder().decode(Issue.self, from: data), issue)
    }
}
