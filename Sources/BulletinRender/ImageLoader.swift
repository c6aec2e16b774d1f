import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinLayout

/// Reads the header of every photo an issue shows, before layout: a missing, unreadable or damaged
/// file, or one outside the issue's folder, is an error at the figure's line:column.
public enum ImageLoader {
    /// Largest photo drawn: decoded, 50 million pixels take 200 MB.
    static let maxPixels = 50_000_000

    static func figures(of issue: Issue) -> [Block] {
        let blocks = (issue.note ?? []) + issue.sections.flatMap { ($0.note ?? []) + $0.articles.flatMap(\.blocks) }
        return blocks.filter { $0.kind == .figure && $0.figure != nil }
    }

    /// The files of the issue's photos, as the render reads them (for the batch change key).
    public static func files(of issue: Issue, issuePath: String) -> [String] {
        figures(of: issue).compactMap { $0.figure.map { FigurePath.resolved($0.path, issueFile: issuePath) } }
    }

    /// The files of a 公文's photos (text and attachments) and its seal, as the render reads them.
    public static func files(of doc: Gongwen, path: String) -> [String] {
        let photos = (doc.body + doc.attachments.flatMap(\.body)).compactMap(\.figure).map(\.path)
        return (photos + (doc.seal.map { [$0] } ?? [])).map { FigurePath.resolved($0, issueFile: path) }
    }

    /// The photos by the path written in each figure; `issuePath` is the issue file (nil for an
    /// issue made in memory: paths are read from the current folder).
    static func load(_ issue: Issue, issuePath: String?) throws -> [String: ImageReference] {
        var images: [String: ImageReference] = [:]
        var problems: [Diagnostic] = []
        let anchor = issuePath ?? FileManager.default.currentDirectoryPath + "/issue"
        for block in figures(of: issue) {
            let f = block.figure!
            if images[f.path] != nil { continue }
            let at = block.span.value.flatMap { s in issuePath.map { s.location(in: $0) } }
            if let p = FigurePath.problem(f.path, issueFile: anchor) {
                problems.append(.error(p.message, at: at, hint: p.hint)); continue
            }
            let full = FigurePath.resolved(f.path, issueFile: anchor)
            guard let data = FileManager.default.contents(atPath: full) else {
                problems.append(.error("image '\(f.path)' cannot be read", at: at, hint: "check the file's permissions")); continue
            }
            switch ImageHeader.read([UInt8](data)) {
            case .failure(let p):
                problems.append(.error("image '\(f.path)' \(p.message)", at: at, hint: "save the photo again as JPEG or PNG"))
            case .success(let h) where h.width * h.height > ImageLoader.maxPixels:
                problems.append(.error("image '\(f.path)' is \(h.width)×\(h.height) pixels, more than \(ImageLoader.maxPixels / 1_000_000) million",
                                       at: at, hint: "scale the photo down (a full page at 300 dpi is about 2500×3500 pixels)"))
            case .success(let h):
                images[f.path] = ImageReference(path: full, format: h.format == .jpeg ? .jpeg : .png,
                                                pixelWidth: h.width, pixelHeight: h.height, orientation: h.orientation, components: h.components)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return images
    }
}
