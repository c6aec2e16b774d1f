import BulletinCore
import BulletinModel
import LayoutSpec

/// The 目录: a centred heading, section lines with a leading "·", and numbered entries with dot
/// leaders and right-aligned page numbers. Wrapped titles indent under their first character.
struct TableOfContents {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points

    static func destination(forArticle index: Int) -> String { "article-\(index + 1)" }

    func blocks(for issue: Issue, pages: [Int]) -> [FlowBlock] {
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        var blocks: [FlowBlock] = []
        let titleRun = styles.run(styles.spec.tocTitle, .tocTitle)
        var heading = FlowBlock(lines: setter.lines([titleRun], .tocTitle, role: .tocTitle), splittable: false)
        heading.rowsPerLine = styles.rowsPerLine(.tocTitle)
        heading.spaceAfter = styles.rows(styles.style(.tocTitle).spaceAfter, .tocTitle)
        heading.keepWithNext = 2
        blocks.append(heading)

        let entryStyle = styles.style(.tocEntry)
        let indent = styles.horizontal(entryStyle.indent, .tocEntry)
        let sample = styles.run("0", .tocEntry)
        // Room for a two-digit page number: wrapped lines run up to it, so a reader (and a parser)
        // sees one entry, and the line count does not depend on the numbers printed.
        let numberGap = sample.size * 0.25
        let numberRoom = typesetter.naturalWidth([sample.with(text: "99")]) + numberGap
        let leaderRun = TextRun(styles.spec.tocLeader, face: sample.face, size: sample.size, letterSpacing: .zero, colour: sample.colour)
        let leaderWidth = max(typesetter.naturalWidth([leaderRun]), 1.pt)
        let minLeader = leaderWidth * 2 + numberGap

        var articleIndex = 0
        for section in issue.sections {
            if let t = section.title {
                var b = FlowBlock(lines: setter.lines([styles.run("·" + t, .tocSection)], .tocSection, role: .tocSection), splittable: false)
                b.rowsPerLine = styles.rowsPerLine(.tocSection)
                b.keepWithNext = 1
                blocks.append(b)
            }
            for article in section.articles {
                let dest = TableOfContents.destination(forArticle: articleIndex)
                let page = articleIndex < pages.count ? pages[articleIndex] : 1
                let prefix = typesetter.singleLine([styles.run("\(articleIndex + 1). ", .tocEntry)])
                let textLeft = indent + prefix.width
                let textWidth = width - textLeft - numberRoom
                let titleRun = styles.run(article.title, .tocEntry, source: article.span.value?.title?.marks ?? [])
                // A wrapped entry breaks between words, like a title; its lines are not spread out to
                // the number column, so no entry's first line is letter-spaced.
                var lines = typesetter.composeTitle([titleRun], firstLineWidth: textWidth, width: textWidth, justify: false)
                if lines.count > 1 || (lines.last.map { $0.width > textWidth - minLeader } ?? false) {
                    // Wrapped, or the last line needs room for at least a short leader: the entry is
                    // set narrower, in balanced lines, so no line holds a lone word.
                    lines = setter.balancedLines([titleRun], maxWidth: textWidth - minLeader)
                }
                var flow: [FlowLine] = []
                for (i, line) in lines.enumerated() {
                    var f = FlowLine(role: .tocEntry, line: line, x: textLeft, size: titleRun.size, link: dest)
                    if i == 0 { f.companions.append((.tocEntryNumber, prefix, indent)) }
                    if i == lines.count - 1 {
                        let number = typesetter.singleLine([sample.with(text: String(page))])
                        let numberX = width - number.width
                        let room = numberX - numberGap - (textLeft + line.width + numberGap)
                        let count = max(2, Int((room / leaderWidth).rounded(.down)))
                        let leaders = typesetter.singleLine([leaderRun.with(text: String(repeating: styles.spec.tocLeader, count: count))])
                        f.companions.append((.tocLeader, leaders, numberX - numberGap - leaders.width))
                        f.companions.append((.tocPageNumber, number, numberX))
                    }
                    flow.append(f)
                }
                var b = FlowBlock(lines: flow, splittable: false)
                b.rowsPerLine = styles.rowsPerLine(.tocEntry)
                blocks.append(b)
                articleIndex += 1
            }
        }
        return blocks
    }
}
