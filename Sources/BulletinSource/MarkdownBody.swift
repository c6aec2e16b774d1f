import Foundation
import BulletinCore
import BulletinModel
internal import CommonMark

/// The body of an issue, parsed as CommonMark (cmark-gfm, with pipe tables and footnotes) and read
/// with the bulletin's meaning: `#` a 栏目, `##` an article, `###`–`######` subheadings of levels
/// 1–4 (一、/（一）/1./（1）), `>` an editor's note (before the first article: the issue's or the
/// 栏目's 按语), lists, `![图注](photo.jpg)` figures, tables with a `表1 …` caption, `附件：` lists,
/// footnotes as the article's notes, `<!-- pagebreak -->`; the last paragraph wholly in （） is the
/// source line. Every section, article, block and run keeps the place it was written; what is not
/// typeset is warned about at its place.
enum MarkdownBody {
    struct Result {
        var note: [Block]
        var sections: [Section]
    }

    static func parse(lines: [String], firstLine: Int, source: SourceText, warnings: DiagnosticSink, limits: ParseLimits = .standard) throws -> Result {
        let cleaned = lines.enumerated().map { MarkdownBody.cleaned($1, line: firstLine + $0, file: source.path, warnings: warnings) }
        for (i, line) in cleaned.enumerated() where MarkdownBody.containerDepth(line.scalars) > MarkdownBody.maxNesting {
            throw Diagnostic.error("this line opens more than \(MarkdownBody.maxNesting) nested quotes or lists", at: source.location(line: firstLine + i),
                                   hint: "a `>` or a list marker at the start of a line opens one level; write the text without so many")
        }
        let body = BodyText(lines: cleaned, firstLine: firstLine)
        let document = CommonMarkParser.parse(body.text)
        var reader = BodyReader(body: body, source: source, warnings: warnings, limits: limits,
                                inlines: MarkdownInlines(body: body, file: source.path, warnings: warnings))
        reader.footnoteDefinitions = document.children.filter {
            if case .footnoteDefinition = $0.kind { return true } else { return false }
        }
        for node in document.children { reader.read(node) }
        return try reader.finish()
    }

    /// Cells of a pipe-table row as written: unescaped `|` outside code spans, outer pipes aside.
    static func cellCount(_ line: String) -> Int {
        var pipes = 0, inCode = false, escaped = false
        let t = line.trimmingCharacters(in: .whitespaces)
        for ch in t {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "`" { inCode.toggle(); continue }
            if ch == "|" && !inCode { pipes += 1 }
        }
        let outer = (t.hasPrefix("|") ? 1 : 0) + (t.hasSuffix("|") && t.count > 1 ? 1 : 0)
        return pipes - outer + 1
    }

    /// Quotes and lists deeper than this are a mistake (or an attack), not a bulletin.
    static let maxNesting = 20

    /// How many `>` and list markers open the line.
    static func containerDepth(_ s: [Unicode.Scalar]) -> Int {
        var depth = 0, i = 0
        while i < s.count {
            if s[i] == " " { i += 1; continue }
            if s[i] == ">" { depth += 1; i += 1; continue }
            if "-*+".unicodeScalars.contains(s[i]), i + 1 < s.count, s[i + 1] == " " { depth += 1; i += 2; continue }
            var j = i
            while j < s.count, j - i < 9, ("0"..."9").contains(s[j]) { j += 1 }
            if j > i, j + 1 < s.count, s[j] == "." || s[j] == ")", s[j + 1] == " " { depth += 1; i = j + 2; continue }
            break
        }
        return depth
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

/// Walks the parsed document's blocks in order, building sections and articles.
struct BodyReader {
    let body: BodyText
    let source: SourceText
    let warnings: DiagnosticSink
    let limits: ParseLimits
    var inlines: MarkdownInlines
    var footnoteDefinitions: [MarkdownNode] = []

    private var issueNote: [Block] = []
    private var sections: [Section] = []
    private var section: (title: String?, span: SourceSpan?, note: [Block], articles: [Article])?
    private var article: (title: String, span: SourceSpan, blocks: [Block])?
    private var problems: [Diagnostic] = []
    private var articleCount = 0
    /// A paragraph `表1 …` waiting for the table after it.
    private var pendingCaption: (block: Block, index: Int)?

    init(body: BodyText, source: SourceText, warnings: DiagnosticSink, limits: ParseLimits, inlines: MarkdownInlines) {
        self.body = body; self.source = source; self.warnings = warnings; self.limits = limits; self.inlines = inlines
    }

    private func span(_ n: MarkdownNode) -> SourceSpan? { body.span(line: n.start.line, column: n.start.column) }
    private func location(_ n: MarkdownNode) -> SourceLocation? { span(n)?.location(in: source.path) }
    private func warn(_ m: String, _ n: MarkdownNode, hint: String? = nil) { warnings.report(.warning(m, at: location(n), hint: hint)) }
    private mutating func fail(_ m: String, _ n: MarkdownNode, hint: String? = nil) { problems.append(.error(m, at: location(n), hint: hint)) }

    mutating func read(_ node: MarkdownNode) {
        switch node.kind {
        case .heading(let level):
            if isSetext(node) {
                warn("a line of text followed by `---` or `===` is a heading in Markdown; it is set as a paragraph", node,
                     hint: "put a blank line before `---` (or remove it), and write `## ` before an article title")
                addParagraph(node)
                return
            }
            heading(level, node)
        case .paragraph:
            addParagraph(node)
        case .blockQuote:
            for child in node.children {
                guard case .paragraph = child.kind else { read(child); continue }
                // A line without `>` right after the note joins it in CommonMark ("laziness"); in a
                // bulletin it is the text after the note, so it starts a paragraph of its own.
                let lazy = child.children.indices.first { i in
                    guard i + 1 < child.children.count, case .softBreak = child.children[i].kind else { return false }
                    return !body.line(child.children[i + 1].start.line).trimmingCharacters(in: .whitespaces).hasPrefix(">")
                }
                let noteNodes = lazy.map { Array(child.children[..<$0]) } ?? child.children
                addNote(Block(.editorsNote, inlines.inlines(noteNodes), span: span(child)), child)
                if let k = lazy {
                    let rest = Array(child.children[(k + 1)...])
                    addParagraph(MarkdownNode(kind: .paragraph, children: rest, start: rest[0].start, end: child.end))
                }
            }
        case .list(let ordered, let start, _):
            list(node, ordered: ordered, start: start, depth: 1)
        case .table(let alignments):
            table(node, alignments: alignments)
        case .codeBlock(_, let literal):
            warn("a code block is set as plain text", node, hint: "indenting a line by four spaces makes a code block; remove the indent")
            let text = literal.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            if !text.isEmpty { add(Block(.paragraph, [Inline(text, marks: span(node)?.marks)], span: span(node)), node) }
        case .htmlBlock(let literal):
            let trimmed = literal.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if ["<!-- pagebreak -->", "<!-- 分页 -->", "<!--pagebreak-->", "<!--分页-->"].contains(trimmed) {
                add(Block(.pageBreak, [], span: span(node)), node)
            } else {
                warn("raw HTML is not typeset; it is left out", node, hint: "write the text without HTML; a page break is written <!-- pagebreak -->")
            }
        case .thematicBreak:
            warn("a horizontal rule (---) is not typeset; it is left out", node, hint: "a page break is written <!-- pagebreak -->")
        case .footnoteDefinition:
            break   // set with the article that refers to it
        default:
            warn("this Markdown construct is not typeset; it is left out", node)
        }
    }

    /// An ATX heading starts with `#`; one made by underlining a line (setext) does not.
    private func isSetext(_ node: MarkdownNode) -> Bool {
        // After any quote or list markers the heading's line starts with `#` when it is an ATX heading.
        let scalars = Array(body.line(node.start.line).unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " || scalars[i] == ">" || (("-*+".unicodeScalars.contains(scalars[i]) || ("0"..."9").contains(scalars[i]) || scalars[i] == ".")
                                                                            && i + 1 < scalars.count && scalars[i + 1] != "#") {
            i += 1
        }
        return !(i < scalars.count && scalars[i] == "#")
    }

    private mutating func heading(_ level: Int, _ node: MarkdownNode) {
        let text = EmphasisFlanking.strip(node.plainText).trimmingCharacters(in: .whitespaces)
        // An empty heading is reported just after its `#`s.
        let hashes = body.line(node.start.line).drop { $0 == " " }.prefix { $0 == "#" }.count
        let textSpan = node.children.first.flatMap { span($0) }
            ?? body.span(line: node.start.line, column: node.start.column + hashes + (body.line(node.start.line).dropFirst(hashes).first == " " ? 1 : 0))
        switch level {
        case 1:
            closeSection()
            if text.isEmpty { fail("a section heading needs a title", node) }
            section = (text, textSpan, [], [])
        case 2:
            closeArticle()
            articleCount += 1
            if articleCount == limits.maxArticles + 1 {
                fail("more than \(limits.maxArticles) articles", node, hint: "raise the limit with --max-articles N")
            }
            if text.isEmpty {
                problems.append(.error("an article heading needs a title", at: textSpan?.location(in: source.path), hint: "write the title after `## `"))
            }
            article = (text, textSpan ?? SourceSpan(line: node.start.line + body.firstLine - 1, column: 1), [])
            inlines.footnotes = []
        default:
            guard article != nil else {
                fail("subheading before the first article", node, hint: "start an article with a `## title` line"); return
            }
            if text.isEmpty { fail("a subheading needs text", node); return }
            var b = Block(.subheading, [Inline(text, marks: textSpan?.marks)], span: textSpan)
            b.level = level - 2
            add(b, node)
        }
    }

    private mutating func addParagraph(_ node: MarkdownNode) {
        // A paragraph holding only an image is a figure.
        let content = node.children.filter { if case .softBreak = $0.kind { return false }; return true }
        if content.count == 1, case .image(let url, let title) = content[0].kind {
            figure(content[0], url: url, title: title)
            return
        }
        if Attachments.isAttachments(EmphasisFlanking.strip(node.plainText).trimmingCharacters(in: .whitespaces)) {
            // One entry a source line.
            var lines: [[MarkdownNode]] = [[]]
            for c in node.children {
                if case .softBreak = c.kind { lines.append([]) } else if case .lineBreak = c.kind { lines.append([]) } else { lines[lines.count - 1].append(c) }
            }
            let items = Attachments.items(lines: lines.map { inlines.inlines($0) })
            if !items.isEmpty { add(Block.attachments(items).with(span: span(node)), node); return }
        }
        var runs = inlines.inlines(node.children)
        // Seven or more `#` make no heading: the marks are not printed.
        if let first = runs.first, first.text.hasPrefix("#######") {
            warn("seven or more `#` make no heading; the marks are left out", node, hint: "headings go down to ###### (level 4 subheadings)")
            runs[0].text = String(first.text.drop { $0 == "#" }.drop { $0 == " " })
        }
        let text = runs.map(\.text).joined()
        guard !text.isEmpty else { return }
        if text.unicodeScalars.count > limits.maxParagraphCharacters {
            fail("this paragraph has \(text.unicodeScalars.count) characters, more than the limit of \(limits.maxParagraphCharacters)", node,
                 hint: "split it with blank lines, or raise the limit with --max-paragraph N")
            return
        }
        add(Block(.paragraph, runs, span: span(node)), node)
    }

    private mutating func figure(_ node: MarkdownNode, url: String, title: String) {
        var figure = Figure(path: url, caption: inlines.inlines(node.children))
        if let w = FigureWidth.parse(title) {
            guard w > 0, w <= 1 else { fail("an image width must be more than 0% and at most 100%", node, hint: "write the title as \"width=60%\""); return }
            figure.width = w
        } else if !title.isEmpty {
            warn("the image title '\(title)' is not understood; only \"width=NN%\" is", node)
        }
        if let problem = FigurePath.problem(url, issueFile: source.path) { fail(problem.message, node, hint: problem.hint); return }
        var b = Block.figure(figure)
        b.span = Positions(span(node))
        add(b, node)
    }

    private mutating func list(_ node: MarkdownNode, ordered: Bool, start: Int, depth: Int) {
        // "附件：" followed by a numbered list is the attachment list.
        if ordered, depth == 1, var a = article, let last = a.blocks.last, last.kind == .paragraph,
           Attachments.labels.contains(last.plainText.trimmingCharacters(in: .whitespaces)) {
            let items = node.children.map { item in inlines.inlines(item.children.flatMap { $0.kind == .paragraph ? $0.children : [] }) }
            a.blocks[a.blocks.count - 1] = Block.attachments(items).with(span: last.span.value)
            article = a
            return
        }
        var number = start
        for item in node.children {
            var first = true
            for child in item.children {
                switch child.kind {
                case .paragraph:
                    let marker = first ? (ordered ? "\(number)." : "●") : ""
                    var runs = inlines.inlines(child.children)
                    // GitHub's task boxes ([ ] and [x]) are not set: the boxes are left out.
                    if first, let head = runs.first, ["[ ] ", "[x] ", "[X] "].contains(where: { head.text.hasPrefix($0) }) {
                        warn("task list boxes ([ ], [x]) are not typeset; they are left out", child)
                        runs[0].text = String(head.text.dropFirst(4))
                    }
                    var b = Block.listItem(runs, marker: marker, depth: depth)
                    b.span = Positions(span(child))
                    add(b, child)
                    first = false
                case .list(let o, let s, _):
                    list(child, ordered: o, start: s, depth: depth + 1)
                default:
                    read(child)
                }
            }
            number += 1
        }
    }

    private mutating func table(_ node: MarkdownNode, alignments: [MarkdownNode.TableAlignment]) {
        var rows: [[[Inline]]] = []
        var rowSpans: [SourceSpan] = []
        var header = 0
        for row in node.children {
            guard case .tableRow(let isHeader) = row.kind else { continue }
            if isHeader { header += 1 }
            rows.append(row.children.map { inlines.inlines($0.children) })
            rowSpans.append(span(row) ?? SourceSpan(line: 1, column: 1))
            // cmark-gfm keeps as many cells as the header has: more in the row are dropped, so say so.
            let written = MarkdownBody.cellCount(body.line(row.start.line))
            if written > alignments.count {
                warn("this table row has \(written) cells but the table \(alignments.count) columns; the cells past column \(alignments.count) are left out", row,
                     hint: "give the header as many columns as the widest row")
            }
        }
        var caption: [Inline] = []
        // A paragraph "表1 …" right before the table is its caption.
        if var a = article, let last = a.blocks.last, last.kind == .paragraph, TableCaption.isCaption(last.plainText) {
            caption = last.inlines
            a.blocks.removeLast()
            article = a
        }
        let t = Table(caption: caption, alignments: alignments.map { Table.Alignment(rawValue: "\($0)") ?? .none },
                      rows: rows, headerRows: header, rowSpans: rowSpans)
        var b = Block.table(t)
        b.span = Positions(span(node))
        add(b, node)
    }

    /// A block of the current article; text before the first article is an error.
    private mutating func add(_ b: Block, _ node: MarkdownNode) {
        guard article != nil else {
            fail(b.kind == .subheading ? "subheading before the first article" : "text before the first article", node,
                 hint: "start an article with a `## title` line; an editor's note (按语) before it is written as a `> ` block")
            return
        }
        article!.blocks.append(b)
    }

    /// An editor's note: the article's, or before the first article the 栏目's or the issue's.
    private mutating func addNote(_ b: Block, _ node: MarkdownNode) {
        guard !b.inlines.isEmpty else { return }
        if article != nil { article!.blocks.append(b) }
        else if section != nil { section!.note.append(b) }
        else { issueNote.append(b) }
    }

    private mutating func closeArticle() {
        guard var a = article else { return }
        article = nil
        var origin: String?
        var originSpan: SourceSpan?
        // The last paragraph wholly inside （） names the article's source.
        if let last = a.blocks.last, last.kind == .paragraph {
            let t = last.plainText.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("（"), t.hasSuffix("）"), t.count > 2,
               !t.dropFirst().dropLast().contains("（"), !t.dropFirst().dropLast().contains("）") {
                a.blocks.removeLast()
                origin = String(t.dropFirst().dropLast())
                originSpan = last.span.value.map { SourceSpan(line: $0.line, column: $0.column + 1) }
            }
        }
        // Footnotes referred to in the article are its notes, in the order they were referred to.
        if !inlines.footnotes.isEmpty {
            let notes = inlines.footnotes.compactMap { label -> [Inline]? in
                guard let n = Int(label), n >= 1, n <= footnoteDefinitions.count else { return nil }
                return inlines.inlines(footnoteDefinitions[n - 1].children.flatMap { $0.kind == .paragraph ? $0.children : [] })
            }
            inlines.footnotes = []
            if !notes.isEmpty { a.blocks.append(Block.notes(notes)) }
        }
        if a.blocks.isEmpty, problems.isEmpty {
            warnings.report(.warning("article '\(a.title)' has no text", at: a.span.location(in: source.path)))
        }
        if section == nil { section = (nil, nil, [], []) }
        section!.articles.append(Article(title: a.title, blocks: a.blocks, source: origin, span: ArticleSpans(title: a.span, source: originSpan)))
    }

    private mutating func closeSection() {
        closeArticle()
        guard let s = section else { return }
        section = nil
        var built = Section(title: s.title, articles: s.articles, span: s.span)
        if !s.note.isEmpty { built.note = s.note }
        sections.append(built)
    }

    mutating func finish() throws -> MarkdownBody.Result {
        closeSection()
        if !problems.isEmpty { throw DiagnosticList(problems) }
        if sections.allSatisfy({ $0.articles.isEmpty }) {
            throw Diagnostic.error("the issue has no articles", at: source.location(line: max(body.firstLine - 1, 1)),
                                   hint: "write each article as a `## title` line followed by its paragraphs")
        }
        return MarkdownBody.Result(note: issueNote, sections: sections.filter { !$0.articles.isEmpty || $0.title != nil })
    }
}

extension Block {
    func with(span: SourceSpan?) -> Block { var b = self; b.span = Positions(span); return b }
}
