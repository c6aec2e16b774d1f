import BulletinCore

/// What a box on a page is, so snapshots, tests and the painter can tell the parts apart.
public enum BoxRole: String, Sendable, CaseIterable {
    case classification, mastheadTitle, kind, issueLine, publisher, date, mastheadRule
    case tocTitle, tocSection, tocEntryNumber, tocEntry, tocLeader, tocPageNumber
    case sectionHeading, articleTitle, subheading, body, sourceLine, editorsNote
    case listItem, figure, figureCaption, tableCaption, tableCell, tableRule, attachment, footnote
    case distributionLabel, distributionText, distributionCopies, distributionRule
    case folio
}

public enum BoxContent: Hashable, Sendable {
    /// A line of text whose baseline starts at `origin`; `positions` place each cluster's glyph
    /// (grid, compressed punctuation, justification), from the origin.
    case text(runs: [TextRun], origin: Point, width: Points, positions: [ClusterPosition])
    /// A filled rectangle: rules.
    case rule(Rect, Colour)
    /// A photo filling `rect` (already turned by its EXIF orientation).
    case image(ImageReference, Rect)
}

/// A photo a page draws: its file, what kind it is and its size in pixels as stored, and how to
/// turn it upright (EXIF orientation 1–8).
public struct ImageReference: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable { case jpeg, png }
    public var path: String
    public var format: Format
    public var pixelWidth: Int
    public var pixelHeight: Int
    public var orientation: Int
    /// Colour components as stored (1 grey, 3 colour), as the file's header gives them.
    public var components: Int
    public init(path: String, format: Format, pixelWidth: Int, pixelHeight: Int, orientation: Int = 1, components: Int = 3) {
        self.path = path; self.format = format; self.pixelWidth = pixelWidth; self.pixelHeight = pixelHeight; self.orientation = orientation
        self.components = components
    }

    /// What a canvas needs to know of the file, read once when the issue was loaded.
    public var header: ImageHeader {
        ImageHeader(format: format == .jpeg ? .jpeg : .png, width: pixelWidth, height: pixelHeight, orientation: orientation, components: components)
    }
    /// Orientations 5–8 turn the picture a quarter: its upright width is its stored height.
    public var uprightSize: (width: Int, height: Int) { header.upright }
}

/// One positioned thing on a page.
public struct Box: Hashable, Sendable {
    public var role: BoxRole
    public var content: BoxContent
    /// Clicking the box jumps to this destination (TOC entries).
    public var link: String?
    /// This box is the target of that destination name (article titles).
    public var anchor: String?

    public init(role: BoxRole, content: BoxContent, link: String? = nil, anchor: String? = nil) {
        self.role = role; self.content = content; self.link = link; self.anchor = anchor
    }

    public init(role: BoxRole, line: ComposedLine, origin: Point, link: String? = nil, anchor: String? = nil) {
        self.init(role: role, content: .text(runs: line.runs, origin: origin, width: line.width, positions: line.positions),
                  link: link, anchor: anchor)
    }

    /// The box moved right by `dx` and down by `dy`.
    public func moved(x dx: Points, y dy: Points) -> Box {
        var b = moved(by: dy)
        switch b.content {
        case .text(let runs, let o, let w, let p): b.content = .text(runs: runs, origin: Point(x: o.x + dx, y: o.y), width: w, positions: p)
        case .rule(let r, let c): b.content = .rule(Rect(x: r.x + dx, y: r.y, width: r.width, height: r.height), c)
        case .image(let i, let r): b.content = .image(i, Rect(x: r.x + dx, y: r.y, width: r.width, height: r.height))
        }
        return b
    }

    /// The box moved down by `dy`.
    public func moved(by dy: Points) -> Box {
        var b = self
        switch content {
        case .text(let runs, let o, let w, let p): b.content = .text(runs: runs, origin: Point(x: o.x, y: o.y + dy), width: w, positions: p)
        case .rule(let r, let c): b.content = .rule(Rect(x: r.x, y: r.y + dy, width: r.width, height: r.height), c)
        case .image(let i, let r): b.content = .image(i, Rect(x: r.x, y: r.y + dy, width: r.width, height: r.height))
        }
        return b
    }

    public var text: String? {
        if case .text(let runs, _, _, _) = content { return runs.map(\.text).joined() }
        return nil
    }

    /// The box's extent: for text the em box of the line (`EmBox`).
    public var frame: Rect {
        switch content {
        case .rule(let r, _), .image(_, let r): return r
        case .text(let runs, let o, let w, _):
            let size = runs.map(\.size).max() ?? .zero
            return Rect(x: o.x, y: o.y - EmBox.ascent(size), width: w, height: size)
        }
    }
}

public struct Page: Hashable, Sendable {
    /// The page's number (physical, from 1).
    public var number: Int
    public var boxes: [Box]
    /// Whether the page carries a folio (a blank page before the 版记, and that 版记 page, do not).
    public var showsFolio: Bool
    public init(number: Int, boxes: [Box] = [], showsFolio: Bool = true) { self.number = number; self.boxes = boxes; self.showsFolio = showsFolio }
}

/// A bookmark in the PDF's outline.
public struct OutlineEntry: Hashable, Sendable {
    public var title: String
    public var level: Int
    public var destination: String
    public var page: Int
}

/// The laid-out issue: what every painter (PDF, PNG, text dump) reads.
public struct PageTree: Hashable, Sendable {
    public var pageSize: Size
    public var pages: [Page]
    public var outline: [OutlineEntry]
    /// Page number of each article, in order; what the TOC printed.
    public var articlePages: [Int]
    /// The fonts the glyphs of text boxes refer to (`ShapedGlyph.font`).
    public var fonts: [FontKey]

    public init(pageSize: Size, pages: [Page], outline: [OutlineEntry], articlePages: [Int], fonts: [FontKey] = []) {
        self.pageSize = pageSize; self.pages = pages; self.outline = outline; self.articlePages = articlePages; self.fonts = fonts
    }
}
