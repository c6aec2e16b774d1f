import BulletinCore
import BulletinModel
internal import CommonMark

/// Turns a block's inline nodes into runs: strong → bold (黑体 in the layout), emphasis → 楷体,
/// links → their text with the target kept, code → its text, footnote references → ①②…
/// numbered within the article. What is not typeset (raw HTML, an image inside running text,
/// asterisks left unmatched) is warned about at its place and never printed as syntax.
struct MarkdownInlines {
    let body: BodyText
    let file: String
    let warnings: DiagnosticSink
    /// Labels of footnote references met in the current article, in order (cmark numbers them 1, 2, … over the document).
    var footnotes: [String] = []

    private struct Style: Equatable { var strong = false, kai = false, link: String? = nil }

    mutating func inlines(_ nodes: [MarkdownNode]) -> [Inline] {
        var out: [Inline] = []
        var pending = ""
        var marks: [SourceMark] = []
        var style = Style()
        func flush() {
            let text = EmphasisFlanking.strip(pending)
            if !text.isEmpty {
                out.append(Inline(text, emphasis: style.strong, kai: style.kai, link: style.link, marks: marks))
            }
            pending = ""; marks = []
        }
        func add(_ text: String, at node: MarkdownNode, in s: Style) {
            if s != style { flush(); style = s }
            let stripped = EmphasisFlanking.strip(text)
            guard !stripped.isEmpty else { return }
            if let span = body.span(line: node.start.line, column: node.start.column) {
                marks.append(SourceMark(offset: pending.unicodeScalars.count, line: span.line, column: span.column))
            }
            pending += stripped
        }
        func walk(_ n: MarkdownNode, _ s: Style) {
            switch n.kind {
            case .text(let t):
                add(undefinedReferencesRemoved(underscoresRemoved(undefinedFootnotesRemoved(unmatchedAsterisksRemoved(t, at: n), at: n), at: n), at: n), at: n, in: s)
            case .code(let t):
                add(t, at: n, in: s)
            case .softBreak, .lineBreak:
                // Lines of a paragraph join without a space where either side is CJK.
                let last = pending.unicodeScalars.last
                if let last, !CJKRanges.isWide(last) { add(" ", at: n, in: s) }
                else if last == nil, let prev = out.last?.text.unicodeScalars.last, !CJKRanges.isWide(prev) { add(" ", at: n, in: s) }
            case .strong:
                var t = s; t.strong = true
                for c in n.children { walk(c, t) }
            case .emphasis:
                var t = s; t.kai = true
                for c in n.children { walk(c, t) }
            case .strikethrough:
                warn("struck-through text (~~…~~) is set as plain text", at: n, hint: "remove the tildes, or delete the text")
                for c in n.children { walk(c, s) }
            case .link(let url, _):
                var t = s; t.link = url.isEmpty ? nil : url
                for c in n.children { walk(c, t) }
            case .image:
                warn("an image inside running text is not typeset; its description is set instead", at: n,
                     hint: "put the image `![图注](photo.jpg)` in a paragraph of its own")
                for c in n.children { walk(c, s) }
            case .htmlInline(let html):
                warn("raw HTML \(html.prefix(30)) is not typeset; it is left out", at: n, hint: "write the text without HTML tags")
            case .footnoteReference(let label):
                footnotes.append(label)
                add(Self.circled(footnotes.count), at: n, in: s)
            default:
                for c in n.children { walk(c, s) }
            }
        }
        for n in nodes { walk(n, Style()) }
        flush()
        // Spaces at the ends of a block are not text.
        if var first = out.first, first.text.first == " " { first.text.removeFirst(); out[0] = first }
        if var last = out.last, last.text.last == " " { last.text.removeLast(); out[out.count - 1] = last }
        return out.filter { !$0.text.isEmpty }
    }

    /// `__` next to Chinese text makes no emphasis in CommonMark (underscores inside a word never
    /// do): warned about and left out, never printed.
    private func underscoresRemoved(_ text: String, at node: MarkdownNode) -> String {
        guard let r = text.range(of: "__") else { return text }
        let before = text[..<r.lowerBound].unicodeScalars.last, after = text[r.upperBound...].unicodeScalars.first
        guard [before, after].contains(where: { $0.map(CJKRanges.isWide) ?? false }) else { return text }
        warn("`__` next to Chinese text makes no emphasis; the underscores are left out", at: node, hint: "write **…** for bold, *…* for 楷体")
        return text.replacingOccurrences(of: "__", with: "")
    }

    /// `[text][label]` left as text refers to a link never defined: the text is kept, the brackets
    /// and label are left out, with a warning.
    private func undefinedReferencesRemoved(_ text: String, at node: MarkdownNode) -> String {
        guard let mid = text.range(of: "]["), let open = text[..<mid.lowerBound].lastIndex(of: "["),
              let close = text[mid.upperBound...].firstIndex(of: "]") else { return text }
        let label = String(text[mid.upperBound..<close])
        warn("the link reference [\(label)] is never defined; only its text is set", at: node, hint: "add a line `[\(label)]: https://…`")
        var out = text
        out.replaceSubrange(open...close, with: String(text[text.index(after: open)..<mid.lowerBound]))
        return undefinedReferencesRemoved(out, at: node)
    }

    /// `[^x]` left as text is a reference to a footnote never defined: warned about and left out.
    private func undefinedFootnotesRemoved(_ text: String, at node: MarkdownNode) -> String {
        guard let open = text.range(of: "[^"), let close = text[open.upperBound...].firstIndex(of: "]") else { return text }
        let label = String(text[open.upperBound..<close])
        guard !label.isEmpty, !label.contains(" ") else { return text }
        warn("footnote [^\(label)] is referred to but never defined; the reference is left out", at: node,
             hint: "add a line `[^\(label)]: 注释内容` after the article")
        var out = text
        out.removeSubrange(open.lowerBound...close)
        return undefinedFootnotesRemoved(out, at: node)
    }

    /// Asterisks cmark left in text did not match: they are taken out, with a warning at the first.
    private func unmatchedAsterisksRemoved(_ text: String, at node: MarkdownNode) -> String {
        guard text.contains("*") else { return text }
        // `\*` is an asterisk the writer asked for.
        let line = body.line(node.start.line)
        let escaped = line.components(separatedBy: "\\*").count - 1
        if escaped >= text.filter({ $0 == "*" }).count { return text }
        var column = node.start.column
        for ch in text.utf8 { if ch == UInt8(ascii: "*") { break }; column += 1 }
        let at = body.span(line: node.start.line, column: column)?.location(in: file)
        let runLength = text.contains("**") ? "**" : "*"
        warnings.report(.warning("unmatched `\(runLength)`; the asterisks are left out", at: at,
                                 hint: "close the emphasis with a second `\(runLength)`, or write \\* for an asterisk"))
        return text.replacingOccurrences(of: "*", with: "")
    }

    func warn(_ message: String, at node: MarkdownNode, hint: String? = nil) {
        warnings.report(.warning(message, at: body.span(line: node.start.line, column: node.start.column)?.location(in: file), hint: hint))
    }

    /// ① for 1 … ⑳ for 20, then （21）.
    static func circled(_ n: Int) -> String {
        guard (1...20).contains(n), let s = Unicode.Scalar(0x2460 + n - 1) else { return "（\(n)）" }
        return String(s)
    }
}
