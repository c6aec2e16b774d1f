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
    /// The issue's photos, by the path written in each figure (read by the renderer).
    public let images: [String: ImageReference]

    public init(styles: StyleSheet, measurer: TextMeasurer, maxPages: Int = .max, images: [String: ImageReference] = [:]) {
        self.styles = styles
        self.maxPages = maxPages
        self.images = images
        typesetter = Typesetter(measurer: measurer, typesetting: styles.spec.typesetting)
    }

    /// The laid-out pages and what setting the text found to warn about.
    public struct Result: Sendable {
        public var tree: PageTree
        /// Words too long for their line, broken inside.
        public var breakNotes: [BreakNote]
        /// Characters their fonts could not set.
        public var glyphNotes: [GlyphNote]
        /// Photos that print below 150 dpi.
        public var figureNotes: [(message: String, span: SourceSpan?)] = []
    }

    public func layout(_ issue: Issue) throws -> PageTree { try layoutWithNotes(issue).tree }

    /// The page-level stages, in order: the masthead on page 1, the 目录 and the articles flowed onto
    /// the grid (until the 目录's page numbers settle), the flow placed on pages, the 版记 at the foot
    /// of the last page, the folios.
    public func layoutWithNotes(_ issue: Issue) throws -> Result {
        try checkPageLimit(issue)
        let masthead = try Masthead(styles: styles, typesetter: typesetter).layout(issue, blockLeft: left(1), blockTop: blockTop)
        let row = try firstRow(below: masthead, issue: issue)
        // The masthead moves down to the grid, so the first line below the red rule always sits
        // `after-rule` below it, whatever the masthead's height.
        let drop = pitch * Double(row) - (masthead.bottom + styles.spec.masthead.afterRule)
        let flow = try flowArticles(issue, firstRow: row)
        var pages = place(flow.result, firstPage: masthead.boxes.map { $0.moved(by: drop) }, firstRow: row)
        try addDistribution(issue, to: &pages, lastRow: flow.result.lastRow, firstRow: flow.firstRow)
        addFolios(to: &pages)
        let outline = flow.result.outline.map { OutlineEntry(title: $0.title, level: $0.level, destination: $0.destination, page: $0.page + 1) }
        let tree = PageTree(pageSize: Size(width: styles.spec.page.width, height: styles.spec.page.height), pages: pages, outline: outline,
                            articlePages: flow.articlePages, fonts: typesetter.measurer.fontTable)
        return Result(tree: tree, breakNotes: typesetter.warnings, glyphNotes: typesetter.glyphNotes,
                      figureNotes: flow.notes.map { ($0.message, $0.span) })
    }

    var pitch: Points { styles.linePitch }
    var blockTop: Points { styles.spec.page.marginTop }
    var blockBottom: Points { styles.spec.page.marginTop + styles.spec.page.textHeight }
    var rowsPerPage: Int {
        styles.spec.grid?.linesPerPage ?? max(1, Int((styles.spec.page.textHeight / pitch).rounded(.down)))
    }

    /// The first grid row of page 1 below the masthead and its rule.
    func firstRow(below masthead: Masthead.Result, issue: Issue) throws -> Int {
        let row = Int(((masthead.bottom + styles.spec.masthead.afterRule) / pitch - 0.01).rounded(.up))
        guard row < rowsPerPage else {
            throw LayoutProblem(message: "the masthead leaves no room for text on page 1",
                                hint: "shorten the title, or reduce the masthead sizes or gaps in the layout", span: issue.span.value?["title"])
        }
        return row
    }

    /// Fails before setting any text when the issue cannot fit in `maxPages`: a page holds at most
    /// two Latin characters a cell, so fewer pages than this are impossible.
    func checkPageLimit(_ issue: Issue) throws {
        guard maxPages < .max, let grid = styles.spec.grid else { return }
        // Every block takes at least one line (two Latin characters a cell), and every title and
        // 栏目 heading at least its own line and the row above it.
        let perLine = 2 * grid.charactersPerLine
        var lines = 0
        for section in issue.sections {
            if section.title != nil { lines += 2 }
            for a in section.articles {
                lines += 2
                for b in a.blocks where b.kind != .pageBreak { lines += max(1, b.plainText.unicodeScalars.count / perLine) }
            }
        }
        let atLeast = lines / grid.linesPerPage
        if atLeast > maxPages {
            throw Diagnostic.error("the issue comes out at \(atLeast) pages or more, more than the limit of \(maxPages)",
                                   hint: "raise it with --max-pages N")
        }
    }

    struct Flowed {
        var result: Paginator.Result
        var articlePages: [Int]
        var firstRow: Int
        var notes: [ArticleFlow.Note] = []
    }

    /// The 目录 and the articles on the grid's rows. The 目录's page numbers are found by laying out
    /// until they stop changing, so a 目录 that grows never points to the wrong page.
    func flowArticles(_ issue: Issue, firstRow: Int) throws -> Flowed {
        let width = styles.spec.page.textWidth
        let articleCount = issue.articles.count
        let toc = TableOfContents(styles: styles, typesetter: typesetter, width: width)
        let (body, notes) = try ArticleFlow(styles: styles, typesetter: typesetter, width: width, images: images).blocks(for: issue)
        let paginator = Paginator(rowsPerPage: rowsPerPage, firstPageStartRow: firstRow)
        let withContents = articleCount >= styles.spec.tocMinimumArticles
        func pages(_ r: Paginator.Result) -> [Int] {
            (0..<articleCount).map { (r.anchorPages[TableOfContents.destination(forArticle: $0)] ?? 0) + 1 }
        }

        var printed = Array(repeating: 1, count: articleCount)
        var result = paginator.paginate((withContents ? toc.blocks(for: issue, pages: printed) : []) + body)
        if result.pageCount > maxPages {
            throw Diagnostic.error("the issue comes out at \(result.pageCount) pages or more, more than the limit of \(maxPages)",
                                   hint: "raise it with --max-pages N")
        }
        for _ in 0..<10 {
            let actual = pages(result)
            if actual == printed { break }
            printed = actual
            result = paginator.paginate((withContents ? toc.blocks(for: issue, pages: printed) : []) + body)
        }
        let actual = pages(result)
        guard !withContents || actual == printed else {
            throw Diagnostic.error("the table of contents' page numbers did not settle; please report this issue file")
        }
        return Flowed(result: result, articlePages: actual, firstRow: firstRow, notes: notes)
    }

    /// Flow lines become boxes on their pages, baselines on the grid rows.
    func place(_ result: Paginator.Result, firstPage: [Box], firstRow: Int) -> [Page] {
        func topRow(_ page: Int) -> Int { page == 0 ? firstRow : 0 }
        var pages = (0..<result.pageCount).map { Page(number: $0 + 1) }
        pages[0].boxes = firstPage
        let body = styles.style(.body).size
        // A title larger than the body would sit closer to the text below it than body lines sit
        // to each other: it rises by the difference into the free row above it, so at least the
        // body's own interline gap separates it from its first line.
        var titleTop: [Int: Int] = [:]   // block → row of its first line, for titles not at a page top
        for l in result.lines where l.line.role == .articleTitle && titleTop[l.block] == nil { titleTop[l.block] = l.row }
        // The last line of each block on each page, for rules that close a table there.
        var lastOnPage: [Int: Int] = [:]   // block * 100_000 + page → index into result.lines
        for (i, l) in result.lines.enumerated() where l.line.closingRule != nil { lastOnPage[l.block * 100_000 + l.page] = i }
        for (i, placed) in result.lines.enumerated() {
            let line = placed.line
            let x0 = left(placed.page + 1)
            let top = blockTop + pitch * Double(placed.row)
            for extra in line.extras { pages[placed.page].boxes.append(extra.moved(x: x0, y: top)) }
            if let r = line.closingRule, lastOnPage[placed.block * 100_000 + placed.page] == i {
                let y = top + pitch * Double(placed.rows) - r.lift - r.thickness / 2
                pages[placed.page].boxes.append(Box(role: .tableRule, content: .rule(Rect(x: x0 + r.x, y: y, width: r.width, height: r.thickness), r.colour)))
            }
            guard !line.line.runs.isEmpty || !line.companions.isEmpty else { continue }
            var baseline = blockTop + pitch * Double(placed.row) + pitch * Double(placed.rows - 1) / 2 + EmBox.ascent(line.size)
            if line.role == .articleTitle, line.size > body, let first = titleTop[placed.block], first > topRow(placed.page) {
                baseline -= line.size - body
            }
            if !line.line.runs.isEmpty {
                pages[placed.page].boxes.append(Box(role: line.role, line: line.line, origin: Point(x: x0 + line.x, y: baseline),
                                                    link: line.link, anchor: line.anchor))
            }
            for c in line.companions {
                pages[placed.page].boxes.append(Box(role: c.role, line: c.line, origin: Point(x: x0 + c.x, y: baseline), link: line.link))
            }
        }
        return pages
    }

    /// The 版记 at the foot of the last page, or on a page of its own when the text leaves no room.
    func addDistribution(_ issue: Issue, to pages: inout [Page], lastRow: Int, firstRow: Int) throws {
        let width = styles.spec.page.textWidth
        let block = DistributionBlock(styles: styles, typesetter: typesetter, width: width)
        var lastIndex = pages.count - 1
        guard let dist = try block.layout(issue, left: left(lastIndex + 1), bottom: blockBottom) else { return }
        let used = blockTop + pitch * Double(lastIndex == 0 ? max(lastRow, firstRow) : lastRow)
        var boxes = dist.boxes
        let fits = used + pitch * 0.5 <= blockBottom - dist.height
        let duplex = styles.spec.duplex
        if !fits || (duplex && pages.count % 2 == 1) {
            // A page of its own; printed on both sides it must be an even page, after a blank one
            // when the text ends on an even page (then neither carries a folio).
            let blank = duplex && pages.count % 2 == 0
            if blank { pages.append(Page(number: pages.count + 1, showsFolio: false)) }
            pages.append(Page(number: pages.count + 1, showsFolio: !blank))
            lastIndex = pages.count - 1
            boxes = try block.layout(issue, left: left(lastIndex + 1), bottom: blockBottom)!.boxes
        }
        pages[lastIndex].boxes += boxes
    }

    func addFolios(to pages: inout [Page]) {
        let folio = Folio(styles: styles, typesetter: typesetter)
        for i in pages.indices where pages[i].showsFolio {
            pages[i].boxes.append(folio.box(page: pages[i].number, blockLeft: left(pages[i].number), blockBottom: blockBottom))
        }
    }

    /// Left edge of the text block on a page; mirrored layouts swap the margins on even pages.
    func left(_ pageNumber: Int) -> Points {
        let p = styles.spec.page
        if p.mirror && pageNumber % 2 == 0 { return p.width - p.marginLeft - p.textWidth }
        return p.marginLeft
    }
}
