import XCTest
import BulletinCore
@testable import LayoutSpec

final class LayoutSpecTests: XCTestCase {
    func write(_ text: String, name: String = "custom.yaml") throws -> String {
        let dir = try temporaryDirectory()
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func error(loading path: String) -> String {
        do { _ = try builtInLayouts().load(path); return "no error" }
        catch let d as Diagnostic { return d.description }
        catch let l as DiagnosticList { return l.diagnostics[0].description }
        catch { return "\(error)" }
    }

    func testBuiltInZhuanbaoFollowsGBT9704() throws {
        let spec = try builtInLayouts().load("zhuanbao")
        XCTAssertEqual(spec.page.width.millimetres.value, 210, accuracy: 0.001)
        XCTAssertEqual(spec.page.marginTop.millimetres.value, 37, accuracy: 0.001)
        XCTAssertEqual(spec.page.marginLeft.millimetres.value, 28, accuracy: 0.001)
        XCTAssertEqual(spec.page.textWidth.millimetres.value, 156, accuracy: 0.001)
        XCTAssertEqual(spec.page.textHeight.millimetres.value, 225, accuracy: 0.001)
        XCTAssertEqual(spec.grid, GridSpec(charactersPerLine: 28, linesPerPage: 22))
        XCTAssertEqual(spec.characterPitch.value, 15.793, accuracy: 0.001)
        XCTAssertEqual(spec.linePitch.value, 28.991, accuracy: 0.001)
        XCTAssertEqual(spec.style(.body).size, 16.pt)
        XCTAssertEqual(spec.style(.body).font, "仿宋")
        XCTAssertEqual(spec.style(.articleTitle).size, 22.pt)
        XCTAssertEqual(spec.style(.distribution).size, 14.pt)
        XCTAssertEqual(spec.style(.folio).font, "宋体")
        XCTAssertEqual(spec.style(.mastheadTitle).colour, .red)
        XCTAssertEqual(spec.rule(.distributionOuter).thickness.millimetres.value, 0.35, accuracy: 0.001)
        XCTAssertEqual(spec.rule(.distributionInner).thickness.millimetres.value, 0.25, accuracy: 0.001)
        XCTAssertEqual(spec.folioOffset.millimetres.value, 7, accuracy: 0.001)
    }

    /// The layouts are the only source of defaults: a layout that extends nothing and leaves out the
    /// masthead, rules and folio gets the built-in layout's values, not numbers from the code.
    func testAStandaloneLayoutTakesItsDefaultsFromTheBuiltinLayout() throws {
        let path = try write("page:\n  margin-left: 30mm\n", name: "standalone.yaml")
        let spec = try builtInLayouts().load(path)
        let builtin = try builtInLayouts().load("zhuanbao")
        XCTAssertEqual(spec.name, "standalone")
        XCTAssertEqual(spec.page.marginLeft.millimetres.value, 30, accuracy: 0.001)
        XCTAssertEqual(spec.masthead, builtin.masthead)
        XCTAssertEqual(spec.masthead.kindGap.millimetres.value, 5, accuracy: 0.001, "zhuanbao.yaml's kind-gap")
        XCTAssertEqual(spec.folioFormat, builtin.folioFormat)
        XCTAssertEqual(spec.rule(.masthead), builtin.rule(.masthead))
        XCTAssertEqual(spec.files.first, "builtin:zhuanbao")
    }

    func testChineseSizeNames() {
        XCTAssertEqual(ChineseFontSize.parse("三号"), 16.pt)
        XCTAssertEqual(ChineseFontSize.parse("二号"), 22.pt)
        XCTAssertEqual(ChineseFontSize.parse("四号"), 14.pt)
        XCTAssertEqual(ChineseFontSize.parse("小初"), 36.pt)
        XCTAssertEqual(ChineseFontSize.parse("五号"), 10.5.pt)
        XCTAssertEqual(ChineseFontSize.parse("12"), 12.pt)
        XCTAssertEqual(ChineseFontSize.parse("12pt"), 12.pt)
        XCTAssertNil(ChineseFontSize.parse("大号"))
    }

    func testLengths() {
        XCTAssertEqual(Length.parse("7mm"), .absolute(Millimetres(7).points))
        XCTAssertEqual(Length.parse("2em"), .em(2))
        XCTAssertEqual(Length.parse("1line"), .lines(1))
        XCTAssertEqual(Length.parse("1.5pt"), .absolute(1.5.pt))
        XCTAssertNil(Length.parse("7"))
    }

    func testExtendsOverridesOnlyTheGivenKeys() throws {
        let path = try write("""
        extends: \(repositoryRoot)/Layouts/zhuanbao.yaml
        name: wider
        page:
          margin-left: 20mm
        elements:
          body: { size: 四号 }
        """)
        let spec = try builtInLayouts().load(path)
        XCTAssertEqual(spec.name, "wider")
        XCTAssertEqual(spec.page.marginLeft.millimetres.value, 20, accuracy: 0.001)
        XCTAssertEqual(spec.page.marginTop.millimetres.value, 37, accuracy: 0.001)
        XCTAssertEqual(spec.style(.body).size, 14.pt)
        XCTAssertEqual(spec.style(.body).indent, .em(2), "keys not overridden come from the base")
        XCTAssertEqual(spec.files.count, 3, "the built-in base, the parent and the layout itself")
    }

    func testUnknownKeyIsAnErrorWithItsLine() throws {
        let path = try write("""
        extends: zhuanbao
        page:
          margin-lfet: 20mm
        """)
        XCTAssertEqual(error(loading: path), "\(path):3:3: error: unknown key 'margin-lfet' in page\n  hint: did you mean 'margin-left'?")
    }

    func testBadValuesAreErrorsWithTheirLine() throws {
        let negative = try write("extends: zhuanbao\npage:\n  margin-top: -5mm\n")
        XCTAssertEqual(error(loading: negative), "\(negative):3:15: error: page.margin-top must not be negative")
        let zeroGrid = try write("extends: zhuanbao\ngrid:\n  chars-per-line: 0\n  lines-per-page: 22\n")
        XCTAssertEqual(error(loading: zeroGrid), "\(zeroGrid):3:19: error: grid.chars-per-line is 0, outside 1…200")
        let size = try write("extends: zhuanbao\nelements:\n  body: { size: 大号 }\n")
        XCTAssertTrue(error(loading: size).hasPrefix("\(size):3:17: error: elements.body.size '大号' is not a size"), error(loading: size))
        let noUnit = try write("extends: zhuanbao\nfolio:\n  offset: 7\n")
        XCTAssertTrue(error(loading: noUnit).hasPrefix("\(noUnit):3:11: error: folio.offset '7' is not a length"))
        let font = try write("extends: zhuanbao\nelements:\n  body: { font: 仿宋体 }\n")
        XCTAssertTrue(error(loading: font).hasPrefix("\(font):3:17: error: unknown font family '仿宋体' in elements.body"), error(loading: font))
    }

    func testUnknownLayoutSuggests() {
        XCTAssertEqual(error(loading: "zhuanbo"), "error: unknown layout 'zhuanbo'\n  hint: did you mean 'zhuanbao'?")
    }
}
