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
    private var layoutCache: [String: [String: String]?] = [:]
    /// Each layout is loaded once for the whole batch, not once per issue.
    private let layouts = LayoutMemo()
    private var fileCache: [String: String] = [:]

    init(toolVersion: String, options: RenderOptions) {
        self.toolVersion = toolVersion
        self.options = options
    }

    /// The dependencies of an issue, each with its content hash; nil when they cannot be worked out
    /// (a bad issue or layout): such an issue is always rendered, and its failure reported by the render.
    func dependencies(_ item: BatchItem) -> [String: String]? {
        guard let source = FileManager.default.contents(atPath: item.input) else { return nil }
        // The layout and photos as the render resolves them, for a bulletin or a 公文 alike.
        guard let document = try? renderer.dependencies(of: .file(item.input), options: options, memo: layouts) else { return nil }
        let key = document.spec.files.joined(separator: "|") + "|" + document.directory
        if layoutCache[key] == nil { layoutCache[key] = layoutDependencies(document.spec, directory: document.directory) }
        guard let layout = layoutCache[key] ?? nil else { return nil }
        var h = ContentHash()
        h.add(source)
        var deps = layout
        deps["source"] = h.hex
        for image in document.images { deps["image \(image)"] = fileHash(image) }
        deps["options"] = "strict=\(options.strict) limits=\(options.limits) epoch=\(options.creationEpoch.map { String($0) } ?? "-")"
        deps["tool"] = toolVersion
        return deps
    }

    /// The layout files of the chain and the font files its families resolve to for issues in
    /// `directory` (its own `Fonts/` included), by content.
    private func layoutDependencies(_ spec: LayoutSpecification, directory: String) -> [String: String]? {
        guard let fonts = try? renderer.fonts(spec: spec, directory: directory, options: options) else { return nil }
        var deps: [String: String] = [:]
        for f in spec.files { deps["layout \(f)"] = fileHash(f) }
        for c in fonts.choices { deps["font \(c.file)"] = fileHash(c.file) }
        return deps
    }

    private func fileHash(_ path: String) -> String {
        if let hit = fileCache[path] { return hit }
        var h = ContentHash()
        if path.hasPrefix(LayoutLoader.builtinPrefix) {
            h.add(BuiltinLayouts.files[String(path.dropFirst(LayoutLoader.builtinPrefix.count))] ?? "")
        } else {
            h.add(FileManager.default.contents(atPath: path) ?? Data())
        }
        fileCache[path] = h.hex
        return h.hex
    }

    /// The content hash of a file on disk (an output), nil when it is missing.
    static func outputHash(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var h = ContentHash()
        h.add(data)
        return h.hex
    }

    /// Why an output must be rendered again, or nil when it is up to date.
    static func reason(_ deps: [String: String]?, recorded: Manifest.Entry?, outputPath: String) -> String? {
        guard let deps else { return "its dependencies could not be worked out" }
        guard let recorded else { return "not rendered before" }
        guard let current = outputHash(outputPath) else { return "the output is missing" }
        if current != recorded.output { return "the output was changed since it was written" }
        let changed = Set(deps.keys).union(recorded.dependencies.keys).filter { deps[$0] != recorded.dependencies[$0] }.sorted()
        return changed.isEmpty ? nil : "changed: " + changed.joined(separator: ", ")
    }
}
