import BulletinCore
import BulletinModel
import LayoutSpec

/// The red masthead of page 1 (版头): classification mark, 刊名, kind, issue line,
/// publisher and date, and the red rule. Positions are absolute; the body starts below.
struct Masthead {
    let styles: StyleSheet
    let typesetter: Typesetter

    struct Result {
        var boxes: [Box]
        /// Distance from the text block's top to the lowest point of the masthead, rule included.
        var bottom: Points
    }

    func layout(_ issue: Issue, blockLeft: Points, blockTop: Points) -> Result {
        let spec = styles.spec
        func at(_ field: String) -> [SourceMark] {
            issue.span.value?[field].map { [SourceMark(offset: 0, line: $0.line, column: $0.column)] } ?? []
        }
        let m = spec.masthead
        let width = spec.page.textWidth
        var boxes: [Box] = []
        var y = blockTop + m.titleTop

        if let c = issue.classification {
            let run = styles.run(c, .classification, source: at("classification"))
            boxes.append(Box(role: .classification, line: typesetter.singleLine([run]), origin: Point(x: blockLeft, y: blockTop + EmBox.ascent(run.size))))
            y = max(y, blockTop + styles.linePitch + m.titleTop)
        }

        // 刊名: shrunk to one line when the layout asks for it.
        var titleRun = styles.run(issue.title, .mastheadTitle, source: at("title"))
        var titleWidth = typesetter.naturalWidth([titleRun])
        if styles.style(.mastheadTitle).fitWidth && titleWidth > width {
            let size = Points((titleRun.size * (width / titleWidth)).value.rounded(.down))
            titleRun = styles.run(issue.title, .mastheadTitle, size: size, source: at("title"))
            titleWidth = typesetter.naturalWidth([titleRun])
        }
        let titleLines = LineSetter(styles: styles, typesetter: typesetter, width: width).balancedLines([titleRun], maxWidth: width)
        for line in titleLines {
            y += EmBox.ascent(titleRun.size)
            boxes.append(centred(.mastheadTitle, line, line.width, left: blockLeft, width: width, baseline: y))
            y += EmBox.descent(titleRun.size) + titleRun.size * 0.15
        }
        y -= titleRun.size * 0.15

        // The kind (专报), large and letter-spaced; the trailing letter space is not part of its visual width.
        let kindRun = styles.run(issue.kind, .kind, source: at("kind"))
        let kindLine = typesetter.singleLine([kindRun])
        let kindWidth = kindLine.width - kindRun.letterSpacing
        y += m.kindGap + EmBox.ascent(kindRun.size)
        boxes.append(centred(.kind, kindLine, kindWidth, left: blockLeft, width: width, baseline: y))
        y += EmBox.descent(kindRun.size)

        let issueRun = styles.run(issue.issueLine, .issueLine)
        y += m.issueLineGap + EmBox.ascent(issueRun.size)
        let issueLine = typesetter.singleLine([issueRun])
        boxes.append(centred(.issueLine, issueLine, issueLine.width, left: blockLeft, width: width, baseline: y))
        y += EmBox.descent(issueRun.size)

        // Publisher at the left, wrapping inside the left half with balanced lines; date at the right
        // on the publisher's last line.
        let ps = styles.style(.publisherLine)
        let inset = styles.horizontal(ps.indent, .publisherLine)
        let pubRun = styles.run(issue.publisher, .publisherLine, source: at("publisher"))
        let dateRun = styles.run(issue.date.chinese, .publisherLine)
        let dateLine = typesetter.singleLine([dateRun])
        let dateWidth = dateLine.width
        let half = width - dateWidth - inset * 3
        let pubLines = LineSetter(styles: styles, typesetter: typesetter, width: width).balancedLines([pubRun], maxWidth: min(half, width * 0.6))
        y += m.publisherGap
        for (i, line) in pubLines.enumerated() {
            y += EmBox.ascent(pubRun.size)
            boxes.append(Box(role: .publisher, line: line, origin: Point(x: blockLeft + inset, y: y)))
            if i == pubLines.count - 1 {
                boxes.append(Box(role: .date, line: dateLine, origin: Point(x: blockLeft + width - inset - dateWidth, y: y)))
            }
            y += EmBox.descent(pubRun.size)
            if i < pubLines.count - 1 { y += styles.linePitch - pubRun.size }
        }

        // The red rule, thick over thin.
        let rule = spec.rule(.masthead)
        y += m.ruleGap
        boxes.append(Box(role: .mastheadRule, content: .rule(Rect(x: blockLeft, y: y, width: width, height: rule.thickness), rule.colour)))
        y += rule.thickness
        if rule.secondThickness.value > 0 {
            y += rule.gap
            boxes.append(Box(role: .mastheadRule, content: .rule(Rect(x: blockLeft, y: y, width: width, height: rule.secondThickness), rule.colour)))
            y += rule.secondThickness
        }
        return Result(boxes: boxes, bottom: y - blockTop)
    }

    private func centred(_ role: BoxRole, _ line: ComposedLine, _ w: Points, left: Points, width: Points, baseline: Points) -> Box {
        Box(role: role, line: line, origin: Point(x: left + (width - w) / 2, y: baseline))
    }
}
