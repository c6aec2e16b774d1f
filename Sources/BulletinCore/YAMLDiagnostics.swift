import Foundation
import Yams

/// Turns a Yams error into a diagnostic at its place. `firstLine` is the file line of the YAML's
/// first line (front matter starts after `---`; a layout file at line 1). Used by the front-matter
/// reader and the layout loader alike.
public enum YAMLDiagnostics {
    public static func diagnostic(for error: YamlError, file: String, firstLine: Int = 1, text: String? = nil) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line + firstLine - 1, column: mark.column) }
        // A key written twice: named at its second line, without the parser's dump of the text.
        let described = "\(error)"
        if described.contains("duplicated key") {
            let listed = described.components(separatedBy: "duplicated key(s):").last ?? described
            let keys = listed.components(separatedBy: "'").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            if let key = keys.first, let text {
                var seen = 0
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let trimmed = line.drop(while: { $0 == " " })
                    if trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"" + key + "\":") {
                        seen += 1
                        if seen == 2 {
                            return .error("duplicate key '\(key)'", at: SourceLocation(file: file, line: i + firstLine, column: line.count - trimmed.count + 1),
                                          hint: "each key may be written once")
                        }
                    }
                }
            }
            return .error("duplicate key '\(keys.first ?? "")'", at: SourceLocation(file: file, line: firstLine, column: 1), hint: "each key may be written once")
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return .error("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        case let .reader(problem, offset, value, yaml):
            // Never quote the text: a file given by mistake (a password file) must not be echoed.
            var location = SourceLocation(file: file, line: firstLine, column: 1)
            if let offset {
                let before = Array(yaml.utf8.prefix(offset))
                let lines = before.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                let column = String(decoding: Array(lines.last ?? []), as: UTF8.self).unicodeScalars.count + 1
                location = SourceLocation(file: file, line: lines.count + firstLine - 1, column: column)
            }
            let code = value >= 0 ? String(format: " (U+%04X)", value) : ""
            return .error("invalid YAML: \(problem)\(code)", at: location, hint: "YAML files are text; remove the character, or check that this is the file you meant")
        default:
            return .error("invalid YAML: the text cannot be read as YAML", at: SourceLocation(file: file, line: firstLine, column: 1))
        }
    }
}
