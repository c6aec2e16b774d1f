import BulletinCore
import BulletinModel
import LayoutSpec

/// A table: its caption above in the table-caption style, then one flow line per row (rows are
/// never split, and the header is set again where the table continues on a new page). Cell text is
/// set by the line breaker; each cell line sits on a grid row. Column widths come from the content
/// the way browsers lay out automatic tables: every column gets at least its longest unbreakable
/// piece and, when there is room, its text on one line, the rest shared in proportion. Ruled as a
/// 三线表 or a full grid, as the layout says.
struct TableFlow {
    let styles: StyleSheet
    var spec: LayoutSpecification { styles.spec }
    let typesetter: Typesetter
    let width: Points

    /// Space at each side of a cell's text.
    var padding: Points { styles.style(.tableCell).size * 0.5 }

    func blocks(_ t: Table, span: SourceSpan?, caption: [TextRun], cells: ([Inline]) -> [TextRun],
                headerCells: ([Inline]) -> [TextRun]) throws -> [FlowBlock] {
        let columns = t.rows.map(\.count).max() ?? 0
        guard columns > 0 else { return [] }
        let rows: [[[TextRun]]] = t.rows.enumerated().map { r, row in
            (0..<columns).map { c in c < row.count ? (r < t.headerRows ? headerCells(row[c]) : cells(row[c])) : [] }
        }
        // 四号 first; a table too wide for it is set at 五号, and one too wide even then is an error.
        var sized = rows
        var widths = columnWidths(sized, columns: columns)
        if widths == nil {
            sized = rows.map { $0.map { $0.map { var r = $0; r.size = 10.5.pt; r.letterSpacing = .zero; return r } } }
            widths = columnWidths(sized, columns: columns)
        }
        guard let widths else {
            throw LayoutProblem(message: "this table is too wide for the page even at 五号 (10.5 pt)",
                                hint: "split it into two tables, or shorten the longest words and numbers in its cells", span: span)
        }

        var out: [FlowBlock] = []
        if !caption.isEmpty {
            let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
            out.append(styles.block(.tableCaption, setter.lines(caption, .tableCaption, role: .tableCaption), splittable: false, keep: 2))
        }
        let rule = styles.spec.rule(.table)
        let total = widths.reduce(Points.zero, +)
        let left = (width - total) / 2
        let pitch = styles.linePitch
        // Cell text sits on the body grid (centred on where a body line's em box is); rules run
        // through the middle of the gaps between grid lines.
        let body = styles.style(.body).size
        let lift = (pitch - body) / 2
        var lines: [FlowLine] = []
        // Each column's alignment once (looking at every cell of a column for every row would make
        // a long table take quadratic time).
        let bodyAlignments = (0..<columns).map { alignment(t, column: $0, header: false) }
        let headerAlignments = (0..<columns).map { alignment(t, column: $0, header: true) }
        let pageRows = styles.spec.grid?.linesPerPage ?? max(1, Int((spec.page.textHeight / pitch).rounded(.down)))
        var headerHeight = 0
        for (r, row) in sized.enumerated() {
            let header = r < t.headerRows
            var cellLines: [[ComposedLine]] = []
            for (c, runs) in row.enumerated() {
                let inner = widths[c] - padding * 2
                cellLines.append(runs.isEmpty ? [] : typesetter.compose(runs, firstLineWidth: inner, width: inner, justify: false))
            }
            let height = max(1, cellLines.map(\.count).max() ?? 1)
            if header { headerHeight += height }
            // Rows are never split: one taller than a page (with the header above it) cannot be set.
            if height + (header ? 0 : headerHeight) > pageRows {
                throw LayoutProblem(message: "row \(r + 1) of this table takes \(height) lines, more than a page holds",
                                    hint: "shorten the text of its cells, or write it as paragraphs", span: t.rowSpans.value?[safe: r] ?? span)
            }
            var extras: [Box] = []
            var x = left
            for (c, set) in cellLines.enumerated() {
                let inner = widths[c] - padding * 2
                let align = header ? headerAlignments[c] : bodyAlignments[c]
                // Cells with fewer lines sit in the middle of the row.
                let offset = Double(height - set.count) / 2
                for (k, line) in set.enumerated() {
                    let size = line.runs.map(\.size).max() ?? styles.style(.tableCell).size
                    let dx: Points
                    switch align {
                    case .right: dx = inner - line.width
                    case .center: dx = (inner - line.width) / 2
                    default: dx = .zero
                    }
                    let baseline = pitch * (offset + Double(k)) + (body - size) / 2 + EmBox.ascent(size)
                    extras.append(Box(role: .tableCell, line: line, origin: Point(x: x + padding + dx, y: baseline)))
                }
                x += widths[c]
            }
            let rowHeight = pitch * Double(height)
            switch styles.spec.tableStyle {
            case .threeLine:
                if r == 0 || header { extras.append(ruleBox(left, -lift - rule.thickness / 2, total, rule.thickness, rule.colour)) }
                if header && r == t.headerRows - 1 {
                    extras.append(ruleBox(left, rowHeight - lift - rule.secondThickness / 2, total, rule.secondThickness, rule.colour))
                }
            case .grid:
                let thin = rule.secondThickness.value > 0 ? rule.secondThickness : rule.thickness
                extras.append(ruleBox(left, -lift - thin / 2, total, thin, rule.colour))
                var edge = left
                for w in [Points.zero] + widths {
                    edge += w
                    extras.append(ruleBox(edge - thin / 2, -lift, thin, rowHeight, rule.colour))
                }
            }
            var line = FlowLine.drawing(role: .tableCell, rows: height, extras: extras)
            line.closingRule = (rule.thickness, rule.colour, left, total, lift)
            lines.append(line)
        }
        var block = FlowBlock(lines: lines, splittable: true)
        block.headerLines = min(t.headerRows, lines.count - 1)
        out.append(block)
        return out
    }

    private func ruleBox(_ x: Points, _ y: Points, _ w: Points, _ h: Points, _ colour: Colour) -> Box {
        Box(role: .tableRule, content: .rule(Rect(x: x, y: y, width: w, height: h), colour))
    }

    /// As the alignment row says; without one, header cells centred and columns of numbers to the right.
    func alignment(_ t: Table, column c: Int, header: Bool) -> Table.Alignment {
        let given = c < t.alignments.count ? t.alignments[c] : .none
        if given != .none { return given }
        if header { return .center }
        let body = t.rows.dropFirst(t.headerRows).compactMap { c < $0.count ? $0[c].map(\.text).joined() : nil }.filter { !$0.isEmpty }
        return !body.isEmpty && body.allSatisfy(TableFlow.isNumber) ? .right : .left
    }

    /// "146", "21.7%", "-3", "1,200", "+12.5 %".
    static func isNumber(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let first = t.unicodeScalars.first, first.properties.numericType != nil || "+-−".unicodeScalars.contains(first) else { return false }
        return t.unicodeScalars.allSatisfy { $0.properties.numericType != nil || ".,%‰+-− ".unicodeScalars.contains($0) }
    }

    /// Widths of the columns, nil when even their narrowest settings do not fit.
    func columnWidths(_ rows: [[[TextRun]]], columns: Int) -> [Points]? {
        var minimum = Array(repeating: Points.zero, count: columns)
        var preferred = Array(repeating: Points.zero, count: columns)
        for row in rows {
            for (c, runs) in row.enumerated() where !runs.isEmpty {
                preferred[c] = max(preferred[c], typesetter.naturalWidth(runs) + padding * 2)
                minimum[c] = max(minimum[c], longestPiece(runs) + padding * 2)
            }
        }
        let available = width
        let sumPreferred = preferred.reduce(Points.zero, +), sumMinimum = minimum.reduce(Points.zero, +)
        if sumMinimum > available + 0.01.pt { return nil }
        if sumPreferred <= available {
            // Room for every cell on one line: the table spans the measure, columns widened in proportion.
            let extra = available - sumPreferred
            return preferred.map { $0 + extra * ($0 / sumPreferred) }
        }
        // Too wide to set every cell on one line: the narrow columns (a header such as 同比增减, a
        // date, a number) keep their cells whole while they take no more than an even share of
        // the room left, narrowest first; the wide ones share the rest and wrap.
        var widths = minimum
        var open = Set(0..<columns)
        var room = available
        for c in (0..<columns).sorted(by: { (preferred[$0], $0) < (preferred[$1], $1) }) {
            let othersMinimum = open.subtracting([c]).reduce(Points.zero) { $0 + minimum[$1] }
            guard preferred[c] <= room / Double(open.count), room - preferred[c] >= othersMinimum else { break }
            widths[c] = preferred[c]
            room -= preferred[c]
            open.remove(c)
        }
        let openMinimum = open.reduce(Points.zero) { $0 + minimum[$1] }, openPreferred = open.reduce(Points.zero) { $0 + preferred[$1] }
        let share = openPreferred > openMinimum ? (room - openMinimum) / (openPreferred - openMinimum) : 0
        for c in open { widths[c] = minimum[c] + (preferred[c] - minimum[c]) * share }
        return widths
    }

    /// The widest piece of a cell that cannot be broken: a Latin word or number, or one CJK character.
    func longestPiece(_ runs: [TextRun]) -> Points {
        var widest = Points.zero
        for run in runs {
            var piece = ""
            func measure() {
                if !piece.isEmpty { widest = max(widest, typesetter.naturalWidth([run.with(text: piece)])) }
                piece = ""
            }
            for ch in run.text {
                if ch == " " { measure(); continue }
                if let s = ch.unicodeScalars.first, CJKRanges.isWide(s) {
                    measure()
                    widest = max(widest, typesetter.naturalWidth([run.with(text: String(ch))]) * 2)
                    continue
                }
                piece.append(ch)
            }
            measure()
        }
        return widest
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
