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
        // Room for a three-digit page number keeps the TOC's line count independent of the numbers it prints.
        let numberRoom = measurer.width(of: [sample.with(text: "999")])
        let leaderRun = TextRun(styles.spec.tocLeader, face: sample.face, size: sample.size, letterSpacing: .zero, colour: sample.colour)
        let leaderWidth = max(measurer.width(of: [leaderRun]), 1.pt)
        let minLeader = sample.size * 1.5

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
                let textWidth = width - textLeft - numberRoom - minLeader
                let titleRun = styles.run(article.title, .tocEntry)
                let slices = measurer.breakLines([titleRun], firstLineWidth: textWidth, width: textWidth)
                var lines: [FlowLine] = []
                for (i, slice) in slices.enumerated() {
                    let runs = i == 0 ? [prefixRun] + slice.runs : slice.runs
                    let x = i == 0 ? indent : textLeft
                    let w = i == 0 ? prefixWidth + slice.width : slice.width
                    var line = FlowLine(role: .tocEntry, runs: runs, x: x, width: w, justifyTo: nil, size: titleRun.size, link: dest)
                    if i == slices.count - 1 {
                        let numberRun = sample.with(text: String(page))
                        let nw = measurer.width(of: [numberRun])
                        let numberX = width - nw
                        let gap = sample.size * 0.25
                        let room = numberX - gap - (x + w + gap)
                        let count = max(2, Int((room / leaderWidth).rounded(.down)))
                        let leaders = leaderRun.with(text: String(repeating: styles.spec.tocLeader, count: count))
                        let lw = leaderWidth * Double(count)
                        line.companions = [(.tocLeader, [leaders], numberX - gap - lw, lw), (.tocPageNumber, [numberRun], numberX, nw)]
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
