import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinLayout
import BulletinRender
import LayoutSpec

/// Lays out issues for tests: fonts and Pango are set up once per test process.
public final class BulletinPreview: @unchecked Sendable {
    public static let shared = BulletinPreview()
    public let renderer: Renderer
    private let lock = NSLock()

    public init(fontFolders: [String] = Renderer.standardFontFolders(issueDirectory: nil)) {
        renderer = Renderer(fontFolders: fontFolders)
    }

    /// Parses an issue file and lays it out with its layout (or `layout`, a name or a path).
    public func layout(issueAt path: String, layout: String? = nil, layoutDirectories: [String] = []) throws -> PageTree {
        lock.lock(); defer { lock.unlock() }
        let issue = try IssueParser.parse(fileAt: path)
        let dir = (path as NSString).deletingLastPathComponent
        var loader = LayoutLoader.standard(issueDirectory: dir.isEmpty ? "." : dir)
        loader.searchDirectories = layoutDirectories + loader.searchDirectories
        let spec = try loader.load(layout ?? issue.layout ?? "zhuanbao", relativeTo: dir.isEmpty ? "." : dir)
        return try renderer.layout(issue, spec: spec)
    }
}
