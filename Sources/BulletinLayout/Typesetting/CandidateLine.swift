import BulletinCore

/// The candidate lines from one start, measured one end after another, without setting each line
/// unit by unit again (the line breaker measures every end from every start it reaches, and most of
/// its time went there). Sums over the line are kept as the end moves on; a line that needs no
/// compression, or only whole kinds of marks halved to pull a unit in (推入), is measured from them
/// and from its marks. Anything else (soft squeezing, gaps shrunk, compression spread over a kind)
/// is left to `Justifier.fit`.
///
/// Everything is worked out in the order `Justifier.fit` works it out, so the metrics agree with it
/// to the bit (the line's width aside, which is only checked against the measure).
struct CandidateLine {
    /// A full-width mark before the line's last unit, and what the reader's count and halving need
    /// to know of it and of the unit after it.
    struct Mark {
        var index: Int
        var scalar: UInt32
        var cls: CharacterClass
        var halfable: Bool
        var advance: Points, offset: Points, blank: Points, em: Points, cell: Points
        var nextGlue: Points, nextOffset: Points
        var nextIsSpace: Bool, stretchable: Bool
    }

    /// Storage kept from one start to the next (in `Justifier.Scratch`), so that a start allocates nothing.
    struct Storage {
        var marks: [Mark] = []
        var kinds: [Justifier.MarkKind] = []
        var halved: [Bool] = []
    }

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
    private(set) var storage: Storage

    /// Takes `storage` (and leaves an empty one behind); give it back with `storage` when done.
    init(_ units: [Unit], from start: Int, storage: inout Storage) {
        self.units = units
        self.start = start
        var f = units[start]
        f.glue = Glue()
        PunctuationWidth.restoreStart(&f)
        first = f
        upto = start
        self.storage = storage
        storage = Storage()
        self.storage.marks.removeAll(keepingCapacity: true)
    }

    @inline(__always) private func unit(_ i: Int) -> Unit { i == start ? first : units[i] }

    /// The metrics of the line from the start to `end`, as `Justifier.fit(…, positions: false)`
    /// gives them, or nil for a line this does not measure (and a single unit): those are fitted in
    /// full. Ends must come in increasing order.
    mutating func metrics(to end: Int, measure: Points, justify: Bool) -> Justifier.Metrics? {
        guard end - start >= 2 else { return nil }
        let lastIndex = end - 1
        assert(upto <= lastIndex, "candidate ends must come in increasing order")
        while upto < lastIndex { add(upto) }
        var last = units[lastIndex]
        PunctuationWidth.restoreEnd(&last)

        let advances = self.advances + last.advance
        let glueSum = self.glueSum + last.glue.width
        var spaces = self.spaces, gaps = self.gaps
        if last.glue.kind == .space { spaces += 1 }
        if Justifier.stretchable(units[lastIndex - 1].cls, last.cls, gapBefore: last.glue.kind) { gaps += 1 }
        let natural = advances + glueSum
        var cellSum = cells + last.cells
        var visible = visibleCells + (Justifier.countsAsVisible(last.cls) ? last.cells : 0)

        // What is left to stretch (negative) or still to take: as `fitUnits` has it after compression.
        var need = Points.zero
        var halvedMarks = 0
        // The line's width before it is stretched.
        var setWidth = natural
        for i in storage.marks.indices { storage.halved[i] = false }
        if natural > measure + 0.001.pt {
            guard let taken = halveWholeKinds(natural: natural, measure: measure, cellSum: cellSum) else { return nil }
            need = taken
            setWidth = measure + need
            for (k, mark) in storage.marks.enumerated() where storage.halved[k] {
                let cellsNow = Unit.cells(mark.cls, advance: mark.advance - mark.blank, cell: mark.cell)
                let before = Unit.cells(mark.cls, advance: mark.advance, cell: mark.cell)
                cellSum += cellsNow - before
                if Justifier.countsAsVisible(mark.cls) { visible += cellsNow - before }
                // `fit` counts a mark halved when it is no longer halfable (as it always is, but
                // for a cell of no width).
                if !Unit.halfable(mark.cls, blank: .zero, cell: mark.cell) { halvedMarks += 1 }
            }
        } else if justify, natural < measure {
            need = natural - measure
        }

        // `Justifier.distribute`'s shares of what is left.
        let shares = justify && need.value < 0
            ? Justifier.StretchShares(slack: -need, spaces: spaces, gaps: gaps, em: first.em) : Justifier.StretchShares()

        var m = Justifier.Metrics()
        m.cells = cellSum
        m.visibleCells = visible
        m.halvedMarks = halvedMarks
        m.readerCells = plainReaderCells + (last.cls.isLatin ? 0.5 : 1)
        let marks = storage.marks
        for (k, mark) in marks.enumerated() {
            let s = shares.stretch(space: mark.nextIsSpace, stretchable: mark.stretchable)
            // A halved mark lost its blank (an opening mark's glyph moving left with it), and so did
            // the next unit when it is a halved opening mark.
            var advance = mark.advance, offset = mark.offset, nextOffset = mark.nextOffset
            if storage.halved[k] {
                advance -= mark.blank
                if mark.cls == .opening { offset -= mark.blank }
            }
            if k + 1 < marks.count, marks[k + 1].index == mark.index + 1, storage.halved[k + 1], marks[k + 1].cls == .opening {
                nextOffset -= marks[k + 1].blank
            }
            m.readerCells += Justifier.readerCells(markAdvance: advance, markOffset: offset, em: mark.em,
                                                   gap: mark.nextGlue + s, nextOffset: nextOffset)
        }
        var stretched = Points.zero
        var widest = Points.zero
        if spaces == 0 || (shares.perSpace.value == 0 && shares.perSpaceAgain.value == 0) {
            // Every gap that stretches takes the same share, added up gap by gap as `fit` does.
            if shares.perGap.value != 0 {
                for _ in 0..<gaps { stretched += shares.perGap }
                widest = shares.perGap
            }
        } else {
            var prev = first.cls
            for i in (start + 1)...lastIndex {
                let kind = i == lastIndex ? last.glue.kind : units[i].glue.kind
                let cls = units[i].cls
                let s = shares.stretch(space: kind == .space, stretchable: Justifier.stretchable(prev, cls, gapBefore: kind))
                if s.value != 0 {
                    stretched += s
                    if s > widest { widest = s }
                }
                prev = cls
            }
        }
        let em = first.em.value > 0 ? first.em : 1.pt
        m.width = setWidth + stretched
        m.stretchEm = stretched / em
        m.maxGapStretchEm = widest / em
        return m
    }

    /// `Justifier.halveMarks` for a line whose overflow whole kinds of marks absorb exactly, with
    /// nothing more to take after them: marks the halved ones in `storage.halved` and returns what
    /// is then left (zero or less). Nil for every other line.
    private mutating func halveWholeKinds(natural: Points, measure: Points, cellSum: Double) -> Points? {
        let cell = first.cell
        guard cell.value > 0 else { return nil }
        let halve = Justifier.marksToHalve(cellSum: cellSum, measure: measure, cell: cell)
        guard halve > 0 else { return nil }
        storage.kinds.removeAll(keepingCapacity: true)
        for mark in storage.marks where mark.halfable { Justifier.MarkKind.tally(mark.scalar, mark.cls, at: mark.index, into: &storage.kinds) }
        Justifier.MarkKind.sortForHalving(&storage.kinds)
        guard storage.kinds.count <= 8, let chosen = Justifier.firstKindsAddingUp(to: halve, storage.kinds) else { return nil }
        var need = natural - measure
        for k in storage.kinds.indices where chosen & (1 << k) != 0 {
            let scalar = storage.kinds[k].scalar
            for (j, mark) in storage.marks.enumerated() where mark.halfable && mark.scalar == scalar {
                need -= mark.blank
                storage.halved[j] = true
            }
        }
        // Anything still to take goes to squeezing, which this does not follow.
        return need.value <= 0 ? need : nil
    }

    // Fields are read in place: copying whole units for every unit of every start cost more than
    // the sums themselves.
    private mutating func add(_ i: Int) {
        let cls = units[i].cls
        let c: Double
        if i == start {
            advances += first.advance
            glueSum += first.glue.width
            c = first.cells
        } else {
            advances += units[i].advance
            glueSum += units[i].glue.width
            let kind = units[i].glue.kind
            if kind == .space { spaces += 1 }
            if Justifier.stretchable(units[i - 1].cls, cls, gapBefore: kind) { gaps += 1 }
            c = units[i].cells
        }
        cells += c
        if Justifier.countsAsVisible(cls) { visibleCells += c }
        if cls.isLatin {
            plainReaderCells += 0.5
        } else if cls.isFullWidthPunctuation {
            // Not the line's last unit (that is never added), so a unit follows it.
            let u = unit(i)
            let nextKind = units[i + 1].glue.kind
            storage.marks.append(Mark(index: i, scalar: u.scalar, cls: cls, halfable: u.halfable,
                                      advance: u.advance, offset: u.glyphOffset, blank: u.blank, em: u.em, cell: u.cell,
                                      nextGlue: units[i + 1].glue.width,
                                      nextOffset: units[i + 1].glyphOffset, nextIsSpace: nextKind == .space,
                                      stretchable: Justifier.stretchable(cls, units[i + 1].cls, gapBefore: nextKind)))
            if storage.halved.count < storage.marks.count { storage.halved.append(false) }
        } else {
            plainReaderCells += 1
        }
        upto = i + 1
    }
}
