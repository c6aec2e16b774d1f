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
                var b = block(.sectionHeading, setter.lines([styles.run(t, .sectionHeading, source: marks(section.span.value))], .sectionHeading, role: .sectionHeading),
                              splittable: false, keep: 2)
                b.outline = (t, 1, "section-\(si + 1)")
                b.lines[0].anchor = "section-\(si + 1)"
                blocks.append(b)
            }
            for article in section.articles {
                let dest = TableOfContents.destination(forArticle: articleIndex)
                var title = block(.articleTitle, setter.lines([styles.run(article.title, .articleTitle, source: marks(article.span.value?.title))],
                                                              .articleTitle, role: .articleTitle),
                                  splittable: false, keep: 2)
                title.lines[0].anchor = dest
                title.outline = (article.title, section.title == nil ? 1 : 2, dest)
                blocks.append(title)

                for b in article.blocks {
                    switch b.kind {
                    case .paragraph, .editorsNote:
                        let e: ElementName = b.kind == .paragraph ? .body : .editorsNote
                        let role: BoxRole = b.kind == .paragraph ? .body : .editorsNote
                        let r = runs(b.inlines, e)
                        var p = block(e, setter.lines(r, e, role: role), splittable: true)
                        p.variant = { delta in setter.lines(r, e, role: role, lineDelta: delta) }
                        blocks.append(p)
                    case .subheading:
                        blocks.append(block(.subheading, setter.lines(runs(b.inlines, .subheading, emphasis: false), .subheading, role: .subheading),
                                            splittable: false, keep: 2))
                    }
                }
                if let source = article.source {
                    // The span points inside the （）; the run starts one column earlier, at the bracket.
                    let inner = article.span.value?.source
                    let open = inner.map { SourceSpan(line: $0.line, column: max(1, $0.column - 1)) }
                    var line = block(.sourceLine, setter.lines([styles.run("（\(source)）", .sourceLine, source: marks(open))], .sourceLine, role: .sourceLine),
                                     splittable: false)
                    line.keepWithPrevious = 2
                    blocks.append(line)
                }
                articleIndex += 1
            }
        }
        return blocks
    }

    func runs(_ inlines: [Inline], _ e: ElementName, emphasis: Bool = true) -> [TextRun] {
        inlines.map { styles.run($0.text, e, bold: emphasis && $0.emphasis, source: $0.marks) }
    }

    func marks(_ span: SourceSpan?) -> [SourceMark] {
        span?.marks ?? []
    }
}
