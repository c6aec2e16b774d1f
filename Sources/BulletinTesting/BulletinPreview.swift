import Foundation
import BulletinCore
import BulletinModel
import BulletinLayout
import BulletinRender
import LayoutSpec

/// Lays out issues for tests through the one render pipeline; fonts and Pango are set up once per
/// test process and shared safely between tests running at once.
public final class BulletinPreview: Sendable {
    public static let shared = BulletinPreview()
    public let renderer: Renderer
    /// Font folders; nil means the standard ones for each issue.
    public let fontFolders: [String]?

    public init(fontFolders: [String]? = nil) {
        renderer = Renderer()
        self.fontFolders = fontFolders
    }

    /// Parses an issue file and lays it out with its layout (or `layout`, a name or a path).
    public func layout(issueAt path: String, layout: String? = nil, layoutDirectories: [String] = []) throws -> PageTree {
        try render(issueAt: path, layout: layout, layoutDirectories: layoutDirectories).tree
    }

    /// The whole render result: page tree, diagnostics, fonts.
    public func render(issueAt path: String, layout: String? = nil, layoutDirectories: [String] = []) throws -> RenderResult {
        try renderer.render(.file(path), options: RenderOptions(layout: layout, layoutDirectories: layoutDirectories, fontFolders: fontFolders, prepareInBackground: false))
    }

    /// One page (1-based) as PNG, painted by the same code as the PDF.
    public func png(_ tree: PageTree, page number: Int, dpi: Double) throws -> Data {
        let folders = fontFolders ?? RenderOptions().resolvedFontFolders(issueDirectory: nil)
        return try renderer.png(tree, fontFolders: folders, pages: [number - 1], dpi: dpi)[0]
    }
}
