import BulletinCore
import LayoutSpec

/// A line ready to draw: its text, where each cluster goes, and how wide it came out.
public struct ComposedLine: Hashable, Sendable {
    public var runs: [TextRun]
    /// Glyph origin of every cluster, from the line's start.
    public var positions: [ClusterPosition]
    public var width: Points
    public var text: String { runs.map(\.text).joined() }
}

/// Sets text into lines: shaping comes from the measurer (Pango, or a fixed-advance one in tests);
/// units, line breaks, punctuation widths and justification are ours.
public final class Typesetter {
    let measurer: TextMeasurer
    let builder: UnitBuilder
    /// Problems met while setting: words too long for their line, which had to be broken inside,
    /// with the start of the word and where it was written.
    public private(set) var warnings: [BreakNote] = []
    /// Characters their font could not set, each once per requested font, at their first place in
    /// the order the issue is laid out.
    public private(set) var glyphNotes: [GlyphNote] = []
    private var noted = Set<String>()

    public init(measurer: TextMeasurer, typesetting: TypesettingSpec) {
        self.measurer = measurer
        builder = UnitBuilder(typesetting: typesetting)
    }

    /// Text as shaped: its units, the clusters they came from (whose glyphs are drawn), and, once a
    /// title asks, its units with only word breaks allowed at each `TitleBreaks.Strictness`.
    private struct Shaped {
        var units: [Unit]
        var clusters: [ShapedCluster]
        var titleUnits: [[Unit]?] = Array(repeating: nil, count: TitleBreaks.Strictness.allCases.count)
    }
    /// Shaped text by its runs: titles are set at every width their balancing tries, TOCs once per pass.
    private var cache: [[TextRun]: Shaped] = [:]

    func units(_ runs: [TextRun]) -> [Unit] { shaped(runs).units }

    /// Units and the clusters they came from (whose glyphs are drawn).
    func shaped(_ runs: [TextRun]) -> (units: [Unit], clusters: [ShapedCluster]) {
        let s = shapedEntry(runs)
        return (s.units, s.clusters)
    }

    private func shapedEntry(_ runs: [TextRun]) -> Shaped {
        if let hit = cache[runs] { return hit }
        let clusters = measurer.clusters(of: runs)
        noteCoverage(runs, clusters)
        let entry = Shaped(units: builder.units(runs, clusters: clusters), clusters: clusters)
        if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
        cache[runs] = entry
        return entry
    }

    /// Breaks a paragraph: the first line `firstLineWidth` wide, the others `width`; every line but the
    /// last is justified to its measure when `justify` is set.
    private struct ComposeKey: Hashable {
        var runs: [TextRun]
        var firstLineWidth: Points
        var width: Points
        var justify: Bool
    }
    /// Set paragraphs by text and measure: the 目录 is set again on every pass that settles its page
    /// numbers, and a centred title at every width its balancing tries.
    private var composed: [ComposeKey: [ComposedLine]] = [:]

    public func compose(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool) -> [ComposedLine] {
        let key = ComposeKey(runs: runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        if let hit = composed[key] { return hit }
        let lines = composeAnew(runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        if composed.count > 4096 { composed.removeAll(keepingCapacity: true) }
        composed[key] = lines
        return lines
    }

    /// How much more a paragraph set one line longer or shorter may cost than its best setting,
    /// to fill a page: a few marks halved or restored and one line a little loose, but not a line
    /// off the grid (which costs at least `LineCost.offGrid` + `LineCost.readerOffGrid` = 18).
    public static let looseningBound = 12.0

    /// The paragraph set with `delta` (+1 or −1) lines more than its best setting, when that costs
    /// no more than `looseningBound` over the best; nil otherwise.
    public func compose(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool, lineDelta delta: Int) -> [ComposedLine]? {
        let key = ComposeKey(runs: runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        if let hit = variants[key]?.first(where: { $0.delta == delta }) { return hit.lines }
        let lines = composeVariant(runs, firstLineWidth: firstLineWidth, width: width, justify: justify, lineDelta: delta)
        variants[key, default: []].append((delta, lines))
        return lines
    }

    /// The best breaks of each paragraph set, their cost, and the candidate lines they were chosen
    /// from, for its variants.
    private var bestBreaks: [ComposeKey: (lines: [Range<Int>], warnings: [LineBreaker.Warning], cost: Double)] = [:]
    private var candidates: [ComposeKey: LineBreaker.Candidates] = [:]
    /// Units held in `candidates`: a long issue lets go of its early paragraphs' lines rather than
    /// grow without bound (they are worked out again if asked for).
    private var candidateUnits = 0
    private func keep(_ table: LineBreaker.Candidates, for key: ComposeKey) {
        if candidates[key] == nil {
            if candidateUnits > 200_000 { candidates.removeAll(keepingCapacity: true); candidateUnits = 0 }
            candidateUnits += table.units.count
        }
        candidates[key] = table
    }
    /// Variants asked for again on every pass that settles the 目录's page numbers, by paragraph
    /// setting and line delta (nil: none within the bound).
    private var variants: [ComposeKey: [(delta: Int, lines: [ComposedLine]?)]] = [:]

    private func composeVariant(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool, lineDelta delta: Int) -> [ComposedLine]? {
        let (units, clusters) = shaped(runs)
        guard !units.isEmpty, delta != 0 else { return nil }
        let widthOf: (Int) -> Points = { $0 == 0 ? firstLineWidth : width }
        let key = ComposeKey(runs: runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        var table = candidates[key] ?? LineBreaker.Candidates(units, widthOf: widthOf)
        defer { keep(table, for: key) }
        let best = bestBreaks[key] ?? LineBreaker.breakLines(&table, linePenalty: 0)
        let target = best.lines.count + delta
        guard target >= 1, let last = best.lines.last, let cell = units.first?.cell, cell.value > 0 else { return nil }
        // Searches that cannot succeed within the bound are not run. A line fewer means the last
        // line's cells are absorbed by halving marks above (half a cell each, `LineCost.halvedMark`
        // each); a line more means the last line's empty cells are filled by lines above giving back
        // characters they had pulled in, which they can only do for marks they had halved (each of
        // which is in the best setting's cost).
        let lastCells = units[last].reduce(0.0) { $0 + $1.cells }
        if delta < 0, lastCells > 2 * Typesetter.looseningBound / LineCost.halvedMark { return nil }
        if delta > 0, width / cell - lastCells > best.cost / LineCost.halvedMark + 1 { return nil }
        // One search with a line penalty just above the bound: a setting with a line fewer (more)
        // wins exactly when it costs less than the bound more than the best one.
        let r = LineBreaker.breakLines(&table, linePenalty: -Double(delta) * (Typesetter.looseningBound + 1),
                                       costLimit: best.cost + Typesetter.looseningBound, maxLines: target)
        guard r.lines.count == target, r.cost - best.cost <= Typesetter.looseningBound else { return nil }
        return r.lines.enumerated().map { i, range in
            let measure = i == 0 ? firstLineWidth : width
            return line(runs, Justifier.place(units[range], measure: measure, justify: justify && i < r.lines.count - 1), clusters)
        }
    }

    private func composeAnew(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool) -> [ComposedLine] {
        let (units, clusters) = shaped(runs)
        guard !units.isEmpty else { return [] }
        let key = ComposeKey(runs: runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        var table = LineBreaker.Candidates(units, widthOf: { $0 == 0 ? firstLineWidth : width })
        let found = LineBreaker.breakLines(&table, linePenalty: 0)
        bestBreaks[key] = found
        keep(table, for: key)
        let (ranges, problems) = (found.lines, found.warnings)
        if !problems.isEmpty {
            let bytes = Array(runs.map(\.text).joined().utf8)
            for p in problems {
                let word = String(decoding: bytes[p.byteOffset...].prefix(24), as: UTF8.self)
                warnings.append(BreakNote(message: p.message, word: word, span: runs.span(atByte: p.byteOffset)))
            }
        }
        return ranges.enumerated().map { i, range in
            let measure = i == 0 ? firstLineWidth : width
            let placed = Justifier.place(units[range], measure: measure, justify: justify && i < ranges.count - 1)
            return line(runs, placed, clusters)
        }
    }

    /// Sets text on one line without breaking it.
    public func singleLine(_ runs: [TextRun]) -> ComposedLine {
        let (units, clusters) = shaped(runs)
        return line(runs, Justifier.place(units[...], measure: nil, justify: false), clusters)
    }

    /// Sets text on one line, justified to exactly `measure`.
    public func singleLine(_ runs: [TextRun], justifiedTo measure: Points) -> ComposedLine {
        let (units, clusters) = shaped(runs)
        return line(runs, Justifier.place(units[...], measure: measure, justify: true), clusters)
    }

    /// A title in two lines, when it does not fit in one: the break that makes the lines most even,
    /// preferring a break after a closing mark or quote, so terms are less often cut (GB/T 9704 §7.3.1
    /// asks for whole words and a balanced shape). Nil when the title needs more than two lines.
    public func titleLines(_ runs: [TextRun], maxWidth: Points) -> [ComposedLine]? {
        for strictness in TitleBreaks.Strictness.allCases {
            if let lines = titleLines(runs, maxWidth: maxWidth, strictness: strictness) {
                if strictness == .anywhere { noteTitleBrokenInsideWord(runs) }
                return lines
            }
        }
        return nil
    }

    /// Units of a title with only word breaks allowed (as strict as `strictness`).
    func titleUnits(_ runs: [TextRun], strictness: TitleBreaks.Strictness) -> [Unit] {
        let rank = TitleBreaks.Strictness.allCases.firstIndex(of: strictness)!
        var entry = shapedEntry(runs)
        if let known = entry.titleUnits[rank] { return known }
        var units = entry.units
        let text = Array(runs.map(\.text).joined().utf8)
        let allowed = TitleBreaks.allowed(units, text: text, wordStarts: wordStarts(text), strictness: strictness)
        for i in units.indices { units[i].breakBefore = allowed[i] }
        entry.titleUnits[rank] = units
        cache[runs] = entry
        return units
    }

    /// Word starts by text: a centred title is broken at every width its balancing tries.
    private var segmented: [[UInt8]: [Int]] = [:]
    private func wordStarts(_ text: [UInt8]) -> [Int] {
        if let hit = segmented[text] { return hit }
        let starts = measurer.wordStarts(String(decoding: text, as: UTF8.self))
        segmented[text] = starts
        return starts
    }

    /// Notes a title that had to be broken inside a word.
    func noteTitleBrokenInsideWord(_ runs: [TextRun]) {
        let text = runs.map(\.text).joined()
        warnings.append(BreakNote(message: "a title could not be balanced without breaking a word", word: String(text.prefix(24)),
                                  span: runs.span(atByte: 0)))
    }

    /// A title (or 目录 entry) broken into lines between words: the fewest lines that fit, the
    /// breaks chosen by the line breaker; words are relaxed only when no setting keeps them.
    public func composeTitle(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool) -> [ComposedLine] {
        let set = composeTitleRated(runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        if set.strictness == TitleBreaks.Strictness.allCases.count - 1 { noteTitleBrokenInsideWord(runs) }
        return set.lines
    }

    /// A title set as `composeTitle` sets it, and how loosely it had to be broken: the index of the
    /// first `TitleBreaks.Strictness` that worked (past the last: broken as running text). Trial
    /// settings (balancing) are compared by it, and note nothing.
    func composeTitleRated(_ runs: [TextRun], firstLineWidth: Points, width: Points, justify: Bool) -> (lines: [ComposedLine], strictness: Int) {
        let plain = compose(runs, firstLineWidth: firstLineWidth, width: width, justify: justify)
        guard plain.count > 1 else { return (plain, 0) }
        let clusters = shaped(runs).clusters
        for (rank, strictness) in TitleBreaks.Strictness.allCases.enumerated() {
            let units = titleUnits(runs, strictness: strictness)
            let found = LineBreaker.breakLines(units, widthOf: { $0 == 0 ? firstLineWidth : width }, linePenalty: 0, ragged: !justify)
            guard found.warnings.isEmpty else { continue }
            return (found.lines.enumerated().map { i, range in
                let measure = i == 0 ? firstLineWidth : width
                return line(runs, Justifier.place(units[range], measure: measure, justify: justify && i < found.lines.count - 1), clusters)
            }, rank)
        }
        return (plain, TitleBreaks.Strictness.allCases.count)
    }

    private func titleLines(_ runs: [TextRun], maxWidth: Points, strictness: TitleBreaks.Strictness) -> [ComposedLine]? {
        let units = titleUnits(runs, strictness: strictness)
        guard units.count > 1 else { return nil }
        var best: (score: Double, at: Int)?
        for i in 1..<units.count where units[i].breakBefore {
            let a = Justifier.place(units[0..<i], measure: nil, justify: false)
            let b = Justifier.place(units[i...], measure: nil, justify: false)
            guard a.width <= maxWidth, b.width <= maxWidth else { continue }
            let em = units[i].em
            var score = abs((a.width - b.width) / em)
            let prev = units[i - 1].cls
            if !(prev == .closing || prev == .pause || prev == .stop || units[i].glue.kind == .space) { score += 3 }
            // A top line shorter than the bottom one (正梯形) is the usual shape; the reverse costs a little.
            if a.width > b.width { score += 0.5 }
            if best == nil || score < best!.score { best = (score, i) }
        }
        guard let cut = best?.at else { return nil }
        let clusters = shaped(runs).clusters
        return [line(runs, Justifier.place(units[0..<cut], measure: nil, justify: false), clusters),
                line(runs, Justifier.place(units[cut...], measure: nil, justify: false), clusters)]
    }

    public func naturalWidth(_ runs: [TextRun]) -> Points { singleLine(runs).width }

    private func noteCoverage(_ runs: [TextRun], _ clusters: [ShapedCluster]) {
        for c in clusters where c.missingGlyph || c.fallbackFamily != nil {
            guard let first = c.text.unicodeScalars.first, !first.properties.isWhitespace, first.value >= 0x21 else { continue }
            let requested = runs[min(c.run, runs.count - 1)].face.family
            guard noted.insert(c.text + "\u{0}" + requested).inserted else { continue }
            glyphNotes.append(GlyphNote(character: c.text, requestedFamily: requested,
                                        usedFamily: c.missingGlyph ? nil : c.fallbackFamily, span: runs.span(atByte: c.byteOffset)))
        }
    }

    /// `clusters` are the runs' shaped clusters (passed in: looking them up again for every line
    /// would hash the whole paragraph once a line).
    private func line(_ runs: [TextRun], _ placed: Justifier.Placed, _ clusters: [ShapedCluster]) -> ComposedLine {
        guard let first = placed.units.first, let last = placed.units.last else {
            return ComposedLine(runs: [], positions: [], width: .zero)
        }
        let start = first.byteOffset
        let end = last.byteOffset + last.byteLength
        let positions = zip(placed.units, placed.x).map { u, x in
            ClusterPosition(byteOffset: u.byteOffset - start, x: x + u.glyphOffset, glyphs: clusters[u.cluster].glyphs)
        }
        return ComposedLine(runs: runs.slice(bytes: start..<end), positions: positions, width: placed.width)
    }
}

/// A word that had to be broken inside because it is longer than its line.
public struct BreakNote: Hashable, Sendable {
    public var message: String
    /// The start of the word.
    public var word: String
    public var span: SourceSpan?
}

/// A character its requested font does not have: `usedFamily` is the fallback that set it, or nil
/// when no installed font has it (it would print as an empty box).
public struct GlyphNote: Hashable, Sendable {
    public var character: String
    public var requestedFamily: String
    public var usedFamily: String?
    public var span: SourceSpan?
}
