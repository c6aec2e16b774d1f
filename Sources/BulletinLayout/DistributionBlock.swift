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
        for (ei, entry) in issue.distribution.enumerated() {
            let label = typesetter.singleLine([styles.run(entry.label + "：", .distribution)])
            let textX = inset + label.width
            let measure = width - textX - inset
            var rows: [Row] = []
            for (li, text) in entry.lines.enumerated() {
                let run = styles.run(text, .distribution)
                var lines = typesetter.compose([run], firstLineWidth: measure, width: measure, justify: true)
                let closing = ei == issue.distribution.count - 1 && li == entry.lines.count - 1
                if closing, copies != nil, let last = lines.last, last.width + copiesWidth + s.size > measure {
                    // 共印N份 shares the last line: narrow the last item so it fits beside it.
                    let narrow = measure - copiesWidth - s.size
                    lines = typesetter.compose([run], firstLineWidth: narrow, width: narrow, justify: true)
                }
                for (i, line) in lines.enumerated() {
                    var row = Row(line: line, x: textX)
                    if li == 0 && i == 0 { row.extras.append((.distributionLabel, label, inset)) }
                    rows.append(row)
                }
            }
            entries.append(rows)
        }
        if let copies {
            let extra = (role: BoxRole.distributionCopies, line: copies, x: width - inset - copiesWidth)
            if !entries.isEmpty, !entries[entries.count - 1].isEmpty {
                entries[entries.count - 1][entries[entries.count - 1].count - 1].extras.append(extra)
            } else {
                entries.append([Row(line: copies, x: extra.x)])
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
                let role: BoxRole = issue.distribution.isEmpty ? .distributionCopies : .distributionText
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
