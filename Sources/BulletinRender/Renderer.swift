import Foundation
import BulletinCore
import BulletinModel
import BulletinLayout
import LayoutSpec
import TextEngine

/// The whole pipeline for one issue: layout file → fonts → pages → PDF or PNG. Fontconfig and
/// Pango are set up once per renderer and reused for every issue it renders.
public final class Renderer {
    public let system: FontSystem
    public let measurer: PangoMeasurer
    private var fontCache: [String: [FontChoice]] = [:]

    public init(fontFolders: [String]) {
        system = FontSystem(fontFolders: fontFolders)
        measurer = PangoMeasurer(system: system)
    }

    /// `Fonts/` in the current folder, beside the issue, in `$BULLETIN_FONTS` and beside the tool.
    public static func standardFontFolders(issueDirectory: String?) -> [String] {
        InstallLocation.searchFolders(named: "Fonts", environment: "BULLETIN_FONTS", issueDirectory: issueDirectory)
    }

    public func fonts(for spec: LayoutSpecification) throws -> [FontChoice] {
        let key = spec.fonts.keys.sorted().map { "\($0)=\(spec.fonts[$0]!.joined(separator: ","))" }.joined(separator: ";")
        if let hit = fontCache[key] { return hit }
        let choices = try FontResolver(system: system).resolve(spec)
        fontCache[key] = choices
        return choices
    }

    /// Font files in the user's font folders that are not readable fonts.
    public var fontProblems: [Diagnostic] {
        system.unreadableFonts.map {
            .warning("\($0) is not a font that can be read (corrupt or not a font file); it is ignored",
                     hint: "replace it with the original font file, or remove it")
        }
    }

    /// Characters of the last layout that their fonts could not set.
    public private(set) var coverageNotes: [CoverageNote] = []

    public func layout(_ issue: Issue, spec: LayoutSpecification) throws -> PageTree {
        let choices = try fonts(for: spec)
        var map: [String: FontFace] = [:]
        for c in choices { map[c.logical] = c.face }
        let styles = StyleSheet(spec: spec, fonts: map)
        _ = measurer.takeCoverageNotes()
        let layout = IssueLayout(styles: styles, measurer: measurer)
        let tree = try layout.layout(issue)
        coverageNotes = measurer.takeCoverageNotes()
        layoutWarnings = layout.warnings
        return tree
    }

    /// Warnings of the last layout: words too long for a line, with the start of the word.
    public private(set) var layoutWarnings: [(message: String, word: String)] = []

    /// The last layout's warnings and glyph coverage as diagnostics placed in `sourcePath`.
    public func layoutDiagnostics(sourcePath: String?, spec: LayoutSpecification) -> [Diagnostic] {
        let find = SourceFinder(path: sourcePath)
        return layoutWarnings.map { Diagnostic.warning("\($0.message): «\($0.word)…»", at: find.location(of: $0.word)) }
            + GlyphCoverage.diagnostics(coverageNotes, sourcePath: sourcePath, choices: (try? fonts(for: spec)) ?? [])
    }

    public static func metadata(for issue: Issue) -> PDFMetadata {
        var created = "\(issue.date.iso)T00:00:00"
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(epoch) {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
            f.timeZone = TimeZone(identifier: "UTC")
            created = f.string(from: Date(timeIntervalSince1970: seconds))
        }
        return PDFMetadata(title: issue.documentTitle, author: issue.publisher, subject: issue.issueLine,
                           creator: "bulletin", creationDate: created)
    }

    /// Writes the PDF through a temporary file in the same folder and renames it into place, so a
    /// failed render never leaves a partial file or replaces a good one.
    public func writePDF(_ tree: PageTree, metadata: PDFMetadata, to path: String) throws {
        try AtomicFile.write(to: path) { temp in
            let canvas = try Canvas(target: .pdf(path: temp), pageSize: tree.pageSize, system: system, metadata: metadata)
            try Painter().paint(tree, on: canvas)
            try canvas.finish()
            try PDFRepair.rebuildCrossReferences(atPath: temp)
        }
    }

    /// One page as PNG bytes, painted by the same code as the PDF.
    public func pngData(_ tree: PageTree, page index: Int, dpi: Double) throws -> Data {
        let path = NSTemporaryDirectory() + "bulletin-page-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let single = PageTree(pageSize: tree.pageSize, pages: [tree.pages[index]], outline: [], articlePages: tree.articlePages)
        let canvas = try Canvas(target: .png(pathForPage: { _ in path }, dpi: dpi), pageSize: tree.pageSize, system: system, metadata: nil)
        try Painter().paint(single, on: canvas)
        guard let data = FileManager.default.contents(atPath: path) else { throw Diagnostic.error("could not read back the rendered page") }
        return data
    }

    /// Writes `page-1.png`, `page-2.png`, … into `directory`.
    public func writePNGs(_ tree: PageTree, to directory: String, dpi: Double) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for (i, page) in tree.pages.enumerated() {
            let final = "\(directory)/page-\(i + 1).png"
            try AtomicFile.write(to: final) { temp in
                let single = PageTree(pageSize: tree.pageSize, pages: [page], outline: [], articlePages: tree.articlePages)
                let canvas = try Canvas(target: .png(pathForPage: { _ in temp }, dpi: dpi), pageSize: tree.pageSize, system: system, metadata: nil)
                try Painter().paint(single, on: canvas)
            }
            written.append(final)
        }
        return written
    }
}

/// Write-to-temporary-then-rename.
public enum AtomicFile {
    public static func write(to path: String, _ body: (String) throws -> Void) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw Diagnostic.error("output path \(path) is a directory")
        }
        let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        if !fm.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue {
            throw Diagnostic.error("output folder \(dir) does not exist")
        }
        guard fm.isWritableFile(atPath: dir) else { throw Diagnostic.error("output folder \(dir) is not writable") }
        let temp = "\(dir)/.\((path as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try body(temp)
            guard rename(temp, path) == 0 else {
                throw Diagnostic.error("cannot move the output into place at \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: temp)
            throw error
        }
    }
}
