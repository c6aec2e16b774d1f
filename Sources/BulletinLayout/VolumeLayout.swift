import BulletinCore
import BulletinModel
import LayoutSpec

/// The annual volume (合订本): a cover, a cumulative 目录 (issue → articles → page), then every
/// issue's pages, each issue starting on a right-hand page, with one bookmark tree (issue →
/// 栏目 → article) and folios either counted through the volume or kept as each issue printed them.
/// The issues must have been laid out with this layout's measurer, so their glyphs share one font
/// table (and the PDF one subset of each font).
public struct VolumeLayout {
    public enum Folios: String, Sendable, CaseIterable { case continuous, perIssue = "per-issue" }

    let layout: IssueLayout
    public init(layout: IssueLayout) { self.layout = layout }

    var styles: StyleSheet { layout.styles }
    var typesetter: Typesetter { layout.typesetter }

    public func volume(title: String, subtitle: String, publisher: String, issues: [(issue: Issue, tree: PageTree)], folios: Folios) throws -> PageTree {
        let spec = styles.spec
        let width = spec.page.textWidth
        // The 目录 lists every article under its issue, as a 目录 lists articles under 栏目.
        let listing = Issue(title: title, kind: "", year: issues.first?.issue.year ?? 1, number: 1, publisher: publisher,
                            date: issues.first?.issue.date ?? IssueDate(year: 2000, month: 1, day: 1),
                            sections: issues.map { Section(title: $0.issue.issueLine, articles: $0.issue.articles.map { Article(title: $0.title, blocks: []) }) })
        let toc = TableOfContents(styles: styles, typesetter: typesetter, width: width)
        let paginator = Paginator(rowsPerPage: layout.rowsPerPage, firstPageStartRow: 0)

        // Cover (page 1) and its blank back; the 目录 from page 3; each issue from the next odd page.
        func starts(tocPages: Int) -> [Int] {
            var next = 3 + tocPages
            var out: [Int] = []
            for (_, tree) in issues {
                if next % 2 == 0 { next += 1 }
                out.append(next)
                next += tree.pages.count
            }
            return out
        }
        func articlePages(_ first: [Int]) -> [Int] {
            zip(issues, first).flatMap { item, start in item.tree.articlePages.map { start + $0 - 1 } }
        }
        var tocResult = paginator.paginate(toc.blocks(for: listing, pages: Array(repeating: 1, count: listing.articles.count)))
        var first = starts(tocPages: tocResult.pageCount)
        for _ in 0..<5 {
            let again = paginator.paginate(toc.blocks(for: listing, pages: articlePages(first)))
            let moved = starts(tocPages: again.pageCount)
            tocResult = again
            if moved == first { break }
            first = moved
        }

        var pages: [Page] = [coverPage(title: title, subtitle: subtitle, publisher: publisher), Page(number: 2, showsFolio: false)]
        let tocPages = layout.place(tocResult, firstPage: [], firstRow: 0)
        for (i, p) in tocPages.enumerated() { pages.append(Page(number: 3 + i, boxes: p.boxes)) }
        var outline: [OutlineEntry] = []
        var articleOffset = 0
        for (k, item) in issues.enumerated() {
            while pages.count + 1 < first[k] { pages.append(Page(number: pages.count + 1, showsFolio: false)) }
            let start = first[k]
            // Anchors of each issue are renamed into the volume's: its articles take their places
            // in the cumulative 目录, its 栏目 are numbered by issue.
            func rename(_ name: String) -> String {
                if name.hasPrefix("article-"), let n = Int(name.dropFirst(8)) { return "article-\(articleOffset + n)" }
                return "issue-\(k + 1)-" + name
            }
            for (i, page) in item.tree.pages.enumerated() {
                var boxes = page.boxes.map { box -> Box in
                    var b = box
                    b.anchor = b.anchor.map(rename)
                    b.link = b.link.map(rename)
                    return b
                }
                if folios == .continuous { boxes.removeAll { $0.role == .folio } }
                if i == 0, let firstBox = boxes.indices.first(where: { boxes[$0].anchor == nil }) { boxes[firstBox].anchor = "issue-\(k + 1)" }
                pages.append(Page(number: start + i, boxes: boxes, showsFolio: folios == .continuous ? page.showsFolio : false))
            }
            outline.append(OutlineEntry(title: item.issue.issueLine, level: 1, destination: "issue-\(k + 1)", page: start))
            for o in item.tree.outline {
                outline.append(OutlineEntry(title: o.title, level: o.level + 1, destination: rename(o.destination), page: start + o.page - 1))
            }
            articleOffset += item.issue.articles.count
        }
        let folio = Folio(styles: styles, typesetter: typesetter)
        for i in pages.indices where i >= 2 && pages[i].showsFolio && (folios == .continuous || i < 2 + tocPages.count) {
            pages[i].boxes.append(folio.box(page: pages[i].number, blockLeft: layout.left(pages[i].number), blockBottom: layout.blockBottom))
        }
        return PageTree(pageSize: Size(width: spec.page.width, height: spec.page.height), pages: pages, outline: outline,
                        articlePages: articlePages(first), fonts: typesetter.measurer.fontTable)
    }

    /// The title of the volume, its issues and its publisher, centred on the first page.
    func coverPage(title: String, subtitle: String, publisher: String) -> Page {
        let spec = styles.spec
        let width = spec.page.textWidth
        var boxes: [Box] = []
        var y = spec.page.marginTop + spec.page.textHeight * 0.3
        for (text, element, gap) in [(title, ElementName.mastheadTitle, 1.0), (subtitle, .articleTitle, 2.5), (publisher, .issueLine, 8.0)] {
            var run = styles.run(text, element)
            var line = typesetter.singleLine([run])
            while line.width > width, run.size.value > 10 {
                run = styles.run(text, element, size: run.size * 0.9)
                line = typesetter.singleLine([run])
            }
            y += run.size * gap
            boxes.append(Box(role: element == .mastheadTitle ? .mastheadTitle : .articleTitle, line: line,
                             origin: Point(x: layout.left(1) + (width - line.width) / 2, y: y)))
        }
        return Page(number: 1, boxes: boxes, showsFolio: false)
    }
}
