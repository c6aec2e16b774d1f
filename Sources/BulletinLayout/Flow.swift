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
