import XCTest
import BulletinCore
import BulletinModel
import LayoutSpec
@testable import BulletinLayout

/// Photos, tables, lists, heading numbers and 附件 on the page, with a fixed-advance measurer
/// (characters are squares of their size; Latin half as wide).
final class BlockLayoutTests: XCTestCase {
    let photo = ImageReference(path: "/x/p.jpg", format: .jpeg, pixelWidth: 1600, pixelHeight: 1000)

    func layout(_ blocks: [Block], note: [Block]? = nil, images: [String: ImageReference] = [:],
                numbering: HeadingNumbering = .asWritten, tables: TableStyle = .threeLine) throws -> (PageTree, LayoutSpecification, IssueLayout.Result) {
        var spec = try builtInLayouts().load("zhuanbao")
        spec.headingNumbering = numbering
        spec.tableStyle = tables
        var fonts: [String: FontFace] = [:]
        for f in spec.fonts.keys { fonts[f] = FontFace(family: "Test " + f) }
        var issue = Issue(title: "测试刊名", kind: "简报", year: 2024, number: 9, publisher: "测试编印单位",
                          date: IssueDate(year: 2024, month: 7, day: 9),
                          sections: [Section(title: nil, articles: [Article(title: "标题", blocks: blocks, source: "单位")])])
        issue.note = note
        let result = try IssueLayout(styles: StyleSheet(spec: spec, fonts: fonts), measurer: FixedMeasurer(), images: images).layoutWithNotes(issue)
        return (result.tree, spec, result)
    }

    func boxes(_ tree: PageTree, _ role: BoxRole) -> [(page: Int, box: Box)] {
        tree.pages.enumerated().flatMap { i, p in p.boxes.filter { $0.role == role }.map { (i + 1, $0) } }
    }

    func testAPhotoFillsTheMeasureOnWholeGridRowsWithItsCaptionBelow() throws {
        let figure = Block.figure(Figure(path: "p.jpg", caption: [Inline("会议现场")]))
        let (tree, spec, result) = try layout([.paragraph([Inline("正文。")]), figure, .paragraph([Inline("后文。")])], images: ["p.jpg": photo])
        let pitch = spec.linePitch
        let (page, box) = try XCTUnwrap(boxes(tree, .figure).first)
        guard case .image(let image, let rect) = box.content else { return XCTFail() }
        XCTAssertEqual(image.pixelWidth, 1600)
        // The whole text width (156 mm), 1600:1000, so 97.5 mm tall: 10 rows of 10.23 mm.
        XCTAssertEqual(rect.width.value, spec.page.textWidth.value, accuracy: 0.01)
        XCTAssertEqual(rect.height.value, spec.page.textWidth.value * 1000 / 1600, accuracy: 0.01)
        XCTAssertEqual(rect.x.value, spec.page.marginLeft.value, accuracy: 0.01)
        let rows = Int((rect.height / pitch).rounded(.up))
        XCTAssertEqual(rows, 10)
        // The caption is on the row right after the photo's rows, centred.
        let caption = try XCTUnwrap(boxes(tree, .figureCaption).first)
        XCTAssertEqual(caption.page, page)
        XCTAssertEqual(caption.box.text, "会议现场")
        XCTAssertEqual((caption.box.frame.x + caption.box.frame.width / 2).value, (spec.page.marginLeft + spec.page.textWidth / 2).value, accuracy: 0.5)
        let photoTop = rect.y - (pitch * Double(rows) - rect.height) / 2 + (pitch - spec.style(.body).size) / 2
        XCTAssertEqual(caption.box.frame.y.value, (photoTop + pitch * Double(rows)).value, accuracy: 1)
        // 1600 px across 156 mm is 260 dpi: no warning.
        XCTAssertEqual(result.figureNotes.count, 0)
    }

    func testAPhotoWithAWidthIsNarrowerAndASmallOneIsWarnedAbout() throws {
        let small = ImageReference(path: "/x/s.jpg", format: .jpeg, pixelWidth: 240, pixelHeight: 160)
        let figure = Block.figure(Figure(path: "s.jpg", caption: [], width: 0.5))
        let (tree, spec, result) = try layout([figure], images: ["s.jpg": small])
        guard case .image(_, let rect) = try XCTUnwrap(boxes(tree, .figure).first).box.content else { return XCTFail() }
        XCTAssertEqual(rect.width.value, spec.page.textWidth.value / 2, accuracy: 0.01)
        XCTAssertEqual((rect.x - spec.page.marginLeft).value, (spec.page.textWidth / 4).value, accuracy: 0.01, "centred")
        XCTAssertEqual(result.figureNotes.map(\.message), ["image 's.jpg' prints at 78 dpi, below 150 dpi: it will look blurred"])
    }

    func testAnUprightPhotoTurnedByEXIFIsSetAtItsUprightShape() throws {
        let turned = ImageReference(path: "/x/t.jpg", format: .jpeg, pixelWidth: 1600, pixelHeight: 1000, orientation: 6)
        let (tree, _, _) = try layout([.figure(Figure(path: "t.jpg", caption: [], width: 0.5))], images: ["t.jpg": turned])
        guard case .image(_, let rect) = try XCTUnwrap(boxes(tree, .figure).first).box.content else { return XCTFail() }
        XCTAssertEqual(rect.height.value / rect.width.value, 1.6, accuracy: 0.001)
    }

    func testTableColumnsTakeTheirContentsWidthAndNumbersAlignRight() throws {
        let rows: [[[Inline]]] = [[[Inline("指标")], [Inline("2024年")]], [[Inline("新建工会组织")], [Inline("146")]], [[Inline("增幅")], [Inline("21.7%")]]]
        let table = Block.table(Table(caption: [Inline("表1　指标")], alignments: [.none, .none], rows: rows))
        let (tree, spec, _) = try layout([table])
        let cells = boxes(tree, .tableCell).map(\.box)
        XCTAssertEqual(cells.map { $0.text ?? "" }, ["指标", "2024年", "新建工会组织", "146", "增幅", "21.7%"])
        // 14 pt cells: preferred widths are text + 14 pt padding: 6 × 14 + 14 = 98 and 4 × 14 + 7 (2024 half) …;
        // the table spans the measure and the first column is the widest.
        let left = spec.page.marginLeft
        let firstColumnText = cells[2].frame.x - left
        XCTAssertEqual(firstColumnText.value, 7, accuracy: 0.01, "half of 14 pt padding")
        let numberRight = cells[3].frame.x + cells[3].frame.width
        let percentRight = cells[5].frame.x + cells[5].frame.width
        XCTAssertEqual(numberRight.value, percentRight.value, accuracy: 0.01, "a column of numbers is right-aligned")
        XCTAssertEqual((spec.page.marginLeft + spec.page.textWidth - numberRight).value, 7, accuracy: 0.01)
        // Header centred in its column.
        let rules = boxes(tree, .tableRule).map(\.box.frame)
        XCTAssertEqual(rules.count, 3, "三线表: top, under the header, bottom")
        XCTAssertEqual(rules.map(\.width.value), Array(repeating: spec.page.textWidth.value, count: 3))
        XCTAssertEqual(rules.map { $0.height.value }, [1, 0.5, 1])
        // Rows sit on the grid: one row a line.
        let pitch = spec.linePitch
        XCTAssertEqual((cells[2].frame.y - cells[0].frame.y).value, pitch.value, accuracy: 0.01)
        XCTAssertEqual((cells[4].frame.y - cells[2].frame.y).value, pitch.value, accuracy: 0.01)
    }

    /// A table too wide to set every cell on one line wraps its wide column; the narrow ones (a
    /// short header, a number) keep their cells on one line.
    func testNarrowColumnsStayWholeWhenAWideOneWraps() throws {
        let long = String(repeating: "骑手驿站含爱心驿站户外劳动者服务站点等", count: 2)
        let rows: [[[Inline]]] = [[[Inline("项目")], [Inline("单位")], [Inline("同比增减")]], [[Inline(long)], [Inline("个")], [Inline("+12")]]]
        let (tree, _, _) = try layout([Block.table(Table(caption: [], alignments: [.none, .none, .none], rows: rows))])
        let cells = boxes(tree, .tableCell).map(\.box)
        XCTAssertTrue(cells.contains { $0.text == "同比增减" }, "the header is one line: \(cells.compactMap(\.text))")
        XCTAssertGreaterThan(cells.filter { ($0.text ?? "").hasPrefix("骑手") || ($0.text ?? "").contains("驿站") }.count, 1, "the wide column wraps")
    }

    func testATableTooWideEvenAtWuHaoIsAnErrorAtItsLine() throws {
        let long = String(repeating: "x", count: 80)
        let table = Block(.table, []).with(table: Table(caption: [], alignments: [], rows: [[[Inline(long)], [Inline(long)]]]), span: SourceSpan(line: 12, column: 1))
        XCTAssertThrowsError(try layout([table])) { error in
            let p = error as? LayoutProblem
            XCTAssertEqual(p?.message, "this table is too wide for the page even at 五号 (10.5 pt)")
            XCTAssertEqual(p?.span, SourceSpan(line: 12, column: 1))
        }
    }

    func testListItemsHangTheirMarkerAndWrapUnderTheText() throws {
        let text = String(repeating: "项目内容", count: 12)
        let (tree, spec, _) = try layout([.listItem([Inline(text)], marker: "1."), .listItem([Inline("短项")], marker: "●")])
        let items = boxes(tree, .listItem).map(\.box)
        let cell = spec.characterPitch
        let left = spec.page.marginLeft
        let markers = items.filter { $0.text == "1." || $0.text == "●" }
        XCTAssertEqual(markers.map { (($0.frame.x - left) / cell).rounded() }, [2, 2], "markers at the 2-cell indent")
        let lines = items.filter { $0.text != "1." && $0.text != "●" }
        // "1." and the gap after it take two cells: the text starts at 4 cells, and every wrapped line too.
        XCTAssertEqual(lines.prefix(2).map { (($0.frame.x - left) / cell).rounded() }, [4, 4])
        // "●" is a full cell and carries its own space: the text starts right after it.
        XCTAssertEqual(((lines.last!.frame.x - left) / cell).rounded(), 3)
    }

    func testHeadingsAreNumberedByLevelWhenAskedAndNeverTwice() throws {
        let blocks: [Block] = [.subheading("总体情况", level: 1), .subheading("进展", level: 2), .subheading("成效", level: 2),
                               .subheading("做法", level: 1), .subheading("细节", level: 3), .subheading("要点", level: 4)]
        let (tree, _, _) = try layout(blocks, numbering: .auto)
        XCTAssertEqual(boxes(tree, .subheading).compactMap(\.box.text), ["一、总体情况", "（一）进展", "（二）成效", "二、做法", "1．细节", "（1）要点"])
        let typed: [Block] = [.subheading("一、总体情况", level: 1), .subheading("二、做法", level: 1)]
        XCTAssertEqual(boxes(try layout(typed, numbering: .auto).0, .subheading).compactMap(\.box.text), ["一、总体情况", "二、做法"])
        XCTAssertEqual(boxes(try layout(blocks).0, .subheading).compactMap(\.box.text).first, "总体情况", "as written by default")
    }

    func testAttachmentsAreNumberedUnderTheLabel() throws {
        let (tree, spec, _) = try layout([.paragraph([Inline("正文。")]), .attachments([[Inline("统计表")], [Inline("情况说明")]])])
        let a = boxes(tree, .attachment).map(\.box)
        let left = spec.page.marginLeft, cell = spec.characterPitch
        XCTAssertEqual(a.compactMap(\.text), ["统计表", "附件：", "1．", "情况说明", "2．"])
        // 附件： at 2 cells, numbers after its 3 cells, entries right after "1．" (the digit and its
        // point half a cell each: one cell).
        XCTAssertEqual(a.map { (($0.frame.x - left) / cell * 2).rounded() / 2 }, [6, 2, 5, 6, 5])
    }

    func testTheIssueNoteIsSetBeforeTheFirstArticle() throws {
        let (tree, _, _) = try layout([.paragraph([Inline("正文。")])], note: [.editorsNote([Inline("编者按：按语。")])])
        let all = tree.pages.flatMap(\.boxes)
        let note = try XCTUnwrap(all.firstIndex { $0.role == .editorsNote })
        let title = try XCTUnwrap(all.firstIndex { $0.role == .articleTitle })
        XCTAssertLessThan(note, title)
    }
}

extension Block {
    func with(table: Table, span: SourceSpan) -> Block { var b = self; b.table = table; b.span = Positions(span); return b }
}
