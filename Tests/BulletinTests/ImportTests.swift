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
        // What counts is the issue file written: read back beside its photos, it still holds the
        // tables and photos.
        let dir = try temporaryDirectory()
        for f in result.files {
            try FileManager.default.createDirectory(atPath: dir + "/" + PathName.directory(f.path), withIntermediateDirectories: true)
            try f.data.write(to: URL(fileURLWithPath: dir + "/" + f.path))
        }
        try IssueWriter.markdown(try XCTUnwrap(result.issue, result.report.text)).write(toFile: dir + "/imported.md", atomically: true, encoding: .utf8)
        let issue = try IssueParser.parse(fileAt: dir + "/imported.md")
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
        XCTAssertEqual(figures.map(\.path), result.files.map(\.path), "each photo refers to the file saved for it")
        XCTAssertEqual(result.files.first.map { [UInt8]($0.data.prefix(2)) }, [0xFF, 0xD8], "the JPEG's own bytes")
        XCTAssertEqual(issue.articles.map(\.source), original.articles.map(\.source))
    }

    /// A 目录 that names two articles otherwise: no title, paragraph or source line is lost. The
    /// body's first title (a heading the 目录 does not list) is still a title, and the report names
    /// both headings set as titles and both entries matched by none.
    func testAMismatched目录LosesNoTitleOrSourceLine() throws {
        var text = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "1. 镇江出台深化非公企业产改工作意见", with: "1. 这个标题不在正文里")
            .replacingOccurrences(of: "5. 沙钢聚力四大举措打造新时代“钢铁劲旅”", with: "5. 另一个不在正文里的标题")
        let result = TextImporter().importText(text)
        let issue = try written(try XCTUnwrap(result.issue, result.report.text))
        let expected = try example("zhuanbao-2024-09")
        XCTAssertEqual(issue.articles.map(\.title), expected.articles.map(\.title))
        XCTAssertEqual(issue.articles.map(\.source), expected.articles.map(\.source))
        XCTAssertEqual(issue.articles.map { $0.blocks.map(\.plainText) }, expected.articles.map { $0.blocks.map(\.plainText) })
        XCTAssertEqual(result.report.needsLook, [
            "'镇江出台深化非公企业产改工作意见' is set as an article title, though the 目录 lists no such title",
            "'沙钢聚力四大举措打造新时代“钢铁劲旅”' is set as an article title, though the 目录 lists no such title",
            "目录 entry '这个标题不在正文里' matches no article title",
            "目录 entry '另一个不在正文里的标题' matches no article title"])
    }

    /// CR LF text imports as LF text does; a value holding U+2028 (a line break to YAML) is written
    /// so that it reads back; joins past the first twenty are counted, not listed.
    func testCRLFLineSeparatorsAndManyJoins() throws {
        let lf = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", encoding: .utf8)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(try XCTUnwrap(TextImporter().importText(crlf).issue), try XCTUnwrap(TextImporter().importText(lf).issue))
        let separated = TextImporter().importText(lf.replacingOccurrences(of: "送：省产改联席会议成员单位", with: "送：省产改联席会议\u{2028}成员单位"))
        let markdown = IssueWriter.markdown(try XCTUnwrap(separated.issue))
        XCTAssertTrue(markdown.contains("\\u2028"), markdown)
        XCTAssertNoThrow(try IssueParser.parse(SourceText(path: "imported.md", text: markdown)))
        let head = String(lf[..<lf.range(of: "## 目 录")!.lowerBound])
        let unterminated = head + "## · 标题\n\n" + (1...200).map { "第\($0)段正文没有句号\n\n" }.joined()
        let many = TextImporter().importText(unterminated)
        XCTAssertEqual(many.report.notes.filter { $0.hasPrefix("joined") }.count, 20)
        XCTAssertTrue(many.report.notes.contains("… and 179 more lines joined the same way"), many.report.text)
    }

    /// Without a 目录, ·-marked headings below the title level are set as subheadings, and said.
    func testWithoutAContentsListDeeperHeadingsAreNamedForALook() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", encoding: .utf8)
        let cut = text.range(of: "## 目 录")!.lowerBound..<text.range(of: "## · 镇江")!.lowerBound
        let result = TextImporter().importText(text.replacingCharacters(in: cut, with: ""))
        let issue = try written(try XCTUnwrap(result.issue, result.report.text))
        let said = result.report.needsLook.filter { $0.contains("is set as a subheading of") }
        XCTAssertEqual(said.count, issue.articles.flatMap(\.blocks).filter { $0.kind == .subheading }.count)
        XCTAssertFalse(said.isEmpty, result.report.text)
        XCTAssertEqual(issue.articles.compactMap(\.source).count + issue.articles.flatMap(\.blocks).filter { $0.plainText.hasPrefix("（") && $0.plainText.hasSuffix("）") }.count, 6,
                       "every source line is kept")
    }

    /// A （…） line with more text after it was not the article's source line: it stays in the text.
    func testASourceLineFollowedByTextStaysInTheText() throws {
        let text = """
            新时代江苏产业工人队伍建设改革联席会
            专报
            2024年第9期（总第39期）
            新时代江苏产业工人队伍建设改革联席会议办公室　2024年7月9日

            ## 甲文章标题

            第一段正文。

            （据新华社报道）

            第二段正文。

            （某某市总工会）
            """
        let result = TextImporter().importText(text)
        let issue = try written(try XCTUnwrap(result.issue, result.report.text))
        let article = try XCTUnwrap(issue.articles.first)
        XCTAssertEqual(article.blocks.map(\.plainText), ["第一段正文。", "（据新华社报道）", "第二段正文。"])
        XCTAssertEqual(article.source, "某某市总工会")
    }

    /// A Word picture that is not JPEG or PNG (an EMF, say) is left out and named for a look; a
    /// package that unpacks to more than 256 MB is refused, however small the file.
    func testWordPicturesOutOfReachAreNamedAndZipBombsRefused() throws {
        let dir = try temporaryDirectory()
        let script = #"""
            import sys, zipfile
            W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
            def p(t, c=False): return '<w:p>' + ('<w:pPr><w:jc w:val="center"/></w:pPr>' if c else '') + '<w:r>' + ('<w:rPr><w:b/></w:rPr>' if c else '') + '<w:t>' + t + '</w:t></w:r></w:p>'
            def pic(r): return '<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="' + r + '"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>'
            def make(path, n, size, data):
                body = [p('江苏省总工会工作动态', True), p('简报', True), p('2024年第11期（总第43期）', True), p('江苏省总工会办公室　　2024年11月20日'),
                        p('甲文章标题', True), p('这是正文第一段，内容完整。')] + [pic('r%d' % i) for i in range(n)] + [p('（某某单位）')]
                with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + '><w:body>' + ''.join(body) + '</w:body></w:document>')
                    z.writestr('word/_rels/document.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                               + ''.join('<Relationship Id="r%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/i%d.emf"/>' % (i, i) for i in range(n)) + '</Relationships>')
                    for i in range(n):
                        with z.open('word/media/i%d.emf' % i, 'w') as f:
                            for _ in range(size): f.write(data)
            make(sys.argv[1] + '/emf.docx', 1, 1, b'\x01\x00\x00\x00' + b'\x00' * 100)
            make(sys.argv[1] + '/bomb.docx', 5, 60, b'\x00' * (1 << 20))
            """#
        try script.write(toFile: dir + "/make.py", atomically: true, encoding: .utf8)
        let made = try runProcess("/usr/bin/env", ["python3", dir + "/make.py", dir])
        XCTAssertEqual(made.status, 0, made.output)
        let emf = DocxImporter().importDocx(try Data(contentsOf: URL(fileURLWithPath: dir + "/emf.docx")))
        XCTAssertNotNil(emf.issue, emf.report.text)
        XCTAssertTrue(emf.files.isEmpty)
        XCTAssertEqual(emf.report.needsLook, ["a picture (i0.emf) is not a JPEG or PNG image and was left out; save it as JPEG or PNG and add it with ![图注](file)"])
        let bomb = DocxImporter().importDocx(try Data(contentsOf: URL(fileURLWithPath: dir + "/bomb.docx")))
        XCTAssertNil(bomb.issue)
        XCTAssertTrue(bomb.report.text.contains("unpacks to more than 256 MB"), bomb.report.text)
    }

    /// A Word text box (written twice, as mc:Choice and mc:Fallback, inside a run of the paragraph
    /// around it) comes in once, and the paragraph around it keeps its text before and after it.
    func testAWordTextBoxComesInOnceAndTheParagraphAroundItWhole() throws {
        let dir = try temporaryDirectory()
        let script = #"""
            import sys, zipfile
            W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
            def p(t, c=False): return '<w:p>' + ('<w:pPr><w:jc w:val="center"/></w:pPr>' if c else '') + '<w:r>' + ('<w:rPr><w:b/></w:rPr>' if c else '') + '<w:t>' + t + '</w:t></w:r></w:p>'
            box = '<w:txbxContent><w:p><w:r><w:t>文本框里的话。</w:t></w:r></w:p></w:txbxContent>'
            outer = ('<w:p><w:r><w:t>文章开头的正文，</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>' + box
                     + '</w:drawing></mc:Choice><mc:Fallback><w:pict>' + box + '</w:pict></mc:Fallback></mc:AlternateContent></w:r>'
                     + '<w:r><w:t>后面还有正文内容结束。</w:t></w:r></w:p>')
            body = [p('江苏省总工会工作动态', True), p('简报', True), p('2024年第11期（总第43期）', True), p('江苏省总工会办公室　　2024年11月20日'),
                    p('甲文章标题', True), outer, p('（某某单位）')]
            with zipfile.ZipFile(sys.argv[1] + '/box.docx', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + '><w:body>' + ''.join(body) + '</w:body></w:document>')
            """#
        try script.write(toFile: dir + "/make.py", atomically: true, encoding: .utf8)
        let made = try runProcess("/usr/bin/env", ["python3", dir + "/make.py", dir])
        XCTAssertEqual(made.status, 0, made.output)
        let result = DocxImporter().importDocx(try Data(contentsOf: URL(fileURLWithPath: dir + "/box.docx")))
        let issue = try written(try XCTUnwrap(result.issue, result.report.text))
        let article = try XCTUnwrap(issue.articles.first)
        XCTAssertEqual(article.title, "甲文章标题")
        XCTAssertEqual(article.blocks.map(\.plainText), ["文本框里的话。", "文章开头的正文，后面还有正文内容结束。"])
        XCTAssertEqual(article.source, "某某单位")
    }

    /// `import --batch` that would import nothing, or two files into one issue, says so and exits 1.
    func testImportBatchRefusesToDoNothingOrToMergeTwoInputs() throws {
        let dir = try temporaryDirectory()
        let missing = try runProcess(builtBinary, ["import", "--batch", dir + "/none", "--out", dir + "/o"])
        XCTAssertEqual(missing.status, 1, missing.output)
        XCTAssertTrue(missing.output.contains("none is not a folder that can be read"), missing.output)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.txt", toPath: dir + "/in/01.txt")
        let inside = try runProcess(builtBinary, ["import", "--batch", dir + "/in", "--out", dir + "/in"])
        XCTAssertEqual(inside.status, 1, inside.output)
        XCTAssertTrue(inside.output.contains("is inside --out"), inside.output)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Tests/Fixtures/zhuanbao-2024-09.docx", toPath: dir + "/in/01.docx")
        let clash = try runProcess(builtBinary, ["import", "--batch", dir + "/in", "--out", dir + "/o"])
        XCTAssertEqual(clash.status, 1, clash.output)
        XCTAssertTrue(clash.output.contains("01.docx and 01.txt would both be imported as"), clash.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/o/01.md"))
    }

    /// Two issues imported into one folder keep their photos apart (images/NAME/), each issue file
    /// names its own, and an existing photo is not replaced without --force.
    func testImportedPhotosGoIntoAFolderOfTheirIssue() throws {
        let dir = try temporaryDirectory()
        let docx = repositoryRoot + "/Tests/Fixtures/features-2024-11.docx"
        for name in ["11", "12"] {
            let r = try runProcess(builtBinary, ["import", docx, "-o", dir + "/\(name).md"])
            XCTAssertEqual(r.status, 0, r.output)
            let md = try String(contentsOfFile: dir + "/\(name).md", encoding: .utf8)
            XCTAssertTrue(md.contains("](images/\(name)/image1.jpg)"), md)
            XCTAssertTrue(md.contains("\n| 指标 | 2023年 | 2024年 | 增幅 |\n"), md)
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/images/\(name)/image2.jpg"))
        }
        try FileManager.default.removeItem(atPath: dir + "/12.md")
        let again = try runProcess(builtBinary, ["import", docx, "-o", dir + "/12.md"])
        XCTAssertEqual(again.status, 1, again.output)
        XCTAssertTrue(again.output.contains("images/12/image1.jpg already exists; nothing was written"), again.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/12.md"))
        // An issue path that cannot be written is found before any photo is.
        try FileManager.default.createDirectory(atPath: dir + "/13.md", withIntermediateDirectories: true)
        let blocked = try runProcess(builtBinary, ["import", docx, "-o", dir + "/13.md", "--force"])
        XCTAssertEqual(blocked.status, 1, blocked.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/images/13"))
        let rendered = try runProcess(builtBinary, ["render", dir + "/11.md", "-o", dir + "/11.pdf"], environment: ["BULLETIN_FONTS": repositoryRoot + "/Fonts"])
        XCTAssertEqual(rendered.status, 0, rendered.output)
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
