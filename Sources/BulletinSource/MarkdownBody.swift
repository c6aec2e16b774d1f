import Foundation
import BulletinCore
import BulletinModel

/// The Markdown subset bulletins are written in: `#` section, `##` article, `###` subheading,
/// `>` editor's note, blank-line separated paragraphs, `**emphasis**`. Every section, article,
/// block and run of text keeps the place it was written.
enum MarkdownBody {
    private struct PendingArticle {
        var title: String
        var titleSpan: SourceSpan
        var blocks: [Block] = []
    }

    static func parse(lines: [String], firstLine: Int, source: SourceText, warnings: DiagnosticSink, limits: ParseLimits = .standard) throws -> [Section] {
        var sections: [Section] = []
        var sectionTitle: String?
        var sectionSpan: SourceSpan?
        var sectionArticles: [Article] = []
        var sectionStarted = false
        var article: PendingArticle?
        var paragraph: [PositionedText] = []
        var paragraphStart = 0
        var note: [PositionedText] = []
        var noteStart = 0
        var problems: [Diagnostic] = []
        var articleCount = 0

        func loc(_ index: Int, _ column: Int = 1) -> SourceLocation { source.location(line: firstLine + index, column: column) }

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            let text = joinParagraphLines(paragraph)
            paragraph = []
            guard !text.isEmpty else { return }
            if text.scalars.count > limits.maxParagraphCharacters {
                problems.append(.error("this paragraph has \(text.scalars.count) characters, more than the limit of \(limits.maxParagraphCharacters)",
                                       at: loc(paragraphStart), hint: "split it with blank lines, or raise the limit with --max-paragraph N"))
                return
            }
            if article == nil {
                problems.append(.error("text before the first article", at: loc(paragraphStart),
                                       hint: "start an article with a `## title` line"))
                return
            }
            article!.blocks.append(Block(.paragraph, inlines(text, at: loc(paragraphStart)), span: text.columns.first))
        }
        func flushNote() {
            guard !note.isEmpty else { return }
            let text = joinParagraphLines(note)
            note = []
            guard !text.isEmpty else { return }
            if article == nil {
                problems.append(.error("editor's note before the first article", at: loc(noteStart))); return
            }
            article!.blocks.append(Block(.editorsNote, inlines(text, at: loc(noteStart)), span: text.columns.first))
        }
        func flushArticle() {
            flushParagraph(); flushNote()
            guard var a = article else { return }
            article = nil
            // The last paragraph wholly inside （） names the article's source.
            if let last = a.blocks.last, last.kind == .paragraph {
                let t = last.plainText.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("（"), t.hasSuffix("）"), t.count > 2,
                   !t.dropFirst().dropLast().contains("（"), !t.dropFirst().dropLast().contains("）") {
                    a.blocks.removeLast()
                    let inner = last.span.value.map { SourceSpan(line: $0.line, column: $0.column + 1) }
                    sectionArticles.append(Article(title: a.title, blocks: a.blocks, source: String(t.dropFirst().dropLast()),
                                                   span: ArticleSpans(title: a.titleSpan, source: inner)))
                    return
                }
            }
            if a.blocks.isEmpty {
                warnings.report(.warning("article '\(a.title)' has no text", at: a.titleSpan.location(in: source.path)))
            }
            sectionArticles.append(Article(title: a.title, blocks: a.blocks, source: nil, span: ArticleSpans(title: a.titleSpan)))
        }
        func flushSection() {
            flushArticle()
            if sectionStarted || !sectionArticles.isEmpty {
                sections.append(Section(title: sectionTitle, articles: sectionArticles, span: sectionSpan))
            }
            sectionArticles = []
        }
        func inlines(_ text: PositionedText, at location: SourceLocation) -> [Inline] {
            // `**` splits the text into plain and emphasised runs.
            var pieces: [Range<Int>] = []
            var start = 0, i = 0
            let s = text.scalars
            while i + 1 < s.count {
                if s[i] == "*", s[i + 1] == "*" { pieces.append(start..<i); i += 2; start = i } else { i += 1 }
            }
            pieces.append(start..<s.count)
            if pieces.count % 2 == 0 {
                warnings.report(.warning("unmatched `**`; the asterisks are printed as they are", at: location))
                return [Inline(text.text, marks: text.marks(0..<s.count))]
            }
            return pieces.enumerated().compactMap { k, r in
                r.isEmpty ? nil : Inline(String(String.UnicodeScalarView(s[r])), emphasis: k % 2 == 1, marks: text.marks(r))
            }
        }

        for (i, rawLine) in lines.enumerated() {
            let line = cleaned(rawLine, line: firstLine + i, file: source.path, warnings: warnings)
            let trimmed = line.trimmed()
            if trimmed.isEmpty { flushParagraph(); flushNote(); continue }
            if let (level, text, span) = heading(line) {
                switch level {
                case 1:
                    flushSection()
                    if text.isEmpty { problems.append(.error("a section heading needs a title", at: span.location(in: source.path))) }
                    sectionTitle = text; sectionSpan = span; sectionStarted = true
                case 2:
                    flushArticle()
                    articleCount += 1
                    if articleCount == limits.maxArticles + 1 {
                        problems.append(.error("more than \(limits.maxArticles) articles", at: loc(i),
                                               hint: "raise the limit with --max-articles N"))
                    }
                    if text.isEmpty {
                        problems.append(.error("an article heading needs a title", at: span.location(in: source.path),
                                               hint: "write the title after `## `"))
                    }
                    article = PendingArticle(title: text, titleSpan: span)
                default:
                    flushParagraph(); flushNote()
                    if level > 3 { warnings.report(.warning("heading level \(level) is set as a subheading (###)", at: loc(i))) }
                    if article == nil {
                        problems.append(.error("subheading before the first article", at: loc(i), hint: "start an article with a `## title` line"))
                    } else if text.isEmpty {
                        problems.append(.error("a subheading needs text", at: span.location(in: source.path)))
                    } else {
                        article!.blocks.append(Block(.subheading, [Inline(text, marks: span.marks)],
                                                     span: span))
                    }
                }
                continue
            }
            if trimmed.scalars.first == ">" {
                flushParagraph()
                if note.isEmpty { noteStart = i }
                note.append(PositionedText(scalars: Array(trimmed.scalars.dropFirst()), columns: Array(trimmed.columns.dropFirst())))
                continue
            }
            flushNote()
            if paragraph.isEmpty { paragraphStart = i }
            paragraph.append(line)
        }
        flushSection()
        if !problems.isEmpty { throw DiagnosticList(problems) }
        if sections.allSatisfy({ $0.articles.isEmpty }) {
            throw Diagnostic.error("the issue has no articles", at: source.location(line: max(firstLine - 1, 1)),
                                   hint: "write each article as a `## title` line followed by its paragraphs")
        }
        return sections.filter { !$0.articles.isEmpty || $0.title != nil }
    }

    /// `## title` → (2, "title", place of the title's first character). Up to six `#`, then a space.
    static func heading(_ line: PositionedText) -> (Int, String, SourceSpan)? {
        let scalars = line.scalars
        var n = 0
        while n < scalars.count, scalars[n] == "#" { n += 1 }
        guard n >= 1, n <= 6 else { return nil }
        guard n == scalars.count || scalars[n] == " " else { return nil }
        let rest = PositionedText(scalars: Array(scalars[n...]), columns: Array(line.columns[n...])).trimmed()
        let stripped = rest.text.replacingOccurrences(of: "**", with: "")
        let last = line.columns.last ?? SourceSpan(line: 1, column: 1)
        let span = rest.columns.first ?? SourceSpan(line: last.line, column: last.column + 1)
        return (n, stripped, span)
    }

    /// Drops control and zero-width characters (pasted from Word) with a warning; tabs become spaces.
    static func cleaned(_ line: String, line number: Int, file: String, warnings: DiagnosticSink) -> PositionedText {
        var out = PositionedText()
        var column = 0
        for s in line.unicodeScalars {
            column += 1
            let here = SourceSpan(line: number, column: column)
            switch s.value {
            case 0x09: out.append(" ", at: here)
            case 0x00...0x1F, 0x7F, 0x200B...0x200D, 0x2060, 0xFEFF:
                warnings.report(.warning(String(format: "dropped invisible character U+%04X", s.value), at: here.location(in: file)))
            default: out.append(s, at: here)
            }
        }
        return out
    }
}
