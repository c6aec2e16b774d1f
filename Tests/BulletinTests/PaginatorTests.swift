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

    func testWithoutAVariantTheShortfallStaysAtTheFoot() {
        let r = paginator.paginate([paragraph(8), title(), paragraph(4)])
        XCTAssertEqual(pages(r, .articleTitle), [1])
        XCTAssertEqual(r.endRows()[0], 8)
        XCTAssertEqual(r.lines.filter { $0.page == 1 }.map(\.row), [0, 1, 2, 3, 4], "no empty row on page 2 either")
    }
}
