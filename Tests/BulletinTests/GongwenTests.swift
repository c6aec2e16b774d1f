import XCTest
import Foundation
import BulletinKit
import BulletinCore
import BulletinModel
@testable import BulletinSource

/// The 公文 kind against GB/T 9704-2012's geometry, and its front matter rules.
final class GongwenTests: XCTestCase {
    static let renderer = Renderer()
    static let options = RenderOptions(layoutDirectories: [repositoryRoot + "/Layouts"], fontFolders: [repositoryRoot + "/Fonts"])

    func render(_ name: String) throws -> RenderResult {
        try Self.renderer.render(.file(repositoryRoot + "/Examples/\(name).md"), options: Self.options)
    }

    func mm(_ p: Points) -> Double { p.value / 72 * 25.4 }

    func testTheHeadFollowsTheStandardsGeometry() throws {
        let result = try render("gongwen-tongzhi")
        XCTAssertNotNil(result.gongwen)
        let page = result.tree.pages[0].boxes
        let sign = try XCTUnwrap(page.first { $0.role == .mastheadTitle }).frame
        // 标志: em-box top 35 mm below the 版心 top (37 mm), 72 mm from the page top, centred.
        XCTAssertEqual(mm(sign.y), 72, accuracy: 0.5)
        XCTAssertEqual(mm(sign.x + sign.width / 2), 28 + 78, accuracy: 0.5)
        // 发文字号: two grid lines (2 × 10.23 mm) below the 标志, centred.
        let number = try XCTUnwrap(page.first { $0.role == .issueLine }).frame
        let gap: Points = number.y - (sign.y + sign.height)
        let twoLines: Points = 225.mm / 22 * 2
        XCTAssertEqual(gap.value, twoLines.value, accuracy: 1.5)
        XCTAssertEqual(mm(number.x + number.width / 2), 106, accuracy: 0.5)
        // The red separator: 4 mm below the 发文字号, the 版心's width.
        let rule = try XCTUnwrap(page.first { $0.role == .mastheadRule })
        guard case .rule(let r, let colour) = rule.content else { return XCTFail() }
        XCTAssertEqual(mm(r.y - (number.y + number.height)), 4, accuracy: 0.1)
        XCTAssertEqual(mm(r.width), 156, accuracy: 0.01)
        XCTAssertEqual(colour, .red)
        // The title starts on the second grid line below the rule, centred; 主送机关 flush left a line below.
        let title = page.filter { $0.role == .articleTitle }.map(\.frame)
        let pitch = 225.mm / 22
        let rowOfTitle = ((title[0].y - 37.mm) / pitch).rounded()
        let rowBelowRule = ((r.y - 37.mm) / pitch).rounded(.up)
        XCTAssertEqual(rowOfTitle - rowBelowRule, 1, "one grid line left free between the rule and the title")
        XCTAssertEqual(title.count, 2, "the title on two balanced lines")
        let addressee = try XCTUnwrap(page.first { $0.role == .body && ($0.text ?? "").hasPrefix("各设区市总工会") }).frame
        XCTAssertEqual(mm(addressee.x), 28, accuracy: 0.01)
        XCTAssertEqual(((addressee.y - title[1].y) / pitch).rounded(), 2, "主送机关 a line below the title")
    }

    func testTheRecordIsOnTheLastEvenPageWithItsRulesOnTheBlockBottom() throws {
        let result = try render("gongwen-tongzhi")
        XCTAssertEqual(result.tree.pages.count % 2, 0)
        let last = result.tree.pages.last!.boxes
        let rules = last.filter { $0.role == .distributionRule }.map(\.frame)
        XCTAssertEqual(rules.count, 3, "thick, thin, thick")
        XCTAssertEqual(mm(rules.map { $0.y + $0.height }.max()!), 37 + 225, accuracy: 0.01, "the last rule on the 版心's bottom edge")
        XCTAssertEqual(rules.map { mm($0.height) }.sorted(), [0.25, 0.35, 0.35].sorted(), accuracy: 0.001)
        let texts = last.filter { $0.role == .distributionText }.compactMap(\.text)
        XCTAssertTrue(texts.contains("抄送："))
        XCTAssertTrue(texts.contains("2024年7月10日印发"))
        // Folios: "— N —" 7 mm below the 版心, odd pages right, even pages left.
        for (i, p) in result.tree.pages.enumerated() {
            guard let folio = p.boxes.first(where: { $0.role == .folio }) else { continue }
            XCTAssertEqual(folio.text, "— \(i + 1) —")
            let x = mm(folio.frame.x)
            if (i + 1) % 2 == 1 { XCTAssertGreaterThan(x, 150) } else { XCTAssertLessThan(x, 40) }
        }
    }

    func testAttachmentsStartOnPagesOfTheirOwn() throws {
        let result = try render("gongwen-tongzhi")
        let headings = result.tree.pages.enumerated().compactMap { i, p in p.boxes.first { $0.text?.hasPrefix("附件") == true && $0.role == .sectionHeading }.map { (i, $0) } }
        XCTAssertEqual(headings.map(\.1.text), ["附件1", "附件2"])
        let pitch = 225.mm / 22
        for (i, h) in headings {
            XCTAssertEqual(((h.frame.y - 37.mm) / pitch).rounded(), 0, "附件N on line 1")
            let title = result.tree.pages[i].boxes.first { $0.role == .articleTitle }!
            XCTAssertEqual(((title.frame.y - 37.mm) / pitch).rounded(), 2, "its title on line 3")
        }
    }

    func testAnUpwardDocumentPutsItsSignersOnTheNumbersLine() throws {
        let page = try render("gongwen-qingshi").tree.pages[0].boxes
        let number = try XCTUnwrap(page.first { $0.role == .issueLine }).frame
        XCTAssertEqual(mm(number.x), 28 + 5.571, accuracy: 0.1, "发文字号 左空一字")
        let names = page.filter { $0.role == .publisher }
        XCTAssertEqual(names.compactMap(\.text), ["签发人：", "王建国　李华"])
        XCTAssertEqual(names.map { $0.frame.y + $0.frame.height }.max()!.value, (number.y + number.height).value, accuracy: 0.5)
    }

    func testALetterHasItsDoubleRulesAndNoFolioOnPageOne() throws {
        let result = try render("xinhan-han")
        let page = result.tree.pages[0].boxes
        let sign = try XCTUnwrap(page.first { $0.role == .mastheadTitle }).frame
        XCTAssertEqual(mm(sign.y), 30, accuracy: 0.5, "标志 30 mm from the page top")
        let rules = page.filter { $0.role == .mastheadRule }.map(\.frame)
        XCTAssertEqual(rules.count, 4)
        XCTAssertEqual(rules.map { mm($0.width) }, [170, 170, 170, 170], accuracy: 0.01)
        XCTAssertEqual(mm(rules.map(\.y).max()! + rules.last!.height), 297 - 20, accuracy: 1.5)
        XCTAssertNil(page.first { $0.role == .folio })
    }

    /// Without a seal: 署名 右空二字, the date two characters right of it. With one: the date 右空四字,
    /// the 署名 centred over it, the red seal over both.
    func testTheSignatureStandsAsTheStandardSays() throws {
        let cell = 156.mm / 28
        let right = 28.mm + 156.mm
        let plain = try render("gongwen-qingshi").tree.pages.flatMap(\.boxes)
        let name = try XCTUnwrap(plain.first { $0.role == .sourceLine && $0.text == "江苏省总工会" }).frame
        let date = try XCTUnwrap(plain.first { $0.role == .sourceLine && $0.text == "2024年8月20日" }).frame
        // The date (2024年8月20日) is longer than the 署名: the date 右空二字, the 署名 two characters to its left.
        XCTAssertGreaterThan(date.width, name.width)
        XCTAssertEqual((right - (date.x + date.width)).value, (cell * 2).value, accuracy: 0.5, "the date 右空二字")
        XCTAssertEqual((date.x - name.x).value, (cell * 2).value, accuracy: 0.5, "the date two characters right of the 署名")

        let sealed = try render("gongwen-tongzhi").tree.pages.flatMap(\.boxes)
        let d = try XCTUnwrap(sealed.first { $0.role == .sourceLine && $0.text == "2024年7月9日" }).frame
        let n = try XCTUnwrap(sealed.first { $0.role == .sourceLine && $0.text == "江苏省总工会" }).frame
        XCTAssertEqual((right - (d.x + d.width)).value, (cell * 4).value, accuracy: 0.5, "the date 右空四字")
        XCTAssertEqual((n.x + n.width / 2).value, (d.x + d.width / 2).value, accuracy: 0.5, "the 署名 centred over the date")
        let seal = try XCTUnwrap(sealed.first { $0.role == .figure }).frame
        XCTAssertEqual((seal.x + seal.width / 2).value, (d.x + d.width / 2).value, accuracy: 0.5, "the seal centred on the date")
        XCTAssertLessThan(seal.y, n.y, "the seal reaches above the 署名")
        XCTAssertGreaterThan(seal.y + seal.height, d.y + d.height, "and below the date")
    }

    func testTheDocumentNumberIsChecked() {
        XCTAssertNil(DocumentNumber.problem("苏工发〔2024〕9号"))
        XCTAssertEqual(DocumentNumber.problem("苏工发[2024]9号")?.message, "发文字号 '苏工发[2024]9号' must put the year in 六角括号 〔〕, not [")
        XCTAssertEqual(DocumentNumber.problem("苏工发〔2024〕09号")?.message, "发文字号 '苏工发〔2024〕09号' must not have leading zeros (虚位)")
        XCTAssertEqual(DocumentNumber.problem("苏工发〔24〕9号")?.message, "发文字号 '苏工发〔24〕9号' must give the full year in 〔〕")
        let text = "---\nlayout: gongwen\nissuer: 江苏省总工会\nnumber: 苏工发(2024)9号\ntitle: 关于的通知\ndate: 2024-07-09\n---\n正文。\n"
        XCTAssertThrowsError(try GongwenParser.parse(SourceText(path: "g.md", text: text))) { error in
            XCTAssertEqual((error as? DiagnosticList)?.diagnostics.first?.description.components(separatedBy: "\n").first,
                           "g.md:4:9: error: 发文字号 '苏工发(2024)9号' must put the year in 六角括号 〔〕, not (")
        }
    }

    /// The 主送 typed again as the first paragraph would print twice: a warning at that line.
    func testAnAddresseeTypedAgainAsTheFirstParagraphIsWarnedAbout() throws {
        let text = "---\nlayout: gongwen\nissuer: 江苏省总工会\nnumber: 苏工发〔2024〕9号\ntitle: 关于的通知\naddressee: 各设区市总工会\ndate: 2024-07-09\n---\n各设区市总工会：\n\n正文。\n"
        let sink = DiagnosticSink()
        _ = try GongwenParser.parse(SourceText(path: "g.md", text: text), warnings: sink)
        XCTAssertEqual(sink.items.map(\.description).first?.components(separatedBy: "\n").first,
                       "g.md:9:1: warning: the first paragraph repeats the 主送 (addressee: 各设区市总工会); it would print twice")
    }

    func testRenderingTwiceGivesTheSameBytes() throws {
        let a = try Self.renderer.pdf(try render("gongwen-tongzhi"))
        let b = try Self.renderer.pdf(try render("gongwen-tongzhi"))
        XCTAssertEqual(a, b)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, message, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, message, file: file, line: line) }
}
