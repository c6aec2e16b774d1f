import XCTest
import BulletinCore
import BulletinModel
import LayoutSpec
@testable import BulletinLayout

/// Layout tests with a fixed-advance measurer: page numbers, positions and breaks do not depend on fonts.
final class IssueLayoutTests: XCTestCase {
    func layout(_ issue: Issue) throws -> (PageTree, LayoutSpecification) {
        let spec = try builtInLayouts().load("zhuanbao")
        var fonts: [String: FontFace] = [:]
        for f in spec.fonts.keys { fonts[f] = FontFace(family: "Test " + f) }
        let tree = try IssueLayout(styles: StyleSheet(spec: spec, fonts: fonts), measurer: FixedMeasurer()).layout(issue)
        return (tree, spec)
    }

    func issue(articles: Int, paragraphsEach: Int, sections: Int = 1, distribution: Bool = true) -> Issue {
        var secs: [Section] = []
        var n = 0
        for s in 0..<sections {
            var arts: [Article] = []
            for _ in 0..<(articles / sections) {
                n += 1
                let paragraph = String(repeating: "第\(n)篇正文内容。", count: 12)
                arts.append(Article(title: "第\(n)篇文章的标题", blocks: Array(repeating: .paragraph([Inline(paragraph)]), count: paragraphsEach),
                                    source: "来源单位\(n)"))
            }
            secs.append(Section(title: "栏目\(s + 1)", articles: arts))
        }
        return Issue(title: "测试刊名", kind: "简报", year: 2024, number: 9, total: 39, publisher: "测试编印单位",
                     date: IssueDate(year: 2024, month: 7, day: 9), sections: secs,
                     distribution: distribution ? [DistributionEntry(label: "报", lines: ["甲单位。"]), DistributionEntry(label: "送", lines: ["乙单位。"])] : [])
    }

    func texts(_ page: Page, _ role: BoxRole) -> [String] { page.boxes.filter { $0.role == role }.compactMap(\.text) }

    func testTOCPageNumbersMatchWhereTheArticlesAre() throws {
        // 40 articles: the TOC runs past page 1 and the articles span many pages.
        let (tree, _) = try layout(issue(articles: 40, paragraphsEach: 2, sections: 4))
        XCTAssertGreaterThan(tree.pages.count, 10)
        let tocPages = tree.pages.filter { !texts($0, .tocPageNumber).isEmpty }.map(\.number)
        XCTAssertEqual(tocPages, [1, 2, 3], "the TOC should run over three pages")
        let printed = tree.pages.flatMap { texts($0, .tocPageNumber) }.compactMap { Int($0) }
        XCTAssertEqual(printed.count, 40)
        var actual: [Int] = []
        for page in tree.pages {
            for box in page.boxes where box.role == .articleTitle && box.anchor != nil { actual.append(page.number) }
        }
        XCTAssertEqual(printed, actual)
        XCTAssertEqual(tree.articlePages, actual)
        XCTAssertEqual(actual.first, 3, "the first article follows the TOC on page 3")
        XCTAssertEqual(actual, actual.sorted())
    }

    func testBodyLinesSitOnTheGrid() throws {
        let (tree, spec) = try layout(issue(articles: 3, paragraphsEach: 4))
        let top = spec.page.marginTop, pitch = spec.linePitch
        for page in tree.pages {
            for box in page.boxes where box.role == .body {
                guard case .text(_, let origin, _, _) = box.content else { continue }
                let row = (origin.y - top - 16.pt * 0.88) / pitch
                XCTAssertEqual(row, row.rounded(), accuracy: 0.001, "body baseline off the grid on page \(page.number)")
                XCTAssertLessThan(row, 22)
            }
        }
        // A full page holds 22 lines; the first body line's em box touches the block top (37 mm).
        let page3 = tree.pages[2]
        let rows = page3.boxes.compactMap { b -> Double? in
            guard case .text(let runs, let o, _, _) = b.content, b.role != .folio else { return nil }
            return (o.y - top - runs[0].size * 0.88) / pitch
        }
        XCTAssertEqual(rows.min() ?? -1, 0, accuracy: 0.0001)
    }

    func testFirstLineIndentIsTwoCellsAndFullLinesHold28() throws {
        var i = issue(articles: 1, paragraphsEach: 1)
        i.sections[0].articles[0].blocks = [.paragraph([Inline(String(repeating: "汉字排版测试，", count: 20))])]
        let (tree, spec) = try layout(i)
        let body = tree.pages.flatMap(\.boxes).filter { $0.role == .body }
        guard case .text(let runs, let o, let width, let positions) = body[0].content else { return XCTFail() }
        XCTAssertEqual((o.x - spec.page.marginLeft).millimetres.value.rounded1, (spec.characterPitch * 2).millimetres.value.rounded1)
        XCTAssertEqual(runs.map(\.text).joined().count, 26)
        XCTAssertEqual(width.value, (spec.page.textWidth - spec.characterPitch * 2).value, accuracy: 0.001)
        // Han characters sit on the grid: one cell apart.
        XCTAssertEqual(positions[1].x.value, spec.characterPitch.value, accuracy: 0.001)
        guard case .text(let runs2, let o2, _, _) = body[1].content else { return XCTFail() }
        XCTAssertEqual(o2.x, spec.page.marginLeft)
        XCTAssertEqual(runs2.map(\.text).joined().count, 28)
    }

    func testFoliosAlternateSides() throws {
        let (tree, spec) = try layout(issue(articles: 4, paragraphsEach: 3))
        let left = spec.page.marginLeft, right = spec.page.marginLeft + spec.page.textWidth
        for page in tree.pages {
            let folio = page.boxes.filter { $0.role == .folio }
            XCTAssertEqual(folio.count, 1)
            XCTAssertEqual(folio[0].text, "— \(page.number) —")
            let f = folio[0].frame
            if page.number % 2 == 1 {
                XCTAssertEqual((right - f.maxX).value, 14, accuracy: 0.01, "odd folio one 四号 character in from the right")
            } else {
                XCTAssertEqual((f.x - left).value, 14, accuracy: 0.01)
            }
            // Dash line (mid-em) 7 mm below the block.
            let dash = f.y + f.height * 0.5
            XCTAssertEqual((dash - spec.page.marginTop - spec.page.textHeight).millimetres.value, 7, accuracy: 0.05)
        }
    }

    func testDistributionSitsOnTheLastPageBottom() throws {
        let (tree, spec) = try layout(issue(articles: 2, paragraphsEach: 2))
        let last = tree.pages.last!
        let rules = last.boxes.filter { $0.role == .distributionRule }.map(\.frame)
        XCTAssertEqual(rules.count, 3, "thick top, thin between, thick bottom")
        XCTAssertEqual(rules.last!.maxY.value, (spec.page.marginTop + spec.page.textHeight).value, accuracy: 0.001)
        XCTAssertEqual(rules[0].height.millimetres.value, 0.35, accuracy: 0.001)
        XCTAssertEqual(rules[1].height.millimetres.value, 0.25, accuracy: 0.001)
        XCTAssertEqual(texts(last, .distributionLabel), ["报：", "送："])
        XCTAssertTrue(tree.pages.dropLast().allSatisfy { texts($0, .distributionLabel).isEmpty })
    }

    func testDistributionContinuationAlignsAfterTheLabel() throws {
        var i = issue(articles: 1, paragraphsEach: 1)
        i.distribution = [DistributionEntry(label: "报", lines: [String(repeating: "很长的单位名称，", count: 8), "第二行单位。"])]
        let (tree, _) = try layout(i)
        let boxes = tree.pages.last!.boxes
        let label = boxes.first { $0.role == .distributionLabel }!.frame
        let lines = boxes.filter { $0.role == .distributionText }.map(\.frame)
        XCTAssertGreaterThanOrEqual(lines.count, 3)
        for l in lines { XCTAssertEqual(l.x.value, label.maxX.value, accuracy: 0.001) }
    }

    func testArticleTitleIsNeverLastOnAPage() throws {
        let (tree, _) = try layout(issue(articles: 12, paragraphsEach: 3))
        for page in tree.pages {
            let boxes = page.boxes.filter { $0.role != .folio && $0.role != .distributionRule && $0.role != .distributionText && $0.role != .distributionLabel }
            if let i = boxes.lastIndex(where: { $0.role == .articleTitle }) {
                let after = boxes[(i + 1)...].filter { $0.role == .body }
                XCTAssertGreaterThanOrEqual(after.count, 2, "title on page \(page.number) without two lines of text after it")
            }
        }
    }

    func testNoSingleLineOfAParagraphAloneAtTopOrBottom() throws {
        let (tree, spec) = try layout(issue(articles: 6, paragraphsEach: 5))
        // Split every paragraph into its pieces per page; no piece may be a single line.
        var pieces: [(page: Int, lines: Int)] = []
        for page in tree.pages {
            for box in page.boxes where box.role == .body {
                let startsParagraph = box.frame.x > spec.page.marginLeft + 1.pt
                if startsParagraph || pieces.last?.page != page.number {
                    pieces.append((page.number, 0))
                }
                pieces[pieces.count - 1].lines += 1
            }
        }
        XCTAssertGreaterThan(Set(pieces.map(\.page)).count, 3)
        XCTAssertTrue(pieces.allSatisfy { $0.lines >= 2 }, "a paragraph piece of one line: \(pieces)")
    }

    func testSingleArticleIssueHasNoContents() throws {
        let (tree, _) = try layout(issue(articles: 1, paragraphsEach: 1, sections: 1, distribution: false))
        XCTAssertTrue(tree.pages.allSatisfy { texts($0, .tocTitle).isEmpty })
        XCTAssertEqual(texts(tree.pages[0], .articleTitle), ["第1篇文章的标题"])
    }

    func testMastheadParts() throws {
        var i = issue(articles: 2, paragraphsEach: 1)
        i.classification = "内部资料"
        let (tree, spec) = try layout(i)
        let p1 = tree.pages[0]
        XCTAssertEqual(texts(p1, .classification), ["内部资料"])
        XCTAssertEqual(texts(p1, .mastheadTitle), ["测试刊名"])
        XCTAssertEqual(texts(p1, .kind), ["简报"])
        XCTAssertEqual(texts(p1, .issueLine), ["2024年第9期（总第39期）"])
        XCTAssertEqual(texts(p1, .date), ["2024年7月9日"])
        let rule = p1.boxes.first { $0.role == .mastheadRule }!
        guard case .rule(let r, let c) = rule.content else { return XCTFail() }
        XCTAssertEqual(c, .red)
        XCTAssertEqual(r.width, spec.page.textWidth)
        let date = p1.boxes.first { $0.role == .date }!.frame
        XCTAssertEqual((spec.page.marginLeft + spec.page.textWidth - date.maxX).value, spec.characterPitch.value, accuracy: 0.01, "date one cell in from the right")
        let below = p1.boxes.filter { $0.role == .tocTitle }.map(\.frame.y)
        XCTAssertGreaterThan(below[0], r.maxY)
    }
}

extension IssueLayoutTests {
    /// A reader takes an empty row for a break in the text: between two lines of running text there
    /// is never one; empty rows come only before a title or a section heading, or at a page's foot.
    func testNoBlankRowInsideRunningText() throws {
        let (tree, spec) = try layout(issue(articles: 9, paragraphsEach: 3))
        let top = spec.page.marginTop, pitch = spec.linePitch
        for page in tree.pages {
            let lines = page.boxes.compactMap { b -> (role: BoxRole, row: Double)? in
                guard case .text(let runs, let o, _, _) = b.content, [.body, .sourceLine, .subheading, .articleTitle, .sectionHeading].contains(b.role)
                else { return nil }
                return (b.role, ((o.y - top - runs[0].size * 0.88) / pitch))
            }
            for (a, b) in zip(lines, lines.dropFirst()) {
                // Titles rise a little off the grid, away from their text; everything else is on it.
                if b.role == .articleTitle { continue }
                XCTAssertEqual(b.row, b.row.rounded(), accuracy: 0.001, "page \(page.number) has a line off the grid")
                if a.role == .articleTitle || b.role == .sectionHeading { continue }
                XCTAssertEqual(b.row - a.row, 1, accuracy: 0.001, "page \(page.number): an empty row before a \(b.role) line")
            }
        }
    }
}

extension IssueLayoutTests {
    /// The kind word and the title fit the text block: letter-spacing goes first, then the size,
    /// down to the layout's min-size; past that the kind is an error at its front-matter line.
    func testMastheadFitsTheTextBlock() throws {
        for kind in ["专报", "工作简报", "工作情况交流"] {
            var i = issue(articles: 2, paragraphsEach: 1)
            i.kind = kind
            let (tree, spec) = try layout(i)
            let box = tree.pages[0].boxes.first { $0.role == .kind }!
            guard case .text(let runs, _, _, let positions) = box.content else { return XCTFail() }
            let size = runs[0].size
            let inked = positions.last!.x + size
            XCTAssertLessThanOrEqual(inked.value, spec.page.textWidth.value + 0.01, "\(kind) runs past the text block")
            XCTAssertGreaterThanOrEqual(box.frame.x.value, spec.page.marginLeft.value - 0.01, kind)
            XCTAssertEqual(size.value, 72, accuracy: 0.01, "\(kind) keeps its size: letter-spacing gives way first")
        }
        var long = issue(articles: 2, paragraphsEach: 1)
        long.kind = String(repeating: "工作情况交流", count: 3)
        long.span = Positions(["kind": SourceSpan(line: 4, column: 7)])
        XCTAssertThrowsError(try layout(long)) { error in
            let p = error as? LayoutProblem
            XCTAssertEqual(p?.span, SourceSpan(line: 4, column: 7))
            XCTAssertTrue(p?.message.contains("does not fit the text block's width even at 42pt") ?? false, "\(error)")
        }
    }

    /// The first line below the red rule is the same distance from it whatever the masthead holds.
    func testFirstLineBelowTheRuleIsAlwaysTheSameDistanceFromIt() throws {
        var gaps: [Double] = []
        for classification in [nil, "内部资料"] {
            for title in ["短刊名", "一个相当长的刊名会换行吗一个相当长的刊名会换行吗一个相当长的刊名"] {
                var i = issue(articles: 2, paragraphsEach: 1)
                i.classification = classification
                i.title = title
                let (tree, _) = try layout(i)
                let rule = tree.pages[0].boxes.filter { $0.role == .mastheadRule }.map(\.frame.maxY).max()!
                let first = tree.pages[0].boxes.first { $0.role == .tocTitle }!.frame.y
                gaps.append((first - rule).millimetres.value)
            }
        }
        for g in gaps { XCTAssertEqual(g, gaps[0], accuracy: 0.01, "\(gaps)") }
    }
}

extension IssueLayoutTests {
    /// An article title below text has at least the body's own interline gap above its first line.
    func testATitleKeepsTheBodysLineGapFromItsText() throws {
        let (tree, spec) = try layout(issue(articles: 4, paragraphsEach: 2))
        let bodyGap = spec.linePitch - spec.style(.body).size
        var checked = 0
        for page in tree.pages {
            for (i, box) in page.boxes.enumerated() where box.role == .articleTitle {
                guard i + 1 < page.boxes.count, page.boxes[i + 1].role == .body,
                      page.boxes[..<i].contains(where: { $0.role == .body }) else { continue }
                let gap = page.boxes[i + 1].frame.y - box.frame.maxY
                XCTAssertGreaterThanOrEqual(gap.value, bodyGap.value - 0.01, "page \(page.number)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0)
    }
}

extension IssueLayoutTests {
    /// Printed on both sides, the 版记 goes on an even page; when the text ends on an even page
    /// without room, a blank page comes first, and neither it nor the 版记 page has a folio.
    func testDuplexPutsTheDistributionOnAnEvenPage() throws {
        var spec = try builtInLayouts().load("zhuanbao")
        spec.duplex = true
        var fonts: [String: FontFace] = [:]
        for f in spec.fonts.keys { fonts[f] = FontFace(family: "Test " + f) }
        for articles in 1...6 {
            let tree = try IssueLayout(styles: StyleSheet(spec: spec, fonts: fonts), measurer: FixedMeasurer())
                .layout(issue(articles: articles, paragraphsEach: 3))
            let distPage = tree.pages.first { $0.boxes.contains { $0.role == .distributionText } }!
            XCTAssertEqual(distPage.number % 2, 0, "\(articles) articles: the 版记 is on page \(distPage.number)")
            XCTAssertEqual(distPage.number, tree.pages.count, "it is the last page")
            let textPages = tree.pages.filter { $0.boxes.contains { $0.role == .body } }.count
            if distPage.number > textPages + 1 {
                // A blank page came first: neither it nor the 版记 page is numbered.
                XCTAssertFalse(tree.pages[distPage.number - 2].boxes.contains { $0.role == .folio })
                XCTAssertFalse(distPage.boxes.contains { $0.role == .folio })
                XCTAssertTrue(tree.pages[distPage.number - 2].boxes.isEmpty)
            }
        }
    }
}
