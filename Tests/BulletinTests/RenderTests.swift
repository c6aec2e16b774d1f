import XCTest
import CPangoCairo
import BulletinKit
import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinLayout
import LayoutSpec
@testable import TextEngine
@testable import BulletinRender

/// End to end through Pango and Cairo with the fonts the README installs.
final class RenderTests: XCTestCase {
    static let renderer = Renderer()
    static let options = RenderOptions(layoutDirectories: [repositoryRoot + "/Layouts"], fontFolders: [repositoryRoot + "/Fonts"])

    func run(_ tool: String, _ args: [String]) throws -> (status: Int32, output: String) {
        try runProcess("/usr/bin/env", [tool] + args)
    }

    func renderSample(to path: String) throws -> (Issue, PageTree) {
        let result = try Self.renderer.render(.file(repositoryRoot + "/Examples/zhuanbao-2024-09.md"), options: Self.options)
        try OutputFile.write(try Self.renderer.pdf(result), to: path)
        return (result.issue, result.tree)
    }

    func testSamplePDFTextReadsBack() throws {
        let dir = try temporaryDirectory()
        let pdf = dir + "/sample.pdf"
        let (issue, tree) = try renderSample(to: pdf)
        let (status, text) = try run("pdftotext", ["-layout", pdf, "-"])
        XCTAssertEqual(status, 0, text)
        let pages = text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        XCTAssertEqual(pages.count, tree.pages.count)
        let flat = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        let page1 = pages[0].replacingOccurrences(of: " ", with: "")
        XCTAssertTrue(page1.contains("新时代江苏产业工人队伍建设改革联席会"))
        XCTAssertTrue(page1.contains("2024年第9期（总第39期）"))
        XCTAssertTrue(page1.contains("2024年7月9日"))
        for (i, article) in issue.articles.enumerated() {
            // The TOC entry ends with the page the article's title is on.
            let title = article.title.replacingOccurrences(of: " ", with: "")
            let printed = tree.articlePages[i]
            let page = pages[printed - 1].replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
            XCTAssertTrue(page.contains(String(title.prefix(10))), "article \(i + 1) not on page \(printed)")
            XCTAssertTrue(flat.contains("（\(article.source!)）"))
        }
        XCTAssertTrue(flat.contains("推进产业工人队伍建设改革协调小组办公室"))
        XCTAssertTrue(pages.last!.contains("报："))
        for (i, p) in pages.enumerated() {
            XCTAssertTrue(p.replacingOccurrences(of: " ", with: "").contains("—\(i + 1)—"), "folio of page \(i + 1)")
        }
        // Every paragraph's text is there, in order.
        var cursor = flat.startIndex
        for article in issue.articles {
            for block in article.blocks {
                let probe = String(block.plainText.replacingOccurrences(of: " ", with: "").prefix(24))
                guard let r = flat.range(of: probe, range: cursor..<flat.endIndex) else { return XCTFail("missing or out of order: \(probe)") }
                cursor = r.upperBound
            }
        }
    }

    func testMetadataOutlineAndIntegrity() throws {
        let dir = try temporaryDirectory()
        let pdf = dir + "/sample.pdf"
        _ = try renderSample(to: pdf)
        let info = try run("pdfinfo", [pdf]).output
        XCTAssertTrue(info.contains("新时代江苏产业工人队伍建设改革联席会专报 2024年第9期"), info)
        XCTAssertTrue(info.contains("Author:          新时代江苏产业工人队伍建设改革联席会议办公室"), info)
        XCTAssertTrue(info.contains("Jul  9 00:00:00 2024"), info)
        let check = try run("qpdf", ["--check", pdf])
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertFalse(check.output.contains("WARNING"), check.output)
        let fonts = try run("pdffonts", [pdf]).output
        let rows = fonts.split(separator: "\n").dropFirst(2)
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            let cols = row.split(separator: " ")
            // name type encoding emb sub uni: "yes yes yes" for embedded, subset, with ToUnicode.
            XCTAssertTrue(row.contains("yes yes yes"), "font not embedded/subset/mapped: \(row)")
            XCTAssertTrue(cols[0].contains("+"), "subset prefix missing: \(row)")
        }
        let dests = try run("pdfinfo", ["-dests", pdf]).output
        XCTAssertTrue(dests.contains("article-6"), dests)
    }

    func testRenderingTwiceGivesIdenticalBytes() throws {
        let dir = try temporaryDirectory()
        _ = try renderSample(to: dir + "/a.pdf")
        _ = try renderSample(to: dir + "/b.pdf")
        let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/a.pdf"))
        let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/b.pdf"))
        XCTAssertGreaterThan(a.count, 10_000)
        XCTAssertEqual(a, b)
    }

    /// Fonts of one render must not leak into the next: the same issue comes out byte for byte the
    /// same after other issues went through the same renderer (Cairo caches fonts across documents).
    func testRenderingAfterOtherIssuesGivesIdenticalBytes() throws {
        var outputs = Set<Data>()
        for name in ["zhuanbao-2024-09", "long-toc", "zhuanbao-2024-09", "punctuation", "zhuanbao-2024-09"] {
            let pdf = try Self.renderer.pdf(try Self.renderer.render(.file(repositoryRoot + "/Examples/\(name).md"), options: Self.options))
            if name == "zhuanbao-2024-09" { outputs.insert(pdf) }
        }
        XCTAssertEqual(outputs.count, 1)
        // One font system for every render, and first documents of other layouts, whose fonts come
        // in another order: the font table grows in that order, the PDF's fonts must not follow it.
        let renderer = Renderer(concurrency: 1)
        for name in ["xinhan-han", "gongwen-tongzhi", "zhuanbao-2024-09"] {
            let pdf = try renderer.pdf(try renderer.render(.file(repositoryRoot + "/Examples/\(name).md"), options: Self.options))
            if name == "zhuanbao-2024-09" { outputs.insert(pdf) }
        }
        XCTAssertEqual(outputs.count, 1, "the sample's bytes depend on what was rendered before it")
    }

    func testFailedRenderLeavesTheOldFileAlone() throws {
        let dir = try temporaryDirectory()
        let out = dir + "/out.pdf"
        try Data("good".utf8).write(to: URL(fileURLWithPath: out))
        XCTAssertThrowsError(try AtomicFile.write(to: out) { fd in
            try OutputFile.writeAll(Data("half".utf8), to: fd, what: "test")
            throw Diagnostic.error("boom")
        })
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "good")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.pdf"], "no temporary file left behind")
        XCTAssertThrowsError(try AtomicFile.write(to: dir) { _ in }) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "output path \(dir) is a directory")
        }
    }

    func testFontsResolveToInstalledFamiliesAndShowSubstitutions() throws {
        let spec = try builtInLayouts().load("zhuanbao")
        let choices = try Self.renderer.fonts(spec: spec, directory: nil, options: Self.options).choices
        XCTAssertEqual(Set(choices.map(\.logical)), ["仿宋", "楷体", "黑体", "小标宋", "宋体"])
        for c in choices { XCTAssertTrue(FileManager.default.fileExists(atPath: c.file), c.file) }
        let table = FontResolver.table(choices)
        XCTAssertTrue(table.contains("仿宋"))
        // Without the licensed fonts the open fallbacks are used, and the table says so.
        if !choices.contains(where: \.fromFontsFolder) {
            XCTAssertTrue(table.contains("substituted by"))
        }
    }

    /// The same face in two font folders comes from the folder searched first (the issue's own),
    /// not from whichever path sorts first: the folder listed second here sorts before the first.
    func testTheSameFaceInTwoFoldersComesFromTheFirstFolder() throws {
        let root = try temporaryDirectory()
        let face = repositoryRoot + "/Fonts/fandol/FandolKai-Regular.otf"
        for dir in ["z-issue", "a-elsewhere"] {
            try FileManager.default.createDirectory(atPath: root + "/\(dir)/Fonts", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: face, toPath: root + "/\(dir)/Fonts/FandolKai-Regular.otf")
        }
        let system = FontSystem(fontFolders: [root + "/z-issue/Fonts", root + "/a-elsewhere/Fonts"])
        XCTAssertEqual(system.files(forFamily: "FandolKai", bold: false).first, root + "/z-issue/Fonts/FandolKai-Regular.otf")
        let reversed = FontSystem(fontFolders: [root + "/a-elsewhere/Fonts", root + "/z-issue/Fonts"])
        XCTAssertEqual(reversed.files(forFamily: "FandolKai", bold: false).first, root + "/a-elsewhere/Fonts/FandolKai-Regular.otf")
    }

    /// A file in Fonts/ that is not a font is listed as unreadable; the real fonts beside it are
    /// listed with their family names.
    func testAFontFolderListsItsFontsAndTheFilesThatAreNotFonts() throws {
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/Fonts", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Fonts/fandol/FandolKai-Regular.otf", toPath: root + "/Fonts/kai.otf")
        try Data("not a font".utf8).write(to: URL(fileURLWithPath: root + "/Fonts/broken.ttf"))
        let system = FontSystem(fontFolders: [root + "/Fonts"])
        XCTAssertEqual(system.unreadableFonts, [root + "/Fonts/broken.ttf"])
        XCTAssertEqual(system.folderFonts.map(\.file), [root + "/Fonts/kai.otf"])
        XCTAssertTrue(system.folderFonts.first?.families.contains("FandolKai") ?? false, "\(system.folderFonts)")
    }

    /// Every entry of the cross-reference table points at the start of its object, and the trailer
    /// at the table.
    func testTheCrossReferenceTablePointsAtEveryObject() throws {
        let dir = try temporaryDirectory()
        _ = try renderSample(to: dir + "/s.pdf")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/s.pdf")))
        let text = String(decoding: bytes, as: UTF8.self)
        let tail = try XCTUnwrap(text.range(of: "startxref\n", options: .backwards))
        let xref = Int(text[tail.upperBound...].prefix { $0.isNumber })!
        XCTAssertTrue(bytes[xref...].starts(with: Array("xref\n0 ".utf8)))
        let lines = String(decoding: bytes[xref...], as: UTF8.self).split(separator: "\n")
        let count = Int(lines[1].split(separator: " ")[1])!
        XCTAssertGreaterThan(count, 40)
        for n in 1..<count {
            let entry = lines[2 + n]
            XCTAssertTrue(entry.hasSuffix(" 00000 n "), String(entry))
            let offset = Int(entry.prefix(10))!
            XCTAssertTrue(bytes[offset...].starts(with: Array("\(n) 0 obj\n".utf8)), "object \(n) at \(offset)")
        }
        XCTAssertTrue(text.contains("trailer\n<< /Size \(count) /Root 1 0 R /Info 3 0 R /ID [<"), String(text.suffix(200)))
    }

    /// Glyphs land where layout put them: page 2's text read back from the content stream (fonts'
    /// widths, Tm and TJ, as a reader computes them) against the page tree, to a thousandth of a point.
    func testGlyphsLandWhereLayoutPutThem() throws {
        let dir = try temporaryDirectory()
        let (_, tree) = try renderSample(to: dir + "/s.pdf")
        XCTAssertEqual(try run("qpdf", ["--stream-data=uncompress", "--normalize-content=n", "--object-streams=disable", dir + "/s.pdf", dir + "/u.pdf"]).status, 0)
        let file = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/u.pdf")), as: UTF8.self)
        let read = try PDFTextReader(file)
        let drawn = try read.glyphs(onPage: 2)
        var expected: [(x: Double, y: Double)] = []
        for box in tree.pages[1].boxes {
            guard case .text(_, let origin, _, let positions) = box.content else { continue }
            for c in positions {
                var pen = origin.x + c.x
                for g in c.glyphs {
                    expected.append(((pen + g.xOffset).value, (origin.y + g.yOffset).value))
                    pen += g.advance
                }
            }
        }
        XCTAssertGreaterThan(expected.count, 500)
        XCTAssertEqual(drawn.count, expected.count)
        var worst = 0.0
        for (d, e) in zip(drawn, expected) { worst = max(worst, abs(d.x - e.x), abs(d.y - e.y)) }
        XCTAssertLessThan(worst, 0.001, "a glyph is \(worst) pt from where layout put it")
    }

    /// A face that cannot be embedded is drawn as outlines, in the text's colour, its characters
    /// kept in ActualText; the file stays sound.
    func testAFaceThatCannotBeEmbeddedIsDrawnAsOutlines() throws {
        let file = repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf"
        let blob = try XCTUnwrap(hb_blob_create_from_file_or_fail(file))
        let face = hb_face_create(blob, 0)!
        hb_blob_destroy(blob)
        let font = hb_font_create(face)!
        defer { hb_font_destroy(font); hb_face_destroy(face) }
        let text = "中文"
        var glyphs = GlyphList()
        var clusters: [ClusterPosition] = []
        for (k, c) in text.unicodeScalars.enumerated() {
            var g: hb_codepoint_t = 0
            XCTAssertNotEqual(hb_font_get_nominal_glyph(font, c.value, &g), 0)
            glyphs = GlyphList()
            glyphs.append(ShapedGlyph(font: 0, id: g, xOffset: .zero, yOffset: .zero, advance: Points(40)))
            clusters.append(ClusterPosition(byteOffset: 3 * k, x: Points(Double(k) * 40), glyphs: glyphs))
        }
        let key = FontKey(file: file, index: 0, size: Points(40))
        let canvas = PDFCanvas(pageSize: Size(width: Points(200), height: Points(100)), metadata: nil, embedding: false)
        canvas.prepare(fonts: [key], glyphs: [(0, Set(clusters.map { $0.glyphs.first!.id }))], characters: Set(text.unicodeScalars.map(\.value)))
        canvas.beginPage()
        canvas.drawText(Array(text.utf8), colours: [(0, Colour.red)], clusters: clusters, fonts: [key], origin: Point(x: Points(20), y: Points(60)))
        try canvas.endPage()
        let dir = try temporaryDirectory()
        try Data(try canvas.finish()).write(to: URL(fileURLWithPath: dir + "/o.pdf"))
        XCTAssertEqual(try run("qpdf", ["--check", dir + "/o.pdf"]).status, 0)
        XCTAssertEqual(try run("pdffonts", [dir + "/o.pdf"]).output.split(separator: "\n").count, 2, "no font embedded")
        XCTAssertEqual(try run("pdftoppm", ["-r", "72", "-png", "-singlefile", dir + "/o.pdf", dir + "/o"]).status, 0)
        let page = try XCTUnwrap(RasterImage.decodePNG(try Data(contentsOf: URL(fileURLWithPath: dir + "/o.png"))))
        // Red ink inside each glyph's em box (x 20–60 and 60–100, baseline 60), none outside.
        func redPixels(_ xs: Range<Int>, _ ys: Range<Int>) -> Int {
            var n = 0
            for y in ys { for x in xs { let p = page.pixel(x, y); if (p >> 16) & 0xFF > 180, p & 0xFF < 100 { n += 1 } } }
            return n
        }
        XCTAssertGreaterThan(redPixels(20..<60, 25..<65), 40, "中")
        XCTAssertGreaterThan(redPixels(60..<100, 25..<65), 40, "文")
        XCTAssertEqual(redPixels(110..<200, 0..<100), 0)
        XCTAssertEqual(redPixels(0..<200, 70..<100), 0, "upright, above the baseline's descent")
    }

    /// Font resources are numbered in the order the document first draws the fonts, not by their
    /// files: two faces drawn the same way give the same bytes whether one of them lies in a folder
    /// whose name sorts before the other's or after it, and the face drawn first is /F0.
    func testTheSameDrawingGivesTheSameBytesWhereverItsFontsLie() throws {
        let root = try temporaryDirectory()
        for dir in ["a", "m", "z"] { try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true) }
        let fang = repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf", hei = repositoryRoot + "/Fonts/fandol/FandolHei-Regular.otf"
        for dir in ["a", "z"] { try FileManager.default.copyItem(atPath: fang, toPath: root + "/\(dir)/fang.otf") }
        try FileManager.default.copyItem(atPath: hei, toPath: root + "/m/hei.otf")
        func draw(fangIn dir: String) throws -> [UInt8] {
            let fonts = [FontKey(file: root + "/\(dir)/fang.otf", index: 0, size: Points(20)), FontKey(file: root + "/m/hei.otf", index: 0, size: Points(20))]
            var clusters: [[ClusterPosition]] = []
            var ids: [(font: Int32, ids: Set<UInt32>)] = []
            for (font, file) in [fang, hei].enumerated() {
                let blob = try XCTUnwrap(hb_blob_create_from_file_or_fail(file))
                let face = hb_face_create(blob, 0)!
                hb_blob_destroy(blob)
                let hbFont = hb_font_create(face)!
                defer { hb_font_destroy(hbFont); hb_face_destroy(face) }
                var g: hb_codepoint_t = 0
                XCTAssertNotEqual(hb_font_get_nominal_glyph(hbFont, 0x4E2D, &g), 0)
                var glyphs = GlyphList()
                glyphs.append(ShapedGlyph(font: Int32(font), id: g, xOffset: .zero, yOffset: .zero, advance: Points(20)))
                clusters.append([ClusterPosition(byteOffset: 0, x: .zero, glyphs: glyphs)])
                ids.append((Int32(font), [g]))
            }
            let canvas = PDFCanvas(pageSize: Size(width: Points(100), height: Points(100)), metadata: nil)
            canvas.prepare(fonts: fonts, glyphs: ids, characters: [0x4E2D])
            canvas.beginPage()
            for (k, line) in clusters.enumerated() {
                canvas.drawText(Array("中".utf8), colours: [(0, Colour.black)], clusters: line, fonts: fonts, origin: Point(x: Points(10), y: Points(30 + 30 * Double(k))))
            }
            try canvas.endPage()
            return try canvas.finish()
        }
        let before = try draw(fangIn: "a"), after = try draw(fangIn: "z")
        XCTAssertTrue(before == after, "the bytes differ with the face in another folder")
        let text = String(decoding: before, as: UTF8.self)
        let f0 = try XCTUnwrap(text.range(of: #"/F0 (\d+) 0 R"#, options: .regularExpression)).lowerBound
        let object = String(text[f0...].dropFirst(4).prefix { $0 != " " })
        let font = try XCTUnwrap(text.range(of: "\n\(object) 0 obj\n"))
        XCTAssertTrue(text[font.upperBound...].prefix(200).contains("FandolFang-Regular"), "the face drawn first is /F0")
    }

    /// A subset is tagged by its name and program: equal fonts get equal tags, others other ones.
    func testSubsetTagsNameWhatIsEmbedded() {
        let a = PDFFontFace.tag(name: "Demo-Regular", program: Array("glyphs".utf8))
        XCTAssertEqual(a, PDFFontFace.tag(name: "Demo-Regular", program: Array("glyphs".utf8)))
        XCTAssertNotEqual(a, PDFFontFace.tag(name: "Demo-Regular", program: Array("other glyphs".utf8)))
        XCTAssertNotEqual(a, PDFFontFace.tag(name: "Demo-Bold", program: Array("glyphs".utf8)))
        XCTAssertEqual(a.count, 6)
        XCTAssertTrue(a.allSatisfy { $0.isUppercase && $0.isASCII })
    }
}

/// Reads text placement back out of an uncompressed PDF (qpdf --stream-data=uncompress): enough of
/// PDF for the files bulletin writes (Type 0 fonts with /W, Tf, Tm, TJ with hex strings, one content
/// stream per page).
struct PDFTextReader {
    let file: String

    init(_ file: String) throws { self.file = file }

    func object(_ n: Int) throws -> Substring {
        let start = try XCTUnwrap(file.range(of: "\n\(n) 0 obj\n"), "object \(n)")
        let end = try XCTUnwrap(file.range(of: "\nendobj", range: start.upperBound..<file.endIndex))
        return file[start.upperBound..<end.lowerBound]
    }

    func reference(_ key: String, in object: Substring) -> Int? {
        guard let r = object.range(of: key + " ") else { return nil }
        return Int(object[r.upperBound...].prefix { $0.isNumber })
    }

    /// The pages' objects, in order.
    func pages() throws -> [Int] {
        let catalog = try object(1)
        let tree = try object(try XCTUnwrap(reference("/Pages", in: catalog)))
        let kids = tree[try XCTUnwrap(tree.range(of: "/Kids ["))!.upperBound...].prefix { $0 != "]" }
        return kids.split(separator: " ").enumerated().filter { $0.offset % 3 == 0 }.compactMap { Int($0.element) }
    }

    /// Widths (thousandths of an em) by code of the Type 0 font in object `n`.
    func widths(font n: Int) throws -> [Int: Double] {
        let type0 = try object(n)
        let descendants = type0[try XCTUnwrap(type0.range(of: "/DescendantFonts ["))!.upperBound...]
        let cid = try object(try XCTUnwrap(Int(descendants.drop { $0 == " " }.prefix { $0.isNumber })))
        var body = cid[try XCTUnwrap(cid.range(of: "/W ["))!.upperBound...]
        var out: [Int: Double] = [:]
        while let open = body.firstIndex(of: "[") {
            let first = Int(body[..<open].trimmingCharacters(in: .whitespaces))!
            let close = body[open...].firstIndex(of: "]")!
            for (k, w) in body[body.index(after: open)..<close].split(separator: " ").enumerated() { out[first + k] = Double(w)! }
            body = body[body.index(after: close)...]
            if body.trimmingCharacters(in: .whitespaces).hasPrefix("]") { break }
        }
        return out
    }

    /// Every glyph's origin on a page (1-based), in page coordinates from the top left, as drawn.
    /// (qpdf renumbers objects and spaces dictionaries out; content streams it leaves as written.)
    func glyphs(onPage number: Int) throws -> [(x: Double, y: Double)] {
        let page = try object(try pages()[number - 1])
        var fonts: [String: [Int: Double]] = [:]
        let fontDict = page[try XCTUnwrap(page.range(of: "/Font <<"))!.upperBound...].prefix { $0 != ">" }
        let parts = fontDict.split(separator: " ")
        var i = 0
        while i + 1 < parts.count {
            if parts[i].hasPrefix("/") { fonts[String(parts[i])] = try widths(font: Int(parts[i + 1])!); i += 4 } else { i += 1 }
        }
        let content = try object(try XCTUnwrap(reference("/Contents", in: page)))
        let stream = content[try XCTUnwrap(content.range(of: "stream\n"))!.upperBound...]
        let box = page[try XCTUnwrap(page.range(of: "/MediaBox ["))!.upperBound...].prefix { $0 != "]" }.split(separator: " ")
        let height = try XCTUnwrap(Double(box[3]))
        XCTAssertTrue(stream.hasPrefix("1 0 0 -1 0 \(PDFTextReaderNumber(height)) cm"), String(stream.prefix(40)))
        var out: [(x: Double, y: Double)] = []
        var operands: [Substring] = []
        var widths: [Int: Double] = [:], size = 0.0, x = 0.0, y = 0.0
        for line in stream.split(separator: "\n") {
            if line.hasSuffix(" Tf") {
                let p = line.split(separator: " ")
                widths = fonts[String(p[0])] ?? [:]; size = Double(p[1])!
            } else if line.hasSuffix(" Tm") {
                let p = line.split(separator: " ")
                x = Double(p[4])!; y = Double(p[5])!
            } else if line.hasSuffix("]TJ") {
                // [num<hex>num<hex>…]
                var rest = line.dropFirst().dropLast(3)
                while !rest.isEmpty {
                    if rest.first == "<" {
                        let close = rest.firstIndex(of: ">")!
                        let hex = Array(rest[rest.index(after: rest.startIndex)..<close])
                        for k in stride(from: 0, to: hex.count, by: 4) {
                            let code = Int(String(hex[k..<k + 4]), radix: 16)!
                            out.append((x, y))
                            x += (widths[code] ?? 1000) * size / 1000
                        }
                        rest = rest[rest.index(after: close)...]
                    } else {
                        let end = rest.firstIndex(of: "<") ?? rest.endIndex
                        x -= Double(rest[..<end])! * size / 1000
                        rest = rest[end...]
                    }
                }
            }
            operands.removeAll()
        }
        return out
    }
}

/// How the writer prints a number: "842" or "841.89".
func PDFTextReaderNumber(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(v)
}
