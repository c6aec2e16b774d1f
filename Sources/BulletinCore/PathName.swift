import Foundation
/// Path names split by hand: Foundation's NSString path methods crash on some short names (a
/// one-letter "x" given as `-o x`), and user input reaches every one of these.
public enum PathName {
    /// The folder part: "a/b/c.md" → "a/b", "c.md" → "" (no folder), "/c" → "/".
    public static func directory(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        let d = p[..<slash]
        return d.isEmpty ? "/" : String(d)
    }

    /// The last component: "a/b/c.md" → "c.md".
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// Without the extension: "a/b.md" → "a/b", "a/.hidden" and "a/b" stay.
    public static func deletingExtension(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return path }
        let cut = last.distance(from: dot, to: last.endIndex)
        return String(path.dropLast(cut))
    }

    /// The extension without its dot, lower-cased: "a/B.MD" → "md".
    public static func pathExtension(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "" }
        return String(last[last.index(after: dot)...]).lowercased()
    }

    /// `a` and `b` joined with one slash.
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// Whether `path` is a folder (following a symbolic link).
    public static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
