import Foundation
import BulletinCore
import BulletinModel

/// Limits a user can raise, so that a runaway file fails clearly instead of taking the machine.
public struct ParseLimits: Sendable, Hashable {
    public var maxSourceBytes: Int
    public var maxParagraphCharacters: Int
    public var maxArticles: Int
    public init(maxSourceBytes: Int = 8_000_000, maxParagraphCharacters: Int = 20_000, maxArticles: Int = 2_000) {
        self.maxSourceBytes = maxSourceBytes; self.maxParagraphCharacters = maxParagraphCharacters; self.maxArticles = maxArticles
    }
    public static let standard = ParseLimits()
}

/// Reads an issue file: YAML front matter between `---` lines, then the Markdown body.
public enum IssueParser {
    /// Parses a file from disk; `.json` files are decoded straight into the model.
    public static func parse(fileAt path: String, warnings: DiagnosticSink = DiagnosticSink(), limits: ParseLimits = .standard) throws -> Issue {
        let data = try InputFile.read(path, what: "an issue file", maxBytes: limits.maxSourceBytes)
        if let problem = InputFile.utf16Problem(data, path: path) { throw problem }
        if path.lowercased().hasSuffix(".json") {
            let issue: Issue
            let at = SourceLocation(file: path, line: 1, column: 1)
            do { issue = try JSONDecoder().decode(Issue.self, from: data) } catch let e as DecodingError {
                throw Diagnostic.error("cannot read the issue as JSON: \(JSONIssue.describe(e))", at: at,
                                       hint: "`bulletin parse ISSUE.md` prints an issue in this form")
            } catch {
                throw Diagnostic.error("cannot read the issue as JSON", at: at)
            }
            var problems = JSONIssue.unknownKeys(data, file: path)
            problems += IssueValidator.problems(issue, limits: limits, file: path)
            if !problems.isEmpty { throw DiagnosticList(problems) }
            return issue
        }
        return try parse(SourceText(path: path, data: data), warnings: warnings, limits: limits)
    }

    public static func parse(_ source: SourceText, warnings: DiagnosticSink = DiagnosticSink(), limits: ParseLimits = .standard) throws -> Issue {
        let lines = source.lines
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            throw Diagnostic.error("the file must start with YAML front matter between `---` lines", at: source.location(line: 1),
                                   hint: "begin the file with `---`, the fields (title, kind, year, number, publisher, date), then `---`")
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw Diagnostic.error("the front matter is not closed", at: source.location(line: 1),
                                   hint: "add a line `---` after the last field")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let fm = try FrontMatter(yaml: yaml, source: source, firstLine: 2, headerLocation: source.location(line: 1))

        var problems: [Diagnostic] = fm.problems
        func field<T>(_ f: () throws -> T?) -> T? {
            do { return try f() } catch let d as Diagnostic { problems.append(d); return nil } catch { return nil }
        }
        let title = field { try fm.string("title") }
        let kind = field { try fm.string("kind") }
        let year = field { try fm.integer("year", range: 1949...9999) }
        let number = field { try fm.integer("number", range: 1...9999) }
        let total = field { try fm.integer("total", range: 1...999_999) }
        let publisher = field { try fm.string("publisher") }
        let date = field { try fm.date("date") }
        let layout = field { try fm.string("layout") }
        let classification = field { try fm.string("classification") }
        let copies = field { try fm.integer("copies", range: 1...10_000_000) }
        let distribution = field { try fm.distribution() } ?? []
        if let total, let number, total < number, let (node, _) = fm.fields["total"] {
            problems.append(.error("total (总第\(total)期) is smaller than number (第\(number)期)", at: fm.location(of: node)))
        }
        if !problems.isEmpty {
            throw DiagnosticList(problems.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) })
        }
        let body = try MarkdownBody.parse(lines: Array(lines[(close + 1)...]), firstLine: close + 2, source: source, warnings: warnings, limits: limits)
        guard let title, let kind, let year, let number, let publisher, let date else {
            throw Diagnostic.error("incomplete front matter", at: source.location(line: 1))
        }
        var issue = Issue(layout: layout, title: title, kind: kind, year: year, number: number, total: total,
                          publisher: publisher, date: date, classification: classification,
                          sections: body.sections, distribution: distribution, copies: copies, span: fm.spans)
        if !body.note.isEmpty { issue.note = body.note }
        // The checks every input form passes (the parser made most of them already, with places).
        let invalid = IssueValidator.problems(issue, limits: limits, file: source.path)
        if !invalid.isEmpty { throw DiagnosticList(invalid) }
        return issue
    }
}

/// Readable messages for JSON issues: a decoding error names the field by its path
/// (sections[0].articles[2].title), and keys the model does not know are errors as in front matter.
enum JSONIssue {
    static func path(_ keys: [CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
        }
        return out.isEmpty ? "the top level" : "'\(out)'"
    }

    static func describe(_ e: DecodingError) -> String {
        switch e {
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])) is missing"
        case .valueNotFound(_, let c): return "\(path(c.codingPath)) is null"
        case .typeMismatch(let type, let c):
            let what: String
            switch type {
            case is Int.Type: what = "a whole number"
            case is String.Type: what = "text"
            case is Bool.Type: what = "true or false"
            case is [Any].Type: what = "a list"
            default: what = c.codingPath.isEmpty ? "an object {…}" : "an object {…}"
            }
            return "\(path(c.codingPath)) must be \(what)"
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty { return "the file is not valid JSON" }
            return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "the file does not match the issue format"
        }
    }

    static let issueKeys: Set<String> = ["layout", "title", "kind", "year", "number", "total", "publisher", "date", "classification",
                                         "note", "sections", "distribution", "copies", "span"]
    static let sectionKeys: Set<String> = ["title", "note", "articles", "span"]
    static let articleKeys: Set<String> = ["title", "blocks", "source", "span"]

    static func unknownKeys(_ data: Data, file: String) -> [Diagnostic] {
        guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        var out: [Diagnostic] = []
        let at = SourceLocation(file: file, line: 1, column: 1)
        func check(_ object: [String: Any], _ known: Set<String>, _ where_: String) {
            for key in object.keys.sorted() where !known.contains(key) {
                out.append(.error("unknown key '\(key)' in \(where_)", at: at, hint: "known keys: \(known.sorted().joined(separator: ", "))"))
            }
        }
        check(top, issueKeys, "the issue")
        for (i, s) in ((top["sections"] as? [[String: Any]]) ?? []).enumerated() {
            check(s, sectionKeys, "sections[\(i)]")
            for (j, a) in ((s["articles"] as? [[String: Any]]) ?? []).enumerated() { check(a, articleKeys, "sections[\(i)].articles[\(j)]") }
        }
        return out
    }
}
