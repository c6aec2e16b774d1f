import ArgumentParser
import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinRender
import LayoutSpec

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render an issue (Markdown with YAML front matter, or JSON) to PDF.")

    @Argument(help: "The issue file (.md or .json).")
    var issue: String

    @Option(name: .shortAndLong, help: "Output PDF (default: the issue's name with .pdf).")
    var output: String?

    @Option(help: "Layout name (a file in Layouts/) or path; overrides the issue's `layout:`.")
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

    func run() throws {
        do {
            var clock = StageClock()
            let warnings = DiagnosticSink()
            let parsed = try IssueParser.parse(fileAt: issue, warnings: warnings, limits: limits.parseLimits)
            Report.warnings(warnings.items)
            if strict && !warnings.items.isEmpty {
                throw Diagnostic.error("\(warnings.items.count) warning(s) and --strict: no PDF written")
            }
            clock.lap("parse")
            let issueDir = (issue as NSString).deletingLastPathComponent
            let dir = issueDir.isEmpty ? "." : issueDir
            let loader = LayoutLoader.standard(issueDirectory: dir)
            let spec = try loader.load(layout ?? parsed.layout ?? "zhuanbao", relativeTo: layout == nil ? dir : FileManager.default.currentDirectoryPath)
            clock.lap("layout file")
            let renderer = Renderer(fontFolders: Renderer.standardFontFolders(issueDirectory: dir))
            Report.warnings(renderer.fontProblems)
            for p in renderer.fontProblems { warnings.report(p) }
            _ = try renderer.fonts(for: spec)
            clock.lap("fonts")
            let tree = try renderer.layout(parsed, spec: spec)
            if tree.pages.count > limits.maxPages {
                throw Diagnostic.error("the issue comes out at \(tree.pages.count) pages, more than the limit of \(limits.maxPages)",
                                       at: SourceLocation(file: issue, line: 1, column: 1), hint: "raise it with --max-pages N")
            }
            let coverage = renderer.layoutDiagnostics(sourcePath: issue, spec: spec)
            try Report.check(warnings.items + coverage, strict: strict, alreadyPrinted: warnings.items.count)
            clock.lap("layout")
            let out = output ?? ((issue as NSString).deletingPathExtension + ".pdf")
            try renderer.writePDF(tree, metadata: Renderer.metadata(for: parsed), to: out)
            clock.lap("pdf")
            if let png {
                _ = try renderer.writePNGs(tree, to: png, dpi: dpi)
                clock.lap("png")
            }
            print("\(out): \(tree.pages.count) pages")
            if timings { FileHandle.standardError.write(Data((clock.report + "\n").utf8)) }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Report.fail(error)
        }
    }
}

struct Fonts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show which font each logical family (仿宋, 黑体, …) resolves to.")

    @Option(help: "Layout whose font chains to resolve.")
    var layout: String = "zhuanbao"

    func run() throws {
        do {
            let spec = try LayoutLoader.standard().load(layout)
            let renderer = Renderer(fontFolders: Renderer.standardFontFolders(issueDirectory: nil))
            let choices = try renderer.fonts(for: spec)
            print("layout: \(spec.name) (\(spec.files.last ?? ""))")
            print("font folders: \(renderer.system.fontFolders.isEmpty ? "none" : renderer.system.fontFolders.joined(separator: ", "))")
            Report.warnings(renderer.fontProblems)
            print(FontResolver.table(choices))
        } catch {
            throw Report.fail(error)
        }
    }
}

struct Layouts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the layouts found and where they are.")

    func run() throws {
        let loader = LayoutLoader.standard()
        let found = loader.available()
        if found.isEmpty {
            print("no layouts found; searched: \(loader.searchDirectories.joined(separator: ", "))")
            return
        }
        for (name, path) in found { print("\(name)\t\(path)") }
    }
}

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check an issue file and print its model as JSON (the form `render` also accepts).")

    @Argument(help: "The issue file (.md).")
    var issue: String

    func run() throws {
        do {
            let warnings = DiagnosticSink()
            let parsed = try IssueParser.parse(fileAt: issue, warnings: warnings)
            Report.warnings(warnings.items)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(parsed), as: UTF8.self))
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
