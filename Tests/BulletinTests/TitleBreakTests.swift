import XCTest
import BulletinCore
import LayoutSpec
@testable import BulletinLayout

/// Titles break between words: each rule on square glyphs, with the words a dictionary segmenter
/// would give (written here with "|").
final class TitleBreakTests: XCTestCase {
    /// Square glyphs whose word starts come from the test's segmentation.
    final class WordMeasurer: TextMeasurer {
        let words: [String]
        init(_ segmented: String) { words = segmented.components(separatedBy: "|") }
        var fontTable: [FontKey] { [] }
        func clusters(of runs: [TextRun]) -> [ShapedCluster] { FixedMeasurer().clusters(of: runs) }
        func wordStarts(_ text: String) -> [Int] {
            var out = [0], at = 0
            for w in words { at += w.utf8.count; out.append(at) }
            return out
        }
    }

    func allowedBreaks(_ segmented: String) -> [String] {
        let text = segmented.replacingOccurrences(of: "|", with: "")
        let t = Typesetter(measurer: WordMeasurer(segmented), typesetting: TypesettingSpec(punctuation: .fullWidth, cjkLatinSpacing: .em(0.25), halfWidthLatin: false))
        let units = t.titleUnits([TextRun(text, face: FontFace(family: "T"), size: 10.pt)], strictness: .words)
        let bytes = Array(text.utf8)
        return units.filter(\.breakBefore).dropFirst(0).compactMap { u in
            u.byteOffset == 0 ? nil : String(decoding: bytes[..<u.byteOffset], as: UTF8.self) + "/" + String(decoding: bytes[u.byteOffset...], as: UTF8.self)
        }
    }

    func testBreaksOnlyBetweenWords() {
        XCTAssertEqual(allowedBreaks("镇江|出台|深化|意见"), ["镇江/出台深化意见", "镇江出台/深化意见", "镇江出台深化/意见"])
    }

    func testALoneCharacterJoinsTheLongerWordBesideIt() {
        // 者 follows 劳动 (劳动者) at a title's end; 线 ends 生命线; 高 and 者 standing between two
        // words join both (which one they belong to is not known).
        XCTAssertEqual(allowedBreaks("关爱|劳动|者"), ["关爱/劳动者"])
        XCTAssertEqual(allowedBreaks("维护|劳动|者|权益"), ["维护/劳动者权益"])
        XCTAssertEqual(allowedBreaks("畅通|生命|线"), ["畅通/生命线"])
        XCTAssertEqual(allowedBreaks("培养|高|素质|工匠"), ["培养高素质/工匠"])
    }

    func testASuffixEndsTheWordBeforeIt() {
        // The segmenter splits 信息|化|部: 化 ends 信息化, and 部 (a lone character) joins it.
        XCTAssertEqual(allowedBreaks("入选|工业|和|信息|化|部|名单"), ["入选/工业和信息化部名单", "入选工业和信息化部/名单"])
    }

    func testARunOfSingleCharactersIsOneWord() {
        XCTAssertEqual(allowedBreaks("覆盖|设|区|市|工会"), ["覆盖/设区市工会", "覆盖设区市/工会"])
    }

    func testAShortQuotedPhraseStaysWhole() {
        XCTAssertEqual(allowedBreaks("培养|“|水源|工匠|”|队伍").filter { $0.contains("水源/") }, [], "no break inside “水源工匠”")
    }

    func testANumberKeepsItsUnit() {
        XCTAssertFalse(allowedBreaks("覆盖|13|个|地区").contains { $0.hasPrefix("覆盖13/") }, "13 keeps 个")
    }

    func testATitleIsSetInBalancedLinesBetweenWords() {
        let segmented = "江苏|水源|培养|高|素质|“|水源|工匠|”|畅通|南水北调|生命|线"
        let text = segmented.replacingOccurrences(of: "|", with: "")
        let t = Typesetter(measurer: WordMeasurer(segmented), typesetting: TypesettingSpec(punctuation: .fullWidth, cjkLatinSpacing: .em(0.25), halfWidthLatin: false))
        let lines = t.titleLines([TextRun(text, face: FontFace(family: "T"), size: 10.pt)], maxWidth: 150.pt)
        XCTAssertEqual(lines?.map(\.text), ["江苏水源培养高素质“水源工匠”", "畅通南水北调生命线"])
    }
    /// Balancing a title of three lines narrows its lines only while they still break between words:
    /// narrower lines that would have to break inside a word (工业和信息／化部) are not taken.
    func testBalancingNeverBreaksAWordTheFullWidthKeptWhole() throws {
        let segmented = "甲乙丙丁戊己庚|辛壬癸子丑寅|卯辰巳午未"
        let text = segmented.replacingOccurrences(of: "|", with: "")
        let t = Typesetter(measurer: WordMeasurer(segmented), typesetting: TypesettingSpec(punctuation: .fullWidth, cjkLatinSpacing: .em(0.25), halfWidthLatin: false))
        let spec = try builtInLayouts().load("zhuanbao")
        let setter = LineSetter(styles: StyleSheet(spec: spec, fonts: [:]), typesetter: t, width: 100.pt)
        let lines = setter.balancedLines([TextRun(text, face: FontFace(family: "T"), size: 10.pt)], maxWidth: 100.pt)
        XCTAssertEqual(lines.map(\.text), ["甲乙丙丁戊己庚", "辛壬癸子丑寅", "卯辰巳午未"])
        XCTAssertTrue(t.warnings.isEmpty, "no word was broken")
    }
}

