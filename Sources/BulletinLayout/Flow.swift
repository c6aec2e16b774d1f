import BulletinCore
import LayoutSpec

/// A line waiting to be placed on a page: its horizontal placement is known, its row is not.
struct FlowLine {
    var role: BoxRole
    var runs: [TextRun]
    /// From the text block's left edge.
    var x: Points
    var width: Points
    var justifyTo: Points?
    var size: Points
    var link: String?
    var anchor: String?
    /// Extra boxes on the same row (TOC leaders and page numbers), positioned like the line.
    var companions: [(BoxRole, [TextRun], Points, Points)] = []
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
    var outline: (title: String, level: Int, destination: String)?
}

/// Sets styled text into flow lines according to an element's alignment and indents.
struct LineSetter {
    let styles: StyleSheet
    let measurer: TextMeasurer
    let width: Points

    func lines(_ runs: [TextRun], _ e: ElementName, role: BoxRole, width available: Points? = nil, leftOffset: Points = .zero) -> [FlowLine] {
        let s = styles.style(e)
        // Centred titles that wrap are balanced, so their lines come out of similar length (GB/T 9704 §7.3.1).
        if s.align == .center {
            let w = available ?? width
            let slices = balancedLines(runs, maxWidth: w)
            let size = runs.map(\.size).max() ?? s.size
            return slices.map { FlowLine(role: role, runs: $0.runs, x: leftOffset + (w - $0.width) / 2, width: $0.width, justifyTo: nil, size: size) }
        }
        return unbalancedLines(runs, e, role: role, width: available, leftOffset: leftOffset)
    }

    /// Breaks text to the fewest lines that fit `maxWidth`, then narrows the measure as far as the line
    /// count allows, so the lines come out of similar length.
    func balancedLines(_ runs: [TextRun], maxWidth: Points) -> [LineSlice] {
        let full = measurer.breakLines(runs, firstLineWidth: maxWidth, width: maxWidth)
        guard full.count > 1 else { return full }
        var lo = maxWidth / Double(full.count) * 0.9, hi = maxWidth
        var best = full
        for _ in 0..<14 {
            let mid = (lo + hi) / 2
            let attempt = measurer.breakLines(runs, firstLineWidth: mid, width: mid)
            if attempt.count <= full.count { best = attempt; hi = mid } else { lo = mid }
        }
        return best
    }

    private func unbalancedLines(_ runs: [TextRun], _ e: ElementName, role: BoxRole, width available: Points?, leftOffset: Points) -> [FlowLine] {
        let s = styles.style(e)
        let w = (available ?? width)
        let first = styles.horizontal(s.indent, e)
        let rest = styles.horizontal(s.hangingIndent, e)
        // Centred and right-aligned elements ignore indents.
        let centred = s.align == .center || s.align == .right
        let firstIndent = centred ? Points.zero : first
        let restIndent = centred ? Points.zero : rest
        let slices = measurer.breakLines(runs, firstLineWidth: w - firstIndent, width: w - restIndent)
        let size = runs.map(\.size).max() ?? s.size
        return slices.enumerated().map { i, slice in
            let indent = i == 0 ? firstIndent : restIndent
            let measure = w - indent
            let last = i == slices.count - 1
            var x = leftOffset + indent
            var justify: Points?
            switch s.align {
            case .left: break
            case .center: x = leftOffset + (w - slice.width) / 2
            case .right: x = leftOffset + w - slice.width
            case .justify: if !last { justify = measure }
            }
            return FlowLine(role: role, runs: slice.runs, x: x, width: slice.width, justifyTo: justify, size: size)
        }
    }
}
