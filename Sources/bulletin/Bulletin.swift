import ArgumentParser
import Foundation
import BulletinCore
import BulletinSource
import BulletinRender
import BulletinKit

@main
struct Bulletin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "Typeset Chinese official bulletins (专报, 简报) into print-ready PDF.",
        discussion: """
        Exit status: 0 success; 1 the issue (or a batch item) has errors, or warnings under --strict; \
        64 a usage error (an unknown option, a missing argument); 130 interrupted (Ctrl-C).
        """,
        version: BulletinVersion.string,
        subcommands: [Render.self, Batch.self, Preview.self, Parse.self, Import.self, New.self, Volume.self, ReportCommand.self, Fonts.self, Layouts.self, Worker.self]
    )

    /// Says once, before any command runs, when BULLETIN_LAYOUTS or BULLETIN_FONTS names a folder
    /// that is not there: it would be passed over without a word, and the layout or font looked
    /// for found elsewhere (or not at all). Workers, started by batch, stay quiet.
    static func main() {
        // A command that makes a font system has fontconfig's configuration loaded while it parses
        // its options and checks its files.
        let makesFonts: [any ParsableCommand.Type] = [Render.self, Preview.self, Fonts.self, Volume.self, Worker.self]
        if let command = CommandLine.arguments.dropFirst().first, makesFonts.contains(where: { $0.configuration.commandName == command }) {
            FontSystem.loadConfigurationAhead()
        }
        if CommandLine.arguments.dropFirst().first != "worker" {
            for name in ["BULLETIN_LAYOUTS", "BULLETIN_FONTS"] {
                for dir in (ProcessInfo.processInfo.environment[name] ?? "").split(separator: ":").map(String.init) where !dir.isEmpty {
                    if !PathName.isFolder(dir) {
                        Report.warnings([.warning("\(name) names \(dir), which is not a folder; it is not searched")])
                    }
                }
            }
        }
        main(nil)
    }
}

enum BulletinVersion {
    static let string = BulletinKitVersion.string
}

/// Prints diagnostics the way compilers do and turns them into a failing exit status.
enum Report {
    static func warnings(_ items: [Diagnostic]) {
        for d in items { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    }

    /// Prints the diagnostics not yet printed; throws when there is an error, or a warning under --strict.
    static func check(_ items: [Diagnostic], strict: Bool, alreadyPrinted: Int) throws {
        warnings(Array(items.dropFirst(alreadyPrinted)))
        let errors = items.filter { $0.severity == .error }.count
        let warned = items.filter { $0.severity == .warning }.count
        if errors > 0 { throw ExitCode(1) }
        if strict && warned > 0 {
            throw fail(Diagnostic.error("\(warned) warning(s) and --strict: no PDF written"))
        }
    }

    static func fail(_ error: Error) -> ExitCode {
        let text: String
        switch error {
        case let d as Diagnostic: text = d.description
        case let l as DiagnosticList: text = l.description
        case let f as RenderFailure: text = f.description
        default: text = "error: \(error)"
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        return ExitCode(1)
    }
}

/// Limits shared by `render` and `batch`, so a runaway file fails clearly.
struct LimitOptions: ParsableArguments {
    @Option(help: "Largest issue file accepted, in bytes.")
    var maxSourceSize: Int = ParseLimits.standard.maxSourceBytes

    @Option(help: "Longest paragraph accepted, in characters.")
    var maxParagraph: Int = ParseLimits.standard.maxParagraphCharacters

    @Option(help: "Most articles accepted in one issue.")
    var maxArticles: Int = ParseLimits.standard.maxArticles

    @Option(help: "Most pages an issue may come out as.")
    var maxPages: Int = 1000

    var parseLimits: ParseLimits {
        ParseLimits(maxSourceBytes: maxSourceSize, maxParagraphCharacters: maxParagraph, maxArticles: maxArticles)
    }

    func validate() throws {
        for (name, value, range) in [("--max-source-size", maxSourceSize, 1...1_000_000_000), ("--max-paragraph", maxParagraph, 1...10_000_000),
                                     ("--max-articles", maxArticles, 1...1_000_000), ("--max-pages", maxPages, 1...1_000_000)] where !range.contains(value) {
            throw ValidationError("\(name) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
    }

    var renderLimits: RenderLimits { RenderLimits(parse: parseLimits, maxPages: maxPages) }
}
