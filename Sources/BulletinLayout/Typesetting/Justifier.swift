import BulletinCore

/// Fits one line to its measure (行内调整): compress first, then expand (先挤压、后拉伸).
/// Compression halves whole marks first, as many as the line's cell count is over its measure,
/// mid-line marks before the one at the line's end, so the line keeps to the grid; what remains (Han–Latin
/// gaps, Latin widths) is taken by squeezing other marks a little and shrinking gaps. Expansion widens
/// Latin spaces, then spreads what is left evenly over the gaps between characters, never inside a
/// Latin word, a number, —— or …….
enum Justifier {
    struct Placed {
        var units: [Unit]
        /// x of each unit's cell start, from the line's start.
        var x: [Points]
        var width: Points { metrics.width }
        var metrics: Metrics
    }

    /// How a line came out: what the line breaker scores it by.
    struct Metrics {
        var width = Points.zero
        /// Marks set to half a cell by this line's adjustment.
        var halvedMarks = 0
        /// How far Han–Latin gaps were shrunk, and the line stretched, in ems of the first unit.
        var gapShrinkEm = 0.0
        var stretchEm = 0.0
        /// The widest any one gap was opened, in ems.
        var maxGapStretchEm = 0.0
        /// Cells the line takes: Latin characters half a cell, halved marks half, everything else one.
        var cells = 0.0
        /// Cells as a reader counts them from glyph positions: a Latin character half a cell, a mark
        /// followed within three quarters of an em half a cell, everything else one.
        var readerCells = 0.0
        /// Cells of everything but pause, stop and closing marks (a lonely last character has < 1.5).
        var visibleCells = 0.0
    }

    /// Working storage for placing lines, kept between calls: the line breaker fits every candidate
    /// line of a paragraph, and with this it allocates nothing per candidate.
    struct Scratch {
        var units: [Unit] = []
        /// Stretch per unit; empty while the line does not stretch (most candidate lines).
        var extra: [Points] = []
        var x: [Points] = []
        var kinds: [MarkKind] = []
        var candidate = CandidateLine.Storage()
    }

    /// The marks of one character in a line, for halving whole kinds.
    struct MarkKind {
        var scalar: UInt32; var order: Int; var count: Int; var lastMark: Int

        /// Pause and closing marks are halved first, then stops, then opening marks.
        private static func order(of cls: CharacterClass) -> Int {
            switch cls {
            case .pause, .closing: return 0
            case .stop: return 1
            default: return 2
            }
        }

        /// Counts a halfable mark (the character `scalar`, at `index` of its line) into its kind.
        static func tally(_ scalar: UInt32, _ cls: CharacterClass, at index: Int, into kinds: inout [MarkKind]) {
            if let k = kinds.firstIndex(where: { $0.scalar == scalar }) {
                kinds[k].count += 1
                kinds[k].lastMark = index
            } else {
                kinds.append(MarkKind(scalar: scalar, order: order(of: cls), count: 1, lastMark: index))
            }
        }

        /// The order kinds are halved in: by `order`, the rightmost first within one.
        static func sortForHalving(_ kinds: inout [MarkKind]) {
            kinds.sort { ($0.order, -$0.lastMark) < ($1.order, -$1.lastMark) }
        }
    }

    /// How many marks a line whose cells add up to `cellSum` must halve to keep within `measure`.
    static func marksToHalve(cellSum: Double, measure: Points, cell: Points) -> Int {
        let overflow = cellSum - measure / cell
        return overflow > 0.01 ? Int((overflow * 2 - 0.01).rounded(.up)) : 0
    }

    /// What counts towards `Metrics.visibleCells`: everything but pause, stop and closing marks.
    static func countsAsVisible(_ cls: CharacterClass) -> Bool { cls != .pause && cls != .stop && cls != .closing }

    static func place(_ line: ArraySlice<Unit>, measure: Points?, justify: Bool) -> Placed {
        var scratch = Scratch()
        let metrics = fit(line, measure: measure, justify: justify, &scratch, positions: true)
        return Placed(units: scratch.units, x: scratch.x, metrics: metrics)
    }

    // Fitting is the line breaker's inner loop (every candidate line of a paragraph is fitted), so
    // it works in a few passes over reused storage; sums keep the left-to-right order. The units as
    // set end in `scratch.units`, and their x in `scratch.x` when `positions` is set.
    static func fit(_ line: ArraySlice<Unit>, measure: Points?, justify: Bool, _ scratch: inout Scratch, positions: Bool) -> Metrics {
        scratch.units.removeAll(keepingCapacity: true)
        scratch.units.append(contentsOf: line)
        scratch.extra.removeAll(keepingCapacity: true)
        scratch.x.removeAll(keepingCapacity: true)
        guard !scratch.units.isEmpty else { return Metrics() }
        return fitUnits(&scratch.units, &scratch.extra, &scratch.x, &scratch.kinds,
                        measure: measure, justify: justify, positions: positions)
    }

    private static func fitUnits(_ units: inout [Unit], _ extra: inout [Points], _ x: inout [Points],
                                 _ kinds: inout [MarkKind], measure: Points?, justify: Bool, positions: Bool) -> Metrics {
        units[0].glue = Glue()
        PunctuationWidth.restoreAtLineEdges(&units)
        var halfBefore = 0
        var advances = Points.zero, glueSum = Points.zero
        var cellSum = 0.0
        for u in units {
            if u.halfable { halfBefore += 1 }
            advances += u.advance
            glueSum += u.glue.width
            cellSum += u.cells
        }
        let natural = advances + glueSum
        // The share of every gap's shrink that was taken (gaps keep their widths otherwise).
        var glueShare = 0.0

        if let measure, natural > measure + 0.001.pt {
            var need = natural - measure
            let cell = units[0].cell
            if cell.value > 0 {
                var halve = marksToHalve(cellSum: cellSum, measure: measure, cell: cell)
                need = halveMarks(&units, count: &halve, need: need, kinds: &kinds)
            }
            if need.value > 0 { need = shrinkMarks(&units, by: need, perMark: LineBreaker.softShrinkEm) }
            if need.value > 0 { (need, glueShare) = shrinkGlue(units, by: need) }
            while need.value > 0.001 {
                var one = 1
                let before = need
                need = halveMarks(&units, count: &one, need: need, kinds: &kinds)
                if need == before { break }
            }
            if need.value < 0 && justify { distribute(-need, &units, &extra) }
        } else if let measure, justify, natural < measure {
            distribute(measure - natural, &units, &extra)
        }

        if positions { x.reserveCapacity(units.count) }
        var m = Metrics()
        var pen = Points.zero
        var halfAfter = 0
        var stretched = Points.zero
        var widest = Points.zero
        var shrunk = Points.zero
        // The previous unit, when it is a full-width mark (for the reader's count).
        var openMark: Unit?
        for i in units.indices {
            let u = units[i]
            let stretch = extra.isEmpty ? Points.zero : extra[i]
            let glue = u.glue.width - u.glue.shrink * glueShare
            pen += glue + stretch
            if positions { x.append(pen) }
            if let mark = openMark {
                m.readerCells += readerCells(mark: mark, gap: glue + stretch, next: u)
                openMark = nil
            }
            if u.cls.isLatin {
                m.readerCells += 0.5
            } else if i + 1 < units.count, u.cls.isFullWidthPunctuation {
                openMark = u
            } else {
                m.readerCells += 1
            }
            pen += u.advance
            if u.halfable { halfAfter += 1 }
            let c = u.cells
            m.cells += c
            if countsAsVisible(u.cls) { m.visibleCells += c }
            stretched += stretch
            if stretch > widest { widest = stretch }
            if i > 0, u.glue.kind == .cjkLatin { shrunk += u.glue.width - glue }
        }
        let em = units[0].em.value > 0 ? units[0].em : 1.pt
        m.width = pen
        m.halvedMarks = halfBefore - halfAfter
        m.gapShrinkEm = shrunk / em
        m.stretchEm = stretched / em
        m.maxGapStretchEm = widest / em
        return m
    }

    /// A full-width mark not at the line's end reads as half a cell when the next glyph starts within
    /// three quarters of an em of its own, `gap` (space and stretch) after the mark's advance. The
    /// distance is taken between the two units, not from the line's running pen, so that a line
    /// measured another way (`CandidateLine`) counts the same.
    @inline(__always) static func readerCells(mark: borrowing Unit, gap: Points, next: borrowing Unit) -> Double {
        readerCells(markAdvance: mark.advance, markOffset: mark.glyphOffset, em: mark.em, gap: gap, nextOffset: next.glyphOffset)
    }

    @inline(__always) static func readerCells(markAdvance: Points, markOffset: Points, em: Points, gap: Points, nextOffset: Points) -> Double {
        markAdvance + gap + nextOffset - markOffset <= em * 0.75 ? 0.5 : 1
    }

    /// Halves up to `count` marks: pause marks and closing marks first, then stops, then opening marks
    /// (whose glyph moves left), the rightmost first, and the line-end mark last. Returns the width still needed.
    static func halveMarks(_ units: inout [Unit], count: inout Int, need: Points, kinds: inout [MarkKind]) -> Points {
        var need = need
        let last = units.count - 1
        guard count > 0 else { return need }
        // Marks of one kind keep one width in a line (the line-end mark aside): whole kinds are
        // halved, those whose counts add up to what is needed, in the order pause and closing
        // marks, stops, opening marks. When no kinds add up, the kinds taken share the compression
        // evenly, every mark of them giving up the same part of its blank.
        // Kinds are kept as counts and re-found by their character when applied: this runs for
        // every candidate line, and per-kind lists of marks cost more than the scan.
        kinds.removeAll(keepingCapacity: true)
        for i in 0..<last where units[i].halfable { MarkKind.tally(units[i].scalar, units[i].cls, at: i, into: &kinds) }
        MarkKind.sortForHalving(&kinds)
        func marks(of k: Int, _ body: (Int) -> Void) {
            let scalar = kinds[k].scalar
            for i in 0..<last where units[i].halfable && units[i].scalar == scalar { body(i) }
        }
        if kinds.count <= 8, let best = firstKindsAddingUp(to: count, kinds) {
            for k in kinds.indices where best & (1 << k) != 0 {
                marks(of: k) { i in need -= units[i].blank; PunctuationWidth.dropBlank(&units[i]) }
            }
            count = 0
            return need
        }
        // No kinds add up: take kinds in order until they hold enough marks, and spread.
        var takenKinds = 0
        var held = 0
        for k in kinds.indices where held < count { held += kinds[k].count; takenKinds = k + 1 }
        if held > 0 {
            let halves = Swift.min(count, held)
            let share = Double(halves) / Double(held)
            for k in 0..<takenKinds {
                marks(of: k) { i in
                    let amount = units[i].blank * share
                    need -= amount
                    PunctuationWidth.dropBlank(&units[i], amount: amount)
                }
            }
            count -= halves
        }
        if count > 0, units[last].halfable, units[last].cls.hasTrailingBlank {
            need -= units[last].blank
            PunctuationWidth.dropBlank(&units[last])
            count -= 1
        }
        return need
    }

    /// The first set of kinds, in the order above, whose marks add up to `count`, as a bit set: sets are
    /// compared as their ascending lists of kinds, which is the order a depth-first walk that adds
    /// kinds in index order visits them (a list before its extensions). Counts are positive, so a
    /// walk stops adding once the total passes `count`.
    static func firstKindsAddingUp(to count: Int, _ kinds: [MarkKind]) -> Int? {
        func walk(from k: Int, mask: Int, total: Int) -> Int? {
            for next in k..<kinds.count {
                let t = total + kinds[next].count
                if t == count { return mask | (1 << next) }
                if t < count, let found = walk(from: next + 1, mask: mask | (1 << next), total: t) { return found }
            }
            return nil
        }
        return walk(from: 0, mask: 0, total: 0)
    }

    /// Takes up to `perMark` em from each mark's blank, evenly; returns what is still needed.
    static func shrinkMarks(_ units: inout [Unit], by need: Points, perMark: Double) -> Points {
        let range = 0..<(units.count - 1)
        var capacity = Points.zero
        for i in range { capacity += Swift.min(units[i].blank, units[i].em * perMark) }
        guard capacity.value > 0 else { return need }
        let share = Swift.min(1, need / capacity)
        for i in range {
            let c = Swift.min(units[i].blank, units[i].em * perMark)
            if c.value > 0 { PunctuationWidth.dropBlank(&units[i], amount: c * share) }
        }
        return need - capacity * share
    }

    /// Shrinks every gap after the first unit by the same share of its shrink; returns what is still
    /// needed and that share.
    static func shrinkGlue(_ units: [Unit], by need: Points) -> (Points, Double) {
        let capacity = units.dropFirst().reduce(Points.zero) { $0 + $1.glue.shrink }
        guard capacity.value > 0 else { return (need, 0) }
        let share = Swift.min(1, need / capacity)
        return (need - capacity * share, share)
    }

    /// Spreads `slack` over the line: Latin spaces first (up to a quarter em more), then every gap
    /// between characters that may stretch.
    static func distribute(_ slack: Points, _ units: inout [Unit], _ extra: inout [Points]) {
        var spaces = 0, gaps = 0
        for i in units.indices.dropFirst() {
            if units[i].glue.kind == .space { spaces += 1 }
            if stretchable(units[i - 1], units[i]) { gaps += 1 }
        }
        let shares = StretchShares(slack: slack, spaces: spaces, gaps: gaps, em: units[0].em)
        extra.removeAll(keepingCapacity: true)
        extra.append(contentsOf: repeatElement(.zero, count: units.count))
        for i in units.indices.dropFirst() {
            extra[i] = shares.stretch(space: units[i].glue.kind == .space, stretchable: stretchable(units[i - 1], units[i]))
        }
    }

    /// How a line's slack is shared: each Latin space takes up to a quarter em, then every gap that
    /// may stretch an equal part of the rest; when no gap may stretch (one long word), the spaces
    /// take it all, or the line stays short.
    struct StretchShares {
        var perSpace = Points.zero, perSpaceAgain = Points.zero, perGap = Points.zero

        init() {}

        init(slack: Points, spaces: Int, gaps: Int, em: Points) {
            var slack = slack
            if spaces > 0 {
                perSpace = Swift.min(slack / Double(spaces), em * 0.25)
                slack -= perSpace * Double(spaces)
            }
            guard slack.value > 0.0001 else { return }
            if gaps == 0 {
                if spaces > 0 { perSpaceAgain = slack / Double(spaces) }
            } else {
                perGap = slack / Double(gaps)
            }
        }

        /// The stretch of the gap before a unit: a space's share and the gaps' (added in this order).
        @inline(__always) func stretch(space: Bool, stretchable: Bool) -> Points {
            var s = Points.zero
            if space { s += perSpace; s += perSpaceAgain }
            if perGap.value != 0, stretchable { s += perGap }
            return s
        }
    }

    @inline(__always) static func stretchable(_ a: Unit, _ b: Unit) -> Bool { stretchable(a.cls, b.cls, gapBefore: b.glue.kind) }

    @inline(__always) static func stretchable(_ a: CharacterClass, _ b: CharacterClass, gapBefore kind: Glue.Kind) -> Bool {
        if kind == .space { return true }
        // The Han–Latin gap stays a quarter em; the line stretches elsewhere.
        if kind == .cjkLatin { return false }
        if a.isLatin && b.isLatin { return false }
        if a == .dash && b == .dash { return false }
        if a == .ellipsis && b == .ellipsis { return false }
        return true
    }
}
