import BulletinCore

/// The candidate lines from one start, measured one end after another. Most candidate lines need
/// no compression; for those the metrics `Justifier.fit` would give are worked out from sums kept
/// as the end moves on, without setting the line unit by unit again for every end (the line
/// breaker measures every end from every start it reaches, and most of its time went there).
///
/// The sums are taken in the order `Justifier.fit` takes them, so the widths and cell counts agree
/// with it to the bit (the line's width aside, which is only checked against the measure).
struct CandidateLine {
    private let units: [Unit]
    private let start: Int
    /// The first unit as a line start sets it: its gap dropped, a blank it lost to an opening mark
    /// before it given back.
    private let first: Unit
    /// Sums over the units before `upto`, the first as set at the line start and the rest as they lie.
    private var upto: Int
    private var advances = Points.zero
    private var glueSum = Points.zero
    private var spaces = 0
    private var gaps = 0
    private var cells = 0.0
    private var visibleCells = 0.0
    /// Reader cells of the units that are not full-width marks (those are judged per end).
    private var plainReaderCells = 0.0
    /// A full-width mark and the unit after it: how far apart their glyphs start, but for the
    /// stretch the gap between them gets at each end.
    private struct Mark {
        var advance: Points, offset: Points, em: Points
        var nextGlue: Points, nextShrink: Points, nextOffset: Points
        var nextIsSpace: Bool, stretchable: Bool
    }
    private var marks: [Mark] = []

    init(_ units: [Unit], from start: Int) {
        self.units = units
        self.start = start
        var f = units[start]
        f.glue = Glue()
        first = f
        upto = start
        marks.reserveCapacity(16)
    }

    private func unit(_ i: Int) -> Unit {
        if i == start {
            var f = first
            PunctuationWidth.restoreStart(&f)
            return f
        }
        return units[i]
    }

    /// The metrics of the line from the start to `end`, as `Justifier.fit(…, positions: false)`
    /// gives them, or nil when the line must be compressed (or is a single unit): those are
    /// fitted in full. Ends must come in increasing order.
    mutating func uncompressedMetrics(to end: Int, measure: Points, justify: Bool) -> Justifier.Metrics? {
        guard end - start >= 2 else { return nil }
        let lastIndex = end - 1
        while upto < lastIndex { add(upto) }
        var last = units[lastIndex]
        PunctuationWidth.restoreEnd(&last)

        let advances = self.advances + last.advance
        let glueSum = self.glueSum + last.glue.width
        var spaces = self.spaces, gaps = self.gaps
        if last.glue.kind == .space { spaces += 1 }
        let beforeLast = unit(lastIndex - 1)
        if Justifier.stretchable(beforeLast, last) { gaps += 1 }
        let natural = advances + glueSum
        if natural > measure + 0.001.pt { return nil }

        // `Justifier.distribute`'s shares: a Latin space's, then every stretchable gap's (or the
        // spaces' again when nothing else may stretch).
        var perSpace = Points.zero, perSpaceAgain = Points.zero, perGap = Points.zero
        if justify, natural < measure {
            var slack = measure - natural
            if spaces > 0 {
                perSpace = Swift.min(slack / Double(spaces), first.em * 0.25)
                slack -= perSpace * Double(spaces)
            }
            if slack.value > 0.0001 {
                if gaps == 0 {
                    if spaces > 0 { perSpaceAgain = slack / Double(spaces) }
                } else {
                    perGap = slack / Double(gaps)
                }
            }
        }
        func stretch(after prev: Unit, _ u: Unit) -> Points {
            var s = Points.zero
            if u.glue.kind == .space { s += perSpace; s += perSpaceAgain }
            if perGap.value != 0, Justifier.stretchable(prev, u) { s += perGap }
            return s
        }

        var m = Justifier.Metrics()
        m.cells = cells + last.cells
        m.visibleCells = visibleCells + (Self.visible(last) ? last.cells : 0)
        m.readerCells = plainReaderCells + (last.cls.isLatin ? 0.5 : 1)
        // A full-width mark before the line's end reads as half a cell when the next glyph starts
        // within three quarters of an em of its own.
        for mark in marks {
            var s = Points.zero
            if mark.nextIsSpace { s += perSpace; s += perSpaceAgain }
            if perGap.value != 0, mark.stretchable { s += perGap }
            m.readerCells += Justifier.readerCells(markAdvance: mark.advance, markOffset: mark.offset, em: mark.em,
                                                   gap: mark.nextGlue - mark.nextShrink * 0.0 + s, nextOffset: mark.nextOffset)
        }
        var stretched = Points.zero
        var widest = Points.zero
        if spaces == 0 || (perSpace.value == 0 && perSpaceAgain.value == 0) {
            // Every gap that stretches takes the same share, added up gap by gap as `fit` does.
            if perGap.value != 0 {
                for _ in 0..<gaps { stretched += perGap }
                widest = perGap
            }
        } else {
            var prev = unit(start)
            for i in (start + 1)...lastIndex {
                let u = i == lastIndex ? last : units[i]
                let s = stretch(after: prev, u)
                if s.value != 0 {
                    stretched += s
                    if s > widest { widest = s }
                }
                prev = u
            }
        }
        let em = first.em.value > 0 ? first.em : 1.pt
        m.width = natural + stretched
        m.stretchEm = stretched / em
        m.maxGapStretchEm = widest / em
        return m
    }

    // Fields are read in place: copying whole units for every unit of every start cost more than
    // the sums themselves.
    private mutating func add(_ i: Int) {
        let cls = units[i].cls
        let c: Double
        if i == start {
            let u = unit(i)
            advances += u.advance
            glueSum += u.glue.width
            c = u.cells
        } else {
            advances += units[i].advance
            glueSum += units[i].glue.width
            let kind = units[i].glue.kind
            if kind == .space { spaces += 1 }
            if Justifier.stretchable(units[i - 1].cls, cls, gapBefore: kind) { gaps += 1 }
            c = units[i].cells
        }
        cells += c
        if cls != .pause && cls != .stop && cls != .closing { visibleCells += c }
        if cls.isLatin {
            plainReaderCells += 0.5
        } else if cls.isFullWidthPunctuation {
            // Not the line's last unit (that is never added), so a unit follows it.
            let u = i == start ? unit(i) : units[i]
            let nextKind = units[i + 1].glue.kind
            marks.append(Mark(advance: u.advance, offset: u.glyphOffset, em: u.em, nextGlue: units[i + 1].glue.width,
                              nextShrink: units[i + 1].glue.shrink,
                              nextOffset: units[i + 1].glyphOffset, nextIsSpace: nextKind == .space,
                              stretchable: Justifier.stretchable(cls, units[i + 1].cls, gapBefore: nextKind)))
        } else {
            plainReaderCells += 1
        }
        upto = i + 1
    }

    private static func visible(_ u: Unit) -> Bool { u.cls != .pause && u.cls != .stop && u.cls != .closing }
}
