import Foundation
import Yams
import BulletinCore

/// A YAML value with the file position it came from, so that a value merged in from a base
/// layout still reports its own file and line.
public indirect enum SpecValue: Sendable {
    case scalar(String)
    case list([SpecNode])
    case map([(key: String, keyLocation: SourceLocation, value: SpecNode)])
}

public struct SpecNode: Sendable {
    public var value: SpecValue
    public var location: SourceLocation

    /// Values a layout may hold in all: YAML aliases can make a small file expand without end
    /// (an "alias bomb"); past this the file is refused at once.
    static let valueBudget = 100_000

    static func from(_ node: Node, file: String) throws -> SpecNode {
        var budget = valueBudget
        return try from(node, file: file, budget: &budget)
    }

    private static func from(_ node: Node, file: String, budget: inout Int) throws -> SpecNode {
        budget -= 1
        if budget < 0 {
            throw Diagnostic.error("the layout file expands to more than \(valueBudget) values", at: SourceLocation(file: file, line: 1, column: 1),
                                   hint: "it repeats itself through YAML aliases (*name); write the values out")
        }
        let loc = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let s): return SpecNode(value: .scalar(s.string), location: loc)
        case .sequence(let seq): return SpecNode(value: .list(try seq.map { try from($0, file: file, budget: &budget) }), location: loc)
        case .mapping(let m):
            return SpecNode(value: .map(try m.map { k, v in
                (k.string ?? "", SourceLocation(file: file, line: k.mark?.line ?? 1, column: k.mark?.column ?? 1), try from(v, file: file, budget: &budget))
            }), location: loc)
        case .alias: return SpecNode(value: .scalar(""), location: loc)
        }
    }

    /// Keys of `override` replace those of `self`; nested maps merge key by key.
    func merged(with override: SpecNode) -> SpecNode {
        guard case .map(var base) = value, case .map(let over) = override.value else { return override }
        for entry in over {
            if let i = base.firstIndex(where: { $0.key == entry.key }) {
                base[i] = (entry.key, entry.keyLocation, base[i].value.merged(with: entry.value))
            } else {
                base.append(entry)
            }
        }
        return SpecNode(value: .map(base), location: override.location)
    }

    func child(_ key: String) -> SpecNode? {
        guard case .map(let m) = value else { return nil }
        return m.first(where: { $0.key == key })?.value
    }

    var scalar: String? { if case .scalar(let s) = value { return s } else { return nil } }
}

/// Walks a map and checks that every key was expected, suggesting the nearest known key otherwise.
struct MapReader {
    let node: SpecNode
    let entries: [(key: String, keyLocation: SourceLocation, value: SpecNode)]
    let what: String

    init(_ node: SpecNode, what: String) throws {
        guard case .map(let m) = node.value else {
            throw Diagnostic.error("\(what) must be a mapping of `key: value` lines", at: node.location)
        }
        self.node = node; entries = m; self.what = what
    }

    func checkKeys(_ known: [String]) throws {
        var problems: [Diagnostic] = []
        for e in entries where !known.contains(e.key) {
            let near = nearestMatch(to: e.key, in: known)
            problems.append(.error("unknown key '\(e.key)' in \(what)", at: e.keyLocation,
                                   hint: near.map { "did you mean '\($0)'?" } ?? "known keys: \(known.joined(separator: ", "))"))
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
    }

    subscript(_ key: String) -> SpecNode? { entries.first(where: { $0.key == key })?.value }
}

enum SpecParse {
    static func loadYAML(path: String) throws -> SpecNode {
        let data = try InputFile.read(path, what: "a layout file", maxBytes: 1_000_000)
        if let problem = InputFile.utf16Problem(data, path: path) { throw problem }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic.error("layout file is not UTF-8", at: SourceLocation(file: path, line: 1, column: 1))
        }
        return try parseYAML(text, file: path)
    }

    static func parseYAML(_ text: String, file path: String) throws -> SpecNode {
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw Diagnostic.error("layout file is empty", at: SourceLocation(file: path, line: 1, column: 1))
            }
            return try SpecNode.from(node, file: path)
        } catch let e as YamlError {
            throw YAMLDiagnostics.diagnostic(for: e, file: path, text: text)
        }
    }

    static func string(_ n: SpecNode, _ what: String) throws -> String {
        guard let s = n.scalar else { throw Diagnostic.error("\(what) must be a single value", at: n.location) }
        if let c = TextChecks.controlCharacter(in: s) {
            throw Diagnostic.error("\(what) holds the control character \(TextChecks.name(c))", at: n.location)
        }
        return s.trimmingCharacters(in: .whitespaces)
    }

    static func number(_ n: SpecNode, _ what: String, range: ClosedRange<Double>) throws -> Double {
        let s = try string(n, what)
        guard let v = Double(s) else { throw Diagnostic.error("\(what) must be a number, not '\(s)'", at: n.location) }
        guard range.contains(v) else {
            throw Diagnostic.error("\(what) is \(s), outside \(fmt(range.lowerBound))…\(fmt(range.upperBound))", at: n.location)
        }
        return v
    }

    static func bool(_ n: SpecNode, _ what: String) throws -> Bool {
        switch try string(n, what).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let s: throw Diagnostic.error("\(what) must be true or false, not '\(s)'", at: n.location)
        }
    }

    static func fmt(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}
