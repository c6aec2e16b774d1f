import BulletinCore
import BulletinModel
import LayoutSpec

/// Turns sections and articles into flow blocks: section headings, article titles (anchored for the
/// TOC and bookmarks), paragraphs, subheadings, editor's notes and right-aligned source lines.
struct ArticleFlow {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points

    func blocks(for issue: Issue) -> [FlowBlock] {
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        var blocks: [FlowBlock] = []
        var articleIndex = 0

        func block(_ e: ElementName, _ lines: [FlowLine], splittable: Bool, keep: Int = 0) -> FlowBlock {
            let s = styles.style(e)
            var b = FlowBlock(lines: lines, splittable: splittable, keepWithNext: keep)
            b.rowsPerLine = styles.rowsPerLine(e)
            b.spaceBefore = styles.rows(s.spaceBefore, e)
            b.spaceAfter = styles.rows(s.spaceAfter, e)
            return b
        }

        for (si, section) in issue.sections.enumerated() {
            if let t = section.title {
                var b = block(.sectionHeading, setter.lines([styles.run(t, .sectionHeading)], .sectionHeading, role: .sectionHeading),
                              splittable: false, keep: 2)
                b.outline = (t, 1, "section-\(si + 1)")
                b.lines[0].anchor = "section-\(si + 1)"
                blocks.append(b)
            }
            for article in section.articles {
                let dest = TableOfContents.destination(forArticle: articleIndex)
                var title = block(.articleTitle, setter.lines([styles.run(article.title, .articleTitle)], .articleTitle, role: .articleTitle),
                                  splittable: false, keep: 2)
                title.lines[0].anchor = dest
                title.outline = (article.title, section.title == nil ? 1 : 2, dest)
                blocks.append(title)

                for b in article.blocks {
                    switch b {
                    case .paragraph(let inlines):
                        blocks.append(block(.body, setter.lines(runs(inlines, .body), .body, role: .body), splittable: true))
                    case .editorsNote(let inlines):
                        blocks.append(block(.editorsNote, setter.lines(runs(inlines, .editorsNote), .editorsNote, role: .editorsNote), splittable: true))
                    case .subheading(let text):
                        blocks.append(block(.subheading, setter.lines([styles.run(text, .subheading)], .subheading, role: .subheading),
                                            splittable: false, keep: 2))
                    }
                }
                if let source = article.source {
                    blocks.append(block(.sourceLine, setter.lines([styles.run("（\(source)）", .sourceLine)], .sourceLine, role: .sourceLine),
                                        splittable: false))
                }
                articleIndex += 1
            }
        }
        return blocks
    }

    func runs(_ inlines: [Inline], _ e: ElementName) -> [TextRun] {
        inlines.map { styles.run($0.text, e, bold: $0.emphasis) }
    }
}
