import XCTest
import BulletinCore
import BulletinModel
@testable import BulletinSource

/// The body parsed with cmark-gfm: what each construct becomes in the model, and where its warnings point.
final class MarkdownBodyTests: XCTestCase {
    let header = "---\ntitle: 测试简报\nkind: 简报\nyear: 2024\nnumber: 9\npublisher: 测试办公室\ndate: 2024-07-09\n---\n"
    /// Line of the first body line (the header above is 8 lines).
    let first = 9

    func parse(_ body: String, file: String = "issue.md") throws -> (Issue, [Diagnostic]) {
        let sink = DiagnosticSink()
        let issue = try IssueParser.parse(SourceText(path: file, text: header + body), warnings: sink)
        return (issue, sink.items)
    }

    func blocks(_ body: String) throws -> [Block] { try parse("## 标题\n\n" + body).0.articles[0].blocks }

    func testHeadingLevelsBecomeSubheadingLevelsOneToFour() throws {
        let b = try blocks("### 一、甲\n\n#### （一）乙\n\n##### 1．丙\n\n###### （1）丁\n\n正文。")
        XCTAssertEqual(b.prefix(4).map(\.kind), [.subheading, .subheading, .subheading, .subheading])
        XCTAssertEqual(b.prefix(4).map(\.level), [1, 2, 3, 4])
        XCTAssertEqual(b.prefix(4).map(\.plainText), ["一、甲", "（一）乙", "1．丙", "（1）丁"])
        XCTAssertEqual(b[1].span.value, SourceSpan(line: first + 4, column: 6))
    }

    func testListsAreNumberedParagraphsWithMarkers() throws {
        let b = try blocks("1. 第一条\n2. 第二条\n\n- 甲\n- 乙\n  - 丙\n\n3) 第三条")
        XCTAssertEqual(b.map(\.kind), Array(repeating: .listItem, count: 6))
        XCTAssertEqual(b.map { $0.marker ?? "" }, ["1.", "2.", "●", "●", "●", "3."])
        XCTAssertEqual(b.map(\.level), [1, 1, 1, 1, 2, 1])
        XCTAssertEqual(b.map(\.plainText), ["第一条", "第二条", "甲", "乙", "丙", "第三条"], "no marker is printed twice")
    }

    func testStrongEmphasisLinksAndCodeBecomeStyledRuns() throws {
        let b = try blocks("**会议强调，**要把*重点*抓实，见[专栏](https://x.cn/a)和`代码`。")
        let runs = b[0].inlines
        XCTAssertEqual(runs.map(\.text), ["会议强调，", "要把", "重点", "抓实，见", "专栏", "和代码。"])
        XCTAssertEqual(runs.map(\.emphasis), [true, false, false, false, false, false], "a bold lead-in ending in a mark closes")
        XCTAssertEqual(runs.map(\.kai), [false, false, true, false, false, false])
        XCTAssertEqual(runs[4].link, "https://x.cn/a")
        XCTAssertEqual(runs[0].marks.first, SourceMark(offset: 0, line: first + 2, column: 3))
    }

    func testBoldNextToMarksOnBothSides() throws {
        let b = try blocks("他说：**“抓落实”**，要**立足当下。**这是重点。")
        XCTAssertEqual(b[0].inlines.filter(\.emphasis).map(\.text), ["“抓落实”", "立足当下。"])
        XCTAssertFalse(b[0].plainText.contains("*"))
    }

    func testUnmatchedAsterisksAreWarnedAtTheirPlaceAndLeftOut() throws {
        let (issue, warnings) = try parse("## 标题\n\n这里**没有闭合。\n")
        XCTAssertEqual(issue.articles[0].blocks[0].plainText, "这里没有闭合。")
        XCTAssertEqual(warnings.map(\.description), ["issue.md:\(first + 2):3: warning: unmatched `**`; the asterisks are left out\n  hint: close the emphasis with a second `**`, or write \\* for an asterisk"])
    }

    func testIssueAndSectionNotesComeBeforeTheirArticles() throws {
        let (issue, _) = try parse("> 编者按：全刊按语。\n\n# 栏目\n\n> 栏目按语。\n\n## 标题\n\n正文。")
        XCTAssertEqual(issue.note?.map(\.plainText), ["编者按：全刊按语。"])
        XCTAssertEqual(issue.sections[0].note?.map(\.plainText), ["栏目按语。"])
        XCTAssertEqual(issue.articles[0].blocks.map(\.plainText), ["正文。"])
    }

    func testAttachmentsAreNumberedNotesWithoutTheirNumbers() throws {
        let b = try blocks("正文。\n\n附件：1．统计表\n2．情况说明\n\n（单位）")
        XCTAssertEqual(b.map(\.kind), [.paragraph, .attachments])
        XCTAssertEqual(b[1].items.map { $0.map(\.text).joined() }, ["统计表", "情况说明"])
        let list = try blocks("附件：\n\n1. 甲表\n2. 乙表")
        XCTAssertEqual(list.map(\.kind), [.attachments])
        XCTAssertEqual(list[0].items.map { $0.map(\.text).joined() }, ["甲表", "乙表"])
    }

    func testFootnotesBecomeTheArticlesNotesNumberedWithinIt() throws {
        let (issue, _) = try parse("## 甲\n\n一[^a]二[^b]。\n\n## 乙\n\n三[^c]。\n\n[^a]: 注一。\n[^b]: 注二。\n[^c]: 注三。\n")
        let a = issue.articles[0].blocks, b = issue.articles[1].blocks
        XCTAssertEqual(a[0].plainText, "一①二②。")
        XCTAssertEqual(a.last?.kind, .notes)
        XCTAssertEqual(a.last?.items.map { $0.map(\.text).joined() }, ["注一。", "注二。"])
        XCTAssertEqual(b[0].plainText, "三①。")
        XCTAssertEqual(b.last?.items.map { $0.map(\.text).joined() }, ["注三。"])
    }

    func testATableTakesTheCaptionBeforeIt() throws {
        let b = try blocks("表1　主要指标\n\n| 指标 | 2024年 |\n|---|--:|\n| 新建 | 146 |\n| 增幅 | 21.7% |\n")
        XCTAssertEqual(b.map(\.kind), [.table])
        let t = try XCTUnwrap(b[0].table)
        XCTAssertEqual(t.caption.map(\.text).joined(), "表1　主要指标")
        XCTAssertEqual(t.alignments, [.none, .right])
        XCTAssertEqual(t.headerRows, 1)
        XCTAssertEqual(t.rows.map { $0.map { $0.map(\.text).joined() } }, [["指标", "2024年"], ["新建", "146"], ["增幅", "21.7%"]])
        XCTAssertEqual(t.rowSpans.value?.first, SourceSpan(line: first + 4, column: 1))
    }

    func testAFigureIsAParagraphHoldingOnlyAnImage() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/images/small.jpg", toPath: dir + "/p.jpg")
        let (issue, _) = try parse("## 标题\n\n![会议现场（摄影：张三）](p.jpg \"width=60%\")\n", file: dir + "/issue.md")
        let f = try XCTUnwrap(issue.articles[0].blocks[0].figure)
        XCTAssertEqual(f.path, "p.jpg")
        XCTAssertEqual(f.width, 0.6)
        XCTAssertEqual(f.caption.map(\.text).joined(), "会议现场（摄影：张三）")
    }

    func testAnImageOutsideTheIssueFolderOrMissingIsAnErrorAtItsPlace() throws {
        let dir = try temporaryDirectory()
        for (path, message) in [("../x.jpg", "image '../x.jpg' is outside the issue's folder"),
                                ("/etc/passwd", "image '/etc/passwd' is outside the issue's folder"),
                                ("nothere.jpg", "image 'nothere.jpg' does not exist"),
                                ("https://x.cn/a.jpg", "image 'https://x.cn/a.jpg' is not a local file")] {
            XCTAssertThrowsError(try parse("## 标题\n\n![图](\(path))\n", file: dir + "/issue.md")) { error in
                let d = (error as? DiagnosticList)?.diagnostics.first ?? (error as? Diagnostic)
                XCTAssertEqual(d?.message, message)
                XCTAssertEqual(d?.location?.line, self.first + 2)
                XCTAssertEqual(d?.location?.column, 1)
            }
        }
    }

    func testAPageBreakHasItsOwnSyntax() throws {
        XCTAssertEqual(try blocks("甲。\n\n<!-- pagebreak -->\n\n乙。").map(\.kind), [.paragraph, .pageBreak, .paragraph])
        XCTAssertEqual(try blocks("甲。\n\n<!-- 分页 -->\n\n乙。").map(\.kind), [.paragraph, .pageBreak, .paragraph])
    }

    /// Every block and inline kind of the CommonMark spec is either set (its text in the model, its
    /// markup gone) or warned about at its line:column; no raw syntax reaches the model.
    func testEveryCommonMarkConstructIsTypesetOrWarnedAbout() throws {
        let cases: [(markdown: String, text: String?, warning: String?)] = [
            // Blocks
            ("甲\n\n***\n\n乙", "甲乙", "\(first + 4):1: warning: a horizontal rule (---) is not typeset"),
            ("### 小标题", "小标题", nil),                                                    // ATX heading
            ("说明文字\n---", "说明文字", "\(first + 2):1: warning: a line of text followed by `---`"),  // setext heading
            ("    缩进代码", "缩进代码", "\(first + 2):5: warning: a code block is set as plain text"),
            ("```\n围栏代码\n```", "围栏代码", "\(first + 2):1: warning: a code block is set as plain text"),
            ("<div>块</div>", "", "\(first + 2):1: warning: raw HTML is not typeset"),
            ("[参考]: https://x.cn\n\n见[参考]。", "见参考。", nil),                               // link reference definition
            ("普通段落。", "普通段落。", nil),
            ("> 按语。", "按语。", nil),                                                       // block quote (the article's note)
            ("- 甲\n- 乙", "甲乙", nil), ("1. 甲\n2. 乙", "甲乙", nil),                        // list items and lists
            // Inlines
            ("星号\\*转义", "星号*转义", nil),                                                  // backslash escape
            ("实体&amp;引用&#20013;", "实体&引用中", nil),
            ("`代码`段", "代码段", nil),
            ("*强调*与**加粗**", "强调与加粗", nil),
            ("[链接](https://x.cn)", "链接", nil),
            ("前![图](a.png)后", "前图后", "\(first + 2):2: warning: an image inside running text is not typeset"),
            ("<https://x.cn>", "https://x.cn", nil),                                          // autolink
            ("行内<b>HTML</b>", "行内HTML", "\(first + 2):3: warning: raw HTML <b> is not typeset"),
            ("硬换行  \n第二行", "硬换行第二行", nil),
            ("软换行\n第二行", "软换行第二行", nil),
            ("~~删除~~", "删除", "\(first + 2):1: warning: struck-through text (~~…~~) is set as plain text"),
            // What GitHub-flavoured writers also type, never printed as marks.
            ("####### 七级", "七级", "\(first + 2):1: warning: seven or more `#` make no heading"),
            ("- [ ] 待办", "待办", "\(first + 2):3: warning: task list boxes"),
            ("和__下划线__", "和下划线", "\(first + 2):1: warning: `__` next to Chinese text makes no emphasis"),
            ("注[^x]。", "注。", "\(first + 2):1: warning: footnote [^x] is referred to but never defined"),
            ("见[专栏][无此链接]。", "见专栏。", "\(first + 2):1: warning: the link reference [无此链接] is never defined"),
        ]
        for c in cases {
            let sink = DiagnosticSink()
            let issue = try IssueParser.parse(SourceText(path: "issue.md", text: header + "## 标题\n\n" + c.markdown + "\n\n正文。"), warnings: sink)
            let text = issue.articles[0].blocks.map(\.plainText).joined()
            if let expected = c.text { XCTAssertEqual(text, expected + "正文。", c.markdown) }
            for raw in ["```", "<div>", "***", "**", "~~", "![", "](", "&amp;", "#######", "[ ]", "__", "[^", "]["] {
                XCTAssertFalse(text.contains(raw), "\(c.markdown): raw «\(raw)» in \(text)")
            }
            let found = sink.items.map(\.description)
            if let w = c.warning {
                XCTAssertTrue(found.contains { $0.hasPrefix("issue.md:" + w) }, "\(c.markdown): expected «\(w)» in \(found)")
            } else {
                XCTAssertEqual(found, [], c.markdown)
            }
        }
    }

    func testARowWithMoreCellsThanTheHeaderIsWarnedAbout() throws {
        let (issue, warnings) = try parse("## 标题\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 | 3 | 4 |\n")
        XCTAssertEqual(issue.articles[0].blocks[0].table?.rows.last?.count, 2)
        XCTAssertEqual(warnings.map(\.message), ["this table row has 4 cells but the table 2 columns; the cells past column 2 are left out"])
        XCTAssertEqual(warnings.first?.location?.line, first + 4)
        XCTAssertEqual(MarkdownBody.cellCount("| `a|b` | c \\| d |"), 2)
    }
}
