import XCTest
import BulletinCore
import LayoutSpec
@testable import BulletinLayout

/// The line breaker's rules, each with a small input and its expected lines. Characters are 10 pt
/// squares (FixedMeasurer), so a line of 10 cells is 100 pt and the numbers below are exact.
final class LineBreakerTests: XCTestCase {
    func typesetter(_ style: PunctuationStyle = .fullWidth) -> Typesetter {
        Typesetter(measurer: FixedMeasurer(), typesetting: TypesettingSpec(punctuation: style, cjkLatinSpacing: .em(0.25), halfWidthLatin: true))
    }

    func run(_ text: String) -> TextRun { TextRun(text, face: FontFace(family: "Test"), size: 10.pt) }

    /// Sets `text` into lines `cells` wide and returns each line's text.
    func lines(_ text: String, cells: Double = 10, style: PunctuationStyle = .fullWidth) -> [ComposedLine] {
        typesetter(style).compose([run(text)], firstLineWidth: (cells * 10).pt, width: (cells * 10).pt, justify: true)
    }

    func texts(_ l: [ComposedLine]) -> [String] { l.map(\.text) }
    func xs(_ l: ComposedLine) -> [Double] { l.positions.map { ($0.x.value * 1000).rounded() / 1000 } }

    func testHanFillTheGridTenToALine() {
        let l = lines("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑")
        XCTAssertEqual(texts(l), ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸", "子丑"])
        XCTAssertEqual(xs(l[0]), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
        XCTAssertEqual(l[0].width, 100.pt)
        XCTAssertEqual(l[2].width, 20.pt, "the last line is not stretched")
    }

    func testClosingMarkNeverStartsALinePullInByCompression() {
        // The 11th unit is "，": it is pulled in (推入) by halving the two marks of the line.
        let l = lines("一，二三四五六七八九，乙丙")
        XCTAssertEqual(texts(l), ["一，二三四五六七八九，", "乙丙"])
        XCTAssertEqual(xs(l[0]), [0, 10, 15, 25, 35, 45, 55, 65, 75, 85, 95], "the mid-line comma takes half a cell")
        XCTAssertEqual(l[0].width, 100.pt, "the line-end comma is half a cell too, ending on the edge")
    }

    func testPushOutWhenNothingCanBeCompressed() {
        // "。" cannot start a line and the line has no mark to halve: 九 goes to the next line (推出).
        let l = lines("一二三四五六七八九十。甲")
        XCTAssertEqual(texts(l), ["一二三四五六七八九", "十。甲"])
        XCTAssertEqual(l[0].width, 100.pt, "the short line is justified")
        XCTAssertEqual(xs(l[0]).last!, 90, accuracy: 0.001, "8 gaps share the 10 pt left: 1.25 pt each")
    }

    /// A number keeps the unit after it (数字不能回行): the 10th cell would end the line between
    /// 9 and 年, so 九 and the number go down together; the same for 第 and its number, a number
    /// range around its dash, and a note mark and the text it follows.
    func testNumbersKeepTheirUnitsRangesAndNoteMarks() {
        XCTAssertEqual(texts(lines("一二三四五六七八2024年甲乙")), ["一二三四五六七八", "2024年甲乙"])
        XCTAssertEqual(texts(lines("一二三四五六七八九第3期")), ["一二三四五六七八九", "第3期"])
        XCTAssertEqual(texts(lines("一二三四五六七1.5亿元甲")), ["一二三四五六七", "1.5亿元甲"], "亿 keeps 元 after a number")
        XCTAssertEqual(texts(lines("一二三四五六七八2024—2026年甲")), ["一二三四五六七八", "2024—2026年甲"], "a range stays whole when the line can take it")
        XCTAssertEqual(texts(lines("一二三四五六七八九十①。甲")), ["一二三四五六七八九", "十①。甲"])
        // After a pause or stop a circled number enumerates: it may start a line.
        XCTAssertEqual(texts(lines("一二三四五六七八九：①甲乙")), ["一二三四五六七八九：", "①甲乙"])
    }

    /// 1． takes one cell: the digit half, its point half, and the text goes on at the next cell.
    func testAnEnumeratorsPointIsHalfACell() {
        let l = lines("1．甲乙")
        XCTAssertEqual(xs(l[0]), [0, 5, 10, 20])
        XCTAssertEqual(xs(lines("甲．乙")[0]), [0, 10, 20], "after a Han character the point keeps its cell")
    }

    /// A ragged line (a title, a 目录 entry) has nothing to fill: where a justified line halves its
    /// marks to pull the next characters in (推入), a ragged one breaks earlier and keeps them full.
    func testRaggedLinesDoNotSqueezeMarksToFill() {
        let units = typesetter().units([run("一，二三四五六七八九，十乙")])
        func breaks(ragged: Bool) -> [Range<Int>] {
            LineBreaker.breakLines(units, widthOf: { _ in 100.pt }, linePenalty: 0, ragged: ragged).lines
        }
        // The 11th unit is a comma, which cannot start a line. Justified: both commas are halved
        // to pull it in, and the line fills its ten cells.
        XCTAssertEqual(breaks(ragged: false), [0..<11, 11..<13])
        // Ragged: the commas keep their cells, and 九 takes its comma to the next line.
        XCTAssertEqual(breaks(ragged: true), [0..<9, 9..<13])
    }

    /// A 孤字 (one character alone on a paragraph's last line) is mended by the line above it,
    /// which gives a character down and is set loose (均排); the first line keeps its grid.
    func testALonelyLastCharacterIsMendedByTheLineAboveIt() {
        let l = lines("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子")
        XCTAssertEqual(texts(l), ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬", "癸子"])
        XCTAssertEqual(xs(l[0]).last!, 90, accuracy: 0.001, "the first line stays on the grid")
        XCTAssertEqual(l[1].width, 100.pt, "the line above the last is spread to the measure")
    }

    func testOpeningMarkNeverEndsALine() {
        let l = lines("一二三四五六七八九《十》乙")
        XCTAssertEqual(texts(l), ["一二三四五六七八九", "《十》乙"])
    }

    func testAdjacentMarksDropTheBlankBetweenThem() {
        let l = lines("甲。”乙》）丙")
        // 。 and 》 give up their right half: 。” takes 1.5 cells, 》） 1.5 cells.
        XCTAssertEqual(xs(l[0]), [0, 10, 15, 25, 35, 40, 50])
    }

    func testTwoOpeningMarksDropTheBlankBetweenThem() {
        let l = lines("甲“《乙")
        // The second opening mark loses its left half: its glyph moves half a cell left.
        XCTAssertEqual(xs(l[0]), [0, 10, 15, 25])
        XCTAssertEqual(l[0].width, 35.pt)
    }

    func testDashAndEllipsisAreNeverSplitNorStartALine() {
        let dash = lines("一二三四五六七八九——十")
        XCTAssertEqual(texts(dash), ["一二三四五六七八", "九——十"])
        let dots = lines("一二三四五六七八九……十")
        XCTAssertEqual(texts(dots), ["一二三四五六七八", "九……十"])
    }

    func testNumbersWithUnitsAndLatinWordsStayWhole() {
        let pct = lines("一二三四五六七八增25%了")
        XCTAssertEqual(texts(pct), ["一二三四五六七八增", "25%了"], "25% and its Han–Latin gap do not fit; the number moves whole")
        let word = lines("一二三四五六七八Word了")
        XCTAssertEqual(texts(word), ["一二三四五六七八", "Word了"])
    }

    func testHanLatinGapIsAQuarterEmTypedOrNot() {
        let a = lines("汉字AB汉字")[0], b = lines("汉字 AB 汉字")[0]
        XCTAssertEqual(xs(a), [0, 10, 22.5, 27.5, 35, 45])
        XCTAssertEqual(xs(b), xs(a), "a typed space next to Han is the gap, not an extra one")
        XCTAssertEqual(a.text, "汉字AB汉字")
    }

    func testLatinTextIsJustifiedAtSpacesNeverInsideWords() {
        let text = "ab cd ef gh ij kl mn op qr"
        let l = lines(text, cells: 5)
        XCTAssertEqual(l.map(\.text).joined(separator: " "), text, "breaks fall at spaces only")
        for line in l.dropLast() {
            XCTAssertEqual(line.width.value, 50, accuracy: 0.001)
            let p = xs(line)
            var spaces: [Double] = []
            for i in 1..<p.count {
                if i % 2 == 1 { XCTAssertEqual(p[i] - p[i - 1], 5, accuracy: 0.001, "letters of a word keep their advance") }
                else { spaces.append(p[i] - p[i - 1]) }
            }
            for sp in spaces { XCTAssertEqual(sp, spaces[0], accuracy: 0.002, "spaces of a line are equal") }
        }
    }

    func testLatinWordLongerThanTheLineBreaksWithAWarning() {
        let t = typesetter()
        let l = t.compose([run("abcdefghijklmnopqrstuvwxyz")], firstLineWidth: 50.pt, width: 50.pt, justify: true)
        XCTAssertEqual(l.map(\.text), ["abcdefghij", "klmnopqrst", "uvwxyz"])
        XCTAssertEqual(t.warnings.count, 2)
    }

    func testKaimingAndHalfWidthStyles() {
        let kaiming = lines("甲，乙。丙", style: .kaiming)[0]
        XCTAssertEqual(xs(kaiming), [0, 10, 15, 25, 35], "开明式: ， half, 。 full")
        let half = lines("甲，乙。丙", style: .halfWidth)[0]
        XCTAssertEqual(xs(half), [0, 10, 15, 25, 30], "半角式: every mark half")
    }

    func testLastLineIsFlushLeftAndFullLinesFillTheMeasure() {
        let l = lines("春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。")
        for line in l.dropLast() { XCTAssertEqual(line.width.value, 100, accuracy: 0.001) }
        XCTAssertLessThan(l.last!.width.value, 100)
        XCTAssertEqual(xs(l.last!).first, 0)
    }

    func testIndentedFirstLine() {
        let t = typesetter()
        let l = t.compose([run("一二三四五六七八九十甲乙丙")], firstLineWidth: 80.pt, width: 100.pt, justify: true)
        XCTAssertEqual(l.map(\.text), ["一二三四五六七八", "九十甲乙丙"])
    }

    func testCopyTextKeepsEveryCharacter() {
        let text = "他说：“‘三项赋能’是什么？”——答：《方案》（2024—2027年）。"
        let l = lines(text)
        XCTAssertEqual(l.map(\.text).joined(), text)
    }
}

extension LineBreakerTests {
    /// A font with proportional curly quotes (0.35 em, as LXGW WenKai has): the engine sets them in
    /// full cells, ink on the Chinese side, so they compress and keep the grid like any mark.
    func testNarrowQuotesTakeAFullCell() {
        let narrowQuotes = FixedMeasurer { s, size in s == "“" || s == "”" ? size * 0.35 : nil }
        let t = Typesetter(measurer: narrowQuotes, typesetting: TypesettingSpec(punctuation: .fullWidth, cjkLatinSpacing: .em(0.25), halfWidthLatin: true))
        let line = t.compose([run("甲“乙”丙")], firstLineWidth: 100.pt, width: 100.pt, justify: true)[0]
        // “ drawn in the right half of its cell (10 + 5 + 0.75), ” in the left half (30 + 0.75).
        XCTAssertEqual(xs(line), [0, 15.75, 20, 30.75, 40])
        XCTAssertEqual(line.width, 50.pt)
    }

    /// Advances of each mark in a line, from the glyph positions (the last unit is left out: a
    /// line-end mark may differ).
    func markAdvances(_ l: ComposedLine, _ mark: Character) -> [Double] {
        let chars = Array(l.text)
        var out: [Double] = []
        for i in 0..<(chars.count - 1) where chars[i] == mark {
            out.append(((l.positions[i + 1].x - l.positions[i].x).value * 100).rounded() / 100)
        }
        return out
    }

    func testEveryInstanceOfAMarkHasOneWidthInALine() {
        // Eleven units: the 11th, "，", may not start a line, so the line pulls it in and must give
        // up a cell: the line's two "、" and one "，" hold three halves; the two 、 (a whole kind,
        // exactly one cell) are halved, not one 、 and the ，.
        let l = lines("一、二，三、四五六七，八九", cells: 10)
        XCTAssertEqual(texts(l).first, "一、二，三、四五六七，")
        XCTAssertEqual(markAdvances(l[0], "、"), [5, 5])
        XCTAssertEqual(markAdvances(l[0], "，"), [10], "the mid-line ， keeps its cell")
        XCTAssertEqual(l[0].width, 100.pt)
    }

    func testCompressionIsSpreadOverAKindWhenKindsDoNotAddUp() {
        // One cell must go (eleven units in ten cells) and the line has three ，: each gives up a
        // third of a cell, so all three keep one width.
        let l = lines("一，二，三，四五六七八", cells: 10)
        XCTAssertEqual(texts(l).first, "一，二，三，四五六七八")
        let w = markAdvances(l[0], "，")
        XCTAssertEqual(w.count, 3)
        for a in w { XCTAssertEqual(a, w[0], accuracy: 0.01) }
        XCTAssertEqual(w[0], 6.67, accuracy: 0.01)
        XCTAssertEqual(l[0].width, 100.pt)
    }

    func testQuestionAndExclamationMarksAreNeverCompressed() {
        // ？ before ” keeps its full cell (no pair compression), and is not halved to pull a
        // character in: 九 goes down instead.
        let l = lines("一二三四五六七八？”九", cells: 10)
        let q = l[0].text.firstIndex(of: "？").map { l[0].text.distance(from: l[0].text.startIndex, to: $0) }!
        XCTAssertEqual((l[0].positions[q + 1].x - l[0].positions[q].x).value, 10, accuracy: 0.01, "？ keeps its cell")
        XCTAssertFalse(l[0].text.contains("九"))
    }

    func testAURLBreaksOnlyAfterItsSeparators() {
        let url = "https://example.gov.cn/meeting-materials/2024_annual/index.html?id=7&lang=zh"
        let l = lines("详见" + url + "网页。", cells: 10)
        XCTAssertGreaterThan(l.count, 2)
        let joined = texts(l).joined()
        XCTAssertEqual(joined, "详见" + url + "网页。", "nothing added, nothing lost (no hyphen)")
        for line in l.dropLast() {
            guard let last = line.text.last, line.text.contains(where: { $0.isASCII && $0.isLetter }) else { continue }
            if let next = joined.dropFirst(joined.distance(from: joined.startIndex, to: joined.range(of: line.text)!.upperBound)).first,
               next.isASCII, last.isASCII {
                XCTAssertTrue("/.-_?&=".contains(last), "the URL breaks after «\(last)»: \(texts(l))")
            }
        }
    }

    func testNoLineIsLetterSpacedToAbsorbALongWord() {
        // A URL that can break after its separators fills lines; no gap opens wider than 0.15 em.
        let l = lines("会议材料均已上传至https://example.gov.cn/a/b/c/d/e/f/g/h/i/j/k，请各单位查看。", cells: 10)
        for line in l.dropLast() {
            let xs = line.positions.map(\.x.value)
            for (a, b) in zip(xs, xs.dropFirst()) { XCTAssertLessThanOrEqual(b - a, 10 + 1.5 + 0.01, "\(texts(l))") }
        }
    }

    /// Kinds of marks to halve are the first set, compared as lists of kinds, whose counts add up to
    /// what is needed: the depth-first walk finds the same set as trying every set and keeping the
    /// first by list order, or none when no set adds up, for every line of up to 6 kinds of 1 to 3
    /// marks each and every count from 1 to 8.
    func testKindsToHalveAreTheFirstSetInListOrder() {
        func list(_ m: Int, _ n: Int) -> [Int] { (0..<n).filter { m & (1 << $0) != 0 } }
        var found = 0, cases = 0
        for n in 1...6 {
            for code in 0..<Int(pow(3.0, Double(n))) {
                var c = code
                let kinds = (0..<n).map { k -> Justifier.MarkKind in
                    defer { c /= 3 }
                    return Justifier.MarkKind(scalar: UInt32(k), order: 0, count: c % 3 + 1, lastMark: k)
                }
                for count in 1...8 {
                    var expected: Int?
                    for mask in 1..<(1 << n) where list(mask, n).reduce(0, { $0 + kinds[$1].count }) == count {
                        if let e = expected, !list(mask, n).lexicographicallyPrecedes(list(e, n)) { continue }
                        expected = mask
                    }
                    if expected != nil { found += 1 }
                    cases += 1
                    XCTAssertEqual(Justifier.firstKindsAddingUp(to: count, kinds), expected, "\(kinds.map(\.count)) for \(count)")
                }
            }
        }
        XCTAssertEqual(cases, 1092 * 8)
        XCTAssertGreaterThan(found, 4000)
    }

    /// Candidate lines that need no compression, or whole kinds of marks halved, are measured from
    /// running sums (`CandidateLine`); they must come out as fitting them unit by unit does, for
    /// every start and end of mixed text (marks side by side, Latin words and spaces of uneven
    /// widths, numbers, dashes, ellipses), justified or not, at several measures.
    func testCandidateLinesMeasureAsFittingThemDoes() {
        let widths: [Character: Double] = ["i": 2.5, "l": 2.5, "m": 8, "w": 7.5, "W": 9, " ": 2.5]
        let measurer = FixedMeasurer { s, size in widths[Character(s)].map { Points($0 * size.value / 10) } }
        var rng = SeededGenerator(seed: 20261130)
        let pieces = ["中", "文", "排", "版", "，", "。", "、", "“", "”", "《", "》", "（", "）", "——", "……", "：",
                      "2024", "12.5%", "Swift ", "mill wiW ", "PDF", "？", "！", "「", "」", " "]
        var compared = 0, stretched = 0, halved = 0
        for style in [PunctuationStyle.fullWidth, .kaiming, .halfWidth] {
            let t = Typesetter(measurer: measurer, typesetting: TypesettingSpec(punctuation: style, cjkLatinSpacing: .em(0.25), halfWidthLatin: true))
            for paragraph in 0..<30 {
                // Every other paragraph in two runs of other sizes and letter spacings (a mark's em
                // and cell then differ from the line's first unit's).
                let text = (0..<60).map { _ in pieces.randomElement(using: &rng)! }.joined()
                let runs: [TextRun]
                if paragraph % 2 == 0 {
                    runs = [run(text)]
                } else {
                    let cut = text.index(text.startIndex, offsetBy: text.count / 2)
                    runs = [TextRun(String(text[..<cut]), face: FontFace(family: "Test"), size: 10.pt, letterSpacing: 0.6.pt),
                            TextRun(String(text[cut...]), face: FontFace(family: "Test"), size: 12.pt, letterSpacing: 0.pt)]
                }
                let units = t.units(runs)
                var scratch = Justifier.Scratch()
                for measure in [95.0, 100, 103.3] {
                    for s in units.indices {
                        for justify in [true, false] {
                            var storage = CandidateLine.Storage()
                            var line = CandidateLine(units, from: s, storage: &storage)
                            for end in (s + 1)...min(units.count, s + 16) {
                                guard let fast = line.metrics(to: end, measure: measure.pt, justify: justify) else { continue }
                                let full = Justifier.fit(units[s..<end], measure: measure.pt, justify: justify, &scratch, positions: false)
                                let what = "\(style) \(text) [\(s)..<\(end)] at \(measure) pt"
                                XCTAssertEqual(fast.cells, full.cells, what)
                                XCTAssertEqual(fast.visibleCells, full.visibleCells, what)
                                XCTAssertEqual(fast.readerCells, full.readerCells, what)
                                XCTAssertEqual(fast.halvedMarks, full.halvedMarks, what)
                                XCTAssertEqual(fast.gapShrinkEm, full.gapShrinkEm, what)
                                XCTAssertEqual(fast.stretchEm, full.stretchEm, what)
                                XCTAssertEqual(fast.maxGapStretchEm, full.maxGapStretchEm, what)
                                XCTAssertEqual(fast.width.value, full.width.value, accuracy: 1e-9, what)
                                compared += 1
                                if fast.stretchEm > 0 { stretched += 1 }
                                if fast.halvedMarks > 0 { halved += 1 }
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 10_000)
        XCTAssertGreaterThan(stretched, 3_000)
        XCTAssertGreaterThan(halved, 1_000)
    }

    /// A paragraph set a line longer searches without the greedy bound, and must still measure only
    /// the starts its settings reach: 300 characters with nothing to halve break only after every
    /// tenth, so asking for a 31st line reaches only the 30 starts the best setting measured, and
    /// fails without measuring any of the other 270.
    func testALineLongerSearchMeasuresOnlyTheStartsItReaches() {
        let units = typesetter().units([run(String(repeating: "中文排版", count: 75))])
        var table = LineBreaker.Candidates(units, widthOf: { _ in 100.pt })
        let best = LineBreaker.breakLines(&table, linePenalty: 0)
        XCTAssertEqual(best.lines.count, 30)
        XCTAssertEqual(best.lines.map(\.lowerBound), Array(stride(from: 0, to: 300, by: 10)))
        XCTAssertEqual(table.measuredStarts, 30)
        let longer = LineBreaker.breakLines(&table, linePenalty: -(Typesetter.looseningBound + 1),
                                            costLimit: best.cost + Typesetter.looseningBound, maxLines: 31)
        XCTAssertEqual(longer.lines.count, 30, "no setting has a 31st line within the bound")
        XCTAssertEqual(table.measuredStarts, 30, "the line-longer search measured starts it never reached")
    }
}
