import BulletinCore
import LayoutSpec

/// Space between two units: a Latin word space or the Han–Latin gap.
struct Glue: Hashable {
    enum Kind { case none, space, cjkLatin }
    var width: Points = .zero
    /// How far justification may shrink it.
    var shrink: Points = .zero
    var kind: Kind = .none
    init(kind: Kind = .none, width: Points = .zero, shrink: Points = .zero) { self.kind = kind; self.width = width; self.shrink = shrink }
}

/// One cluster ready for line breaking, with its resting advance already adjusted for the grid,
/// the punctuation style and adjacent marks. Every candidate line copies its units, so they are
/// kept small: offsets in 32 bits, the one-byte fields together.
struct Unit {
    private var storedByteOffset: Int32
    private var storedByteLength: Int32
    private var storedRun: Int32
    private var storedCluster: Int32
    /// UTF-8 offset in the paragraph's joined text.
    var byteOffset: Int { get { Int(storedByteOffset) } set { storedByteOffset = Int32(newValue) } }
    var byteLength: Int { get { Int(storedByteLength) } set { storedByteLength = Int32(newValue) } }
    var run: Int { get { Int(storedRun) } set { storedRun = Int32(newValue) } }
    /// Index of the unit's cluster in the shaped clusters, whose glyphs the painter draws.
    var cluster: Int { get { Int(storedCluster) } set { storedCluster = Int32(newValue) } }
    /// The cluster's first character: marks of one kind keep one width in a line.
    var scalar: UInt32 = 0
    let cls: CharacterClass
    /// A mark whose blank can be dropped to make it half a cell (kept with the blank, like `cells`).
    private(set) var halfable = false
    /// A line may start at this unit.
    var breakBefore = true
    /// That break is inside a Latin word or URL (after / . - _ ? & =): allowed, at a cost.
    var breaksWord = false
    /// Font size of the unit (an em).
    var em: Points
    var advance: Points { didSet { cells = Unit.cells(cls, advance: advance, cell: cell) } }
    /// A full grid cell at this unit's size and tracking: what a Han character advances.
    var cell: Points {
        didSet {
            cells = Unit.cells(cls, advance: advance, cell: cell)
            halfable = Unit.halfable(cls, blank: blank, cell: cell)
        }
    }
    /// Grid cells the unit takes, as a reader counts them: Latin characters half a cell each,
    /// marks a full or a half cell. Kept with the advance: every candidate line reads it for every
    /// unit, and the advance changes far less often.
    private(set) var cells: Double
    /// Where the glyph origin sits from the unit's start: negative once an opening mark's blank was dropped.
    var glyphOffset: Points = .zero
    /// Blank still inside `advance` that compression may take (half a cell for full-width marks).
    var blank: Points = .zero { didSet { halfable = Unit.halfable(cls, blank: blank, cell: cell) } }
    /// Blank dropped because the next unit is a mark too; given back when a line ends here.
    var droppedForNext: Points = .zero
    /// Blank dropped because the previous unit is an opening mark; given back when a line starts here.
    var droppedForPrevious: Points = .zero
    /// Space before this unit; dropped when a line starts here.
    var glue = Glue()

    init(byteOffset: Int, byteLength: Int, run: Int, cluster: Int, cls: CharacterClass, em: Points, advance: Points, cell: Points) {
        storedByteOffset = Int32(byteOffset); storedByteLength = Int32(byteLength); storedRun = Int32(run); storedCluster = Int32(cluster)
        self.cls = cls; self.em = em; self.advance = advance; self.cell = cell
        cells = Unit.cells(cls, advance: advance, cell: cell)
        halfable = Unit.halfable(cls, blank: blank, cell: cell)
    }
}

/// The measuring pass: clusters from the shaper become units, with grid advances, punctuation
/// widths (PunctuationWidth) and the glue between Han and Latin text.
struct UnitBuilder {
    let typesetting: TypesettingSpec

    func units(_ runs: [TextRun], clusters: [ShapedCluster]) -> [Unit] {
        var units: [Unit] = []
        units.reserveCapacity(clusters.count)
        // Clusters and runs are read in place (a paragraph has hundreds of clusters, and copying one
        // retains its text and glyphs); the runs' sizes are looked up once.
        let sizes = runs.map { (size: $0.size, letterSpacing: $0.letterSpacing) }
        func runIndex(_ k: Int) -> Int { min(clusters[k].run, runs.count - 1) }
        var pendingSpace: Int?
        for k in clusters.indices {
            let first = clusters[k].text.unicodeScalars.first?.value ?? 0
            let cls = CharacterClass.of(clusters[k].text)
            if cls == .space {
                if !units.isEmpty && pendingSpace == nil { pendingSpace = k }
                continue
            }
            let byteOffset = clusters[k].byteOffset
            let length = clusters[k].text.utf8.count
            let end = k + 1 < clusters.count ? clusters[k + 1].byteOffset : byteOffset + length
            let run = sizes[runIndex(k)]
            // The run's letter spacing (the grid's tracking) scales with the glyph's width, so a
            // half-width digit takes exactly half a cell.
            let glyphAdvance = clusters[k].advance
            let advance = glyphAdvance + run.letterSpacing * (glyphAdvance / run.size)
            var unit = Unit(byteOffset: byteOffset, byteLength: max(end - byteOffset, length),
                            run: clusters[k].run, cluster: k, cls: cls, em: run.size, advance: advance, cell: run.size + run.letterSpacing)
            unit.scalar = first
            PunctuationWidth.widenNarrowMark(&unit)
            PunctuationWidth.applyStyle(typesetting.punctuation, to: &unit)
            let count = units.count
            if count > 0 {
                if pendingSpace == nil { PunctuationWidth.narrowEnumeratorPoint(&unit, after: units[count - 1]) }
                let prevScalar = units[count - 1].scalar, prevClass = units[count - 1].cls
                unit.glue = glue(between: units[count - 1], unit, space: pendingSpace.map { clusters[$0] },
                                 spaceRun: pendingSpace.map { sizes[runIndex($0)] })
                unit.breakBefore = LineBreakRules.mayBreak(between: prevClass, unit.cls, spaceBetween: unit.glue.kind == .space || pendingSpace != nil)
                if !unit.breakBefore, pendingSpace == nil, LineBreakRules.mayBreakInsideWord(after: prevScalar, before: first,
                                                                                            prev: prevClass, next: unit.cls) {
                    unit.breakBefore = true
                    unit.breaksWord = true
                }
                let beforePrev = count > 1 ? units[count - 2].scalar : nil
                if unit.breakBefore, pendingSpace == nil, LineBreakRules.keepsTogether(before: beforePrev, prevScalar, prevClass, unit.scalar, unit.cls) {
                    unit.breakBefore = false
                    unit.breaksWord = false
                } else if unit.breakBefore, pendingSpace == nil, LineBreakRules.breaksARange(before: beforePrev, prevScalar, unit.cls) {
                    unit.breaksWord = true
                }
            }
            pendingSpace = nil
            units.append(unit)
        }
        PunctuationWidth.compressAdjacent(&units)
        return units
    }

    /// The gap between Han and Latin letters or digits is the layout's (¼ em), typed space or not;
    /// a space between Latin words stays a word space.
    func glue(between a: Unit, _ b: Unit, space: ShapedCluster?, spaceRun: (size: Points, letterSpacing: Points)?) -> Glue {
        let hanLatin = (a.cls == .ideograph && b.cls.isAlphanumeric) || (a.cls.isAlphanumeric && b.cls == .ideograph)
        if hanLatin {
            let em = a.cls == .ideograph ? a.em : b.em
            let w = typesetting.cjkLatinSpacing.resolve(em: em, linePitch: em)
            // It may shrink a little when a line must absorb Latin text, no further: a reader sees
            // a narrower gap as missing, and gaps in one issue stay within 0.15–0.35 em.
            return Glue(kind: .cjkLatin, width: w, shrink: Swift.max(.zero, w - em * LineBreaker.narrowestHanLatinGap))
        }
        if let space {
            let run = spaceRun!
            let w = space.advance + run.letterSpacing * (space.advance / run.size)
            // Next to CJK punctuation a typed space adds nothing: the mark's blank is the space.
            if a.cls.isFullWidthPunctuation || b.cls.isFullWidthPunctuation { return Glue() }
            return Glue(kind: .space, width: w, shrink: max(.zero, w - a.em * 0.2))
        }
        return Glue()
    }
}

extension Unit {
    static func cells(_ cls: CharacterClass, advance: Points, cell: Points) -> Double {
        if cls.isLatin { return 0.5 }
        guard cell.value > 0 else { return 1 }
        // Half cells to the nearest: an integer conversion, not libm's round (this runs for every
        // unit of every candidate line). Advances are never negative.
        let halves = (advance / cell) * 2
        return halves >= 0 ? Double(Int(halves + 0.5)) / 2 : (halves).rounded() / 2
    }

    static func halfable(_ cls: CharacterClass, blank: Points, cell: Points) -> Bool {
        cls.isFullWidthPunctuation && blank >= cell * 0.45
    }

    /// Advance beyond the cells it counts for: Latin text wider than half a cell per character.
    var excess: Points { cls.isLatin ? advance - cell * 0.5 : .zero }
}

extension Array where Element == TextRun {
    /// The place of the character at UTF-8 offset `byte` of the runs' joined text.
    func span(atByte byte: Int) -> SourceSpan? {
        var start = 0
        for r in self {
            let n = r.text.utf8.count
            if byte < start + n { return r.span(atByte: byte - start) }
            start += n
        }
        return nil
    }

    /// The runs covering UTF-8 bytes `range` of their joined text.
    func slice(bytes range: Range<Int>) -> [TextRun] {
        var out: [TextRun] = []
        var start = 0
        for r in self {
            let count = r.text.utf8.count
            let s = Swift.max(start, range.lowerBound), e = Swift.min(start + count, range.upperBound)
            if s < e {
                // Every line of a paragraph is sliced from its runs: the run's text is read in place,
                // not copied, and the characters before the slice are counted by their lead bytes.
                let utf8 = r.text.utf8
                let from = utf8.index(utf8.startIndex, offsetBy: s - start)
                let to = utf8.index(from, offsetBy: e - s)
                var piece = r.with(text: String(decoding: utf8[from..<to], as: UTF8.self))
                if let marks = r.source.value {
                    func leadBytes(_ bytes: some Sequence<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }
                    let before = s - start
                    let skipped = utf8.withContiguousStorageIfAvailable { leadBytes($0[..<before]) } ?? leadBytes(utf8[..<from])
                    piece.source = Positions(marks.sliced(fromScalar: skipped))
                } else {
                    piece.source = Positions(nil)
                }
                out.append(piece)
            }
            start += count
        }
        return out
    }
}
