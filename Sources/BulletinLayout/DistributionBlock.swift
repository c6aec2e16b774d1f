import BulletinCore
import BulletinModel
import LayoutSpec

/// The 版记 at the foot of the last page: entries such as 报：/送： between a thick top and bottom
/// rule with thin rules between them; the bottom rule lies on the text block's bottom edge, and
/// continuation lines align with the first character after the label.
struct DistributionBlock {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points

    struct Result {
        var boxes: [Box]
        var height: Points
    }

    private struct Row {
        var line: ComposedLine
        var x: Points
        var extras: [(role: BoxRole, line: ComposedLine, x: Points)] = []
        /// The row holds 共印N份 alone.
        var copies = false
    }

    func layout(_ issue: Issue, left: Points, bottom: Points) throws -> Result? {
        guard !issue.distribution.isEmpty || issue.copies != nil else { return nil }
        let s = styles.style(.distribution)
        let lineHeight = s.lineHeight.map { styles.length($0, .distribution) } ?? styles.linePitch
        let inset = styles.horizontal(s.indent, .distribution)
        let outer = styles.spec.rule(.distributionOuter), inner = styles.spec.rule(.distributionInner)

        let copies = issue.copies.map { typesetter.singleLine([styles.run("共印\($0)份", .distribution)]) }
        let copiesWidth = copies?.width ?? .zero
        var entries: [[Row]] = []
        for entry in issue.distribution {
            let label = typesetter.singleLine([styles.run(entry.label + "：", .distribution)])
            let textX = inset + label.width
            let measure = width - textX - inset
            var rows: [Row] = []
            for (li, text) in entry.lines.enumerated() {
                let run = styles.run(text, .distribution)
                let lines = typesetter.compose([run], firstLineWidth: measure, width: measure, justify: true)
                for (i, line) in lines.enumerated() {
                    var row = Row(line: line, x: textX)
                    if li == 0 && i == 0 { row.extras.append((.distributionLabel, label, inset)) }
                    rows.append(row)
                }
            }
            entries.append(rows)
        }
        if let copies {
            // 共印N份 goes at the right end of the last line when there is room beside it (an em
            // apart), else on a line of its own below: the entry's lines keep their full measure.
            let extra = (role: BoxRole.distributionCopies, line: copies, x: width - inset - copiesWidth)
            if let last = entries.last?.last, last.x + last.line.width + s.size + copiesWidth <= width - inset {
                entries[entries.count - 1][entries[entries.count - 1].count - 1].extras.append(extra)
            } else if !entries.isEmpty {
                entries[entries.count - 1].append(Row(line: copies, x: extra.x, copies: true))
            } else {
                entries.append([Row(line: copies, x: extra.x, copies: true)])
            }
        }

        // A 版记 taller than the text block would be cut off at the top: an error, never clipped.
        let rowCount = entries.reduce(0) { $0 + $1.count }
        let needed = lineHeight * Double(rowCount) + outer.thickness * 2 + inner.thickness * Double(max(0, entries.count - 1))
        if needed > styles.spec.page.textHeight {
            throw LayoutProblem(message: "the 版记 (distribution) takes \(rowCount) lines, more than a page holds",
                                hint: "shorten the 报/送 lists (a long list of units can go into an attachment)", span: issue.span.value?["distribution"])
        }

        // Stack from the bottom up: the bottom rule's lower edge on the block's bottom.
        var boxes: [Box] = []
        var y = bottom - outer.thickness
        boxes.append(Box(role: .distributionRule, content: .rule(Rect(x: left, y: y, width: width, height: outer.thickness), outer.colour)))
        for (ei, rows) in entries.enumerated().reversed() {
            for row in rows.reversed() {
                let boxTop = y - lineHeight
                let baseline = boxTop + (lineHeight - s.size) / 2 + EmBox.ascent(s.size)
                let role: BoxRole = row.copies ? .distributionCopies : .distributionText
                boxes.append(Box(role: role, line: row.line, origin: Point(x: left + row.x, y: baseline)))
                for extra in row.extras {
                    boxes.append(Box(role: extra.role, line: extra.line, origin: Point(x: left + extra.x, y: baseline)))
                }
                y = boxTop
            }
            let rule = ei == 0 ? outer : inner
            y -= rule.thickness
            boxes.append(Box(role: .distributionRule, content: .rule(Rect(x: left, y: y, width: width, height: rule.thickness), rule.colour)))
        }
        return Result(boxes: boxes.reversed(), height: bottom - y)
    }
}
