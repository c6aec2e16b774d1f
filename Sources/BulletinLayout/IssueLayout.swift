import BulletinCore
import BulletinModel
import LayoutSpec

/// Lays out a whole issue: masthead, 目录, articles, 版记 and folios. The TOC's page numbers are
/// computed by laying out until they stop changing, so a TOC that grows never points to the wrong page.
public struct IssueLayout {
    public let styles: StyleSheet
    public let typesetter: Typesetter

    /// Most pages the issue may come out as; past it layout stops with an error.
    public let maxPages: Int

    public init(styles: StyleSheet, measurer: TextMeasurer, maxPages: Int = .max) {
        self.styles = styles
        self.maxPages = maxPages
        typesetter = Typesetter(measurer: measurer, typesetting: styles.spec.typesetting)
    }

    /// The laid-out pages and what setting the text found to warn about.
    public struct Result: Sendable {
        public var tree: PageTree
        /// Words too long for their line, broken inside.
        public var breakNotes: [BreakNote]
        /// Characters their fonts could not set.
        public var glyphNotes: [GlyphNote]
    }

    public func layout(_ issue: Issue) throws -> PageTree { try layoutWithNotes(issue).tree }

    public func layoutWithNotes(_ issue: Issue) throws -> Result {
        let spec = styles.spec
        let page = spec.page
        let width = page.textWidth
        let pitch = styles.linePitch
        let rowsPerPage = spec.grid?.linesPerPage ?? max(1, Int((page.textHeight / pitch).rounded(.down)))
        let blockTop = page.marginTop
        let blockBottom = blockTop + page.textHeight

        let masthead = Masthead(styles: styles, typesetter: typesetter).layout(issue, blockLeft: left(1), blockTop: blockTop)
        let startRow = Int(((masthead.bottom + spec.masthead.afterRule) / pitch - 0.01).rounded(.up))
        guard startRow < rowsPerPage else {
            throw Diagnostic.error("the masthead leaves no room for text on page 1; reduce the masthead sizes or gaps in the layout")
        }

        let articleCount = issue.articles.count
        let toc = TableOfContents(styles: styles, typesetter: typesetter, width: width)
        let body = ArticleFlow(styles: styles, typesetter: typesetter, width: width).blocks(for: issue)
        let paginator = Paginator(rowsPerPage: rowsPerPage, firstPageStartRow: startRow)
        let withContents = articleCount >= spec.tocMinimumArticles

        var printed = Array(repeating: 1, count: articleCount)
        var result = paginator.paginate((withContents ? toc.blocks(for: issue, pages: printed) : []) + body)
        if result.pageCount > maxPages {
            throw Diagnostic.error("the issue comes out at \(result.pageCount) pages or more, more than the limit of \(maxPages)",
                                   hint: "raise it with --max-pages N")
        }
        for _ in 0..<10 {
            let actual = (0..<articleCount).map { (result.anchorPages[TableOfContents.destination(forArticle: $0)] ?? 0) + 1 }
            if actual == printed { break }
            printed = actual
            result = paginator.paginate((withContents ? toc.blocks(for: issue, pages: printed) : []) + body)
        }
        let actual = (0..<articleCount).map { (result.anchorPages[TableOfContents.destination(forArticle: $0)] ?? 0) + 1 }
        guard !withContents || actual == printed else {
            throw Diagnostic.error("the table of contents' page numbers did not settle; please report this issue file")
        }

        var pages = (0..<result.pageCount).map { Page(number: $0 + 1) }
        pages[0].boxes = masthead.boxes
        for placed in result.lines {
            let line = placed.line
            let x0 = left(placed.page + 1)
            let baseline = blockTop + pitch * Double(placed.row) + pitch * Double(placed.rows - 1) / 2 + EmBox.ascent(line.size)
            pages[placed.page].boxes.append(Box(role: line.role, line: line.line, origin: Point(x: x0 + line.x, y: baseline),
                                                link: line.link, anchor: line.anchor))
            for c in line.companions {
                pages[placed.page].boxes.append(Box(role: c.role, line: c.line, origin: Point(x: x0 + c.x, y: baseline), link: line.link))
            }
        }

        // The 版记 goes at the foot of the last page, or onto a page of its own when the text leaves no room.
        var lastIndex = pages.count - 1
        if let dist = DistributionBlock(styles: styles, typesetter: typesetter, width: width).layout(issue, left: left(lastIndex + 1), bottom: blockBottom) {
            let used = blockTop + pitch * Double(lastIndex == 0 ? max(result.lastRow, startRow) : result.lastRow)
            var boxes = dist.boxes
            if used + pitch * 0.5 > blockBottom - dist.height {
                pages.append(Page(number: pages.count + 1))
                lastIndex += 1
                boxes = DistributionBlock(styles: styles, typesetter: typesetter, width: width).layout(issue, left: left(lastIndex + 1), bottom: blockBottom)!.boxes
            }
            pages[lastIndex].boxes += boxes
        }

        let folio = Folio(styles: styles, typesetter: typesetter)
        for i in pages.indices {
            pages[i].boxes.append(folio.box(page: pages[i].number, blockLeft: left(pages[i].number), blockBottom: blockBottom))
        }

        let outline = result.outline.map { OutlineEntry(title: $0.title, level: $0.level, destination: $0.destination, page: $0.page + 1) }
        let tree = PageTree(pageSize: Size(width: page.width, height: page.height), pages: pages, outline: outline, articlePages: actual,
                            fonts: typesetter.measurer.fontTable)
        return Result(tree: tree, breakNotes: typesetter.warnings, glyphNotes: typesetter.glyphNotes)
    }

    /// Left edge of the text block on a page; mirrored layouts swap the margins on even pages.
    func left(_ pageNumber: Int) -> Points {
        let p = styles.spec.page
        if p.mirror && pageNumber % 2 == 0 { return p.width - p.marginLeft - p.textWidth }
        return p.marginLeft
    }
}
