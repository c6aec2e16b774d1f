import XCTest
import BulletinKit
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinImport

/// Back issues in: the shared sample's extracted text, and our own PDFs read back by pdftotext.
final class ImportTests: XCTestCase {
    static let renderer = Renderer()
    static let options = RenderOptions(layoutDirectories: [repositoryRoot + "/Layouts"], fontFolders: [repositoryRoot + "/Fonts"])

    func example(_ name: String) throws -> Issue {
        try IssueParser.parse(fileAt: repositoryRoot + "/Examples/\(name).md")
    }

    /// The issue an import wrote, read back the way `render` reads it.
    func written(_ issue: Issue) throws -> Issue {
        try IssueParser.parse(SourceText(path: "imported.md", text: IssueWriter.markdown(issue)))
    }

    func testTheSampleTextImportsToTheExampleIssue() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", encoding: .utf8)
        let result = TextImporter().importText(text)
        let issue = try XCTUnwrap(result.issue, result.report.text)
        let expected = try example("zhuanbao-2024-09")
        XCTAssertEqual(issue.title, expected.title)
        XCTAssertEqual(issue.distribution, expected.distribution)
        for (a, b) in zip(issue.articles, expected.articles) {
            XCTAssertEqual(a.title, b.title)
            XCTAssertEqual(a.source, b.source)
            XCTAssertEqual(a.blocks.map(\.plainText), b.blocks.map(\.plainText), a.title)
        }
        // Every field and paragraph, through the Markdown it writes (positions aside: they are not compared).
        let roundTrip = try written(issue)
        if roundTrip != expected {
            let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys]
            try? e.encode(roundTrip).write(to: URL(fileURLWithPath: "/tmp/imported.json"))
            try? e.encode(expected).write(to: URL(fileURLWithPath: "/tmp/expected.json"))
        }
        XCTAssertEqual(roundTrip, expected)
        XCTAssertTrue(result.report.notes.contains { $0.contains("across a break") }, result.report.text)
        XCTAssertEqual(result.report.missing, [])
    }

    /// Masthead, sections, titles, paragraphs, sources and 版记 of every example survive
    /// render → pdftotext -layout → import (photos and tables aside).
    func testEveryExampleRoundTripsThroughItsPDFText() throws {
        for name in ["zhuanbao-2024-09", "jianbao-multi-section", "single-article", "long-toc", "punctuation", "features-2024-11"] {
            let original = try example(name)
            let dir = try temporaryDirectory()
            let result = try Self.renderer.render(.file(repositoryRoot + "/Examples/\(name).md"), options: Self.options)
            try OutputFile.write(try Self.renderer.pdf(result), to: dir + "/x.pdf")
            let extracted = try runProcess("/usr/bin/env", ["pdftotext", "-layout", dir + "/x.pdf", "-"])
            XCTAssertEqual(extracted.status, 0)
            let imported = TextImporter().importText(extracted.output)
            guard let issue = imported.issue else { XCTFail("\(name): \(imported.report.text)"); continue }
            XCTAssertEqual(issue.title, original.title, name)
            XCTAssertEqual(issue.kind, original.kind, name)
            XCTAssertEqual([issue.year, issue.number, issue.total ?? 0], [original.year, original.number, original.total ?? 0], name)
            XCTAssertEqual(issue.publisher, original.publisher, name)
            XCTAssertEqual(issue.date, original.date, name)
            XCTAssertEqual(issue.classification, original.classification, name)
            XCTAssertEqual(issue.copies, original.copies, name)
            XCTAssertEqual(issue.distribution, original.distribution, name)
            XCTAssertEqual(issue.sections.map(\.title), original.sections.map(\.title), name)
            XCTAssertEqual(issue.articles.map(\.title), original.articles.map(\.title), name)
            XCTAssertEqual(issue.articles.map(\.source), original.articles.map(\.source), name)
            for (a, b) in zip(issue.articles, original.articles) {
                // Photos and tables are not read back: their captions and cells are taken out of the text.
                var got = spaceless(text(a.blocks))
                var from = got.startIndex
                for piece in b.blocks.flatMap(captionsAndCells) where !piece.isEmpty {
                    // In reading order: each piece after the one before.
                    if let r = got.range(of: spaceless(piece), range: from..<got.endIndex) {
                        let offset = got.distance(from: got.startIndex, to: r.lowerBound)
                        got.removeSubrange(r)
                        from = got.index(got.startIndex, offsetBy: offset)
                    }
                }
                XCTAssertEqual(got, spaceless(text(b.blocks.filter { $0.kind != .figure && $0.kind != .table })), "\(name): \(a.title)")
            }
            XCTAssertEqual((issue.note ?? []).map(\.plainText), (original.note ?? []).map(\.plainText), name)
        }
    }

    func spaceless(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    func captionsAndCells(_ b: Block) -> [String] {
        if let f = b.figure { return [f.caption.map(\.text).joined()] }
        if let t = b.table { return [t.caption.map(\.text).joined()] + t.rows.flatMap { $0.map { $0.map(\.text).joined() } } }
        return []
    }

    /// The text of blocks as one string without markers the page adds (list markers, ①, 附件 numbers).
    func text(_ blocks: [Block]) -> String {
        blocks.map { b in
            switch b.kind {
            case .listItem: return (b.marker ?? "") + b.plainText
            case .attachments: return "附件：" + b.items.enumerated().map { "\($0 + 1)．" + $1.map(\.text).joined() }.joined()
            case .notes: return "注：" + b.items.enumerated().map { i, item in String(Unicode.Scalar(0x2460 + i)!) + item.map(\.text).joined() }.joined()
            default: return b.plainText
            }
        }.joined()
    }

    /// A .docx written by python-docx (Scripts/make-docx-fixtures.py) imports to the example's model.
    func testAWordDocumentImportsToTheSameIssue() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.docx"))
        let result = DocxImporter().importDocx(data)
        let issue = try XCTUnwrap(result.issue, result.report.text)
        XCTAssertEqual(try written(issue), try example("zhuanbao-2024-09"))
    }

    /// Tables and photos of a .docx come in as tables and photos (saved beside the issue).
    func testAWordDocumentsTablesAndPhotosComeIn() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/Fixtures/features-2024-11.docx"))
        let result = DocxImporter().importDocx(data)
        let issue = try XCTUnwrap(result.issue, result.report.text)
        let original = try example("features-2024-11")
        XCTAssertEqual(issue.title, original.title)
        XCTAssertEqual(issue.articles.map(\.title), original.articles.map(\.title))
        XCTAssertEqual(issue.sections.map(\.title), original.sections.map(\.title))
        let tables = issue.articles.flatMap(\.blocks).compactMap(\.table)
        let expectedTables = original.articles.flatMap(\.blocks).compactMap(\.table)
        XCTAssertEqual(tables.map { $0.rows.map { $0.map { $0.map(\.text).joined() } } }, expectedTables.map { $0.rows.map { $0.map { $0.map(\.text).joined() } } })
        XCTAssertEqual(tables.map { $0.caption.map(\.text).joined() }, expectedTables.map { $0.caption.map(\.text).joined() })
        let figures = issue.articles.flatMap(\.blocks).compactMap(\.figure)
        XCTAssertEqual(figures.map { $0.caption.map(\.text).joined() }, original.articles.flatMap(\.blocks).compactMap(\.figure).map { $0.caption.map(\.text).joined() })
        XCTAssertEqual(result.files.count, 2)
        XCTAssertEqual(result.files.first.map { [UInt8]($0.data.prefix(2)) }, [0xFF, 0xD8], "the JPEG's own bytes")
        XCTAssertEqual(issue.articles.map(\.source), original.articles.map(\.source))
    }

    /// The sample typeset by other software (Typst, Benchmarks/typst/bulletin.typ), read back by
    /// pdftotext -layout, imports to the example's text: masthead, titles, paragraphs, sources, 版记.
    func testTheSampleTypesetByTypstImportsToTheExampleIssue() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.typst-layout.txt", encoding: .utf8)
        let result = TextImporter().importText(text)
        let issue = try XCTUnwrap(result.issue, result.report.text)
        XCTAssertEqual(try written(issue), try example("zhuanbao-2024-09"))
    }

    /// The same from WeasyPrint (HTML by Scripts/make-html-fixture.py), whose masthead title wraps.
    func testTheSampleTypesetByWeasyPrintImportsToTheExampleIssue() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.weasyprint-layout.txt", encoding: .utf8)
        let result = TextImporter().importText(text)
        let issue = try XCTUnwrap(result.issue, result.report.text)
        XCTAssertEqual(try written(issue), try example("zhuanbao-2024-09"))
    }

    /// A PDF without a text layer is a scan: the import says it needs OCR; a required field that
    /// cannot be found fails naming it; a good import writes the issue file.
    func testTheImportCommandNamesWhatItCouldNotDo() throws {
        let dir = try temporaryDirectory()
        let pdf = "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
            + "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
        try pdf.write(toFile: dir + "/scan.pdf", atomically: true, encoding: .ascii)
        let scan = try runProcess(builtBinary, ["import", "scan.pdf"], in: dir)
        XCTAssertEqual(scan.status, 1)
        XCTAssertTrue(scan.output.contains("scan.pdf has no text layer (a scanned PDF)"), scan.output)
        try "一些文字\n".write(toFile: dir + "/note.txt", atomically: true, encoding: .utf8)
        let junk = try runProcess(builtBinary, ["import", "note.txt"], in: dir)
        XCTAssertEqual(junk.status, 1)
        XCTAssertTrue(junk.output.contains("note.txt: could not find kind, publisher, year/number"), junk.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/note.md"))
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", toPath: dir + "/sample.txt")
        let good = try runProcess(builtBinary, ["import", "sample.txt"], in: dir)
        XCTAssertEqual(good.status, 0, good.output)
        XCTAssertTrue(good.output.contains("sample.md: 6 articles"), good.output)
        XCTAssertEqual(try IssueParser.parse(fileAt: dir + "/sample.md"), try example("zhuanbao-2024-09"))
    }
}
