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

    /// A run fitted to `width` on one line (for elements with `fit`): letter-spacing goes first, then
    /// the size, down to the layout's `min-size`. Nil when even that is too wide.
    func fitted(_ text: String, _ e: ElementName, width: Points, source: [SourceMark]) -> TextRun? {
        let s = styles.style(e)
        var run = styles.run(text, e, source: source)
        func visual(_ r: TextRun) -> Points { typesetter.naturalWidth([r]) - r.letterSpacing }
        guard s.fitWidth, visual(run) > width else { return run }
        let count = Double(max(1, text.count - 1))
        var tight = run
        tight.letterSpacing = .zero
        let bare = visual(tight)
        if bare <= width {
            run.letterSpacing = Swift.min(run.letterSpacing, (width - bare) / count)
            return run
        }
        let smallest = s.minimumSize ?? s.size
        let size = Points(((run.size * (width / bare)).value * 2).rounded(.down) / 2)
        guard size >= smallest else { return nil }
        var shrunk = styles.run(text, e, size: size, source: source)
        shrunk.letterSpacing = .zero
        return visual(shrunk) <= width ? shrunk : nil
    }

    func tooLong(_ field: String, _ text: String, _ e: ElementName, in issue: Issue) -> LayoutProblem {
        let smallest = styles.style(e).minimumSize ?? styles.style(e).size
        return LayoutProblem(message: "the \(field) '\(text.prefix(40))\(text.count > 40 ? "…" : "")' does not fit the text block's width even at \(PageFormat.points(smallest)), the smallest size the layout allows",
                             hint: "shorten it, or lower `min-size` of `\(e.rawValue)` in the layout",
                             span: issue.span.value?[field])
    }

    func layout(_ issue: Issue, blockLeft: Points, blockTop: Points) throws -> Result {
        let spec = styles.spec
        func at(_ field: String) -> [SourceMark] {
            issue.span.value?[field]?.marks ?? []
        }
        let m = spec.masthead
        let width = spec.page.textWidth
        var boxes: [Box] = []
        var y = blockTop + m.titleTop

        if let c = issue.classification {
            guard let run = fitted(c, .classification, width: width, source: at("classification")) else {
                throw tooLong("classification", c, .classification, in: issue)
            }
            boxes.append(Box(role: .classification, line: typesetter.singleLine([run]), origin: Point(x: blockLeft, y: blockTop + EmBox.ascent(run.size))))
            y = max(y, blockTop + styles.linePitch + m.titleTop)
        }

        // 刊名: fitted to one line when the layout asks for it; a title too long even at the
        // smallest size is set in balanced lines at that size.
        let titleStyle = styles.style(.mastheadTitle)
        let titleRun = fitted(issue.title, .mastheadTitle, width: width, source: at("title"))
            ?? styles.run(issue.title, .mastheadTitle, size: titleStyle.minimumSize ?? titleStyle.size, source: at("title"))
        let titleLines = LineSetter(styles: styles, typesetter: typesetter, width: width).balancedLines([titleRun], maxWidth: width)
        for line in titleLines {
            y += EmBox.ascent(titleRun.size)
            boxes.append(centred(.mastheadTitle, line, line.width, left: blockLeft, width: width, baseline: y))
            y += EmBox.descent(titleRun.size) + titleRun.size * 0.15
        }
        y -= titleRun.size * 0.15

        // The kind (专报), large and letter-spaced; the trailing letter space is not part of its visual width.
        guard let kindRun = fitted(issue.kind, .kind, width: width, source: at("kind")) else {
            throw tooLong("kind", issue.kind, .kind, in: issue)
        }
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

/// A problem layout found with the issue's content, at the place it was written.
public struct LayoutProblem: Error, Sendable {
    public var message: String
    public var hint: String?
    public var span: SourceSpan?
}

enum PageFormat {
    static func points(_ p: Points) -> String {
        p.value == p.value.rounded() ? "\(Int(p.value))pt" : "\(p.value)pt"
    }
}
