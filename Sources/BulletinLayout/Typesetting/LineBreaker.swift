import BulletinCore

/// Chooses where lines end, on the grid. A line holds as many cells as its measure (Han characters
/// and full marks one cell, Latin characters and halved marks half a cell); Han–Latin gaps and Latin
/// widths beyond half a cell are absorbed by squeezing marks slightly. When the natural end would
/// leave the line short, or may not end a line, the line first pulls one or two more units in by
/// halving marks (推入, 先挤进), and only then gives units back to the next line (推出).
struct LineBreaker {
    /// Mid-line marks give up at most this share of an em when a line absorbs Latin widths and gaps,
    /// so that they still read as full cells.
    static let softShrinkEm = 0.23
    /// The Han–Latin gap shrinks to this share of an em at most (set ¼ em). Measured between inked
    /// glyphs the gap reads a little narrower than set, and gaps should read 0.15–0.35 em.
    static let narrowestHanLatinGap = 0.18
    /// How many extra units a line may pull in by compression.
    static let maxPullIn = 2

    struct Warning: Hashable { var message: String; var byteOffset: Int }

    /// Breaks `units` into lines, choosing the breaks of the whole paragraph together (total fit):
    /// every line is set the way it would really be set and scored, and the cheapest sequence wins.
    /// A line costs little when it fills its cells exactly, more for each mark it halves, for shrinking
    /// Han–Latin gaps and for stretching; a paragraph's last line costs more when it holds a single
    /// character (孤字).
    static func breakLines(_ units: [Unit], widthOf: (Int) -> Points) -> (lines: [Range<Int>], warnings: [Warning]) {
        let r = breakLines(units, widthOf: widthOf, linePenalty: 0)
        return (r.lines, r.warnings)
    }

    /// The same search with `linePenalty` added to every line: negative asks for more lines,
    /// positive for fewer (how a paragraph is set one line longer or shorter to fill a page).
    /// `cost` is the chosen lines' own cost, without the penalty.
    static func breakLines(_ units: [Unit], widthOf: (Int) -> Points, linePenalty: Double, ragged: Bool = false) -> (lines: [Range<Int>], warnings: [Warning], cost: Double) {
        var candidates = Candidates(units, widthOf: widthOf, ragged: ragged)
        return breakLines(&candidates, linePenalty: linePenalty)
    }

    /// The search over a paragraph's candidate lines, which are worked out once per line start and
    /// kept in `candidates`: a paragraph's best setting and its settings a line longer or shorter
    /// weigh the same lines with another penalty, so only the first search sets lines.
    ///
    /// A search for a setting that may cost at most `costLimit` in `maxLines` lines or fewer (a
    /// paragraph set a line longer to fill a page) drops every partial set of breaks past either:
    /// lines cost zero or more, so none of them could end within the limits.
    static func breakLines(_ candidates: inout Candidates, linePenalty: Double, costLimit: Double = .infinity,
                           maxLines: Int = .max) -> (lines: [Range<Int>], warnings: [Warning], cost: Double) {
        let units = candidates.units
        let n = units.count
        guard n > 0 else { return ([], [], 0) }
        var best = [Double](repeating: .infinity, count: n + 1)
        var from = [Int](repeating: -1, count: n + 1)
        var warned = [Bool](repeating: false, count: n + 1)
        // The kept setting up to each break: its own cost (without the penalty) and its lines.
        var spent = [Double](repeating: 0, count: n + 1)
        var count = [Int](repeating: 0, count: n + 1)
        best[0] = 0
        // Branch and bound: every line costs zero or more, so a partial set of breaks that already
        // costs more than some complete set can never win. The greedy set (the cheapest line at
        // each step) is that bound; it keeps the search to the few break sets that can compete,
        // and the chosen breaks are exactly those of the full search.
        // With a negative line penalty lines may cost less than zero, and the bound no longer holds.
        // A start no kept setting reaches is never measured: without a bound, that is all the
        // search spares (a paragraph set a line longer reaches a few starts past its best breaks).
        let bound = linePenalty >= 0 ? greedyCost(&candidates, linePenalty: linePenalty) + 1e-9 : .infinity
        for s in 0..<n where best[s] < .infinity && best[s] <= bound && count[s] < maxLines {
            for option in candidates.options(from: s) {
                let total = best[s] + option.cost + linePenalty
                if total > bound || spent[s] + option.cost > costLimit { continue }
                if total < best[option.end] {
                    best[option.end] = total
                    from[option.end] = s
                    warned[option.end] = option.forced
                    spent[option.end] = spent[s] + option.cost
                    count[option.end] = count[s] + 1
                }
            }
        }
        guard best[n] < .infinity else { return ([], [], .infinity) }
        var lines: [Range<Int>] = []
        var warnings: [Warning] = []
        var e = n
        while e > 0 {
            let s = from[e]
            if warned[e] { warnings.append(Warning(message: "a word too long for the line was broken inside", byteOffset: units[s].byteOffset)) }
            lines.append(s..<e)
            e = s
        }
        return (lines.reversed(), warnings, best[n] - linePenalty * Double(lines.count))
    }

    /// The cost of breaking greedily: at each line, the cheapest of its options.
    static func greedyCost(_ candidates: inout Candidates, linePenalty: Double = 0) -> Double {
        var s = 0, total = 0.0
        while s < candidates.units.count {
            guard let cheapest = candidates.options(from: s).min(by: { $0.cost < $1.cost }) else { break }
            total += cheapest.cost + linePenalty
            s = cheapest.end
        }
        return total
    }

    /// The lines a paragraph's line starting at each unit may be, each set and scored once, when
    /// the search first reaches that start.
    struct Candidates {
        let units: [Unit]
        let firstLineWidth: Points
        let width: Points
        /// Lines set ragged (a centred title, a 目录 entry): not stretched, and not squeezed to fill.
        let ragged: Bool
        private var byStart: [[Option]?]
        private var scratch = Justifier.Scratch()
        /// How many starts have had their lines set and scored: what a search costs.
        private(set) var measuredStarts = 0

        init(_ units: [Unit], widthOf: (Int) -> Points, ragged: Bool = false) {
            self.units = units
            firstLineWidth = widthOf(0)
            width = widthOf(1)
            self.ragged = ragged
            byStart = Array(repeating: nil, count: units.count)
        }

        mutating func options(from s: Int) -> [Option] {
            if let known = byStart[s] { return known }
            measuredStarts += 1
            let found = LineBreaker.options(units, from: s, width: s == 0 ? firstLineWidth : width, ragged: ragged, scratch: &scratch)
            byStart[s] = found
            return found
        }
    }

    struct Option {
        var end: Int
        var cost: Double
        /// Broken inside a word because nothing else fits.
        var forced = false
    }

    /// The ends a line starting at `s` may have, each with its cost.
    static func options(_ units: [Unit], from s: Int, width w: Points, ragged: Bool = false, scratch: inout Justifier.Scratch) -> [Option] {
        let n = units.count
        let eps = 0.01.pt
        var m = LineMeasure()
        var naturalEnd = s
        var reach = s
        var e = s
        while e < n {
            m.add(units[e], first: e == s)
            e += 1
            let last = units[e - 1]
            let natural = m.natural + last.droppedForNext
            if natural - m.softShrink <= w + eps { naturalEnd = e }
            if natural - m.hardShrink(last: last) <= w + eps { reach = e } else { break }
            if e - naturalEnd > maxPullIn { break }
        }
        guard naturalEnd > s else {
            // Not even one unit fits (a huge glyph or a tiny measure): take it anyway.
            return [Option(end: s + 1, cost: LineCost.nothingFits)]
        }
        func legal(_ e: Int) -> Bool { e == n || units[e].breakBefore }
        let capacity = units[s].cell.value > 0 ? w / units[s].cell : 0
        var out: [Option] = []
        let low = Swift.max(s + 1, naturalEnd - 2)
        var line = CandidateLine(units, from: s, storage: &scratch.candidate)
        defer { scratch.candidate = line.storage }
        for end in low...Swift.max(low, reach) where end <= n && legal(end) {
            let last = end == n
            let justify = !last && !ragged
            let placed = line.metrics(to: end, measure: w, justify: justify)
                ?? Justifier.fit(units[s..<end], measure: w, justify: justify, &scratch, positions: false)
            guard placed.width <= w + eps else { continue }
            let inside = !last && units[end].breaksWord ? LineCost.breakInsideWord : 0
            var c = cost(placed, capacity: capacity, paragraphEnd: last, ragged: ragged)
            // When some line must be set loose (均排), the one nearest the paragraph's end takes it:
            // a 孤字 is mended by the line above it, not by spacing out the first line.
            if !ragged, !last, c >= LineCost.offGrid { c += LineCost.looseEarlier * Double(n - end) / Double(n) }
            out.append(Option(end: end, cost: c + inside))
        }
        if out.isEmpty {
            // 推出 further back: the nearest allowed break before the natural end.
            var e2 = low - 1
            while e2 > s, !legal(e2) { e2 -= 1 }
            if e2 > s {
                let placed = Justifier.fit(units[s..<e2], measure: w, justify: !ragged, &scratch, positions: false)
                out.append(Option(end: e2, cost: cost(placed, capacity: capacity, paragraphEnd: false, ragged: ragged) + LineCost.pushedFurther))
            } else {
                // One Latin word (or URL) longer than the line: it has to break inside.
                out.append(Option(end: naturalEnd, cost: LineCost.wordBrokenInside, forced: true))
            }
        }
        return out
    }

    /// `ragged`: a line centred or flush left, never stretched. It has nothing to fill, so marks are
    /// halved only where it could not break otherwise, and it costs a little per empty cell, which
    /// keeps lines full and few.
    static func cost(_ line: Justifier.Metrics, capacity: Double, paragraphEnd: Bool, ragged: Bool = false) -> Double {
        var c = Double(line.halvedMarks) * (ragged ? LineCost.halvedMarkRagged : LineCost.halvedMark)
        c += line.gapShrinkEm * LineCost.gapShrinkPerEm
        if paragraphEnd {
            if line.visibleCells < 1.5 { c += LineCost.lonelyLastCharacter }
            return c
        }
        if ragged {
            if capacity > 0 { c += Swift.max(0, capacity - line.cells) * LineCost.raggedShortPerCell }
            return c
        }
        // A line is on the grid when it fills its cells without stretching. A reader counting cells
        // sees a halved mark at the line's end, or a halved opening mark, as a full one: those cost a little.
        let onGrid = capacity > 0 && abs(line.cells - capacity) < 0.01 && line.stretchEm < 0.01
        if !onGrid { c += LineCost.offGrid }
        if capacity > 0 && abs(line.readerCells - capacity) >= 0.01 { c += LineCost.readerOffGrid }
        c += line.stretchEm * LineCost.stretchPerEm
        if line.maxGapStretchEm > 0.15 { c += LineCost.letterSpaced }
        return c
    }
}

/// What the line breaker weighs, in one place. A line that fills its grid cells exactly costs 0.
enum LineCost {
    /// Each mark set at half a cell to pull a character in (推入): cheap, a reader barely sees it.
    static let halvedMark = 1.0
    /// The same in a ragged line (a centred title, a 目录 entry), where nothing needs filling: a
    /// squeezed mark there is all the reader sees.
    static let halvedMarkRagged = 3.0
    /// Per empty cell at the end of a ragged line: little, so a full line wins a tie but a mark is
    /// not halved to avoid one.
    static let raggedShortPerCell = 0.3
    /// Per em that Han–Latin gaps were shrunk: gaps far below a quarter em read as missing, so this
    /// weighs more than several halved marks.
    static let gapShrinkPerEm = 8.0
    /// A paragraph's last line holding a single character (孤字): avoided where halved marks or one
    /// loose line (均排, the line above it) can prevent it, as a print shop mends it.
    static let lonelyLastCharacter = 25.0
    /// Up to this much more for a loose line the further it stands from the paragraph's end.
    static let looseEarlier = 0.5
    /// A line that does not fill its cells (stretched or short): the grid is the page's rhythm, so
    /// this outweighs several halved marks.
    static let offGrid = 10.0
    /// A line a reader counting glyphs would see as off the grid, even when its cells add up.
    static let readerOffGrid = 8.0
    /// Per em of stretch spread over a line's gaps.
    static let stretchPerEm = 2.0
    /// Ending a line earlier than every normal candidate (推出 further back), when no candidate is
    /// allowed: a last resort before breaking a word.
    static let pushedFurther = 20.0
    /// Breaking a Latin word or URL after / . - _ ? & =: allowed, but a break between words wins.
    static let breakInsideWord = 6.0
    /// A line whose gaps open wider than 0.15 em each reads as letter-spaced: worse than an
    /// off-grid line, better than a word broken anywhere.
    static let letterSpaced = 40.0
    /// Breaking a Latin word or URL inside because it is longer than the line.
    static let wordBrokenInside = 500.0
    /// Setting a unit that does not fit even alone on a line (a huge glyph or a tiny measure).
    static let nothingFits = 1000.0
}

/// Running sums of a line being built, for a quick bound on where it can end.
struct LineMeasure {
    var natural = Points.zero
    var glueShrink = Points.zero
    /// Light squeeze available from the marks before the last unit.
    var midSoft = Points.zero
    /// All blank of the marks before the last unit.
    var midBlank = Points.zero
    /// Glue and Latin width beyond half a cell: what the grid's cell count does not account for.
    var extra = Points.zero
    private var last: (soft: Points, blank: Points)?

    mutating func add(_ u: Unit, first: Bool) {
        if let l = last { midSoft += l.soft; midBlank += l.blank }
        var unit = u
        if first { PunctuationWidth.restoreStart(&unit) } else {
            natural += unit.glue.width
            extra += unit.glue.width
            glueShrink += unit.glue.shrink
        }
        natural += unit.advance
        extra += unit.excess
        last = (Swift.min(unit.blank, unit.em * LineBreaker.softShrinkEm), unit.blank)
    }

    /// What a line may give up without pulling in anything: its glue, and mark squeeze only as far as
    /// its Latin text and gaps made it longer than its cells.
    var softShrink: Points {
        glueShrink + Swift.min(midSoft, Swift.max(.zero, extra))
    }

    /// Everything compression can take, the line-end mark's blank included.
    func hardShrink(last u: Unit) -> Points {
        glueShrink + midBlank + (u.cls.hasTrailingBlank ? u.blank + u.droppedForNext : .zero)
    }
}

