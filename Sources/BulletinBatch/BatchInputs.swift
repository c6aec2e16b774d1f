import Foundation
import BulletinCore

/// One issue of a batch: where it is read from and where its PDF goes.
public struct BatchItem: Hashable, Sendable {
    public var input: String
    /// Output path relative to the output folder (mirrors the input's place under its folder argument).
    public var relativeOutput: String
}

/// Turns the command line's inputs — files, folders (searched recursively) and glob patterns —
/// into batch items whose outputs mirror the input folders.
public enum BatchInputs {
    static let issueExtensions: Set<String> = ["md", "markdown", "json"]

    public static func collect(_ arguments: [String]) throws -> [BatchItem] {
        var items: [BatchItem] = []
        var seen = Set<String>()
        func add(_ path: String, relative: String) {
            let standard = (path as NSString).standardizingPath
            guard seen.insert(standard).inserted else { return }
            items.append(BatchItem(input: path, relativeOutput: PathName.deletingExtension(relative) + ".pdf"))
        }
        for arg in arguments {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: arg, isDirectory: &isDir) {
                if isDir.boolValue {
                    for rel in try issueFiles(under: arg) { add(arg + "/" + rel, relative: rel) }
                } else {
                    add(arg, relative: PathName.lastComponent(arg))
                }
            } else if arg.contains(where: { "*?[".contains($0) }) {
                let matches = glob(arg)
                if matches.isEmpty { throw Diagnostic.error("no files match \(arg)") }
                let base = globBase(arg)
                for m in matches {
                    var isDir: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: m, isDirectory: &isDir), !isDir.boolValue else { continue }
                    let rel = m.hasPrefix(base + "/") ? String(m.dropFirst(base.count + 1)) : PathName.lastComponent(m)
                    add(m, relative: rel)
                }
            } else {
                throw Diagnostic.error("no such file or folder: \(arg)")
            }
        }
        // Every output inside --out, and no two inputs writing one output.
        var byOutput: [String: String] = [:]
        var problems: [Diagnostic] = []
        for item in items {
            let parts = item.relativeOutput.split(separator: "/")
            if item.relativeOutput.hasPrefix("/") || parts.contains("..") {
                problems.append(.error("\(item.input) would be written outside the output folder (\(item.relativeOutput))",
                                       hint: "give inputs inside the current folder, or a folder of issues"))
            }
            if let other = byOutput[item.relativeOutput] {
                problems.append(.error("\(other) and \(item.input) would both be written to \(item.relativeOutput)",
                                       hint: "rename one of them, or render them in separate batches"))
            } else {
                byOutput[item.relativeOutput] = item.input
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return items
    }

    /// Issue files under `folder`, as sorted relative paths; hidden entries and previews are skipped.
    static func issueFiles(under folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw Diagnostic.error("cannot read folder \(folder)")
        }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            let name = PathName.lastComponent(rel)
            if name.hasPrefix(".") || name.hasSuffix("-preview") { walker.skipDescendants(); continue }
            if issueExtensions.contains(PathName.pathExtension(name)) { out.append(rel) }
        }
        return out.sorted()
    }

    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Foundation.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// The folder part of a pattern before its first wildcard: outputs mirror paths below it.
    static func globBase(_ pattern: String) -> String {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        var base: [Substring] = []
        for p in parts.dropLast() {
            if p.contains(where: { "*?[".contains($0) }) { break }
            base.append(p)
        }
        let joined = base.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}
