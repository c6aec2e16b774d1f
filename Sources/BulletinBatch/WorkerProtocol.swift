import Foundation
import CProcess
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
    /// The PDF creation date, seconds since 1970 (`SOURCE_DATE_EPOCH` of the batch).
    public var creationEpoch: Double?

    public init(id: Int, input: String, output: String, layout: String?, strict: Bool = false,
                maxSourceBytes: Int = ParseLimits.standard.maxSourceBytes, maxParagraph: Int = ParseLimits.standard.maxParagraphCharacters,
                maxArticles: Int = ParseLimits.standard.maxArticles, maxPages: Int = 1000, creationEpoch: Double? = nil) {
        self.creationEpoch = creationEpoch
        self.id = id; self.input = input; self.output = output; self.layout = layout; self.strict = strict
        self.maxSourceBytes = maxSourceBytes; self.maxParagraph = maxParagraph; self.maxArticles = maxArticles; self.maxPages = maxPages
    }

    private enum Key: String, CodingKey { case id, input, output, layout, strict, maxSourceBytes, maxParagraph, maxArticles, maxPages, creationEpoch }

    /// Only id, input and output are required, so a job can be written by hand (Scripts/leak-check does).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(id: try c.decode(Int.self, forKey: .id), input: try c.decode(String.self, forKey: .input),
                  output: try c.decode(String.self, forKey: .output), layout: try c.decodeIfPresent(String.self, forKey: .layout),
                  strict: try c.decodeIfPresent(Bool.self, forKey: .strict) ?? false,
                  maxSourceBytes: try c.decodeIfPresent(Int.self, forKey: .maxSourceBytes) ?? ParseLimits.standard.maxSourceBytes,
                  maxParagraph: try c.decodeIfPresent(Int.self, forKey: .maxParagraph) ?? ParseLimits.standard.maxParagraphCharacters,
                  maxArticles: try c.decodeIfPresent(Int.self, forKey: .maxArticles) ?? ParseLimits.standard.maxArticles,
                  maxPages: try c.decodeIfPresent(Int.self, forKey: .maxPages) ?? 1000,
                  creationEpoch: try c.decodeIfPresent(Double.self, forKey: .creationEpoch))
    }
}

extension WorkerJob {
    /// The render options of this job: the same value `render` builds from its flags.
    public var options: RenderOptions {
        RenderOptions(layout: layout, limits: RenderLimits(parse: ParseLimits(maxSourceBytes: maxSourceBytes, maxParagraphCharacters: maxParagraph,
                                                                              maxArticles: maxArticles), maxPages: maxPages),
                      strict: strict, creationEpoch: creationEpoch)
    }
}

/// A worker's answer, one JSON object per line.
public struct WorkerResult: Codable, Sendable {
    public var id: Int
    public var ok: Bool
    public var pages: Int
    public var milliseconds: Double
    /// Every diagnostic of the issue, warnings and errors, as fields.
    public var diagnostics: [Diagnostic]
}

/// The worker side: renderers are set up once, then every job read from stdin is rendered through
/// the one render pipeline and answered on stdout. Interrupts are ignored so a running job
/// finishes; the batch decides when to stop.
public enum WorkerLoop {
    public static func run() {
        // Ctrl-C is the batch's to handle; but when the batch is gone (killed, SIGTERM), so is this worker.
        signal(SIGINT, SIG_IGN)
        bulletin_die_with_parent()
        let renderer = Renderer(concurrency: 1)
        let decoder = JSONDecoder(), encoder = JSONEncoder()
        while let line = readLine() {
            let result: WorkerResult
            do {
                result = render(try decoder.decode(WorkerJob.self, from: Data(line.utf8)), renderer)
            } catch {
                result = WorkerResult(id: -1, ok: false, pages: 0, milliseconds: 0, diagnostics: [.error("not a job: \(error)")])
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
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        do {
            // Every core renders an issue of its own: nothing is done in the background.
            var options = job.options
            options.prepareInBackground = false
            let result = try renderer.render(.file(job.input), options: options)
            let pdf = try renderer.pdf(result)
            try OutputFolder.make(Renderer.directory(of: job.output), option: "the output folder")
            try OutputFile.write(pdf, to: job.output, inputs: [job.input] + result.layoutFiles.filter { !$0.hasPrefix(LayoutLoader.builtinPrefix) })
            return WorkerResult(id: job.id, ok: true, pages: result.tree.pages.count, milliseconds: elapsed(), diagnostics: result.diagnostics)
        } catch let f as RenderFailure {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: f.diagnostics)
        } catch let d as Diagnostic {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: [d])
        } catch {
            return WorkerResult(id: job.id, ok: false, pages: 0, milliseconds: elapsed(), diagnostics: [.error("\(error)")])
        }
    }
}
