import XCTest
import BulletinCore
@testable import BulletinLayout

/// The pagination rules on blocks of one-row lines, ten rows a page.
final class PaginatorTests: XCTestCase {
    let paginator = Paginator(rowsPerPage: 10, firstPageStartRow: 0)

    func lines(_ n: Int, _ role: BoxRole = .body) -> [FlowLine] {
        (0..<n).map { i in FlowLine(role: role, line: ComposedLine(runs: [], positions: [], width: .zero), x: .zero, size: 10.pt,
                                    anchor: role == .articleTitle ? "title-\(i)" : nil) }
    }

    func paragraph(_ n: Int) -> FlowBlock { FlowBlock(lines: lines(n)) }
    func title() -> FlowBlock { FlowBlock(lines: lines(1, .articleTitle), splittable: false, keepWithNext: 2) }
    func section() -> FlowBlock { FlowBlock(lines: lines(1, .sectionHeading), splittable: false, keepWithNext: 2) }
    func source() -> FlowBlock {
        var b = FlowBlock(lines: lines(1, .sourceLine), splittable: false)
        b.keepWithPrevious = 2
        return b
    }

    func pages(_ r: Paginator.Result, _ role: BoxRole) -> [Int] { r.lines.filter { $0.line.role == role }.map(\.page) }

    func testASourceLineBringsTwoLinesOfItsArticleAlong() {
        // Ten lines fill page 1; the source line would open page 2 alone, so two lines come with it.
        let r = paginator.paginate([paragraph(10), source()])
        XCTAssertEqual(r.lines.filter { $0.page == 0 }.count, 8)
        XCTAssertEqual(r.lines.filter { $0.page == 1 }.map(\.line.role), [.body, .body, .sourceLine])
        XCTAssertEqual(r.lines.filter { $0.page == 1 }.map(\.row), [0, 1, 2])
    }

    func testHeadingsKeepTogetherWithTwoLinesOfText() {
        // After seven lines three rows are left: a section heading, a title and two lines need four,
        // so both headings go to the next page rather than one staying at the foot.
        let r = paginator.paginate([paragraph(7), section(), title(), paragraph(5)])
        XCTAssertEqual(pages(r, .sectionHeading), [1])
        XCTAssertEqual(pages(r, .articleTitle), [1])
        XCTAssertEqual(r.endRows()[0], 7, "the shortfall stays at the foot of page 1")
    }

    func testATitleBeforeAThreeLineParagraphNeedsAllThree() {
        // Title + 2 lines would fit in three rows, but the third line would then be a widow and the
        // paragraph would move whole, stranding the title: title and paragraph go on together.
        let r = paginator.paginate([paragraph(7), title(), paragraph(3)])
        XCTAssertEqual(pages(r, .articleTitle), [1])
        XCTAssertEqual(r.lines.filter { $0.page == 1 && $0.line.role == .body }.count, 3)
    }

    func testAShortPageIsFilledBySettingAParagraphALineShorter() {
        // Eight lines leave two rows: not enough for a title and two lines. The paragraph can be set
        // in seven lines, which makes room: the page fills without a blank row.
        var p = paragraph(8)
        p.variant = { delta in delta == -1 ? self.lines(7) : nil }
        let r = paginator.paginate([p, title(), paragraph(4)])
        XCTAssertEqual(pages(r, .articleTitle), [0])
        XCTAssertEqual(r.endRows()[0], 10)
        XCTAssertEqual(r.lines.filter { $0.page == 0 && $0.line.role == .body }.count, 9, "7 + 2 lines of the next article")
    }

    /// A setting a line longer or shorter is a paragraph's whole line search again: it is worked
    /// out only when a trial shows it would fill the page more, and the pages come out as if every
    /// setting had been tried.
    func testASettingThatCannotHelpIsNeverWorkedOut() {
        final class Asked: @unchecked Sendable { var deltas: [Int] = [] }
        let asked = Asked()
        // Page 1 is full; page 2 ends two rows short (the second title needs three). The only
        // paragraph with other settings is on page 1, and either of them would leave page 1 short
        // (an 11th line is a widow; with 9 lines the first title cannot follow): neither helps.
        var p0 = paragraph(10)
        p0.variant = { delta in asked.deltas.append(delta); return self.lines(10 + delta) }
        let r = paginator.paginate([p0, title(), paragraph(7), title(), paragraph(4)])
        XCTAssertEqual(pages(r, .articleTitle), [1, 2])
        XCTAssertEqual(Array(r.endRows().prefix(2)), [10, 8])
        XCTAssertEqual(asked.deltas, [], "no setting was worked out")
    }

    /// The same pages, a setting that helps: it is worked out and taken.
    func testASettingThatHelpsIsWorkedOutAndTaken() {
        final class Asked: @unchecked Sendable { var deltas: [Int] = [] }
        let asked = Asked()
        var p = paragraph(7)
        p.variant = { delta in asked.deltas.append(delta); return delta == -1 ? self.lines(6) : nil }
        let r = paginator.paginate([paragraph(10), title(), p, title(), paragraph(4)])
        XCTAssertEqual(pages(r, .articleTitle), [1, 1])
        XCTAssertEqual(Array(r.endRows().prefix(2)), [10, 10])
        // A line more would fill row 8 but still not bring the title: tried, worked out (nil here),
        // then a line fewer fills the page.
        XCTAssertEqual(asked.deltas, [1, -1])
    }

    func testWithoutAVariantTheShortfallStaysAtTheFoot() {
        let r = paginator.paginate([paragraph(8), title(), paragraph(4)])
        XCTAssertEqual(pages(r, .articleTitle), [1])
        XCTAssertEqual(r.endRows()[0], 8)
        XCTAssertEqual(r.lines.filter { $0.page == 1 }.map(\.row), [0, 1, 2, 3, 4], "no empty row on page 2 either")
    }

    func photo(rows: Int, caption: Int = 1) -> FlowBlock {
        var b = FlowBlock(lines: [FlowLine.drawing(role: .figure, rows: rows, extras: [])] + lines(caption, .figureCaption), splittable: false)
        b.floats = true
        return b
    }

    /// A photo that does not fit below the text goes to the top of the next page, and the text
    /// after it fills the rows it left, so no hole opens in the article.
    func testAPhotoThatDoesNotFitFloatsToTheNextPageAndTextFillsItsPlace() {
        let r = paginator.paginate([paragraph(6), photo(rows: 5), paragraph(6)])
        let photo = r.lines.first { $0.line.role == .figure }!
        XCTAssertEqual([photo.page, photo.row, photo.rows], [1, 0, 5])
        XCTAssertEqual(r.lines.first { $0.line.role == .figureCaption }.map { [$0.page, $0.row] }, [1, 5])
        // Four lines of the second paragraph fill page 1; two follow the photo on page 2.
        XCTAssertEqual(r.endRows()[0], 10)
        let second = r.lines.filter { $0.block == 2 }
        XCTAssertEqual(second.map(\.page), [0, 0, 0, 0, 1, 1])
        XCTAssertEqual(second.suffix(2).map(\.row), [6, 7])
    }

    /// A table's header is set again where the table continues, and rows are never split.
    func testATableRepeatsItsHeaderOnTheNextPage() {
        var table = FlowBlock(lines: [FlowLine.drawing(role: .tableCell, rows: 1, extras: [])]
                              + (0..<6).map { _ in FlowLine.drawing(role: .tableCell, rows: 2, extras: []) })
        table.headerLines = 1
        let r = paginator.paginate([paragraph(4), table])
        let rows = r.lines.filter { $0.block == 1 }
        // Page 1: header (row 4) and two 2-row rows (5–8); page 2: header again, then four rows.
        XCTAssertEqual(rows.map(\.page), [0, 0, 0, 1, 1, 1, 1, 1])
        XCTAssertEqual(rows.map(\.row), [4, 5, 7, 0, 1, 3, 5, 7])
        XCTAssertEqual(rows.filter { $0.page == 1 }.first?.rows, 1, "the repeated header")
    }

    /// A manual page break starts a new page; at the top of a page it does nothing.
    func testAPageBreakStartsANewPageOnce() {
        var pageBreak = FlowBlock(lines: [])
        pageBreak.breaksPage = true
        let r = paginator.paginate([paragraph(3), pageBreak, pageBreak, paragraph(2)])
        XCTAssertEqual(r.lines.filter { $0.block == 3 }.map { [$0.page, $0.row] }, [[1, 0], [1, 1]])
        XCTAssertEqual(r.pageCount, 2)
    }
}
