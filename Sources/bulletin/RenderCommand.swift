import ArgumentParser
import Foundation
import BulletinKit

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Render an issue (Markdown with YAML front matter, or JSON) to PDF.")

    @Argument(help: "The issue file (.md or .json).")
    var issue: String

    @Option(name: .shortAndLong, help: "Output PDF, or - for standard output (default: the issue's name with .pdf).")
    var output: String?

    @Option(help: "Layout name (a file in Layouts/ or a built-in one) or path; overrides the issue's `layout:`.")
    var layout: String?

    @Option(help: "Also write PNG pages into this folder.")
    var png: String?

    @Option(help: "Resolution of the PNG pages.")
    var dpi: Double = 96

    @Flag(help: "Print how long each stage took.")
    var timings = false

    @Flag(help: "Treat warnings (a character set by a fallback font, a dropped invisible character) as errors.")
    var strict = false

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard dpi.isFinite, dpi >= 1, dpi <= 2400 else { throw ValidationError("--dpi must be between 1 and 2400, not \(dpi)") }
        if output == "" { throw ValidationError("-o needs a file name (or - for standard output)") }
        if png == "" { throw ValidationError("--png needs a folder name") }
    }

    func run() throws {
        do {
            var clock = StageClock()
            let options = RenderOptions(layout: layout, limits: limits.renderLimits, strict: strict,
                                        creationEpoch: try RenderOptions.creationEpoch())
            let renderer = Renderer(concurrency: 1)
            let out = output ?? (PathName.deletingExtension(issue) + ".pdf")
            // Outputs are checked before any work: a bad one fails at once and destroys nothing.
            try OutputPlan.check(outputs: [(out, "-o")], inputs: [issue])
            if let png {
                for (path, what) in [(out, "-o"), (issue, "the issue")] where path != "-" && OutputPlan.isPageImage(path, in: png) {
                    throw Diagnostic.error("--png \(png) would overwrite \(what) \(path) with a page image", hint: "give another folder with --png")
                }
                try OutputFolder.make(png, option: "--png")
            }
            let result = try renderer.render(.file(issue), options: options)
            Report.warnings(result.diagnostics)
            clock.laps(result.stageTimes)
            let inputs = [issue] + result.layoutFiles.filter { !$0.hasPrefix(LayoutLoader.builtinPrefix) }
            if let png {
                // Every page image can be written before anything is: no PDF without its pages.
                let pages = result.tree.pages.indices.map { ("\(png)/page-\($0 + 1).png", "--png") }
                try OutputPlan.check(outputs: [(out, "-o")] + pages, inputs: inputs)
            }
            try OutputFile.write(try renderer.pdf(result), to: out, inputs: inputs)
            clock.lap("pdf")
            if let png {
                let pages = try renderer.png(result, dpi: dpi)
                for (i, data) in pages.enumerated() {
                    try OutputFile.write(data, to: "\(png)/page-\(i + 1).png", inputs: inputs)
                }
                PageImages.removeBeyond(pages.count, in: png)
                clock.lap("png")
            }
            let summary = "\(out == "-" ? "standard output" : out): \(result.tree.pages.count) pages\n"
            FileHandle(fileDescriptor: out == "-" ? STDERR_FILENO : STDOUT_FILENO).write(Data(summary.utf8))
            if timings { FileHandle.standardError.write(Data((clock.report + "\n").utf8)) }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Report.fail(error)
        }
    }
}

struct Fonts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "Show which font each logical family (仿宋, 黑体, …) resolves to, for an issue or a layout.")

    @Argument(help: "An issue file: resolve its fonts exactly as `render` would (its layout, its Fonts/ folder).")
    var issue: String?

    @Option(help: "Layout whose font chains to resolve, when no issue is given, or overriding the issue's.")
    var layout: String?

    func run() throws {
        do {
            let renderer = Renderer(concurrency: 1)
            let options = RenderOptions(layout: layout)
            let report = try issue.map { try renderer.fonts(for: .file($0), options: options) }
                ?? renderer.fonts(spec: try LayoutLoader.standard().load(layout ?? RenderOptions.defaultLayout), directory: nil, options: options)
            print("layout: \(report.layout.name) (\(report.layout.files.last ?? ""))")
            print("font folders: \(report.folders.isEmpty ? "none" : report.folders.joined(separator: ", "))")
            Report.warnings(report.problems)
            print(FontResolver.table(report.choices))
        } catch {
            throw Report.fail(error)
        }
    }
}

struct Layouts: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "layouts", abstract: "List the layouts found and where they are.")

    func run() throws {
        // A layout that cannot be loaded (bad YAML, a loop of extends) is listed with why.
        let loader = LayoutLoader.standard()
        for (name, path) in loader.available() {
            do {
                _ = try loader.load(name)
                print("\(name)\t\(path)")
            } catch {
                print("\(name)\t\(path)\t(cannot be loaded: \((error as? Diagnostic)?.message ?? "\(error)"))")
            }
        }
    }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Check an issue file and print its model as JSON (the form `render` also accepts); source positions are under `span` keys.")

    @Argument(help: "The issue file (.md).")
    var issue: String

    @OptionGroup var limits: LimitOptions

    func run() throws {
        do {
            let warnings = DiagnosticSink()
            let options = RenderOptions(limits: RenderLimits(parse: limits.parseLimits, maxPages: limits.maxPages))
            let parsed = try Renderer(concurrency: 1).document(.file(issue), options: options, warnings: warnings)
            Report.warnings(warnings.items)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data: Data
            switch parsed {
            case .bulletin(let i): data = try encoder.encode(i)
            case .gongwen(let g): data = try encoder.encode(g)
            }
            print(String(decoding: data, as: UTF8.self))
        } catch {
            throw Report.fail(error)
        }
    }
}

/// Wall-clock time per stage, for `--timings`.
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var laps: [(String, Double)] = []

    private var memory: [String] = []

    /// Stages timed inside the render pipeline.
    mutating func laps(_ stages: [(stage: String, milliseconds: Double)]) {
        for s in stages { laps.append((s.stage, s.milliseconds)); memory.append(StageClock.peakResidentMiB()) }
        last = DispatchTime.now().uptimeNanoseconds
    }

    mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((name, Double(now - last) / 1e6))
        memory.append(StageClock.peakResidentMiB())
        last = now
    }

    var report: String {
        zip(laps, memory).map { String(format: "%@ %.1f ms (peak %@ MiB)", $0.0.0, $0.0.1, $0.1) }.joined(separator: ", ")
    }

    /// VmHWM from /proc: the process's peak resident memory so far.
    static func peakResidentMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return "?" }
        return String(format: "%.1f", kb / 1024)
    }
}
