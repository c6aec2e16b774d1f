import ArgumentParser
import Foundation
import BulletinCore
import BulletinBatch
import LayoutSpec
import BulletinRender

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render many issues: files, folders (searched recursively) or glob patterns.",
        discussion: """
        Outputs mirror the input folders under --out. An issue whose source, layout files, fonts and \
        tool version are unchanged since the last batch is skipped (--force renders all). A bad issue \
        is reported and the others still render; the exit status is 1 if any failed.
        """)

    @Argument(help: "Issue files, folders or glob patterns.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String

    @Option(name: .shortAndLong, help: "Worker processes (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Render every issue, even unchanged ones.")
    var force = false

    @Option(help: "Layout name or path for every issue, overriding their `layout:`.")
    var layout: String?

    @Flag(help: "List what would be rendered and why (which dependency changed); render nothing.")
    var dryRun = false

    @Option(help: "Write a JSON report of every issue here.")
    var report: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Render only share K of N (K/N, or auto/N with K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID); each share keeps its own record and report.")
    var shard: String?

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder name") }
        if report == "" { throw ValidationError("--report needs a file name") }
        if let shard {
            // The form is checked here (a usage error); auto/N's index is read from the environment when running.
            let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let n = Int(parts[1]), (1...100_000).contains(n), parts[0] == "auto" || Int(parts[0]).map({ (1...n).contains($0) }) == true else {
                throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N (such as 2/8) or auto/N, not '\(shard)'")
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let jobs, !(1...(4 * cores)).contains(jobs) {
            throw ValidationError("--jobs must be between 1 and \(4 * cores) (four per core), not \(jobs)")
        }
    }

    func run() throws {
        var items: [BatchItem]
        do {
            // Files under --out (the PDFs, a report, the batch's record) are outputs, never issues.
            let outside = InstallLocation.absolute(out) + "/"
            let all = try BatchInputs.collect(inputs)
            // A batch's own reports (this one's, or a shard's) are never issues.
            let reportBase = report.map { InstallLocation.absolute(PathName.deletingExtension($0)) }
            items = all.filter { item in
                let path = InstallLocation.absolute(item.input)
                if (path + "/").hasPrefix(outside) { return false }
                if let base = reportBase, path.hasPrefix(base), path.hasSuffix(".json") { return false }
                return true
            }
            if items.isEmpty, !all.isEmpty {
                throw Diagnostic.error("every input is inside --out \(out) (or is the report): nothing to render", hint: "write the PDFs into a folder of their own")
            }
        } catch { throw Report.fail(error) }
        if items.isEmpty { throw Report.fail(Diagnostic.error("no issue files found in \(inputs.joined(separator: " "))")) }
        let share: Shard?
        do { share = try shard.map { try Shard.parse($0) } } catch { throw Report.fail(error) }
        var whole = ContentHash()
        for item in items.map(\.relativeOutput).sorted() { whole.add(item) }
        if let share { items = items.filter(share.takes) }
        let report = share.map { s in self.report.map(s.own) } ?? self.report
        for warning in SeriesCheck.problems(items.map(\.input)) { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
        do {
            if out.isEmpty { throw Diagnostic.error("--out needs a folder name, not an empty one") }
            try OutputFolder.make(out, option: "--out")
            // The report may not replace an issue, a PDF this batch writes or the batch's own record.
            if let report {
                let planned = items.map { (out + "/" + $0.relativeOutput, "a rendered issue") } + [(out + "/" + (share?.own(Manifest.fileName) ?? Manifest.fileName), "the batch's record")]
                try OutputPlan.check(outputs: [(report, "--report")] + planned, inputs: items.map(\.input))
                if report.hasSuffix(".md") || report.hasSuffix(".yaml") || report.hasSuffix(".yml") {
                    throw Diagnostic.error("--report \(report) looks like an issue or layout file; the report is JSON", hint: "name it report.json")
                }
            }
        } catch { throw Report.fail(error) }
        var options = BatchRunner.Options(outputFolder: out, jobs: max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount), force: force, layout: layout,
                                          executable: InstallLocation.executable, toolVersion: BulletinVersion.string, strict: strict)
        do { options.creationEpoch = try RenderOptions.creationEpoch() } catch { throw Report.fail(error) }
        options.dryRun = dryRun
        if let share { options.manifestName = share.own(Manifest.fileName) }
        options.limits = (limits.maxSourceSize, limits.maxParagraph, limits.maxArticles, limits.maxPages)
        let runner = BatchRunner(items: items, options: options)
        var summary: BatchSummary
        do { summary = try runner.run() } catch { throw Report.fail(error) }
        summary.shard = share.map { "\($0.index)/\($0.count)" }
        summary.batch = whole.hex
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try OutputFile.write(try encoder.encode(summary), to: report)
            } catch { throw Report.fail(error) }
        }
        if dryRun { return }
        print(summary.line)
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}

struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Internal: render jobs read from stdin (used by batch).", shouldDisplay: false)
    func run() throws { WorkerLoop.run() }
}
