import Foundation
import Synchronization
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinLayout
import LayoutSpec
import TextEngine

/// What to render: an issue file, issue text held in memory, or a model built by a program.
public enum RenderInput: Sendable {
    /// A `.md` issue, or a `.json` file holding the model.
    case file(String)
    /// Markdown issue text; `path` names it in messages and is where its `Layouts/` and `Fonts/` are looked for.
    case markdown(String, path: String)
    /// A model; relative layout paths and `Fonts/` are looked for in `directory`.
    case issue(Issue, directory: String)
}

extension RenderInput {
    /// The folder relative layouts and `Fonts/` are looked for in.
    var directory: String {
        switch self {
        case .file(let p), .markdown(_, let p): return Renderer.directory(of: p)
        case .issue(_, let d): return d
        }
    }

    /// The issue file, when there is one: where diagnostics are placed.
    var path: String? {
        switch self {
        case .file(let p), .markdown(_, let p): return p
        case .issue: return nil
        }
    }
}

/// Layouts loaded once for many inputs resolved in one go (a batch's change keys), by reference,
/// base folder and issue folder. A render never uses one: it must see a layout edited meanwhile.
public final class LayoutMemo {
    fileprivate var specs: [String: LayoutSpecification] = [:]
    public init() {}
}

/// A laid-out issue and everything said about it: what every sink (PDF, PNG, page tree) starts from.
public struct RenderResult: Sendable {
    public var issue: Issue
    public var tree: PageTree
    /// Warnings, in the order the stages found them (errors end the render instead).
    public var diagnostics: [Diagnostic]
    /// The layout files read, base first (`builtin:` for a layout compiled into the tool).
    public var layoutFiles: [String]
    /// What each logical family resolved to.
    public var fonts: [FontChoice]
    public var fontFolders: [String]
    public var metadata: PDFMetadata
    /// The source file, when there is one.
    public var sourcePath: String?
    /// How long each stage took, in milliseconds, in order.
    public var stageTimes: [(stage: String, milliseconds: Double)]
    /// The 公文 rendered, when the layout's `document:` is gongwen (then `issue` only names it).
    public var gongwen: Gongwen? = nil
}

/// A render that did not succeed: every diagnostic found, errors and warnings.
public struct RenderFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { DiagnosticList(diagnostics).description }
}

/// The one render pipeline: source → model → layout → pages, then PDF or PNG bytes. Safe to share
/// between threads: each render takes a font system of its own from a pool (one pool per set of font
/// folders), and nothing of one render is kept for the next.
public final class Renderer: Sendable {
    /// Font systems by the set of font folders that exist: issues in folders without a `Fonts/` of
    /// their own share one. The most recently used few are kept; an archive where every folder has
    /// its own fonts does not pile up font systems.
    private let pools = Guarded<[(folders: [String], pool: EnginePool)]>([])
    private let poolSize: Int
    private static let poolsKept = 4

    /// `concurrency`: how many renders may run at once without waiting for a font system.
    public init(concurrency: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        poolSize = concurrency
    }

    func pool(for candidates: [String]) -> EnginePool {
        let folders = candidates.filter { dir in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue
        }
        return pools.withLock { pools in
            if let i = pools.firstIndex(where: { $0.folders == folders }) {
                let hit = pools.remove(at: i)
                pools.append(hit)
                return hit.pool
            }
            let p = EnginePool(fontFolders: folders, size: poolSize)
            pools.append((folders, p))
            if pools.count > Renderer.poolsKept { pools.removeFirst() }
            return p
        }
    }

    // MARK: - the stages

    /// Parses, lays out and checks an issue. Throws `RenderFailure` with every diagnostic when there
    /// is an error, or a warning under `options.strict`.
    public func render(_ input: RenderInput, options: RenderOptions = RenderOptions()) throws -> RenderResult {
        let sink = DiagnosticSink()
        var times: [(String, Double)] = []
        var last = DispatchTime.now().uptimeNanoseconds
        func lap(_ stage: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            times.append((stage, Double(now - last) / 1e6))
            last = now
        }
        do {
            // The font system is made while the issue is parsed; where the input is a file, its
            // folder (and so its Fonts/) is known before parsing.
            pool(for: options.resolvedFontFolders(issueDirectory: input.directory)).prepare()
            let source = sourceText(input, options: options)
            if let doc = try gongwen(source, options: options, warnings: sink) {
                return try render(doc, options: options, sink: sink)
            }
            let (issue, path, directory) = try parse(input, source: source, options: options, warnings: sink)
            lap("parse")
            let spec = try layout(for: issue, directory: directory, sourcePath: path, options: options)
            lap("layout file")
            let images = try ImageLoader.load(issue, issuePath: path)
            if !images.isEmpty { lap("images") }
            let folders = options.resolvedFontFolders(issueDirectory: directory)
            let metadata = try Renderer.metadata(for: issue, epoch: options.creationEpoch)
            // Setting up a font system (first use of a pool slot) counts as the fonts stage.
            let start = DispatchTime.now().uptimeNanoseconds
            let laid = try pool(for: folders).withSystem { system -> LaidOut in
                for file in system.unreadableFonts {
                    sink.report(.warning("\(file) is not a font that can be read (corrupt or not a font file); it is ignored",
                                         hint: "replace it with the original font file, or remove it"))
                }
                let choices = try FontResolver(system: system).resolve(spec)
                for c in choices where c.isStandIn {
                    sink.report(.init(.note, "\(c.logical): \(c.chain.first ?? "") not found, using \(c.face)"))
                }
                let named = Set(spec.fonts.values.flatMap { $0 }.map { FontResolver.parseCandidate($0).family.lowercased() })
                for f in system.folderFonts where !f.families.contains(where: { named.contains($0.lowercased()) }) {
                    sink.report(.init(.note, "\(f.file) (\(f.families.joined(separator: ", "))) is named by no font chain of the layout; it is not used",
                                      hint: "name one of its families under `fonts:` in the layout"))
                }
                let fontsDone = DispatchTime.now().uptimeNanoseconds
                let styles = StyleSheet(spec: spec, fonts: Dictionary(choices.map { ($0.logical, $0.face) }, uniquingKeysWith: { a, _ in a }))
                // The first title broken between words would load ICU's dictionary on this thread.
                if options.prepareInBackground { WordSegmenter.loadInBackground() }
                let result = try IssueLayout(styles: styles, measurer: system.measurer, maxPages: options.limits.maxPages, images: images).layoutWithNotes(issue)
                return LaidOut(result: result, choices: choices, fontMilliseconds: Double(fontsDone - start) / 1e6)
            }
            let layoutEnd = DispatchTime.now().uptimeNanoseconds
            times.append(("fonts", laid.fontMilliseconds))
            times.append(("layout", Double(layoutEnd - last) / 1e6 - laid.fontMilliseconds))
            last = layoutEnd
            for note in laid.result.breakNotes {
                sink.report(.warning("\(note.message): «\(note.word)…»", at: location(note.span, path)))
            }
            for d in GlyphCoverage.diagnostics(laid.result.glyphNotes, sourcePath: path, choices: laid.choices) { sink.report(d) }
            for note in laid.result.figureNotes {
                sink.report(.warning(note.message, at: location(note.span, path), hint: "use a photo with more pixels, or print it smaller with \"width=NN%\""))
            }
            let found = sink.items
            if found.contains(where: { $0.severity == .error }) { throw RenderFailure(found) }
            let warnings = found.filter { $0.severity == .warning }.count
            if options.strict, warnings > 0 {
                throw RenderFailure(found + [.error("\(warnings) warning(s) and --strict: nothing written")])
            }
            return RenderResult(issue: issue, tree: laid.result.tree, diagnostics: found, layoutFiles: spec.files, fonts: laid.choices,
                                fontFolders: folders, metadata: metadata, sourcePath: path, stageTimes: times)
        } catch let failure as RenderFailure {
            throw failure
        } catch let p as LayoutProblem {
            throw RenderFailure(sink.items + [.error(p.message, at: location(p.span, input.path), hint: p.hint)])
        } catch let d as Diagnostic {
            throw RenderFailure(sink.items + [d])
        } catch let list as DiagnosticList {
            throw RenderFailure(sink.items + list.diagnostics)
        }
    }

    /// The annual volume of `inputs` (one year of a series, put in issue order): laid out with one
    /// font system, so the PDF carries one subset of each font; each issue as `render` lays it out.
    public func volume(_ inputs: [RenderInput], title: String? = nil, folios: VolumeLayout.Folios = .continuous,
                       options: RenderOptions = RenderOptions()) throws -> RenderResult {
        let sink = DiagnosticSink()
        do {
            var parsed: [(issue: Issue, path: String?, directory: String)] = []
            for input in inputs { parsed.append(try parse(input, options: options, warnings: sink)) }
            parsed.sort { ($0.issue.year, $0.issue.number) < ($1.issue.year, $1.issue.number) }
            guard let first = parsed.first else { throw Diagnostic.error("a volume needs at least one issue") }
            // One volume binds one bulletin: issues of another are named, not silently bound under the first's name.
            for item in parsed where item.issue.title != first.issue.title || item.issue.kind != first.issue.kind {
                sink.report(.warning("\(item.path ?? "an issue") is \(item.issue.title)\(item.issue.kind), not \(first.issue.title)\(first.issue.kind)",
                                     hint: "bind each bulletin into a volume of its own"))
            }
            let spec = try layout(for: first.issue, directory: first.directory, sourcePath: first.path, options: options)
            let images = try parsed.map { try ImageLoader.load($0.issue, issuePath: $0.path) }
            let folders = options.resolvedFontFolders(issueDirectory: first.directory)
            let heading = title ?? "\(first.issue.title)\(first.issue.kind)"
            let years = Set(parsed.map(\.issue.year)).sorted()
            let subtitle = "\(years.map(String.init).joined(separator: "—"))年合订本（第\(first.issue.number)—\(parsed.last!.issue.number)期）"
            let (tree, choices) = try pool(for: folders).withSystem { system -> (PageTree, [FontChoice]) in
                let choices = try FontResolver(system: system).resolve(spec)
                let styles = StyleSheet(spec: spec, fonts: Dictionary(choices.map { ($0.logical, $0.face) }, uniquingKeysWith: { a, _ in a }))
                var trees: [(issue: Issue, tree: PageTree)] = []
                for (k, item) in parsed.enumerated() {
                    let laid = try IssueLayout(styles: styles, measurer: system.measurer, maxPages: options.limits.maxPages, images: images[k]).layoutWithNotes(item.issue)
                    trees.append((item.issue, laid.tree))
                }
                let volume = VolumeLayout(layout: IssueLayout(styles: styles, measurer: system.measurer))
                return (try volume.volume(title: heading, subtitle: subtitle, publisher: first.issue.publisher, issues: trees, folios: folios), choices)
            }
            var metadata = try Renderer.metadata(for: first.issue, epoch: options.creationEpoch)
            metadata.title = heading + " " + subtitle
            metadata.subject = subtitle
            return RenderResult(issue: first.issue, tree: tree, diagnostics: sink.items, layoutFiles: spec.files, fonts: choices,
                                fontFolders: folders, metadata: metadata, sourcePath: first.path, stageTimes: [])
        } catch let failure as RenderFailure {
            throw failure
        } catch let p as LayoutProblem {
            throw RenderFailure(sink.items + [.error(p.message, hint: p.hint)])
        } catch let d as Diagnostic {
            throw RenderFailure(sink.items + [d])
        } catch let list as DiagnosticList {
            throw RenderFailure(sink.items + list.diagnostics)
        }
    }

    /// The model of an input, of whichever kind its layout sets (what `bulletin parse` prints).
    public func document(_ input: RenderInput, options: RenderOptions = RenderOptions(), warnings: DiagnosticSink = DiagnosticSink()) throws -> Document {
        let source = sourceText(input, options: options)
        if let g = try gongwen(source, options: options, warnings: warnings) { return .gongwen(g.doc) }
        return .bulletin(try parse(input, source: source, options: options, warnings: warnings).0)
    }

    /// The text of a Markdown input, read and decoded once for both the kind check and the parser;
    /// nil for JSON and models, and for a file that cannot be read or decoded (the parser then
    /// reports why, with its hints).
    private func sourceText(_ input: RenderInput, options: RenderOptions) -> SourceText? {
        switch input {
        case .file(let path) where !path.lowercased().hasSuffix(".json"):
            guard let data = try? InputFile.read(path, what: "an issue file", maxBytes: options.limits.parse.maxSourceBytes),
                  InputFile.utf16Problem(data, path: path) == nil else { return nil }
            return try? SourceText(path: path, data: data)
        case .markdown(let text, let path): return SourceText(path: path, text: text)
        default: return nil
        }
    }

    /// A 公文 input: a Markdown file whose `layout:` names a layout with `document: gongwen`.
    private func gongwen(_ source: SourceText?, options: RenderOptions, warnings: DiagnosticSink, memo: LayoutMemo? = nil)
        throws -> (doc: Gongwen, spec: LayoutSpecification, path: String, directory: String)? {
        guard let source, let (spec, directory) = gongwenLayout(source, options: options, memo: memo) else { return nil }
        return (try GongwenParser.parse(source, warnings: warnings, limits: options.limits.parse), spec, source.path, directory)
    }

    /// The layout of a 公文 and the folder it is read from; nil when `source` is a bulletin (its
    /// layout does not set `document: gongwen`).
    private func gongwenLayout(_ source: SourceText, options: RenderOptions, memo: LayoutMemo? = nil) -> (spec: LayoutSpecification, directory: String)? {
        guard let named = options.layout ?? DocumentKinds.layoutName(source) else { return nil }
        // A built-in bulletin layout needs no loading to tell (the sample's `layout: zhuanbao`).
        if BuiltinLayouts.files[named] != nil, !DocumentKinds.builtinGongwenLayouts.contains(named) { return nil }
        let directory = Renderer.directory(of: source.path)
        let (name, base) = options.layoutReference(issueLayout: named, issueDirectory: directory)
        guard let spec = try? loadLayout(name, base: base, directory: directory, at: nil, options: options, memo: memo), spec.document == .gongwen else { return nil }
        return (spec, directory)
    }

    /// A 公文 through the same fonts, line breaker, paginator and painter as a bulletin.
    private func render(_ input: (doc: Gongwen, spec: LayoutSpecification, path: String, directory: String), options: RenderOptions,
                        sink: DiagnosticSink) throws -> RenderResult {
        let (doc, spec, path, directory) = input
        // The seal is read like a photo: inside the document's folder, a JPEG or PNG, errors at its line.
        var seal: ImageReference?
        if let file = doc.seal {
            var probe = Issue(title: doc.title, kind: "公文", year: doc.date.year, number: 1, publisher: "", date: doc.date,
                              sections: [Section(title: nil, articles: [Article(title: "", blocks: [.figure(Figure(path: file, caption: []))])])])
            probe.sections[0].articles[0].blocks[0].span = Positions(doc.span.value?["seal"])
            seal = try ImageLoader.load(probe, issuePath: path)[file]
        }
        let folders = options.resolvedFontFolders(issueDirectory: directory)
        let (result, choices) = try pool(for: folders).withSystem { system -> (IssueLayout.Result, [FontChoice]) in
            let choices = try FontResolver(system: system).resolve(spec)
            for c in choices where c.isStandIn { sink.report(.init(.note, "\(c.logical): \(c.chain.first ?? "") not found, using \(c.face)")) }
            let styles = StyleSheet(spec: spec, fonts: Dictionary(choices.map { ($0.logical, $0.face) }, uniquingKeysWith: { a, _ in a }))
            return (try GongwenLayout(layout: IssueLayout(styles: styles, measurer: system.measurer, maxPages: options.limits.maxPages), seal: seal).layout(doc), choices)
        }
        for note in result.breakNotes { sink.report(.warning("\(note.message): «\(note.word)…»", at: location(note.span, path))) }
        for d in GlyphCoverage.diagnostics(result.glyphNotes, sourcePath: path, choices: choices) { sink.report(d) }
        let found = sink.items
        if found.contains(where: { $0.severity == .error }) { throw RenderFailure(found) }
        let warnings = found.filter { $0.severity == .warning }.count
        if options.strict, warnings > 0 { throw RenderFailure(found + [.error("\(warnings) warning(s) and --strict: nothing written")]) }
        // The issue fields a render reports with (title, issuer, date) for a document that has no issue.
        let named = Issue(layout: doc.layout, title: doc.title, kind: "公文", year: doc.date.year, number: 1,
                          publisher: doc.issuers.joined(separator: "、"), date: doc.date, sections: [])
        var metadata = try Renderer.metadata(for: named, epoch: options.creationEpoch)
        metadata.title = doc.title
        metadata.subject = doc.number
        var r = RenderResult(issue: named, tree: result.tree, diagnostics: found, layoutFiles: spec.files, fonts: choices,
                             fontFolders: folders, metadata: metadata, sourcePath: path, stageTimes: [])
        r.gongwen = doc
        return r
    }

    private struct LaidOut: Sendable {
        var result: IssueLayout.Result
        var choices: [FontChoice]
        var fontMilliseconds: Double
    }

    private func location(_ span: SourceSpan?, _ path: String?) -> SourceLocation? {
        guard let span, let path else { return nil }
        return span.location(in: path)
    }

    /// `source` is the input's text when it was read already (`sourceText`).
    private func parse(_ input: RenderInput, source: SourceText? = nil, options: RenderOptions, warnings: DiagnosticSink) throws -> (Issue, String?, String) {
        switch input {
        case .file(let path):
            if let source {
                return (try IssueParser.parse(source, warnings: warnings, limits: options.limits.parse), path, Renderer.directory(of: path))
            }
            return (try IssueParser.parse(fileAt: path, warnings: warnings, limits: options.limits.parse), path, Renderer.directory(of: path))
        case .markdown(let text, let path):
            return (try IssueParser.parse(source ?? SourceText(path: path, text: text), warnings: warnings, limits: options.limits.parse), path, Renderer.directory(of: path))
        case .issue(let issue, let directory):
            let problems = IssueValidator.problems(issue, limits: options.limits.parse, file: "(issue)")
            if !problems.isEmpty { throw DiagnosticList(problems) }
            return (issue, nil, directory)
        }
    }

    /// The layout an issue gets, with its `extends` chain.
    public func layout(for issue: Issue, directory: String, sourcePath: String?, options: RenderOptions, memo: LayoutMemo? = nil) throws -> LayoutSpecification {
        let (name, base) = options.layoutReference(issueLayout: issue.layout, issueDirectory: directory)
        let at = options.layout == nil ? issue.span.value?["layout"].flatMap { s in sourcePath.map { s.location(in: $0) } } : nil
        return try loadLayout(name, base: base, directory: directory, at: at, options: options, memo: memo)
    }

    private func loadLayout(_ name: String, base: String?, directory: String, at: SourceLocation?, options: RenderOptions, memo: LayoutMemo?) throws -> LayoutSpecification {
        let key = "\(name)\u{0}\(base ?? "")\u{0}\(directory)"
        if let known = memo?.specs[key] { return known }
        let spec = try options.layoutLoader(issueDirectory: directory).load(name, from: at, relativeTo: base)
        memo?.specs[key] = spec
        return spec
    }

    /// The folder an issue file is in, "." for a bare file name.
    public static func directory(of path: String) -> String {
        let d = PathName.directory(path)
        return d.isEmpty ? "." : d
    }

    /// How each logical family of an input's layout resolves (a bulletin's or a 公文's), exactly as
    /// `render` resolves it.
    public func fonts(for input: RenderInput, options: RenderOptions = RenderOptions()) throws -> (choices: [FontChoice], folders: [String], problems: [Diagnostic], layout: LayoutSpecification) {
        let d = try dependencies(of: input, options: options)
        return try fonts(spec: d.spec, directory: d.directory, options: options)
    }

    /// Whether a Markdown file is a 公文: its layout sets `document: gongwen`.
    public func isGongwen(_ path: String, options: RenderOptions = RenderOptions()) -> Bool {
        guard let source = sourceText(.file(path), options: options) else { return false }
        return gongwenLayout(source, options: options) != nil
    }

    /// What an input's output depends on besides its own text, as `render` resolves it for either
    /// kind of document: its layout (with `extends`), the folder its `Fonts/` are looked for in, and
    /// the photo files (a 公文's seal among them).
    /// `memo`: layouts already loaded, when many inputs are resolved in one go (a batch's change keys).
    public func dependencies(of input: RenderInput, options: RenderOptions = RenderOptions(), memo: LayoutMemo? = nil) throws -> (spec: LayoutSpecification, directory: String, images: [String]) {
        let sink = DiagnosticSink()
        let source = sourceText(input, options: options)
        if let g = try gongwen(source, options: options, warnings: sink, memo: memo) {
            return (g.spec, g.directory, ImageLoader.files(of: g.doc, path: g.path))
        }
        let (issue, path, directory) = try parse(input, source: source, options: options, warnings: sink)
        let spec = try layout(for: issue, directory: directory, sourcePath: path, options: options, memo: memo)
        return (spec, directory, path.map { ImageLoader.files(of: issue, issuePath: $0) } ?? [])
    }

    /// How each logical family of a layout resolves, for issues in `directory`.
    public func fonts(spec: LayoutSpecification, directory: String?, options: RenderOptions = RenderOptions()) throws -> (choices: [FontChoice], folders: [String], problems: [Diagnostic], layout: LayoutSpecification) {
        let folders = options.resolvedFontFolders(issueDirectory: directory)
        return try pool(for: folders).withSystem { system in
            let problems = system.unreadableFonts.map { Diagnostic.warning("\($0) is not a font that can be read (corrupt or not a font file); it is ignored") }
            return (try FontResolver(system: system).resolve(spec), system.fontFolders, problems, spec)
        }
    }

    // MARK: - sinks

    /// The PDF, in memory.
    public func pdf(_ result: RenderResult) throws -> Data {
        try pool(for: result.fontFolders).withSystem { system in
            let canvas = PDFCanvas(pageSize: result.tree.pageSize, metadata: result.metadata)
            try Painter().paint(result.tree, on: canvas)
            return Data(try canvas.finish())
        }
    }

    /// Pages as PNG images, in memory, painted by the same code as the PDF; `pages` are 0-based
    /// indexes (nil: every page).
    public func png(_ tree: PageTree, fontFolders: [String], pages: [Int]? = nil, dpi: Double) throws -> [Data] {
        guard dpi.isFinite, dpi >= 1, dpi <= 2400 else { throw Diagnostic.error("a resolution of \(dpi) dpi is outside 1…2400") }
        let indexes = pages ?? Array(tree.pages.indices)
        return try pool(for: fontFolders).withSystem { system in
            var out: [Data] = []
            for i in indexes {
                let single = PageTree(pageSize: tree.pageSize, pages: [tree.pages[i]], outline: [], articlePages: tree.articlePages, fonts: tree.fonts)
                let canvas = RasterCanvas(dpi: dpi, pageSize: tree.pageSize, system: system)
                try Painter().paint(single, on: canvas)
                out += canvas.pngPages
            }
            return out
        }
    }

    public func png(_ result: RenderResult, pages: [Int]? = nil, dpi: Double) throws -> [Data] {
        try png(result.tree, fontFolders: result.fontFolders, pages: pages, dpi: dpi)
    }

    public static func metadata(for issue: Issue, epoch: Double?) throws -> PDFMetadata {
        var created = "\(issue.date.iso)T00:00:00"
        if let epoch {
            // By hand, in UTC: Foundation's date formatter loads ICU for a fixed format.
            var seconds = time_t(epoch.rounded(.down))
            var t = tm()
            gmtime_r(&seconds, &t)
            func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
            created = "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))"
        }
        return PDFMetadata(title: issue.documentTitle, author: issue.publisher, subject: issue.issueLine,
                           creator: "bulletin", creationDate: created)
    }
}
