import XCTest
import BulletinKit
import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinLayout
import LayoutSpec
import TextEngine
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

    /// A line of digits inside a stream longer than any object number is passed over, not overflowed.
    func testPDFRepairPassesOverLongRunsOfDigits() {
        let body = "%PDF-1.5\n1 0 obj\n<< /Length 41 >>\nstream\n12345678901234567890123456789 0 obj\nendstream\nendobj\n"
        let pdf = body + "xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n0\n%%EOF\n"
        let fixed = String(decoding: PDFRepair.rebuildCrossReferences(Array(pdf.utf8))!, as: UTF8.self)
        XCTAssertTrue(fixed.contains("xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"), fixed)
    }

    func testPDFRepairRebuildsAWrongCrossReferenceTable() {
        let body = "%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        let broken = body + "xref\n0 3\n0000000000 65535 f \n0000000999 00000 n \n0000000001 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n7\n%%EOF\n"
        let fixed = String(decoding: PDFRepair.rebuildCrossReferences(Array(broken.utf8))!, as: UTF8.self)
        let obj1 = body.range(of: "1 0 obj")!.lowerBound.utf16Offset(in: body)
        let obj2 = body.range(of: "2 0 obj")!.lowerBound.utf16Offset(in: body)
        XCTAssertTrue(fixed.contains(String(format: "%010d 00000 n \n%010d 00000 n \n", obj1, obj2)), fixed)
        XCTAssertTrue(fixed.hasSuffix("startxref\n\(body.utf8.count)\n%%EOF\n"), fixed)
    }

    /// Subset tags are rewritten from each font's name and embedded program: equal programs get
    /// equal tags, other programs other tags; only the six letters change, and never inside a stream.
    func testSubsetTagsNameWhatIsEmbedded() {
        func pdf(_ program: String, tag: String) -> [UInt8] {
            let objects = [
                "1 0 obj\n<< /Type /FontDescriptor\n   /FontName /\(tag)+Demo-Regular\n   /FontFile3 2 0 R\n>>\nendobj\n",
                "2 0 obj\n<< /Length 3 0 R >>\nstream\n\(program)\nendstream\nendobj\n",
                "3 0 obj\n   \(program.utf8.count)\nendobj\n",
                "4 0 obj\n<< /Type /Font /BaseFont /\(tag)+Demo-Regular >>\nendobj\n",
            ]
            var body = "%PDF-1.5\n"
            for o in objects { body += o }
            body += "xref\n0 5\n0000000000 65535 f \ntrailer\n<< /Size 5 >>\nstartxref\n0\n%%EOF\n"
            return PDFRepair.rebuildCrossReferences(Array(body.utf8))!
        }
        func tags(_ bytes: [UInt8]) -> [String] {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.components(separatedBy: "+Demo-Regular").dropLast().map { String($0.suffix(6)) }
        }
        let a = pdf("glyphs ABCDEF+Demo-Regular", tag: "AAAAAA"), b = pdf("glyphs ABCDEF+Demo-Regular", tag: "QQQQQQ")
        let c = pdf("other glyphs ABCDEF+Demo-Regular", tag: "AAAAAA")
        XCTAssertEqual(a, b)
        let ta = tags(a), tc = tags(c)
        // Descriptor and font renamed alike; the look-alike inside the stream untouched.
        XCTAssertEqual(ta.count, 3)
        XCTAssertEqual(ta[0], ta[2])
        XCTAssertEqual(ta[1], "ABCDEF")
        XCTAssertNotEqual(ta[0], "AAAAAA")
        XCTAssertNotEqual(ta[0], tc[0])
        XCTAssertTrue(ta[0].allSatisfy { $0.isUppercase && $0.isASCII })
        XCTAssertEqual(a.count, pdf("glyphs ABCDEF+Demo-Regular", tag: "ZZZZZZ").count)
    }
}
