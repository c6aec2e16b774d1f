import BulletinCore
import LayoutSpec

/// A line waiting to be placed on a page: its horizontal placement is known, its row is not.
struct FlowLine {
    var role: BoxRole
    var line: ComposedLine
    /// From the text block's left edge.
    var x: Points
    var size: Points
    var link: String?
    var anchor: String?
    /// Extra boxes on the same row (TOC numbers, leaders and page numbers), x from the block's left edge.
    var companions: [(role: BoxRole, line: ComposedLine, x: Points)] = []
    /// Grid rows the line takes, when not its block's `rowsPerLine` (a photo, a table row).
    var rows: Int?
    /// Boxes drawn with the line (a photo, a table row's cells and rules), placed from the text
    /// block's left edge and the top of the line's first row.
    var extras: [Box] = []
    /// A rule drawn under the line when it is the last of its block on a page (a table's bottom rule,
    /// also where the table breaks).
    var closingRule: (thickness: Points, colour: Colour, x: Points, width: Points, lift: Points)?

    init(role: BoxRole, line: ComposedLine, x: Points, size: Points, link: String? = nil, anchor: String? = nil) {
        self.role = role; self.line = line; self.x = x; self.size = size; self.link = link; self.anchor = anchor
    }

    /// A line with no text of its own: what it shows is in `extras`.
    static func drawing(role: BoxRole, rows: Int, extras: [Box]) -> FlowLine {
        var l = FlowLine(role: role, line: ComposedLine(runs: [], positions: [], width: .zero), x: .zero, size: .zero)
        l.rows = rows
        l.extras = extras
        return l
    }
}

/// A run of lines that belong together: a paragraph, a title, a TOC entry.
struct FlowBlock {
    var lines: [FlowLine]
    var rowsPerLine: Int = 1
    var spaceBefore: Int = 0
    var spaceAfter: Int = 0
    /// May be split across pages (paragraphs); titles and TOC entries stay whole.
    var splittable: Bool = true
    /// Lines of the following block that must share this block's page (titles keep with their text).
    var keepWithNext: Int = 0
    /// Lines of the preceding block that must share this block's page (a source line never opens a
    /// page alone).
    var keepWithPrevious: Int = 0
    var outline: (title: String, level: Int, destination: String)?
    /// The block set with one line more (+1) or fewer (−1), when that costs little: how a page
    /// that keep rules left short is filled without blank rows.
    var variant: ((Int) -> [FlowLine]?)?
    /// A photo: when it does not fit where it falls, it moves to the top of the next page and the
    /// text after it fills the space (a float).
    var floats = false
    /// The first lines of a table (its header), set again at the top of each page it continues on.
    var headerLines = 0
    /// Starts a new page (a manual page break).
    var breaksPage = false

    /// A heading: whole, and kept with what follows.
    var isHeading: Bool { !splittable && keepWithNext > 0 }

    func rows(of line: FlowLine) -> Int { line.rows ?? rowsPerLine }
    /// Rows of the whole block.
    var height: Int { lines.reduce(0) { $0 + rows(of: $1) } }
    /// Rows of its first `n` lines.
    func height(ofFirst n: Int) -> Int { lines.prefix(n).reduce(0) { $0 + rows(of: $1) } }
}

/// Sets styled text into flow lines according to an element's alignment and indents.
struct LineSetter {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points

    /// The block's lines with one line more or fewer (see `FlowBlock.variant`); only for justified
    /// and left-aligned text.
    func lines(_ runs: [TextRun], _ e: ElementName, role: BoxRole, lineDelta: Int) -> [FlowLine]? {
        let s = styles.style(e)
        guard s.align == .justify || s.align == .left else { return nil }
        let size = runs.map(\.size).max() ?? s.size
        let first = styles.horizontal(s.indent, e), rest = styles.horizontal(s.hangingIndent, e)
        guard let composed = typesetter.compose(runs, firstLineWidth: width - first, width: width - rest, justify: s.align == .justify,
                                                lineDelta: lineDelta) else { return nil }
        return composed.enumerated().map { i, line in FlowLine(role: role, line: line, x: i == 0 ? first : rest, size: size) }
    }

    func lines(_ runs: [TextRun], _ e: ElementName, role: BoxRole, width available: Points? = nil, leftOffset: Points = .zero) -> [FlowLine] {
        let s = styles.style(e)
        let w = available ?? width
        let size = runs.map(\.size).max() ?? s.size
        // Centred titles that wrap are balanced, so their lines come out of similar length (GB/T 9704 §7.3.1).
        if s.align == .center {
            return balancedLines(runs, maxWidth: w).map {
                FlowLine(role: role, line: $0, x: leftOffset + (w - $0.width) / 2, size: size)
            }
        }
        let first = s.align == .right ? Points.zero : styles.horizontal(s.indent, e)
        let rest = s.align == .right ? Points.zero : styles.horizontal(s.hangingIndent, e)
        let composed = typesetter.compose(runs, firstLineWidth: w - first, width: w - rest, justify: s.align == .justify)
        return composed.enumerated().map { i, line in
            let indent = i == 0 ? first : rest
            let x = s.align == .right ? leftOffset + w - line.width : leftOffset + indent
            return FlowLine(role: role, line: line, x: x, size: size)
        }
    }

    /// Breaks text to the fewest lines that fit `maxWidth`, then narrows the measure as far as the line
    /// count allows, so the lines come out of similar length.
    func balancedLines(_ runs: [TextRun], maxWidth: Points) -> [ComposedLine] {
        let (full, fullStrictness) = typesetter.composeTitleRated(runs, firstLineWidth: maxWidth, width: maxWidth, justify: false)
        guard full.count > 1 else { return full }
        if full.count == 2, let two = typesetter.titleLines(runs, maxWidth: maxWidth) { return two }
        var lo = maxWidth / Double(full.count) * 0.9, hi = maxWidth
        var best = (lines: full, strictness: fullStrictness)
        for _ in 0..<14 {
            let mid = (lo + hi) / 2
            // Narrower lines balance better, but never at the price of breaking a word the full
            // width kept whole (工业和信息／化部).
            let attempt = typesetter.composeTitleRated(runs, firstLineWidth: mid, width: mid, justify: false)
            if attempt.lines.count <= full.count && attempt.strictness <= fullStrictness { best = attempt; hi = mid } else { lo = mid }
        }
        if best.strictness == TitleBreaks.Strictness.allCases.count - 1 { typesetter.noteTitleBrokenInsideWord(runs) }
        return best.lines
    }
}
