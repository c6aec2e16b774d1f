import Synchronization
/// A place in a file, 1-based line and column (columns count Unicode scalars, as editors do for CJK text).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { "\(file):\(line):\(column)" }
}

public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning, note }
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.severity = severity; self.message = message; self.location = location; self.hint = hint
    }
    public static func error(_ m: String, at l: SourceLocation? = nil, hint: String? = nil) -> Diagnostic { .init(.error, m, at: l, hint: hint) }
    public static func warning(_ m: String, at l: SourceLocation? = nil, hint: String? = nil) -> Diagnostic { .init(.warning, m, at: l, hint: hint) }

    /// The compiler-style form: `FILE:LINE:COL: error: message`, in the user's language.
    public var description: String { description(in: MessageCatalogue.current) }

    /// The compiler-style form in a given language (Chinese: `FILE:LINE:COL: 错误：…`).
    public func description(in language: MessageCatalogue.Language) -> String {
        var s = ""
        if let l = location { s += "\(l): " }
        switch language {
        case .english:
            s += "\(severity.rawValue): \(message)"
            if let h = hint { s += "\n  hint: \(h)" }
        case .chinese:
            let word = ["error": "错误", "warning": "警告", "note": "说明"][severity.rawValue] ?? severity.rawValue
            s += "\(word)：\(MessageCatalogue.localized(message, in: .chinese))"
            if let h = hint { s += "\n  提示：\(MessageCatalogue.localized(h, in: .chinese))" }
        }
        return s
    }
}

/// Several diagnostics thrown together, so a user sees every error of a file in one run.
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ d: [Diagnostic]) { diagnostics = d }
    /// The first twenty in full, then a count: a badly broken file should not flood the terminal.
    public var description: String {
        var lines = diagnostics.prefix(20).map(\.description)
        if diagnostics.count > 20 { lines.append("… and \(diagnostics.count - 20) more") }
        return lines.joined(separator: "\n")
    }
}

/// Collects warnings while a stage runs; errors are thrown. Safe to share between threads.
public final class DiagnosticSink: Sendable {
    private let storage = Guarded<[Diagnostic]>([])
    public init() {}
    public func report(_ d: Diagnostic) { storage.withLock { $0.append(d) } }
    public var items: [Diagnostic] { storage.withLock { $0 } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
}

/// Suggests the nearest known word for a misspelt key ("did you mean …").
public func nearestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
    let w = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(w, Array($0.lowercased()))) }.sorted { $0.1 < $1.1 }
    guard let best = scored.first, best.1 <= max(2, w.count / 3) else { return nil }
    return best.0
}

/// A diagnostic as fields (file, line, column, severity, message, hint), the form reports carry.
extension Diagnostic: Codable {
    private enum Key: String, CodingKey { case file, line, column, severity, message, hint }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        hint = try c.decodeIfPresent(String.self, forKey: .hint)
        if let file = try c.decodeIfPresent(String.self, forKey: .file) {
            location = SourceLocation(file: file, line: try c.decodeIfPresent(Int.self, forKey: .line) ?? 1,
                                      column: try c.decodeIfPresent(Int.self, forKey: .column) ?? 1)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encodeIfPresent(location?.file, forKey: .file)
        try c.encodeIfPresent(location?.line, forKey: .line)
        try c.encodeIfPresent(location?.column, forKey: .column)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(hint, forKey: .hint)
    }
}
