import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import LayoutSpec
import BulletinRender

/// Computes an issue's change key from what the render pipeline itself resolves: the source's
/// content, the layout chain it gets (with `extends`), the font files its families resolve to
/// (including the issue's own `Fonts/`), the options that change output bytes, and the tool's
/// version. Layouts and fonts are resolved once per folder and layout.
final class DependencyHasher {
    let toolVersion: String
    let options: RenderOptions
    private let renderer = Renderer(concurrency: 1)
    private var layoutCache: [String: String?] = [:]
    private var fileCache: [String: String] = [:]

    init(toolVersion: String, options: RenderOptions) {
        self.toolVersion = toolVersion
        self.options = options
    }

    /// Nil when the dependencies cannot be worked out (a bad issue or layout): such an issue is
    /// always rendered, and its failure reported by the render.
    func hash(_ item: BatchItem) -> String? {
        guard let source = FileManager.default.contents(atPath: item.input) else { return nil }
        let directory = Renderer.directory(of: item.input)
        let issue: Issue
        do { issue = try IssueParser.parse(fileAt: item.input, limits: options.limits.parse) } catch { return nil }
        let (name, base) = options.layoutReference(issueLayout: issue.layout, issueDirectory: directory)
        let key = "\(name)|\(base)|\(directory)"
        if layoutCache[key] == nil { layoutCache[key] = layoutHash(issue, directory: directory) }
        guard let layout = layoutCache[key] ?? nil else { return nil }
        var h = ContentHash()
        h.add(toolVersion)
        h.add("strict=\(options.strict) limits=\(options.limits) epoch=\(options.creationEpoch.map { String($0) } ?? "-")")
        h.add(source)
        h.add(layout)
        return h.hex
    }

    private func layoutHash(_ issue: Issue, directory: String) -> String? {
        guard let spec = try? renderer.layout(for: issue, directory: directory, sourcePath: nil, options: options),
              let fonts = try? renderer.fonts(spec: spec, directory: directory, options: options) else { return nil }
        var h = ContentHash()
        for f in spec.files { h.add(fileHash(f)) }
        for c in fonts.choices {
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
        if path.hasPrefix(LayoutLoader.builtinPrefix) {
            h.add(BuiltinLayouts.files[String(path.dropFirst(LayoutLoader.builtinPrefix.count))] ?? "")
        } else {
            h.add(FileManager.default.contents(atPath: path) ?? Data())
        }
        fileCache[path] = h.hex
        return h.hex
    }
}
