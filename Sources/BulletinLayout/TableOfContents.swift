import BulletinCore
import BulletinModel
import LayoutSpec

/// The 目录: a centred heading, section lines with a leading "·", and numbered entries with dot
/// leaders and right-aligned page numbers. Wrapped titles indent under their first character.
struct TableOfContents {
    let styles: StyleSheet
    let measurer: TextMeasurer
    let width: Points

    static func destination(forArticle index: Int) -> String { "article-\(index + 1)" }

    func blocks(for issue: Issue, pages: [Int]) -> [FlowBlock] {
        let setter = LineSetter(styles: styles, measurer: measurer, width: width)
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
        let numberRoom = measurer.width(of: [sample.with(text: "99")]) + numberGap
        let leaderRun = TextRun(styles.spec.tocLeader, face: sample.face, size: sample.size, letterSpacing: .zero, colour: sample.colour)
        let leaderWidth = max(measurer.width(of: [leaderRun]), 1.pt)
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
                let prefixRun = styles.run("\(articleIndex + 1). ", .tocEntry)
                let prefixWidth = measurer.width(of: [prefixRun])
                let textLeft = indent + prefixWidth
                let textWidth = width - textLeft - numberRoom
                let titleRun = styles.run(article.title, .tocEntry)
                var slices = measurer.breakLines([titleRun], firstLineWidth: textWidth, width: textWidth)
                if let last = slices.last, last.width > textWidth - minLeader {
                    // The last line needs room for at least a short leader: set the entry narrower.
                    slices = measurer.breakLines([titleRun], firstLineWidth: textWidth - minLeader, width: textWidth - minLeader)
                }
                var lines: [FlowLine] = []
                for (i, slice) in slices.enumerated() {
                    let isLast = i == slices.count - 1
                    // Wrapped lines are justified up to the page-number column; the entry number stands apart
                    // so that justification never widens the space after it.
                    var line = FlowLine(role: .tocEntry, runs: slice.runs, x: textLeft, width: slice.width,
                                        justifyTo: isLast ? nil : width - numberRoom - textLeft, size: titleRun.size, link: dest)
                    let x = textLeft, w = slice.width
                    if i == 0 { line.companions.append((.tocEntryNumber, [prefixRun], indent, prefixWidth)) }
                    if i == slices.count - 1 {
                        let numberRun = sample.with(text: String(page))
                        let nw = measurer.width(of: [numberRun])
                        let numberX = width - nw
                        let gap = numberGap
                        let room = numberX - gap - (x + w + gap)
                        let count = max(2, Int((room / leaderWidth).rounded(.down)))
                        let leaders = leaderRun.with(text: String(repeating: styles.spec.tocLeader, count: count))
                        let lw = leaderWidth * Double(count)
                        line.companions += [(.tocLeader, [leaders], numberX - gap - lw, lw), (.tocPageNumber, [numberRun], numberX, nw)]
                    }
                    lines.append(line)
                }
                var b = FlowBlock(lines: lines, splittable: false)
                b.rowsPerLine = styles.rowsPerLine(.tocEntry)
                blocks.append(b)
                articleIndex += 1
            }
        }
        return blocks
    }
}
