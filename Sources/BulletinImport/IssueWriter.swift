import Foundation
import BulletinCore
import BulletinModel

/// Writes an issue as the Markdown file `render` reads: the front matter, then 按语, 栏目,
/// articles and their blocks, escaped so that text is never read back as markup.
public enum IssueWriter {
    public static func markdown(_ issue: Issue) -> String {
        var out: [String] = ["---"]
        if let l = issue.layout { out.append("layout: \(yaml(l))") }
        out.append("title: \(yaml(issue.title))")
        out.append("kind: \(yaml(issue.kind))")
        out.append("year: \(issue.year)")
        out.append("number: \(issue.number)")
        if let t = issue.total { out.append("total: \(t)") }
        out.append("publisher: \(yaml(issue.publisher))")
        out.append("date: \(issue.date.iso)")
        if let c = issue.classification { out.append("classification: \(yaml(c))") }
        if let c = issue.copies { out.append("copies: \(c)") }
        if !issue.distribution.isEmpty {
            out.append("distribution:")
            for e in issue.distribution {
                if e.lines.count == 1 { out.append("  - \(yaml(e.label)): \(yaml(e.lines[0]))") }
                else {
                    out.append("  - \(yaml(e.label)):")
                    for l in e.lines { out.append("      - \(yaml(l))") }
                }
            }
        }
        out.append("---")
        for b in issue.note ?? [] { out += ["", block(b)] }
        for s in issue.sections {
            if let t = s.title { out += ["", "# " + escaped(t, lineStart: false)] }
            for b in s.note ?? [] { out += ["", block(b)] }
            for a in s.articles {
                out += ["", "## " + escaped(a.title, lineStart: false)]
                for b in a.blocks { out += ["", block(b)] }
                if let src = a.source { out += ["", "（\(escaped(src, lineStart: false))）"] }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func block(_ b: Block) -> String {
        switch b.kind {
        case .paragraph: return inlines(b.inlines)
        case .editorsNote: return "> " + inlines(b.inlines)
        case .subheading: return String(repeating: "#", count: min(6, b.level + 2)) + " " + escaped(b.plainText, lineStart: false)
        case .listItem: return String(repeating: "   ", count: max(0, b.level - 1)) + (b.marker == "●" ? "- " : "\(b.marker ?? "1.") ") + inlines(b.inlines)
        case .attachments:
            return b.items.enumerated().map { i, item in (i == 0 ? "附件：" : "") + "\(i + 1)．" + inlines(item) }.joined(separator: "\n")
        case .figure:
            guard let f = b.figure else { return inlines(b.inlines) }
            return figure(f)
        case .table:
            guard let t = b.table, !t.rows.isEmpty else { return inlines(b.inlines) }
            return table(t)
        case .notes:
            // Not produced by the importers; written as the printed 注 so nothing is lost.
            return "注：" + b.items.enumerated().map { i, item in String(Unicode.Scalar(0x2460 + min(i, 19))!) + inlines(item) }.joined()
        case .pageBreak: return "<!-- pagebreak -->"
        }
    }

    /// `![caption](path "width=NN%")`: the form `render` reads a photo from.
    static func figure(_ f: Figure) -> String {
        // A path with spaces or brackets is written between < >, as CommonMark reads such a destination.
        let path = f.path.contains(where: { " ()<>".contains($0) }) ? "<" + f.path.replacingOccurrences(of: ">", with: "%3E") + ">" : f.path
        let width = f.width.map { " \"width=\(Int(($0 * 100).rounded()))%\"" } ?? ""
        return "![" + inlines(f.caption, lineStart: false).replacingOccurrences(of: "\n", with: " ") + "](" + path + width + ")"
    }

    /// The caption paragraph (表1 …), then a pipe table: the header row (the first row when the
    /// table has none), the alignment row, the other rows.
    static func table(_ t: Table) -> String {
        let columns = t.rows.map(\.count).max() ?? 0
        func row(_ cells: [[Inline]]) -> String {
            let padded = cells + Array(repeating: [], count: columns - cells.count)
            return "| " + padded.map { cell in
                let text = inlines(cell, lineStart: false).replacingOccurrences(of: "\n", with: " ")
                return text.isEmpty ? " " : text
            }.joined(separator: " | ") + " |"
        }
        let marks = (0..<columns).map { i -> String in
            switch i < t.alignments.count ? t.alignments[i] : .none {
            case .none: return "---"
            case .left: return ":--"
            case .center: return ":-:"
            case .right: return "--:"
            }
        }
        var lines: [String] = []
        if !t.caption.isEmpty { lines += [inlines(t.caption), ""] }
        lines.append(row(t.rows[0]))
        lines.append("| " + marks.joined(separator: " | ") + " |")
        for r in t.rows.dropFirst() { lines.append(row(r)) }
        return lines.joined(separator: "\n")
    }

    static func inlines(_ runs: [Inline], lineStart: Bool = true) -> String {
        var out = ""
        for (i, r) in runs.enumerated() {
            var t = escaped(r.text, lineStart: lineStart && i == 0)
            if r.kai { t = "*" + t + "*" }
            if r.emphasis { t = "**" + t + "**" }
            if let url = r.link { t = "[\(t)](\(url))" }
            out += t
        }
        return out
    }

    /// Markdown's special characters written so they print.
    static func escaped(_ text: String, lineStart: Bool) -> String {
        var out = ""
        for ch in text {
            if "\\*_`[]<>|".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        if lineStart {
            if let first = out.first, "#>+-=".contains(first) { out = "\\" + out }
            // "1. " or "1) " would start a list.
            let digits = out.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let mark = out.dropFirst(digits.count).first, mark == "." || mark == ")" {
                out = digits + "\\" + out.dropFirst(digits.count)
            }
        }
        return out
    }

    /// A YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func yaml(_ s: String) -> String {
        let plainSafe = !s.isEmpty && !s.contains(": ") && !s.contains(" #") && !s.hasSuffix(":")
            && !"-?:,[]{}#&*!|>'\"%@` ".contains(s.first!) && s.trimmingCharacters(in: .whitespaces) == s
            && !["true", "false", "yes", "no", "null", "~", "on", "off"].contains(s.lowercased()) && Double(s) == nil
        // Line breaks of any kind (U+2028 and U+2029 are line breaks to YAML) and other control
        // characters are written as escapes inside double quotes, so the file always reads back.
        let needsEscape = s.unicodeScalars.contains(where: YAMLText.needsEscape)
        if plainSafe && !needsEscape { return s }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where YAMLText.needsEscape(u): out += "\\u" + String(format: "%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

enum YAMLText {
    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 || u.value == 0xFEFF
}
}
