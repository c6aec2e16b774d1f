import XCTest
import Foundation
import BulletinKit
import BulletinTesting

/// The one render pipeline: every way in gives the same bytes, renders share one renderer safely,
/// and diagnostics found after layout are placed by the spans the parser recorded.
final class PipelineTests: XCTestCase {
    let examples = ["zhuanbao-2024-09", "jianbao-multi-section", "single-article", "long-toc", "punctuation"]

    /// Eight different issues: the examples and three variations written here.
    func eightIssues() throws -> [String] {
        let dir = try temporaryDirectory()
        var paths = examples.map { repositoryRoot + "/Examples/\($0).md" }
        let sample = try String(contentsOfFile: repositoryRoot + "/Examples/zhuanbao-2024-09.md", encoding: .utf8)
        for (i, extra) in ["补充的一段文字，用来让版面不同。", "另一段补充文字：2024年数据增长21.7%。", "第三段补充：新建工会146家。"].enumerated() {
            let path = dir + "/variant-\(i).md"
            try (sample + "\n" + extra + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        return paths
    }

    func testConcurrentRendersGiveTheSameBytesAsSequentialOnes() async throws {
        let paths = try eightIssues()
        let renderer = Renderer()
        var expected: [Data] = []
        for p in paths { expected.append(try renderer.pdf(try renderer.render(.file(p)))) }
        XCTAssertEqual(Set(expected).count, 8, "eight different issues")
        let rounds = Int(ProcessInfo.processInfo.environment["BULLETIN_CONCURRENCY_ROUNDS"] ?? "") ?? 20
        for round in 0..<rounds {
            let got = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
                for (i, p) in paths.enumerated() {
                    group.addTask { (i, try renderer.pdf(try renderer.render(.file(p)))) }
                }
                var out = [Data](repeating: Data(), count: paths.count)
                for try await (i, d) in group { out[i] = d }
                return out
            }
            for i in paths.indices { XCTAssertEqual(got[i], expected[i], "round \(round): \(paths[i]) differs when rendered concurrently") }
        }
    }

    /// A character the body font lacks, in the 5th article's 3rd paragraph, is reported there, even
    /// though the same character stands earlier in a title (whose font has it).
    func testGlyphWarningIsPlacedAtItsParagraphNotAtAnEarlierTitle() throws {
        var text = "---\ntitle: 测试刊名\nkind: 简报\nyear: 2024\nnumber: 1\npublisher: 测试单位\ndate: 2024-07-09\n---\n"
        var expectedLine = 0
        for a in 1...5 {
            text += "## 第\(a)篇文章\(a == 2 ? "含㐀字" : "")\n\n"
            for p in 1...3 {
                if a == 5 && p == 3 {
                    expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
                    text += "这是第三段，\n第二行有㐀这个字。\n\n"
                } else {
                    text += "第\(a)篇第\(p)段正文。\n\n"
                }
            }
        }
        let issue = try IssueParser.parse(SourceText(path: "issue.md", text: text))
        let spec = try builtInLayouts().load("zhuanbao")
        var fonts: [String: FontFace] = [:]
        for f in spec.fonts.keys { fonts[f] = FontFace(family: "Test " + f) }
        let body = fonts[spec.style(.body).font]!.family
        // The body font lacks 㐀; every other font has it.
        let measurer = FallbackMeasurer(missing: "㐀", inFamily: body)
        let result = try IssueLayout(styles: StyleSheet(spec: spec, fonts: fonts), measurer: measurer).layoutWithNotes(issue)
        XCTAssertEqual(result.glyphNotes.count, 1, "\(result.glyphNotes)")
        let note = try XCTUnwrap(result.glyphNotes.first)
        XCTAssertEqual(note.character, "㐀")
        XCTAssertEqual(note.usedFamily, "Fallback Sans")
        // The paragraph starts on `expectedLine`; the character is on its second source line, column 5.
        XCTAssertEqual(note.span, SourceSpan(line: expectedLine + 1, column: 5))
        let diagnostics = GlyphCoverage.diagnostics(result.glyphNotes, sourcePath: "issue.md", choices: [])
        XCTAssertEqual(diagnostics.map(\.description), ["issue.md:\(expectedLine + 1):5: warning: 㐀 (U+3400) has no glyph in \(body); set in Fallback Sans instead"])
    }

    /// `render`, `batch`, `preview` and BulletinTesting go through the one pipeline: with a layout
    /// and a font of the issue's own (its `Layouts/` and `Fonts/`) and `--strict`, they write the
    /// same PDF and the same PNG pages, byte for byte.
    func testEveryCommandWritesTheSameBytes() throws {
        let dir = try temporaryDirectory()
        let issueDir = dir + "/issues"
        try FileManager.default.createDirectory(atPath: issueDir + "/Fonts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: issueDir + "/Layouts", withIntermediateDirectories: true)
        // fonts-lxgw-wenkai, which Scripts/install-deps installs.
        let font = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
        XCTAssertTrue(FileManager.default.fileExists(atPath: font), "fonts-lxgw-wenkai is not installed")
        try FileManager.default.copyItem(atPath: font, toPath: issueDir + "/Fonts/LXGWWenKai-Regular.ttf")
        try "extends: zhuanbao\nname: own-fonts\nfonts:\n  仿宋: [LXGW WenKai]\n".write(toFile: issueDir + "/Layouts/own-fonts.yaml", atomically: true, encoding: .utf8)
        let sample = try String(contentsOfFile: repositoryRoot + "/Examples/zhuanbao-2024-09.md", encoding: .utf8)
        let issue = issueDir + "/issue.md"
        try sample.replacingOccurrences(of: "layout: zhuanbao", with: "layout: own-fonts").write(toFile: issue, atomically: true, encoding: .utf8)
        XCTAssertTrue(try String(contentsOfFile: issue, encoding: .utf8).contains("layout: own-fonts"))

        let env = ["SOURCE_DATE_EPOCH": "1720483200"]
        let r = try runProcess(builtBinary, ["render", issue, "-o", dir + "/render.pdf", "--strict", "--png", dir + "/render-png", "--dpi", "40"], environment: env, in: dir)
        XCTAssertEqual(r.status, 0, r.output)
        let b = try runProcess(builtBinary, ["batch", issueDir, "--out", dir + "/batch", "--strict"], environment: env, in: dir)
        XCTAssertEqual(b.status, 0, b.output)
        let p = try runProcess(builtBinary, ["preview", issue, "--out", dir + "/preview", "--dpi", "40"], environment: env, in: dir)
        XCTAssertEqual(p.status, 0, p.output)

        // The issue's own Fonts/ really is used: 仿宋 resolves to the copy there.
        let fonts = try runProcess(builtBinary, ["fonts", issue], in: dir)
        XCTAssertTrue(fonts.output.contains(issueDir + "/Fonts/LXGWWenKai-Regular.ttf"), fonts.output)

        // LXGW WenKai is a TrueType face: embedded whole as cut down, addressed by glyph index,
        // its text read back as written.
        let embedded = try runProcess("/usr/bin/env", ["pdffonts", dir + "/render.pdf"]).output
        let wenkai = try XCTUnwrap(embedded.split(separator: "\n").first { $0.contains("+LXGWWenKai") }, embedded)
        XCTAssertTrue(wenkai.contains("CID TrueType") && wenkai.contains("yes yes yes"), String(wenkai))
        let text = try runProcess("/usr/bin/env", ["pdftotext", dir + "/render.pdf", "-"]).output.filter { !$0.isWhitespace }
        XCTAssertTrue(text.contains("镇江市总工会会同市委社会工作部、市工商联联合下发"), String(text.prefix(400)))

        let rendered = try Data(contentsOf: URL(fileURLWithPath: dir + "/render.pdf"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/batch/issue.pdf")), rendered, "batch and render differ")
        let preview = BulletinPreview(fontFolders: nil)
        let result = try preview.renderer.render(.file(issue), options: RenderOptions(strict: true, creationEpoch: 1720483200))
        XCTAssertEqual(try preview.renderer.pdf(result), rendered, "the library (BulletinTesting's renderer) and render differ")
        for page in 1...result.tree.pages.count {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir + "/render-png/page-\(page).png"))
            let c = try Data(contentsOf: URL(fileURLWithPath: dir + "/preview/page-\(page).png"))
            XCTAssertEqual(a, c, "page \(page): preview and render --png differ")
        }
    }

    /// The built-in layouts are compiled from Layouts/ and found with no folder anywhere near.
    func testBuiltinLayoutsMatchLayoutsFolderAndAreFoundWithoutIt() throws {
        for file in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/Layouts") where file.hasSuffix(".yaml") {
            let name = (file as NSString).deletingPathExtension
            let text = try String(contentsOfFile: repositoryRoot + "/Layouts/" + file, encoding: .utf8)
            XCTAssertEqual(BuiltinLayouts.files[name].map { $0 + "\n" }, text, "run Scripts/embed-layouts: \(name) is out of date")
        }
        let spec = try LayoutLoader(searchDirectories: []).load("zhuanbao")
        XCTAssertEqual(spec.files, ["builtin:zhuanbao"])
        let dir = try temporaryDirectory()
        try FileManager.default.copyItem(atPath: builtBinary, toPath: dir + "/bulletin")
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/zhuanbao-2024-09.md", toPath: dir + "/issue.md")
        let (status, output) = try runProcess(dir + "/bulletin", ["render", "issue.md"], environment: ["BULLETIN_HOME": dir], in: dir)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("issue.pdf: 9 pages"), output)
        // `layouts` lists them as loadable, and marks a broken one of the folder with why.
        try FileManager.default.createDirectory(atPath: dir + "/Layouts", withIntermediateDirectories: true)
        try "extends: [\n".write(toFile: dir + "/Layouts/broken.yaml", atomically: true, encoding: .utf8)
        let listed = try runProcess(dir + "/bulletin", ["layouts"], environment: ["BULLETIN_HOME": dir], in: dir)
        XCTAssertTrue(listed.output.contains("zhuanbao\tbuiltin:zhuanbao\n"), listed.output)
        XCTAssertTrue(listed.output.contains("broken\t\(dir)/Layouts/broken.yaml\t(cannot be loaded: invalid YAML"), listed.output)
        XCTAssertEqual(listed.output.components(separatedBy: "cannot be loaded").count - 1, 1, listed.output)
        let missing = try runProcess(dir + "/bulletin", ["layouts"], environment: ["BULLETIN_HOME": dir, "BULLETIN_LAYOUTS": dir + "/none"], in: dir)
        XCTAssertTrue(missing.output.contains("warning: BULLETIN_LAYOUTS names \(dir)/none, which is not a folder; it is not searched"), missing.output)
    }

    /// The README's first Swift block that imports BulletinKit is Examples/LibraryUse/main.swift,
    /// built as `library-example`; run from the repository root it renders the sample and exits 0.
    func testReadmeLibraryExampleCompilesAndRuns() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let block = try XCTUnwrap(blocks.first { $0.contains("import BulletinKit") }, "the README has no BulletinKit example")
        XCTAssertEqual(block, try String(contentsOfFile: repositoryRoot + "/Examples/LibraryUse/main.swift", encoding: .utf8))
        let binary = URL(fileURLWithPath: builtBinary).deletingLastPathComponent().appendingPathComponent("library-example").path
        let (status, output) = try runProcess(binary, [], in: repositoryRoot)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("PDF: ") && output.contains("9 pages"), output)
        XCTAssertTrue(output.contains("PNG: page 1 is"), output)
    }
}

/// Square glyphs like `FixedMeasurer`, except that one character is missing from one family and
/// set by a fallback font.
final class FallbackMeasurer: TextMeasurer {
    let missing: String
    let family: String
    init(missing: String, inFamily family: String) { self.missing = missing; self.family = family }
    var fontTable: [FontKey] { [] }
    /// Every character a word of its own, unless the test gives words.
    func wordStarts(_ text: String) -> [Int] { Array(0...text.utf8.count) }

    func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        var out = FixedMeasurer().clusters(of: runs)
        for i in out.indices where out[i].text == missing && runs[out[i].run].face.family == family {
            out[i].fallbackFamily = "Fallback Sans"
        }
        return out
    }
}

extension PipelineTests {
    /// A licensed face is known by a Chinese and an English family name (仿宋_GB2312 and
    /// FangSong_GB2312): the same face whatever name matched it, so it raises no glyph warning for
    /// characters it has, and --strict passes, for render and batch alike.
    func testFacesWithChineseAndEnglishNamesRaiseNoFalseGlyphWarnings() throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/Fonts", withIntermediateDirectories: true)
        let fandol = repositoryRoot + "/Fonts/fandol"
        let fang = try Data(contentsOf: URL(fileURLWithPath: fandol + "/FandolFang-Regular.otf"))
        let song = try Data(contentsOf: URL(fileURLWithPath: fandol + "/FandolSong-Bold.otf"))
        try FontRenamer.rename(fang, chinese: "仿宋_GB2312", english: "FangSong_GB2312").write(to: URL(fileURLWithPath: dir + "/Fonts/fs.otf"))
        try FontRenamer.rename(song, chinese: "方正小标宋简体", english: "FZXiaoBiaoSong-B05S").write(to: URL(fileURLWithPath: dir + "/Fonts/xbs.otf"))
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/zhuanbao-2024-09.md", toPath: dir + "/issue.md")

        let fonts = try runProcess(builtBinary, ["fonts", "issue.md"], in: dir)
        XCTAssertTrue(fonts.output.contains(dir + "/Fonts/fs.otf"), fonts.output)
        XCTAssertTrue(fonts.output.contains(dir + "/Fonts/xbs.otf"), fonts.output)

        let render = try runProcess(builtBinary, ["render", "issue.md", "-o", "out.pdf", "--strict"], in: dir)
        XCTAssertEqual(render.status, 0, render.output)
        XCTAssertFalse(render.output.contains("has no glyph"), render.output)
        XCTAssertFalse(render.output.contains("小标宋:"), "小标宋 found, no stand-in note: \(render.output)")
        let batch = try runProcess(builtBinary, ["batch", "issue.md", "--out", "pdf", "--strict"], in: dir)
        XCTAssertEqual(batch.status, 0, batch.output)
        XCTAssertFalse(batch.output.contains("has no glyph"), batch.output)
        let pdffonts = try runProcess("/usr/bin/env", ["pdffonts", dir + "/out.pdf"])
        XCTAssertTrue(pdffonts.output.contains("FangSong_GB2312"), pdffonts.output)
    }
}
