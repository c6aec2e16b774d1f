import ArgumentParser
import Foundation
import BulletinCore

@main
struct Bulletin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "Typeset Chinese official bulletins (专报, 简报) into print-ready PDF.",
        version: BulletinVersion.string,
        subcommands: [Render.self, Batch.self, Preview.self, Parse.self, Fonts.self, Layouts.self, Worker.self]
    )
}

enum BulletinVersion {
    static let string = "0.1.0"
}

/// Prints diagnostics the way compilers do and turns them into a failing exit status.
enum Report {
    static func warnings(_ items: [Diagnostic]) {
        for d in items { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    }

    static func fail(_ error: Error) -> ExitCode {
        let text: String
        switch error {
        case let d as Diagnostic: text = d.description
        case let l as DiagnosticList: text = l.description
        default: text = "error: \(error)"
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        return ExitCode(1)
    }
}
