import Foundation
import BulletinCore
import LayoutSpec
import BulletinRender
import TextEngine

/// Computes an issue's dependency hash: its source (content and modification time), the layout
/// files it extends, the fonts those layouts resolve to and the tool's version. Layouts and fonts are looked up once per batch.
final class DependencyHasher {
    let toolVersion: String
    let layoutOverride: String?
    private let fonts: FontSystem
    private var layoutCache: [String: String?] = [:]
    private var fileCache: [String: String] = [:]

    init(toolVersion: String, layoutOverride: String?) {
        self.toolVersion = toolVersion
        self.layoutOverride = layoutOverride
        fonts = FontSystem(fontFolders: Renderer.standardFontFolders(issueDirectory: nil))
    }

    /// Nil when the dependencies cannot be worked out (a bad layout): such an issue is always rendered.
    func hash(_ item: BatchItem) -> String? {
        guard let source = FileManager.default.contents(atPath: item.input) else { return nil }
        let dir = (item.input as NSString).deletingLastPathComponent
        let reference = layoutOverride ?? DependencyHasher.layoutReference(in: source) ?? "zhuanbao"
        let key = "\(reference)|\(dir)"
        if layoutCache[key] == nil { layoutCache[key] = layoutHash(reference, dir: dir.isEmpty ? "." : dir) }
        guard let layout = layoutCache[key] ?? nil else { return nil }
        var h = ContentHash()
        h.add(toolVersion)
        h.add(source)
        // The source's modification time too: touching a file asks for it to be rendered again.
        let date = (try? FileManager.default.attributesOfItem(atPath: item.input)[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        h.add(String(date))
        h.add(layout)
        return h.hex
    }

    private func layoutHash(_ reference: String, dir: String) -> String? {
        guard let spec = try? LayoutLoader.standard(issueDirectory: dir).load(reference, relativeTo: layoutOverride == nil ? dir : FileManager.default.currentDirectoryPath),
              let choices = try? FontResolver(system: fonts).resolve(spec) else { return nil }
        var h = ContentHash()
        for f in spec.files { h.add(fileHash(f)) }
        for c in choices {
            // Font files are large: their identity is path, size and modification time.
            let attrs = try? FileManager.default.attributesOfItem(atPath: c.file)
            let size = (attrs?[.size] as? NSNumber)?.int64Value ?? -1
            let date = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            h.add("\(c.logical)=\(c.face)|\(c.file)|\(size)|\(date)")
        }
        return h.hex
    }

    private func fileHash(_ path: String) -> String {
        if let hit = fileCache[path] { return hit }
        var h = ContentHash()
        h.add(path)
        h.add(FileManager.default.contents(atPath: path) ?? Data())
        fileCache[path] = h.hex
        return h.hex
    }

    /// The `layout:` value of a Markdown issue's front matter, read without a full parse.
    static func layoutReference(in source: Data) -> String? {
        guard let text = String(data: source.prefix(8192), encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        guard lines.first == "---" else { return nil }
        for line in lines.dropFirst() {
            if line == "---" { break }
            if line.hasPrefix("layout:") {
                var v = line.dropFirst("layout:".count).trimmingCharacters(in: .whitespaces)
                if let hash = v.firstIndex(of: "#") { v = String(v[..<hash]).trimmingCharacters(in: .whitespaces) }
                return v.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return nil
    }
}
