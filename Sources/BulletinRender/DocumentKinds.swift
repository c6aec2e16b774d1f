import Foundation
import BulletinCore
import BulletinSource
import LayoutSpec

/// Which document kind a file is, from the layout its front matter names (`layout:`): read from
/// the lines alone, before the front matter is parsed with the kind's own schema.
enum DocumentKinds {
    /// The built-in layouts that set 公文 (found once: every render asks).
    ///
    /// Searched as bytes: Foundation's `contains`, which would be picked here, compares canonical
    /// equivalents and took about a millisecond of every render (the standard library's generic
    /// `firstRange(of:)` nearly as long).
    static let builtinGongwenLayouts: Set<String> = Set(BuiltinLayouts.files.compactMap { name, text in
        let bytes = Array(text.utf8)
        let found = ["document: gongwen", "extends: gongwen"].contains { ByteSearch.firstIndex(of: Array($0.utf8), in: bytes, from: 0) != nil }
        return found ? name : nil
    })

    static func layoutName(_ source: SourceText) -> String? {
        guard source.lines.first?.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
        for line in source.lines.dropFirst().prefix(200) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t == "---" { return nil }
            guard t.hasPrefix("layout:") else { continue }
            var v = t.dropFirst(7).trimmingCharacters(in: .whitespaces)
            if v.count >= 2, (v.hasPrefix("\"") && v.hasSuffix("\"")) || (v.hasPrefix("'") && v.hasSuffix("'")) { v = String(v.dropFirst().dropLast()) }
            return v.isEmpty ? nil : v
        }
        return nil
    }
}
