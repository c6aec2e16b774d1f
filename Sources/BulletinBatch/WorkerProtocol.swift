import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinRender
import LayoutSpec

/// A render request sent to a worker process, one JSON object per line.
public struct WorkerJob: Codable, Sendable {
    public var id: Int
    public var input: String
    public var output: String
    public var layout: String?
    /// Warnings fail the issue.
    public var strict: Bool = false
    public var maxSourceBytes: Int = ParseLimits.standard.maxSourceBytes
    public var maxParagraph: Int = ParseLimits.standard.maxParagraphCharacters
    public var maxArticles: Int = ParseLimits.standard.maxArticles
    public var maxPages: Int = 1000

    public init(id: Int, input: String, output: String, layout: String?, strict: Bool = false,
                maxSourceBytes: Int = ParseLimits.standard.maxSourceBytes, maxParagraph: Int = ParseLimits.standard.maxParagraphCharacters,
                maxArticles: Int = ParseLimits.standard.maxArticles, maxPages: Int = 1000) {
        self.id = id; self.input = input; self.output = output; self.layout = layout; self.strict = strict
        self.maxSourceBytes = maxSourceBytes; self.maxParagraph = maxParagraph; self.maxArticles = maxArticles; self.maxPages = maxPages
    }

    private enum Key: String, CodingKey { case id, input, output, layout, strict, maxSourceBytes, maxParagraph, maxArticles, maxPages }

    /// Only id, input and output are required, so a job can be written by hand (Scripts/leak-check does).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(id: try c.decode(Int.self, forKey: .id), input: try c.decode(String.self, forKey: .input),
                  output: try c.decode(String.self, forKey: .output), layout: try c.decodeIfPresent(String.self, forKey: .layout),
                  strict: try c.decodeIfPresent(Bool.self, forKey: .strict) ?? false,
                  maxSourceBytes: try c.decodeIfPresent(Int.self, forKey: .maxSourceBytes) ?? ParseLimits.standard.maxSourceBytes,
                  maxParagraph: try c.decodeIfPresent(Int.self, forKey: .maxParagraph) ?? ParseLimits.standard.maxParagraphCharacters,
                  maxArticles: try c.decodeIfPresent(Int.self, forKey: .maxArticles) ?? ParseLimits.standard.maxArticles,
                  maxPages: try c.decodeIfPresent(Int.self, forKey: .maxPages) ?? 1000)
    }
}

/// A worker's answer, one JSON object per line.
public struct WorkerResult: Codable, Sendable {
    public var id: Int
    public var ok: Bool
    public var pages: Int
    public var milliseconds: Double
    public var diagnostics: [String]
    public var warnings: [String]
}

/// The worker side: Pango, fontconfig and Cairo are set up once, then every job read from stdin is
/// rendered and answered on stdout. Interrupts are ignored so a running job finishes; the batch
/// decides when to stop.
public enum WorkerLoop {
    public static func run() {
        signal(SIGINT, SIG_IGN)
        let renderer = Renderer(fontFolders: Renderer.standardFontFolders(issueDirectory: nil))
        let decoder = JSONDecoder(), encoder = JSONEncoder()
        while let line = readLine() {
            let result: WorkerResult
            do {
                result = render(try decoder.decode(WorkerJob.self, from: Data(line.utf8)), renderer)
            } catch {
                result = WorkerResult(id: -1, ok: false, pages: 0, milliseconds: 0, diagnostics: ["error: not a job: \(error)"], warnings: [])
            }
            if let data = try? encoder.encode(result) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
    }

    static func render(_ job: WorkerJob, _ renderer: Renderer) -> WorkerResult {
        // Fault injection for the batch's own tests: a worker that dies on a chosen input.
        if let marker = ProcessInfo.processInfo.environment["BULLETIN_WORKER_FAULT_INJECTION"], !marker.isEmpty,
           job.input.contains(marker) {
            abort()
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let warnings = DiagnosticSink()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        do {
            let issue = try IssueParser.parse(fileAt: job.input, warnings: warnings,
                                              limits: ParseLimits(maxSourceBytes: job.maxSourceBytes, maxParagraphCharacters: job.maxParagraph, maxArticles: job.maxArticles))
            let dir = (job.input as NSString).deletingLastPathComponent
            let spec = try LayoutLoader.standard(issueDirectory: dir.isEmpty ? "." : dir)
                .load(job.layout ?? issue.layout ?? "zhuanbao", relativeTo: job.layout == nil ? (dir.isEmpty ? "." : dir) : FileManager.default.currentDirectoryPath)
            let tree = try renderer.layout(issue, spec: spec)
            if tree.pages.count > job.maxPages {
                throw Diagnostic.error("the issue comes out at \(tree.pages.count) pages, more than the limit of \(job.maxPages)",
                                       at: SourceLocation(file: job.input, line: 1, column: 1), hint: "raise it with --max-pages N")
            }
            let coverage = renderer.layoutDiagnostics(sourcePath: job.input, spec: spec)
            for d in coverage where d.severity == .warning { warnings.report(d) }
            let errors = coverage.filter { $0.severity == .error }
            if !errors.isEmpty { throw DiagnosticList(errors) }
            if job.strict && !warnings.items.isEmpty {
                throw Diagnostic.error("\(warnings.items.count) warning(s) and --strict: no PDF written")
            }
            try FileManager.default.createDirectory(atPath: (job.output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try renderer.writePDF(tree, metadata: Renderer.metadata(for: issue), to: job.output)
            return WorkerResult(id: job.id, ok: true, pages: tree.pages.count, milliseconds: elapsed(), diagnostics: [],
                                warnings: warnings.items.map(\.description))
        } catch let d as Diagnostic {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: [d.description],
                                warnings: warnings.items.map(\.description))
        } catch let l as DiagnosticList {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: l.diagnostics.map(\.description),
                                warnings: warnings.items.map(\.description))
        } catch {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: ["\(error)"],
                                warnings: warnings.items.map(\.description))
        }
    }
}
