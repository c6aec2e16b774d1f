import Foundation
import BulletinCore
import BulletinModel
import BulletinSource

/// Builds 栏目, articles, paragraphs, source lines and the 版记 from the body's lines. Titles are the
/// lines that match a 目录 entry (a wrapped title over two or three lines too); without a 目录, a
/// Markdown heading or a `·`-marked line. Paragraphs split where the printed page broke are joined
/// again: in blank-line separated text a paragraph that ends without closing punctuation joins the
/// next; in `pdftotext -layout` text a paragraph starts at an indented line after a finished
/// sentence, a title, a source line or a 报/送 label, and every other line joins the one above.
/// Text before the first article is the 按语 of the issue (or of its 栏目).
struct BodyAssembler {
    let mode: TextImporter.Mode
    let toc: TextImporter.Contents
    var layoutMode: Bool { mode == .layout }

    private(set) var sections: [Section] = []
    private(set) var issueNote: [Block] = []
    private(set) var distribution: [DistributionEntry] = []
    private(set) var copies: Int?
    /// Joins made by guess, for the report.
    private(set) var notes: [String] = []
    /// Joins past the first few are counted, not listed: a text of unterminated lines would
    /// otherwise report every line.
    private var joinsNoted = 0
    private mutating func noteJoin(_ note: String) {
        joinsNoted += 1
        if joinsNoted <= 20 { notes.append(note) }
    }
    var unlistedJoins: Int { max(0, joinsNoted - 20) }
    private(set) var matchedTitles: Set<String> = []
    /// Titles set from headings the 目录 does not list.
    private(set) var unlistedTitles: [String] = []
    /// ·-marked headings below the title level, set as subheadings of an article (there is no 目录 to tell).
    private(set) var demotedHeadings: [(heading: String, article: String)] = []

    private var section: (title: String?, note: [Block], articles: [Article])?
    private var article: (title: String, blocks: [Block], source: String?)?
    private var paragraph: String?
    private var inDistribution = false
    /// The previous line ended a sentence (a 版记 entry's next line is a new line then).
    private var lastEndedSentence = true

    init(mode: TextImporter.Mode, toc: TextImporter.Contents) {
        self.mode = mode
        self.toc = toc
        entrySet = Set(toc.entries)
        sortedEntries = toc.entries.sorted()
    }

    /// The 目录's entries, for matching titles line by line in constant time.
    private let entrySet: Set<String>
    private let sortedEntries: [String]

    static let labels = ["抄送", "抄报", "分送", "报", "送", "发"]

    /// Cells of the previous body line, and how many a printed line holds (the longest lines of
    /// the text, a few aside).
    private var previousCells = 0.0
    private var lineCapacity = 0.0

    /// A Han character or full-width mark is a cell; Latin letters, digits and spaces half of one.
    static func cells(_ t: String) -> Double {
        t.unicodeScalars.reduce(0) { $0 + (CJKRanges.isWide($1) ? 1 : 0.5) }
    }

    mutating func read(_ lines: [TextImporter.Line]) {
        let lengths = lines.map { BodyAssembler.cells($0.text) }.sorted()
        lineCapacity = lengths.isEmpty ? 0 : lengths[min(lengths.count - 1, Int(Double(lengths.count) * 0.9))]
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let block = line.payload {
                flushParagraph()
                addBlock(withCaption(block))
                i += 1; continue
            }
            var t = line.text
            // 共印 N 份, alone or at the end of the last 版记 line.
            if let (before, n) = BodyAssembler.copies(t) {
                copies = n
                t = before
                if t.isEmpty { i += 1; continue }
            }
            if let (label, rest) = BodyAssembler.label(t) {
                flushParagraph()
                closeArticle()
                inDistribution = true
                distribution.append(DistributionEntry(label: label, lines: rest.isEmpty ? [] : [rest]))
                lastEndedSentence = TextCleanup.endsSentence(rest)
                i += 1; continue
            }
            if inDistribution, var last = distribution.popLast() {
                // A line after a finished one is a new line of the entry; otherwise the entry wrapped.
                if lastEndedSentence || last.lines.isEmpty { last.lines.append(t) } else { last.lines[last.lines.count - 1] += t }
                distribution.append(last)
                lastEndedSentence = TextCleanup.endsSentence(t)
                i += 1; continue
            }
            let title = TextCleanup.unbulleted(t)
            let paragraphDone = paragraph.map(TextCleanup.endsSentence) ?? true
            if toc.sections.contains(title), paragraphDone || line.marked {
                flushParagraph(); closeSection()
                section = (title, [], [])
                i += 1; continue
            }
            if let (entry, used) = matchTitle(lines, i), paragraphDone || line.marked {
                flushParagraph(); closeArticle()
                // A body that prints no 栏目 headings takes them from the 目录.
                if let listed = toc.sectionOf[entry], section?.title != listed {
                    closeSection()
                    section = (listed, [], [])
                }
                article = (entry, [], nil)
                matchedTitles.insert(entry)
                i += used; continue
            }
            if toc.entries.isEmpty, line.marked || t.hasPrefix("·") {
                // No 目录 to match: `#` is a 栏目, `##` (or a ·-marked line) a title, more `#`s a subheading.
                flushParagraph()
                switch line.level ?? 2 {
                case ...1: closeSection(); section = (title, [], [])
                case 2: closeArticle(); article = (title, [], nil)
                default:
                    if article == nil { article = (title, [], nil) } else {
                        addBlock(subheading(title))
                        // Without a 目录 a deeper heading could as well be an article title: said, not guessed silently.
                        if t.hasPrefix("·") { demotedHeadings.append((title, article!.title)) }
                    }
                }
                i += 1; continue
            }
            if BodyAssembler.isSource(t), paragraphDone, article != nil {
                flushParagraph()
                keepEarlierSourceInText()
                article!.source = String(t.dropFirst().dropLast())
                i += 1; continue
            }
            if !toc.entries.isEmpty, line.marked, paragraphDone, article == nil || t.hasPrefix("·") {
                // A heading the 目录 does not list, before any article or marked with · as titles
                // are: a title all the same (the 目录 may name it otherwise), for the report to name.
                flushParagraph(); closeArticle()
                article = (title, [], nil)
                unlistedTitles.append(title)
                i += 1; continue
            }
            if !toc.entries.isEmpty, line.marked, article != nil {
                // A Markdown heading that is not a listed title: a subheading.
                flushParagraph()
                addBlock(subheading(title))
                i += 1; continue
            }
            if layoutMode, toc.entries.isEmpty, paragraphDone, let (found, used) = centredTitle(lines, i) {
                // No 目录: a centred line (or two or three) before an indented paragraph is a title.
                flushParagraph(); closeArticle()
                article = (found, [], nil)
                i += used; continue
            }
            if mode == .paragraphs {
                flushParagraph()
                paragraph = t
                i += 1; continue
            }
            if layoutMode {
                // A first line is set in by its indent (two characters); a line pushed far right
                // is a piece of the line above that the extraction split off.
                // And two pieces that together fit one printed line were one line (pdftotext splits a
                // line where marks were compressed), however the first one ends.
                let fitsWithPrevious = previousCells + BodyAssembler.cells(t) <= lineCapacity
                let starts = paragraph == nil || ((1...4).contains(line.indent) && paragraphDone && !fitsWithPrevious)
                if starts, isSubheading(lines, i) {
                    flushParagraph()
                    addBlock(subheading(t))
                    i += 1; continue
                }
                if starts { flushParagraph(); paragraph = t } else { BodyAssembler.append(&paragraph!, t) }
                previousCells = BodyAssembler.cells(t)
            } else if paragraph == nil || line.afterBlank {
                if paragraph != nil, !TextCleanup.endsSentence(paragraph!) {
                    noteJoin("joined «…\(paragraph!.suffix(8))» with «\(t.prefix(8))…» across a break (the first does not end a sentence)")
                    // In place: a paragraph of many lines grows without being copied line by line.
                    BodyAssembler.append(&paragraph!, t)
                } else {
                    flushParagraph()
                    paragraph = t
                }
            } else {
                BodyAssembler.append(&paragraph!, t)
            }
            i += 1
        }
        flushParagraph()
        closeSection()
    }

    /// A 目录 entry starting at line `i`, and how many lines it takes (a centred title wraps).
    private func matchTitle(_ lines: [TextImporter.Line], _ i: Int) -> (String, Int)? {
        var joined = ""
        for k in 0..<min(3, lines.count - i) {
            joined += TextCleanup.unbulleted(lines[i + k].text)
            if entrySet.contains(joined), !matchedTitles.contains(joined) { return (joined, k + 1) }
            guard startsAnEntry(joined) else { return nil }
        }
        return nil
    }

    /// Whether some 目录 entry starts with `prefix`: the entries sorted, the first not before it.
    private func startsAnEntry(_ prefix: String) -> Bool {
        var low = 0, high = sortedEntries.count
        while low < high {
            let mid = (low + high) / 2
            if sortedEntries[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        return low < sortedEntries.count && sortedEntries[low].hasPrefix(prefix)
    }

    /// Lines set in from both sides with no punctuation at their ends, followed by a paragraph's first line.
    private func centredTitle(_ lines: [TextImporter.Line], _ i: Int) -> (String, Int)? {
        var k = i
        var text = ""
        while k < lines.count, k - i < 3, lines[k].indent >= 4, lines[k].text.count <= 30,
              let last = lines[k].text.last, !"。，；：！？、".contains(last), !BodyAssembler.isSource(lines[k].text) {
            text += lines[k].text
            k += 1
        }
        guard k > i, k < lines.count, (1...3).contains(lines[k].indent) else { return nil }
        return (text, k - i)
    }

    /// A short line with no closing punctuation standing alone between paragraphs.
    private func isSubheading(_ lines: [TextImporter.Line], _ i: Int) -> Bool {
        let t = lines[i].text
        guard article != nil, t.count <= 24, let last = t.last, !"。，；：！？、…”’）)".contains(last) else { return false }
        guard i + 1 < lines.count else { return false }
        let next = lines[i + 1]
        return next.indent > 0 && !BodyAssembler.isSource(next.text) && BodyAssembler.label(next.text) == nil
    }

    private func subheading(_ text: String) -> Block {
        var b = Block.subheading(text)
        if text.hasPrefix("（") || text.hasPrefix("(") {
            b.level = text.dropFirst().first.map { $0.isASCII && $0.isNumber } == true ? 4 : 2
        } else if text.first.map({ $0.isASCII && $0.isNumber }) == true {
            b.level = 3
        }
        return b
    }

    /// A table takes the "表1 …" paragraph right before it as its caption.
    private mutating func withCaption(_ block: Block) -> Block {
        guard block.kind == .table, var t = block.table, t.caption.isEmpty else { return block }
        if var a = article, let last = a.blocks.last, last.kind == .paragraph, TableCaption.isCaption(last.plainText) {
            t.caption = last.inlines
            a.blocks.removeLast()
            article = a
        }
        var b = Block.table(t)
        b.span = block.span
        return b
    }

    static func join(_ a: String, _ b: String) -> String {
        var out = a
        append(&out, b)
        return out
    }

    /// `b` after `a` in place (a long paragraph grows line by line without being copied each time):
    /// a space only between two Latin words.
    static func append(_ a: inout String, _ b: String) {
        if let x = a.unicodeScalars.last, let y = b.unicodeScalars.first, !CJKRanges.isWide(x), !CJKRanges.isWide(y) { a += " " }
        a += b
    }

    static func isSource(_ t: String) -> Bool {
        guard t.hasPrefix("（"), t.hasSuffix("）"), t.count > 2, t.count <= 40 else { return false }
        let inner = t.dropFirst().dropLast()
        return !inner.contains("（") && !inner.contains("）") && !inner.contains("。")
    }

    static func label(_ t: String) -> (String, String)? {
        for l in labels {
            for colon in ["：", ":"] where t.hasPrefix(l + colon) {
                return (l, String(t.dropFirst(l.count + colon.count)).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    /// "共印120份" at the end of a line.
    static func copies(_ t: String) -> (String, Int)? {
        guard t.hasSuffix("份"), let r = t.range(of: "共印", options: .backwards) else { return nil }
        guard let n = Int(t[r.upperBound...].dropLast()) else { return nil }
        return (String(t[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), n)
    }

    private mutating func flushParagraph() {
        guard let p = paragraph else { return }
        paragraph = nil
        let kind: Block.Kind = p.hasPrefix("编者按") || article == nil ? .editorsNote : .paragraph
        addBlock(Block(kind, [Inline(p)]))
    }

    /// A source line with more after it (text, or another source line) was not the article's last:
    /// it stays in the text where it stood, so no line of the original is ever dropped.
    private mutating func keepEarlierSourceInText() {
        guard let src = article?.source else { return }
        article!.source = nil
        article!.blocks.append(Block(.paragraph, [Inline("（\(src)）")]))
    }

    private mutating func addBlock(_ b: Block) {
        keepEarlierSourceInText()
        if article != nil { article!.blocks.append(b) }
        else if section != nil { section!.note.append(b) }
        else { issueNote.append(b) }
    }

    private mutating func closeArticle() {
        guard let a = article else { return }
        article = nil
        if section == nil { section = (nil, [], []) }
        section!.articles.append(Article(title: a.title, blocks: a.blocks, source: a.source))
    }

    private mutating func closeSection() {
        closeArticle()
        guard let s = section else { return }
        section = nil
        var built = Section(title: s.title, articles: s.articles)
        if !s.note.isEmpty { built.note = s.note }
        sections.append(built)
    }
}
