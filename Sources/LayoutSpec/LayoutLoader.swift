import Foundation
import BulletinCore

/// Finds layout files by name (`zhuanbao` → `…/Layouts/zhuanbao.yaml`) or by path, and loads them
/// with their `extends` chain.
public struct LayoutLoader: Sendable {
    public var searchDirectories: [String]

    public init(searchDirectories: [String]) { self.searchDirectories = searchDirectories }

    /// The usual places: `$BULLETIN_LAYOUTS`, `./Layouts`, the issue's own folder's `Layouts/`,
    /// and `Layouts/` beside (or above) the executable, which finds the built-in ones in a checkout.
    public static func standard(issueDirectory: String? = nil) -> LayoutLoader {
        LayoutLoader(searchDirectories: InstallLocation.searchFolders(named: "Layouts", environment: "BULLETIN_LAYOUTS", issueDirectory: issueDirectory))
    }

    /// The names of the layouts found, with their files.
    public func available() -> [(name: String, path: String)] {
        var out: [(String, String)] = []
        var seen = Set<String>()
        for dir in searchDirectories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for f in files.sorted() where f.hasSuffix(".yaml") || f.hasSuffix(".yml") {
                let name = PathName.deletingExtension(f)
                if seen.insert(name).inserted { out.append((name, dir + "/" + f)) }
            }
        }
        for name in BuiltinLayouts.files.keys.sorted() where seen.insert(name).inserted {
            out.append((name, LayoutLoader.builtinPrefix + name))
        }
        return out
    }

    public func locate(_ reference: String, from location: SourceLocation? = nil, relativeTo baseDirectory: String? = nil) throws -> String {
        let isPath = reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
        if isPath {
            var p = reference
            if !p.hasPrefix("/"), let base = baseDirectory { p = base + "/" + p }
            if FileManager.default.fileExists(atPath: p) { return p }
            throw Diagnostic.error("layout file '\(reference)' does not exist", at: location)
        }
        for dir in searchDirectories {
            for ext in ["yaml", "yml"] {
                let p = "\(dir)/\(reference).\(ext)"
                if FileManager.default.fileExists(atPath: p) { return p }
            }
        }
        // Last, the layouts compiled into the tool: found with no folder anywhere near.
        if BuiltinLayouts.files[reference] != nil { return LayoutLoader.builtinPrefix + reference }
        let names = available().map(\.name)
        let near = nearestMatch(to: reference, in: names)
        throw Diagnostic.error("unknown layout '\(reference)'", at: location,
                               hint: near.map { "did you mean '\($0)'?" }
                                   ?? "available: \(names.joined(separator: ", "))")
    }

    public func load(_ reference: String, from location: SourceLocation? = nil, relativeTo baseDirectory: String? = nil) throws -> LayoutSpecification {
        let path = try locate(reference, from: location, relativeTo: baseDirectory)
        var files: [String] = []
        let node = try loadChain(path: path, files: &files, depth: 0)
        var spec = try LayoutDecoder.decode(try LayoutLoader.onBuiltinBase(node, leaf: path))
        if files.first != LayoutLoader.builtinBase { files.insert(LayoutLoader.builtinBase, at: 0) }
        spec.files = files
        return spec
    }

    /// Decodes a layout from YAML text alone (no `extends`): the entry point for fuzzing the decoder.
    public static func decode(yaml: String, file: String) throws -> LayoutSpecification {
        try LayoutDecoder.decode(try onBuiltinBase(try SpecParse.parseYAML(yaml, file: file), leaf: file))
    }

    /// The layout every chain rests on: its YAML is the one source of every default value.
    public static let builtinBase = builtinPrefix + "zhuanbao"

    /// `node` merged onto the built-in base layout, so a layout that leaves a key out gets the base's
    /// value; a layout without a name is named after its file.
    static func onBuiltinBase(_ node: SpecNode, leaf: String) throws -> SpecNode {
        var merged = try builtinNode(builtinBase).merged(with: node)
        if node.child("name") == nil, case .map(var entries) = merged.value, let i = entries.firstIndex(where: { $0.key == "name" }) {
            let own = PathName.deletingExtension(PathName.lastComponent(leaf))
            entries[i].value = SpecNode(value: .scalar(own), location: node.location)
            merged = SpecNode(value: .map(entries), location: merged.location)
        }
        return merged
    }

    /// How a built-in layout's path reads: `builtin:zhuanbao`.
    public static let builtinPrefix = "builtin:"

    /// A built-in layout's YAML, parsed once per process: every layout rests on the base, so each
    /// load parsed it again (a batch's change keys load a layout per issue).
    static func builtinNode(_ path: String) throws -> SpecNode {
        if let hit = parsedBuiltins.withLock({ $0[path] }) { return hit }
        let node = try SpecParse.parseYAML(BuiltinLayouts.files[String(path.dropFirst(builtinPrefix.count))] ?? "", file: path)
        parsedBuiltins.withLock { $0[path] = node }
        return node
    }
    private static let parsedBuiltins = Guarded<[String: SpecNode]>([:])

    private func loadChain(path: String, files: inout [String], depth: Int) throws -> SpecNode {
        let node: SpecNode
        if path.hasPrefix(LayoutLoader.builtinPrefix), BuiltinLayouts.files[String(path.dropFirst(LayoutLoader.builtinPrefix.count))] != nil {
            node = try LayoutLoader.builtinNode(path)
        } else {
            node = try SpecParse.loadYAML(path: path)
            // A file none of whose keys is a layout key is something else (given by mistake): say so
            // without echoing its lines.
            if case .map(let entries) = node.value, !entries.isEmpty, !entries.contains(where: { LayoutDecoder.topKeys.contains($0.key) }) {
                throw Diagnostic.error("\(path) is not a layout file (none of its keys is a layout key)", at: node.location,
                                       hint: "a layout names `extends:`, `page:`, `fonts:`, `elements:` …; see Layouts/zhuanbao.yaml")
            }
            if case .scalar = node.value { throw Diagnostic.error("\(path) is not a layout file", at: node.location) }
        }
        guard let parentNode = node.child("extends") else {
            files.append(path)
            return node
        }
        let parent = try SpecParse.string(parentNode, "extends")
        if depth > 8 { throw Diagnostic.error("layouts extend each other in a loop", at: parentNode.location) }
        let parentPath = try locate(parent, from: parentNode.location,
                                    relativeTo: path.hasPrefix(LayoutLoader.builtinPrefix) ? nil : PathName.directory(path))
        if parentPath == path { throw Diagnostic.error("a layout cannot extend itself", at: parentNode.location) }
        let base = try loadChain(path: parentPath, files: &files, depth: depth + 1)
        files.append(path)
        return base.merged(with: node)
    }
}

/// Where the tool's own `Layouts/` and `Fonts/` folders are: beside the executable or in a
/// folder above it (a source checkout runs `.build/debug/bulletin`).
public enum InstallLocation {
    public static func candidates(named folder: String) -> [String] {
        var out: [String] = []
        if let env = ProcessInfo.processInfo.environment["BULLETIN_HOME"] { out.append(env + "/" + folder) }
        var dir = PathName.directory(executablePath())
        // An installed tool (the Debian package): /usr/bin/bulletin → /usr/share/bulletin/FOLDER.
        let shared = PathName.join(PathName.directory(dir), "share/bulletin/" + folder)
        var isShared: ObjCBool = false
        if FileManager.default.fileExists(atPath: shared, isDirectory: &isShared), isShared.boolValue { out.append(shared) }
        for _ in 0..<6 {
            let candidate = dir + "/" + folder
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue { out.append(candidate) }
            let up = PathName.directory(dir)
            if up == dir { break }
            dir = up
        }
        return out
    }

    /// Where a folder such as `Layouts` or `Fonts` is looked for, first found first: the folders in
    /// `$environment` (colon-separated), then in the current folder, beside the issue, beside the tool.
    public static func searchFolders(named folder: String, environment: String, issueDirectory: String?) -> [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment[environment] { dirs += env.split(separator: ":").map(String.init) }
        // The issue's own folder is the most specific, then the one the command runs in.
        if let d = issueDirectory { dirs.append(d + "/" + folder) }
        dirs.append(FileManager.default.currentDirectoryPath + "/" + folder)
        dirs += candidates(named: folder)
        var seen = Set<String>()
        return dirs.map(absolute).filter { seen.insert($0).inserted }
    }

    /// `path` made absolute against the current folder and standardised, to compare folders.
    public static func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (p as NSString).standardizingPath
    }

    /// This program's own path, to start workers from.
    public static var executable: String { executablePath() }

    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return CommandLine.arguments.first ?? "."
    }
}
