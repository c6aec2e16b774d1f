import Foundation
import Yams
import BulletinCore
import BulletinModel

/// The YAML header of an issue file, read field by field so that every error names its line.
struct FrontMatter {
    /// The keys a document kind's front matter may have, and those it must have.
    struct Schema {
        var known: [String]
        var required: [String]
        static let bulletin = Schema(known: ["layout", "title", "kind", "year", "number", "total", "publisher", "date",
                                             "classification", "distribution", "copies"],
                                     required: ["title", "kind", "year", "number", "publisher", "date"])
    }
    static let knownKeys = Schema.bulletin.known
    static let requiredKeys = Schema.bulletin.required
    let schema: Schema

    /// YAML aliases can make a small header expand without end (an "alias bomb"): the values it
    /// expands to are counted, and their text may not grow past a few times the file's own size.
    static func expansionProblem(_ root: Node, byteLimit: Int) -> String? {
        var values = 0, bytes = 0
        var stack = [root]
        while let node = stack.popLast() {
            values += 1
            if values > 100_000 { return "the front matter expands to more than 100000 values" }
            switch node {
            case .scalar(let s): bytes += s.string.utf8.count
            case .sequence(let seq): stack += Array(seq)
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .alias: break
            }
            if bytes > byteLimit { return "the front matter expands to more than \(byteLimit) bytes of text" }
        }
        return nil
    }

    var fields: [String: (node: Node, key: Node)] = [:]
    /// Unknown, duplicate and missing keys; reported together with the fields' own errors.
    var problems: [Diagnostic] = []
    let source: SourceText
    /// Line in the file of the YAML's first line (the line after `---`).
    let firstLine: Int

    init(yaml: String, source: SourceText, firstLine: Int, headerLocation: SourceLocation, schema: Schema = .bulletin) throws {
        self.schema = schema
        self.source = source
        self.firstLine = firstLine
        // Chinese input methods type "：" after a key all the time; YAML then reports a confusing
        // error a line later. Name the mark where it stands.
        for (i, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line.unicodeScalars)
            var k = 0
            while k < scalars.count, scalars[k] == " " || scalars[k] == "-" { k += 1 }
            let keyStart = k
            while k < scalars.count, scalars[k].properties.isAlphabetic || scalars[k] == "_" || scalars[k] == "-" { k += 1 }
            guard k > keyStart, k < scalars.count, scalars[k] == "：" else { continue }
            let key = String(String.UnicodeScalarView(scalars[keyStart..<k]))
            throw Diagnostic.error("'\(key)' is followed by a full-width colon", at: source.location(line: i + firstLine, column: k + 1),
                                   hint: "\"：\" is a full-width colon; YAML needs \":\" (and a space after it)")
        }
        let root: Node?
        do {
            // Every value is read as text and converted here, so the tag resolver (regular expressions) is not needed.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch let error as YamlError {
            throw YAMLDiagnostics.diagnostic(for: error, file: source.path, firstLine: firstLine, text: yaml)
        }
        if let root, let problem = FrontMatter.expansionProblem(root, byteLimit: max(source.lines.reduce(0) { $0 + $1.utf8.count }, 4096) * 4) {
            throw Diagnostic.error(problem, at: headerLocation, hint: "it repeats values through YAML aliases (*name); write them out")
        }
        guard let root else {
            throw Diagnostic.error("the front matter is empty", at: headerLocation,
                                   hint: "it needs at least: \(schema.required.joined(separator: ", "))")
        }
        guard case .mapping(let mapping) = root else {
            throw Diagnostic.error("the front matter must be a mapping of `key: value` lines", at: location(of: root))
        }
        for (k, v) in mapping {
            guard let key = k.string else {
                problems.append(.error("a front matter key must be text", at: location(of: k))); continue
            }
            if !schema.known.contains(key) {
                let near = nearestMatch(to: key, in: schema.known)
                problems.append(.error("unknown front matter key '\(key)'", at: location(of: k),
                                       hint: near.map { "did you mean '\($0)'?" } ?? "known keys: \(schema.known.joined(separator: ", "))"))
                continue
            }
            if fields[key] != nil {
                problems.append(.error("duplicate front matter key '\(key)'", at: location(of: k))); continue
            }
            fields[key] = (v, k)
        }
        for key in schema.required where fields[key] == nil {
            problems.append(.error("missing required front matter field '\(key)'", at: headerLocation,
                                   hint: "add a line `\(key): …` between the `---` lines"))
        }
    }

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return source.location(line: (mark?.line ?? 1) + firstLine - 1, column: mark?.column ?? 1)
    }

    /// Where each field's value was written, for the model's spans.
    var spans: [String: SourceSpan] {
        var out: [String: SourceSpan] = [:]
        for (key, field) in fields {
            let l = location(of: field.node)
            out[key] = SourceSpan(line: l.line, column: l.column)
        }
        return out
    }

    // MARK: typed access

    func string(_ key: String) throws -> String? {
        guard let (node, _) = fields[key] else { return nil }
        guard case .scalar(let s) = node else {
            throw Diagnostic.error("'\(key)' must be text", at: location(of: node))
        }
        let text = s.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw Diagnostic.error("'\(key)' is empty", at: location(of: node)) }
        // YAML's null (~, null) written unquoted means "no value", not the text "~".
        if s.style == .plain, ["~", "null", "Null", "NULL"].contains(text) {
            throw Diagnostic.error("'\(key)' is empty (YAML null)", at: location(of: node), hint: "write the value, or quote it: \"\(text)\"")
        }
        try FrontMatter.checkText(text, key, at: location(of: node))
        if let limit = FrontMatter.lengthLimits[key], text.count > limit {
            throw Diagnostic.error("'\(key)' has \(text.count) characters, more than the \(limit) it may have", at: location(of: node),
                                   hint: "shorten it; it must fit the masthead")
        }
        return text
    }

    /// The most characters a masthead field can hold (beyond them it cannot fit any page).
    static let lengthLimits = ["title": 60, "kind": 12, "publisher": 80, "classification": 30, "layout": 1000]

    /// A value holding a control character (a YAML escape such as "\0") is an error at its place.
    static func checkText(_ text: String, _ what: String, at location: SourceLocation) throws {
        if let c = TextChecks.controlCharacter(in: text) {
            throw Diagnostic.error("'\(what)' holds the control character \(TextChecks.name(c))", at: location,
                                   hint: "remove it (a YAML escape such as \\0 writes one)")
        }
    }

    func integer(_ key: String, range: ClosedRange<Int>) throws -> Int? {
        guard let (node, _) = fields[key] else { return nil }
        guard case .scalar(let s) = node, let n = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            throw Diagnostic.error("'\(key)' must be a whole number written in Arabic digits, not '\(node.string ?? "…")'",
                                   at: location(of: node), hint: "for example `\(key): 9`")
        }
        guard range.contains(n) else {
            throw Diagnostic.error("'\(key)' is \(n), outside \(range.lowerBound)…\(range.upperBound)", at: location(of: node))
        }
        return n
    }

    /// One text or a list of texts (`issuer: 省总工会` or `issuer: [甲, 乙]`).
    func list(_ key: String) throws -> [String]? {
        guard let (node, _) = fields[key] else { return nil }
        var items: [String] = []
        switch node {
        case .scalar(let s): items = [s.string]
        case .sequence(let seq):
            for item in seq {
                guard case .scalar(let s) = item else { throw Diagnostic.error("each item of '\(key)' must be text", at: location(of: item)) }
                items.append(s.string)
            }
        default: throw Diagnostic.error("'\(key)' must be text or a list of texts", at: location(of: node))
        }
        items = items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if items.isEmpty || items.contains(where: \.isEmpty) { throw Diagnostic.error("'\(key)' has an empty item", at: location(of: node)) }
        for item in items { try FrontMatter.checkText(item, key, at: location(of: node)) }
        return items
    }

    func date(_ key: String) throws -> IssueDate? {
        guard let (node, _) = fields[key] else { return nil }
        guard case .scalar(let s) = node else {
            throw Diagnostic.error("'\(key)' must be a date YYYY-MM-DD", at: location(of: node))
        }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        switch IssueDate.parse(text) {
        case .success(let d): return d
        case .failure(.notARealDate): throw Diagnostic.error("'\(text)' is not a real date", at: location(of: node))
        case .failure(.notADate):
            throw Diagnostic.error("'\(key)' must be a date written YYYY-MM-DD, not '\(text)'", at: location(of: node),
                                   hint: "for example `date: 2024-07-09`")
        }
    }

    /// `distribution:` is an ordered list of one-key mappings; a value is one line or a list of lines.
    func distribution() throws -> [DistributionEntry] {
        guard let (node, _) = fields["distribution"] else { return [] }
        if case .scalar(let s) = node, s.string.isEmpty || s.tag == .implicit && s.string == "~" { return [] }
        guard case .sequence(let seq) = node else {
            throw Diagnostic.error("'distribution' must be a list of entries such as `- 报: …`", at: location(of: node))
        }
        var entries: [DistributionEntry] = []
        for item in seq {
            guard case .mapping(let m) = item, m.count == 1, let (k, v) = m.first, let label = k.string,
                  !label.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Diagnostic.error("each distribution entry must be one `label: lines` pair, e.g. `- 送: 各设区市`", at: location(of: item))
            }
            var lines: [String] = []
            switch v {
            case .scalar(let s): lines = [s.string]
            case .sequence(let ls):
                for l in ls {
                    guard case .scalar(let s) = l else {
                        throw Diagnostic.error("a line of distribution entry '\(label)' must be text", at: location(of: l))
                    }
                    lines.append(s.string)
                }
            default:
                throw Diagnostic.error("distribution entry '\(label)' must be one line or a list of lines", at: location(of: v))
            }
            lines = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for line in lines { try FrontMatter.checkText(line, "distribution", at: location(of: v)) }
            if lines.isEmpty { throw Diagnostic.error("distribution entry '\(label)' has no text", at: location(of: k)) }
            let clean = label.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ":："))
            entries.append(DistributionEntry(label: clean, lines: lines))
        }
        return entries
    }
}
