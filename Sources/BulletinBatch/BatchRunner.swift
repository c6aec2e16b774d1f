import Foundation
import Synchronization
import BulletinCore
import BulletinRender

/// What happened to one issue of a batch, as the report lists it.
public struct BatchOutcome: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case rendered, skipped, failed }
    public var input: String
    public var output: String
    public var status: Status
    public var pages: Int
    public var milliseconds: Double
    public var diagnostics: [Diagnostic]
}

public struct BatchSummary: Codable, Sendable {
    public var rendered = 0, skipped = 0, failed = 0, pages = 0
    public var seconds = 0.0
    public var interrupted = false
    public var outcomes: [BatchOutcome] = []
    /// The shard this report is of, "K/N"; after a merge, "N" (every shard of N); nil unsharded.
    public var shard: String?
    /// A hash of every output of the batch (relative to its output folder) before it was split into
    /// shards: the shards of one batch share it, wherever they ran, so reports of different
    /// batches are not merged as one.
    public var batch: String?

    public init() {}

    /// The counts the outcomes add up to; a report whose counts differ from them was edited or damaged.
    public var countsMatchOutcomes: Bool {
        rendered == outcomes.filter { $0.status == .rendered }.count
            && skipped == outcomes.filter { $0.status == .skipped }.count
            && failed == outcomes.filter { $0.status == .failed }.count
            && pages == outcomes.reduce(0) { $0 + $1.pages }
    }

    /// This report and another shard's, as one: outcomes in input order, counts added, the
    /// longest time kept (shards run side by side).
    public func merged(with other: BatchSummary) -> BatchSummary {
        var m = BatchSummary()
        m.rendered = rendered + other.rendered
        m.skipped = skipped + other.skipped
        m.failed = failed + other.failed
        m.pages = pages + other.pages
        m.seconds = max(seconds, other.seconds)
        m.interrupted = interrupted || other.interrupted
        m.outcomes = (outcomes + other.outcomes).sorted { ($0.input, $0.output) < ($1.input, $1.output) }
        return m
    }

    public var line: String {
        let processed = rendered + failed
        let rate = seconds > 0 ? Double(processed) / seconds : 0
        return String(format: "rendered %d, skipped %d, failed %d, %d pages, %.2f s, %.1f issues/s%@",
                      rendered, skipped, failed, pages, seconds, rate, interrupted ? " (interrupted)" : "")
    }
}

/// Renders many issues with worker processes, each of which sets up fonts once and renders issue
/// after issue. A bad issue is reported and the others go on; a worker that crashes is replaced and
/// its issue reported failed, with no partial file left; Ctrl-C stops handing out work, lets the
/// running issues finish and keeps every finished output.
public final class BatchRunner: Sendable {
    public struct Options: Sendable {
        /// The render options every job gets, as the worker will build them.
        public var renderOptions: RenderOptions {
            WorkerJob(id: 0, input: "", output: "", layout: layout, strict: strict, maxSourceBytes: limits.source, maxParagraph: limits.paragraph,
                      maxArticles: limits.articles, maxPages: limits.pages, creationEpoch: creationEpoch).options
        }
        public var outputFolder: String
        public var jobs: Int
        public var force: Bool
        public var layout: String?
        public var executable: String
        public var toolVersion: String
        public var strict: Bool
        public var creationEpoch: Double?
        /// List what would be rendered and why, render nothing.
        public var dryRun = false
        /// The file the batch keeps its record in, inside the output folder (a shard keeps its own).
        public var manifestName = Manifest.fileName
        /// Limits passed to every job (max source bytes, paragraph, articles, pages).
        public var limits: (source: Int, paragraph: Int, articles: Int, pages: Int) = (8_000_000, 20_000, 2_000, 1000)
        public init(outputFolder: String, jobs: Int, force: Bool, layout: String?, executable: String, toolVersion: String, strict: Bool = false) {
            self.outputFolder = outputFolder; self.jobs = jobs; self.force = force; self.layout = layout
            self.executable = executable; self.toolVersion = toolVersion; self.strict = strict
        }
    }

    let items: [BatchItem]
    let options: Options

    /// What the worker threads share: taken and changed only under the lock.
    private struct State {
        var next = 0
        var cancelled = false
        var summary = BatchSummary()
        var manifest: Manifest
        /// The record's entries this run wrote or dropped, by output (nil: dropped).
        var changes: [String: Manifest.Entry?] = [:]
        /// Process ids of the running workers, to kill on a second Ctrl-C.
        var workers: Set<Int32> = []
    }
    private let state: Guarded<State>

    public init(items: [BatchItem], options: Options) {
        self.items = items
        self.options = options
        state = Guarded(State(manifest: Manifest.load(from: options.outputFolder, name: options.manifestName, tool: options.toolVersion)))
    }

    public func run() throws -> BatchSummary {
        try OutputFolder.make(options.outputFolder, option: "--out")
        let hasher = DependencyHasher(toolVersion: options.toolVersion, options: options.renderOptions)
        var pending: [(Int, BatchItem, [String: String]?)] = []
        let progress = ProgressReporter(total: items.count)
        for (i, item) in items.enumerated() {
            let deps = hasher.dependencies(item)
            let out = options.outputFolder + "/" + item.relativeOutput
            let recorded = state.withLock { $0.manifest.outputs[item.relativeOutput] }
            let why = options.force ? "--force" : DependencyHasher.reason(deps, recorded: recorded, outputPath: out)
            if options.dryRun {
                if let why { print("would render \(item.input) → \(out): \(why)") } else { print("up to date   \(item.input)") }
                continue
            }
            if why == nil {
                state.withLock {
                    $0.summary.skipped += 1
                    $0.summary.outcomes.append(BatchOutcome(input: item.input, output: out, status: .skipped, pages: 0, milliseconds: 0, diagnostics: []))
                }
                progress.finished("skipped  \(item.input)", important: false)
            } else {
                pending.append((i, item, deps))
            }
        }
        if options.dryRun { return state.withLock { $0.summary } }

        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { [weak self] in
            guard let self else { return }
            let (already, running) = self.state.withLock { s -> (Bool, Set<Int32>) in
                let already = s.cancelled
                s.cancelled = true
                return (already, s.workers)
            }
            if already { for pid in running { kill(pid, SIGKILL) } }
        }
        interrupt.resume()
        defer { interrupt.cancel(); signal(SIGINT, SIG_DFL) }

        let group = DispatchGroup()
        let work = pending
        for _ in 0..<max(1, min(options.jobs, work.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                self.workerLoop(work, progress)
                group.leave()
            }
        }
        group.wait()
        progress.clear()
        let (summary, changes) = state.withLock { s -> (BatchSummary, [String: Manifest.Entry?]) in
            s.summary.seconds = progress.seconds
            s.summary.interrupted = s.cancelled
            s.summary.outcomes.sort { $0.input < $1.input }
            return (s.summary, s.changes)
        }
        try Manifest.update(options.outputFolder, name: options.manifestName, tool: options.toolVersion, with: changes)
        return summary
    }

    private func take(_ pending: [(Int, BatchItem, [String: String]?)]) -> (Int, BatchItem, [String: String]?)? {
        state.withLock { s in
            guard !s.cancelled, s.next < pending.count else { return nil }
            defer { s.next += 1 }
            return pending[s.next]
        }
    }

    private func workerLoop(_ pending: [(Int, BatchItem, [String: String]?)], _ progress: ProgressReporter) {
        var worker: WorkerProcess?
        defer { worker?.finish() }
        while let (id, item, hash) = take(pending) {
            let output = options.outputFolder + "/" + item.relativeOutput
            if worker == nil {
                do {
                    let w = try WorkerProcess(executable: options.executable)
                    _ = state.withLock { $0.workers.insert(w.pid) }
                    worker = w
                } catch {
                    record(item, output, hash, WorkerResult(id: id, ok: false, pages: 0, milliseconds: 0,
                                                            diagnostics: [.error("cannot start a worker: \(error)")]), progress)
                    continue
                }
            }
            let job = WorkerJob(id: id, input: item.input, output: output, layout: options.layout, strict: options.strict,
                                maxSourceBytes: options.limits.source, maxParagraph: options.limits.paragraph,
                                maxArticles: options.limits.articles, maxPages: options.limits.pages, creationEpoch: options.creationEpoch)
            if let result = worker!.run(job) {
                record(item, output, hash, result, progress)
            } else {
                // The worker died on this issue: report it, clear what it left, start a fresh worker.
                let reason = worker!.exitDescription
                BatchRunner.removeTemporaryFiles(for: output, pid: worker!.pid)
                let pid = worker!.pid
                _ = state.withLock { $0.workers.remove(pid) }
                worker = nil
                record(item, output, hash, WorkerResult(id: id, ok: false, pages: 0, milliseconds: 0,
                                                        diagnostics: [.error("\(reason) while rendering \(item.input)")]), progress)
            }
        }
    }

    private func record(_ item: BatchItem, _ output: String, _ hash: [String: String]?, _ r: WorkerResult, _ progress: ProgressReporter) {
        let written = r.ok ? DependencyHasher.outputHash(output) : nil
        state.withLock { s in
            if r.ok {
                s.summary.rendered += 1
                s.summary.pages += r.pages
                let entry = hash.flatMap { deps in written.map { Manifest.Entry(dependencies: deps, output: $0) } }
                s.manifest.outputs[item.relativeOutput] = entry
                s.changes[item.relativeOutput] = .some(entry)
            } else {
                s.summary.failed += 1
                s.manifest.outputs[item.relativeOutput] = nil
                s.changes[item.relativeOutput] = .some(nil)
            }
            s.summary.outcomes.append(BatchOutcome(input: item.input, output: output, status: r.ok ? .rendered : .failed,
                                                   pages: r.pages, milliseconds: r.milliseconds, diagnostics: r.diagnostics))
        }
        let warnings = r.diagnostics.filter { $0.severity == .warning }.count
        if r.ok {
            let warn = warnings == 0 ? "" : "  (\(warnings) warnings)"
            progress.finished(String(format: "rendered %@ → %@ (%d pages, %.0f ms)%@", item.input, output, r.pages, r.milliseconds, warn), important: warnings > 0)
        } else {
            progress.finished("FAILED   \(item.input)\n" + r.diagnostics.map { "  " + $0.description.replacingOccurrences(of: "\n", with: "\n  ") }.joined(separator: "\n"), important: true)
        }
    }

    /// A worker killed mid-write leaves `.NAME.PID.RANDOM.tmp` beside the output; remove it.
    static func removeTemporaryFiles(for output: String, pid: Int32) {
        let dir = PathName.directory(output)
        let prefix = ".\(PathName.lastComponent(output)).\(pid)."
        for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where f.hasPrefix(prefix) && f.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: dir + "/" + f)
        }
    }
}
