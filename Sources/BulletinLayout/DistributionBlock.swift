import BulletinCore
import BulletinModel
import LayoutSpec

/// The 版记 at the foot of the last page: entries such as 报：/送： between a thick top and bottom
/// rule with thin rules between them; the bottom rule lies on the text block's bottom edge, and
/// continuation lines align with the first character after the label.
struct DistributionBlock {
    let styles: StyleSheet
    let measurer: TextMeasurer
    let width: Points

    struct Result {
        /// Boxes positioned with y measured up from the block's bottom edge (0 = bottom rule's lower edge).
        var boxes: [Box]
        var height: Points
    }

    func layout(_ issue: Issue, left: Points, bottom: Points) -> Result? {
        guard !issue.distribution.isEmpty || issue.copies != nil else { return nil }
        let s = styles.style(.distribution)
        let lineHeight = s.lineHeight.map { styles.length($0, .distribution) } ?? styles.linePitch
        let inset = styles.horizontal(s.indent, .distribution)
        let outer = styles.spec.rule(.distributionOuter), inner = styles.spec.rule(.distributionInner)

        // Entries as lines of (label?, runs, x) from top to bottom.
        var entries: [[(role: BoxRole, runs: [TextRun], x: Points, w: Points, extras: [(BoxRole, [TextRun], Points, Points)])]] = []
        let copiesRun = issue.copies.map { styles.run("共印\($0)份", .distribution) }
        let copiesWidth = copiesRun.map { measurer.width(of: [$0]) } ?? .zero
        for (ei, entry) in issue.distribution.enumerated() {
            let labelRun = styles.run(entry.label + "：", .distribution)
            let labelWidth = measurer.width(of: [labelRun])
            let textX = inset + labelWidth
            let measure = width - textX - inset
            var lines: [(BoxRole, [TextRun], Points, Points, [(BoxRole, [TextRun], Points, Points)])] = []
            for (li, text) in entry.lines.enumerated() {
                let run = styles.run(text, .distribution)
                var slices = measurer.breakLines([run], firstLineWidth: measure, width: measure)
                let closing = ei == issue.distribution.count - 1 && li == entry.lines.count - 1
                if closing, copiesRun != nil, let last = slices.last, last.width + copiesWidth + s.size > measure {
                    // 共印N份 shares the last line: narrow the last item so it fits beside it.
                    let narrow = measure - copiesWidth - s.size
                    slices = measurer.breakLines([run], firstLineWidth: narrow, width: narrow)
                }
                for (i, slice) in slices.enumerated() {
                    let label: [(BoxRole, [TextRun], Points, Points)] = (li == 0 && i == 0) ? [(.distributionLabel, [labelRun], inset, labelWidth)] : []
                    lines.append((.distributionText, slice.runs, textX, slice.width, label))
                }
            }
            entries.append(lines)
        }
        if let run = copiesRun {
            let copiesBox = (BoxRole.distributionCopies, [run], width - inset - copiesWidth, copiesWidth, [(BoxRole, [TextRun], Points, Points)]())
            if var last = entries.last, !last.isEmpty {
                last[last.count - 1].extras.append((.distributionCopies, [run], width - inset - copiesWidth, copiesWidth))
                entries[entries.count - 1] = last
            } else {
                entries.append([copiesBox])
            }
        }

        // Stack from the bottom up: the bottom rule's lower edge on the block's bottom.
        var boxes: [Box] = []
        var y = bottom - outer.thickness
        boxes.append(Box(role: .distributionRule, content: .rule(Rect(x: left, y: y, width: width, height: outer.thickness), outer.colour)))
        for (ei, lines) in entries.enumerated().reversed() {
            for line in lines.reversed() {
                let boxTop = y - lineHeight
                let baseline = boxTop + (lineHeight - s.size) / 2 + s.size * 0.88
                boxes.append(Box(role: line.role, content: .text(runs: line.runs, origin: Point(x: left + line.x, y: baseline), width: line.w, justifyTo: nil)))
                for extra in line.extras {
                    boxes.append(Box(role: extra.0, content: .text(runs: extra.1, origin: Point(x: left + extra.2, y: baseline), width: extra.3, justifyTo: nil)))
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
