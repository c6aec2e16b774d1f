import BulletinCore

/// Chooses where lines end, on the grid. A line holds as many cells as its measure (Han characters
/// and full marks one cell, Latin characters and halved marks half a cell); Han–Latin gaps and Latin
/// widths beyond half a cell are absorbed by squeezing marks slightly. When the natural end would
/// leave the line short, or may not end a line, the line first pulls one or two more units in by
/// halving marks (推入, 先挤进), and only then gives units back to the next line (推出).
struct LineBreaker {
    /// Mid-line marks give up at most this share of an em when a line absorbs Latin widths and gaps,
    /// so that they still read as full cells.
    static let softShrinkEm = 0.2
    /// How many extra units a line may pull in by compression.
    static let maxPullIn = 2

    struct Warning: Hashable { var message: String; var byteOffset: Int }

    /// Breaks `units` into half-open ranges; `widthOf(line)` gives each line's measure.
    static func breakLines(_ units: [Unit], widthOf: (Int) -> Points) -> (lines: [Range<Int>], warnings: [Warning]) {
        var lines: [Range<Int>] = []
        var warnings: [Warning] = []
        var s = 0
        while s < units.count {
            let (end, warning) = lineEnd(units, from: s, width: widthOf(lines.count))
            if let warning { warnings.append(warning) }
            lines.append(s..<end)
            s = end
        }
        return (lines, warnings)
    }

    /// How a candidate line would be set.
    struct Candidate {
        var end: Int
        /// Marks that must be halved.
        var halved: Int
        /// The line comes out at exactly its measure in cells, with no stretching.
        var exact: Bool
    }

    static func lineEnd(_ units: [Unit], from s: Int, width w: Points) -> (Int, Warning?) {
        let n = units.count
        var m = LineMeasure()
        var candidates: [Candidate] = []
        var naturalEnd = s
        var e = s
        while e < n {
            m.add(units[e], first: e == s)
            e += 1
            guard let c = m.evaluate(end: e, last: units[e - 1], measure: w) else { break }
            candidates.append(c)
            if c.halved == 0 { naturalEnd = e } else if e - naturalEnd > maxPullIn { break }
        }
        guard naturalEnd > s else {
            // Not even one unit fits (a huge glyph or a tiny measure): take it anyway.
            return (s + 1, nil)
        }
        func legal(_ e: Int) -> Bool { e == n || units[e].breakBefore }
        let usable = candidates.filter { legal($0.end) && ($0.halved == 0 || $0.end > naturalEnd) }
        // A line that comes out exactly on the grid, halving as few marks as possible.
        if let best = usable.filter(\.exact).min(by: { ($0.halved, -$0.end) < ($1.halved, -$1.end) }),
           !(best.end < naturalEnd && legal(naturalEnd)) {
            return (best.end, nil)
        }
        if legal(naturalEnd) { return (naturalEnd, nil) }
        // 推入: pull units in by halving marks, when the break after them is allowed.
        if let pull = usable.filter({ $0.end > naturalEnd }).min(by: { $0.end < $1.end }) { return (pull.end, nil) }
        // 推出: give units back to the next line.
        var e2 = naturalEnd - 1
        while e2 > s, !units[e2].breakBefore { e2 -= 1 }
        if e2 > s { return (e2, nil) }
        // One Latin word (or URL) longer than the line: it has to break inside.
        return (naturalEnd, Warning(message: "a word too long for the line was broken inside", byteOffset: units[s].byteOffset))
    }
}

/// Running sums of a line being built.
struct LineMeasure {
    var cells = 0.0
    var natural = Points.zero
    var glueShrink = Points.zero
    var midHalfable = 0
    var midSoft = Points.zero
    var cell = Points.zero
    private var last: (cells: Double, halfable: Bool, soft: Points)?

    mutating func add(_ u: Unit, first: Bool) {
        if let l = last {
            cells += l.cells
            if l.halfable { midHalfable += 1 }
            midSoft += l.soft
        }
        if first { cell = u.cell } else {
            natural += u.glue.width
            glueShrink += u.glue.shrink
        }
        var unit = u
        if first { PunctuationWidth.restoreStart(&unit) }
        natural += unit.advance
        last = (unit.cells, unit.halfable, Swift.min(unit.blank, unit.em * LineBreaker.softShrinkEm))
    }

    /// Whether the line fits if it ends after `last`, and how.
    func evaluate(end: Int, last u: Unit, measure w: Points) -> LineBreaker.Candidate? {
        var lastUnit = u
        PunctuationWidth.restoreEnd(&lastUnit)
        guard cell.value > 0 else { return nil }
        let lastCells = lastUnit.cells
        let lineCells = cells + lastCells
        let capacity = w / cell
        let eps = 0.01
        let available = midHalfable + (lastUnit.cls.hasTrailingBlank && lastUnit.halfable ? 1 : 0)
        let softAll = midSoft + glueShrink
        let naturalWidth = natural - u.advance + lastUnit.advance
        let overflowCells = lineCells - capacity
        var halved = overflowCells > eps ? Int((overflowCells * 2 - eps).rounded(.up)) : 0
        while halved <= available {
            let need = naturalWidth - cell * 0.5 * Double(halved) - w
            // A halved mark has no soft squeeze left to give.
            let soft = softAll - lastUnit.em * LineBreaker.softShrinkEm * Double(Swift.min(halved, midHalfable))
            if need.value <= soft.value + 0.01 {
                // Halved marks count half a cell; a halved mark at the line's end still reads as a full one.
                let exact = abs(overflowCells - 0.5 * Double(halved)) < eps && halved <= midHalfable
                return LineBreaker.Candidate(end: end, halved: halved, exact: exact)
            }
            halved += 1
        }
        return nil
    }
}
