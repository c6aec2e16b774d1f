import XCTest
import Foundation
import BulletinKit
@testable import TextEngine

/// Runs whose face has every character are shaped straight through HarfBuzz; the glyphs, advances
/// and fonts must be exactly those Pango gives for the same runs.
final class ShapingTests: XCTestCase {
    /// A glyph as drawn: its font named by file and size (font table indexes differ per measurer).
    struct DrawnGlyph: Equatable { var font: FontKey; var id: UInt32; var x: Double; var y: Double; var advance: Double }
    struct Drawn: Equatable {
        var text: String; var byte: Int; var advance: Double; var run: Int; var missing: Bool; var fallback: String?
        var glyphs: [DrawnGlyph]
    }

    func drawn(_ measurer: PangoMeasurer, _ runs: [TextRun]) -> [Drawn] {
        measurer.clusters(of: runs).map { c in
            Drawn(text: c.text, byte: c.byteOffset, advance: c.advance.value, run: c.run, missing: c.missingGlyph, fallback: c.fallbackFamily,
                  glyphs: c.glyphs.map { DrawnGlyph(font: measurer.fontTable[Int($0.font)], id: $0.id, x: $0.xOffset.value, y: $0.yOffset.value, advance: $0.advance.value) })
        }
    }

    /// Every line of every example, shaped both ways: the same clusters, and nearly all of them
    /// shaped directly (so this compares something).
    func testDirectShapingGivesPangosGlyphsForEveryExampleLine() throws {
        let renderer = Renderer()
        var compared = 0, direct = 0
        for name in ["zhuanbao-2024-09", "jianbao-multi-section", "punctuation", "features-2024-11", "long-toc", "gongwen-tongzhi", "xinhan-han"] {
            let result = try renderer.render(.file(repositoryRoot + "/Examples/\(name).md"))
            let system = FontSystem(fontFolders: result.fontFolders)
            let viaPango = PangoMeasurer(system: system, direct: false)
            let viaHarfBuzz = PangoMeasurer(system: system, direct: true)
            var seen = Set<[TextRun]>()
            for page in result.tree.pages {
                for box in page.boxes {
                    guard case .text(let runs, _, _, _) = box.content, seen.insert(runs).inserted else { continue }
                    XCTAssertEqual(drawn(viaHarfBuzz, runs), drawn(viaPango, runs), "\(name): \(runs.map(\.text).joined())")
                    compared += 1
                    var records: [GlyphRecord] = []
                    if runs.allSatisfy({ $0.text.isEmpty || system.directShaper.shape($0, runStart: 0, into: &records) }) { direct += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 500)
        XCTAssertGreaterThan(Double(direct) / Double(compared), 0.95, "\(direct) of \(compared) lines shaped directly")
    }

    /// Mixed text (half-width digits and Latin, quotes and dashes set full width, bold, several
    /// sizes and a font that lacks some characters) gives the same glyphs both ways; text a face
    /// lacks is left to Pango's fallback.
    func testMixedTextShapesAlikeAndFallbackGoesThroughPango() throws {
        let system = FontSystem(fontFolders: [repositoryRoot + "/Fonts"])
        let viaPango = PangoMeasurer(system: system, direct: false)
        let viaHarfBuzz = PangoMeasurer(system: system, direct: true)
        let texts = ["2024年GDP增长5.2%，“十四五”——规划……第1．项", "（镇江市总工会）《通知》：A-B_c/d?e=f&g", "Hello, world — ‘quoted’ · 中文 fi ffl",
                     "全角　空格与 half space", "𠀀生僻字与😀", "ABC abc 123 ½ ™ ©", "١٢٣ عربي mixed"]
        var directCount = 0
        // DejaVu Sans (when installed) has an oblique face that sorts before its upright one.
        let families = ["FandolFang", "FandolHei", "Noto Serif CJK SC", "FandolKai"] + (system.files(forFamily: "DejaVu Sans", bold: false).isEmpty ? [] : ["DejaVu Sans"])
        for family in families {
            for bold in [false, true] {
                for (size, half) in [(16.0, true), (22.0, false), (10.5, true)] {
                    for text in texts {
                        let run = TextRun(text, face: FontFace(family: family, bold: bold), size: Points(size), halfWidthLatin: half)
                        XCTAssertEqual(drawn(viaHarfBuzz, [run]), drawn(viaPango, [run]), "\(family) \(bold) \(size): \(text)")
                        var records: [GlyphRecord] = []
                        if system.directShaper.shape(run, runStart: 0, into: &records) { directCount += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThan(directCount, 24)
        var records: [GlyphRecord] = []
        let emoji = TextRun("生僻字与😀", face: FontFace(family: "FandolFang", bold: false), size: 16.pt)
        XCTAssertFalse(system.directShaper.shape(emoji, runStart: 0, into: &records))
        let arabic = TextRun("١٢٣ عربي", face: FontFace(family: "FandolFang", bold: false), size: 16.pt)
        XCTAssertFalse(system.directShaper.shape(arabic, runStart: 0, into: &records))
        XCTAssertTrue(records.isEmpty)
        let plain = TextRun("2024年第9期（总第39期）", face: FontFace(family: "FandolFang", bold: false), size: 16.pt, halfWidthLatin: true)
        XCTAssertTrue(system.directShaper.shape(plain, runStart: 7, into: &records))
        XCTAssertEqual(records.first?.byte, 7)
        XCTAssertEqual(records.count, plain.text.unicodeScalars.count)
    }

    /// Licensed faces in an issue's Fonts/ (a 仿宋_GB2312 and a 小标宋 stand-in, by either of their
    /// names) are shaped from the same files, to the same glyphs, both ways.
    func testFontsFolderFacesShapeAlike() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/Fonts", withIntermediateDirectories: true)
        let fang = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf"))
        let song = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Fonts/fandol/FandolSong-Bold.otf"))
        try FontRenamer.rename(fang, chinese: "仿宋_GB2312", english: "FangSong_GB2312").write(to: URL(fileURLWithPath: dir + "/Fonts/fs.otf"))
        try FontRenamer.rename(song, chinese: "方正小标宋简体", english: "FZXiaoBiaoSong-B05S").write(to: URL(fileURLWithPath: dir + "/Fonts/xbs.otf"))
        // A second copy of a face the tool's own Fonts/ has too: one file for both ways.
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Fonts/fandol/FandolKai-Regular.otf", toPath: dir + "/Fonts/kai.otf")
        let system = FontSystem(fontFolders: [dir + "/Fonts", repositoryRoot + "/Fonts"])
        let viaPango = PangoMeasurer(system: system, direct: false)
        let viaHarfBuzz = PangoMeasurer(system: system, direct: true)
        var direct = 0
        let kai = TextRun("楷体两份，2024年", face: FontFace(family: "FandolKai", bold: false), size: 16.pt, halfWidthLatin: true)
        XCTAssertEqual(drawn(viaHarfBuzz, [kai]), drawn(viaPango, [kai]))
        for family in ["仿宋_GB2312", "FangSong_GB2312", "方正小标宋简体", "FZXiaoBiaoSong-B05S"] {
            for bold in [false, true] {
                let run = TextRun("关于2024年第9期（总第39期）“工会”——数据12.5%", face: FontFace(family: family, bold: bold), size: 16.pt, halfWidthLatin: true)
                let shaped = drawn(viaHarfBuzz, [run])
                XCTAssertEqual(shaped, drawn(viaPango, [run]), "\(family) \(bold)")
                XCTAssertTrue(shaped.allSatisfy { $0.glyphs.allSatisfy { $0.font.file.hasPrefix(dir + "/Fonts/") } }, "\(family): \(shaped.first?.glyphs.first?.font.file ?? "-")")
                var records: [GlyphRecord] = []
                if system.directShaper.shape(run, runStart: 0, into: &records) { direct += 1 }
            }
        }
        XCTAssertEqual(direct, 8)
    }

    /// A face in Fonts/ wins over the installed copy of the same family (fontconfig alone took the
    /// installed one on a tie), for text shaped directly and for text Pango sets (an emoji forces it).
    func testAFontsFolderCopyWinsOverTheInstalledFaceBothWays() throws {
        let installed = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: installed), "fonts-lxgw-wenkai is not installed")
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/Fonts", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: installed, toPath: dir + "/Fonts/wenkai.ttf")
        let system = FontSystem(fontFolders: [dir + "/Fonts"])
        XCTAssertEqual(system.matchedFile(forFamily: "LXGW WenKai", bold: false), dir + "/Fonts/wenkai.ttf")
        for text in ["霞鹜文楷，2024年", "霞鹜文楷😀"] {
            let run = TextRun(text, face: FontFace(family: "LXGW WenKai", bold: false), size: 16.pt, halfWidthLatin: true)
            for direct in [true, false] {
                let shaped = drawn(PangoMeasurer(system: system, direct: direct), [run]).filter { $0.text != "😀" }
                XCTAssertFalse(shaped.isEmpty)
                XCTAssertTrue(shaped.allSatisfy { $0.glyphs.allSatisfy { $0.font.file == dir + "/Fonts/wenkai.ttf" } }, "\(text) direct \(direct): \(shaped.first?.glyphs.first?.font.file ?? "-")")
            }
        }
    }
}

/// ICU's dictionary loads on a second thread while the issue is laid out; no byte of the PDF
/// depends on it.
final class BackgroundPreparationTests: XCTestCase {
    func testLoadingInTheBackgroundChangesNoByte() throws {
        let renderer = Renderer()
        let dir = try temporaryDirectory()
        for name in ["zhuanbao-2024-09", "features-2024-11", "punctuation"] {
            let path = repositoryRoot + "/Examples/\(name).md"
            let early = try renderer.render(.file(path))
            let plain = try renderer.render(.file(path), options: RenderOptions(prepareInBackground: false))
            let a = try renderer.pdf(early), b = try renderer.pdf(plain)
            XCTAssertEqual(a, b, name)
            try a.write(to: URL(fileURLWithPath: dir + "/early.pdf"))
            let fonts = try runProcess("/usr/bin/env", ["pdffonts", dir + "/early.pdf"]).output
            XCTAssertTrue(fonts.contains("+FandolFang-Regular"), fonts)
        }
    }
}
