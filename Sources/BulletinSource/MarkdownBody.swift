import Foundation
import BulletinCore
import BulletinModel

/// The Markdown subset bulletins are written in: `#` section, `##` article, `###` subheading,
/// `>` editor's note, blank-line separated paragraphs, `**emphasis**`.
enum MarkdownBody {
    private struct PendingArticle {
        var title: String
        var location: SourceLocation
        var blocks: [Block] = []
    }

    static func parse(lines: [String], firstLine: Int, source: SourceText, warnings: DiagnosticSink, limits: ParseLimits = .standard) throws -> [Section] {
        var sections: [Section] = []
        var sectionTitle: String?
        var sectionArticles: [Article] = []
        var sectionStarted = false
        var article: PendingArticle?
        var paragraph: [String] = []
        var paragraphStart = 0
        var note: [String] = []
        var noteStart = 0
        var problems: [Diagnostic] = []
        var articleCount = 0

        func loc(_ index: Int, _ column: Int = 1) -> SourceLocation { source.location(line: firstLine + index, column: column) }

        func flushParagraph() {
            guard !paragraph.isEmpty else { return }
            let text = joinParagraphLines(paragraph)
            paragraph = []
            guard !text.isEmpty else { return }
            if text.unicodeScalars.count > limits.maxParagraphCharacters {
                problems.append(.error("this paragraph has \(text.unicodeScalars.count) characters, more than the limit of \(limits.maxParagraphCharacters)",
                                       at: loc(paragraphStart), hint: "split it with blank lines, or raise the limit with --max-paragraph N"))
                return
            }
            if article == nil {
                problems.append(.error("text before the first article", at: loc(paragraphStart),
                                       hint: "start an article with a `## title` line"))
                return
            }
            article!.blocks.append(.paragraph(inlines(text, at: loc(paragraphStart))))
        }
        func flushNote() {
            guard !note.isEmpty else { return }
            let text = joinParagraphLines(note)
            note = []
            guard !text.isEmpty else { return }
            if article == nil {
                problems.append(.error("editor's note before the first article", at: loc(noteStart))); return
            }
            article!.blocks.append(.editorsNote(inlines(text, at: loc(noteStart))))
        }
        func flushArticle() {
            flushParagraph(); flushNote()
            guard var a = article else { return }
            // The last paragraph wholly inside （） names the article's source.
            if case .paragraph(let runs)? = a.blocks.last {
                let t = runs.map(\.text).joined().trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("（"), t.hasSuffix("）"), t.count > 2,
                   !t.dropFirst().dropLast().contains("（"), !t.dropFirst().dropLast().contains("）") {
                    a.blocks.removeLast()
                    sectionArticles.append(Article(title: a.title, blocks: a.blocks, source: String(t.dropFirst().dropLast())))
                    article = nil
                    return
                }
            }
            if a.blocks.isEmpty {
                warnings.report(.warning("article '\(a.title)' has no text", at: a.location))
            }
            sectionArticles.append(Article(title: a.title, blocks: a.blocks, source: nil))
            article = nil
        }
        func flushSection() {
            flushArticle()
            if sectionStarted || !sectionArticles.isEmpty {
                sections.append(Section(title: sectionTitle, articles: sectionArticles))
            }
            sectionArticles = []
        }
        func inlines(_ text: String, at location: SourceLocation) -> [Inline] {
            let parts = text.components(separatedBy: "**")
            if parts.count % 2 == 0 {
                warnings.report(.warning("unmatched `**`; the asterisks are printed as they are", at: location))
                return [Inline(text)]
            }
            return parts.enumerated().compactMap { i, p in p.isEmpty ? nil : Inline(p, emphasis: i % 2 == 1) }
        }

        for (i, rawLine) in lines.enumerated() {
            let line = cleaned(rawLine, at: loc(i), warnings: warnings)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { flushParagraph(); flushNote(); continue }
            if let (level, text, column) = heading(line) {
                switch level {
                case 1:
                    flushSection()
                    if text.isEmpty { problems.append(.error("a section heading needs a title", at: loc(i, column))) }
                    sectionTitle = text; sectionStarted = true
                case 2:
                    flushArticle()
                    articleCount += 1
                    if articleCount == limits.maxArticles + 1 {
                        problems.append(.error("more than \(limits.maxArticles) articles", at: loc(i),
                                               hint: "raise the limit with --max-articles N"))
                    }
                    if text.isEmpty {
                        problems.append(.error("an article heading needs a title", at: loc(i, column),
                                               hint: "write the title after `## `"))
                    }
                    article = PendingArticle(title: text, location: loc(i))
                default:
                    flushParagraph(); flushNote()
                    if level > 3 { warnings.report(.warning("heading level \(level) is set as a subheading (###)", at: loc(i))) }
                    if article == nil {
                        problems.append(.error("subheading before the first article", at: loc(i), hint: "start an article with a `## title` line"))
                    } else if text.isEmpty {
                        problems.append(.error("a subheading needs text", at: loc(i, column)))
                    } else {
                        article!.blocks.append(.subheading(text))
                    }
                }
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                if note.isEmpty { noteStart = i }
                note.append(String(trimmed.dropFirst()))
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

    /// `## title` → (2, "title", column of the title). Up to six `#`, then a space.
    static func heading(_ line: String) -> (Int, String, Int)? {
        let scalars = Array(line.unicodeScalars)
        var n = 0
        while n < scalars.count, scalars[n] == "#" { n += 1 }
        guard n >= 1, n <= 6 else { return nil }
        guard n == scalars.count || scalars[n] == " " else { return nil }
        let text = String(String.UnicodeScalarView(scalars[n...])).trimmingCharacters(in: .whitespaces)
        let stripped = text.replacingOccurrences(of: "**", with: "")
        return (n, stripped, min(n + 2, scalars.count + 1))
    }

    /// Drops control and zero-width characters (pasted from Word) with a warning; tabs become spaces.
    static func cleaned(_ line: String, at location: SourceLocation, warnings: DiagnosticSink) -> String {
        var out = String.UnicodeScalarView()
        var column = 0
        for s in line.unicodeScalars {
            column += 1
            switch s.value {
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F, 0x200B...0x200D, 0x2060, 0xFEFF:
                var l = location; l.column = column
                warnings.report(.warning(String(format: "dropped invisible character U+%04X", s.value), at: l))
            default: out.append(s)
            }
        }
        return String(out)
    }
}
