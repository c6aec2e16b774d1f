import Yams

/// Turns a Yams error into a diagnostic at its place. `firstLine` is the file line of the YAML's
/// first line (front matter starts after `---`; a layout file at line 1). Used by the front-matter
/// reader and the layout loader alike.
public enum YAMLDiagnostics {
    public static func diagnostic(for error: YamlError, file: String, firstLine: Int = 1) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line + firstLine - 1, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return .error("invalid YAML: \(problem)\(context.map { " \($0.text)" } ?? "")", at: at(mark))
        default:
            return .error("invalid YAML: \(error)", at: SourceLocation(file: file, line: firstLine, column: 1))
        }
    }
}
