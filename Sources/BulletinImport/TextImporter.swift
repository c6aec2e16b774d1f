import Foundation
import BulletinCore
import BulletinModel

/// Reads the text of a printed bulletin — extracted as in `../shared/samples` (blank lines between
/// paragraphs, Markdown marks) or by `pdftotext -layout` (pages split by form feeds, a paragraph's
/// first line indented) — back into an issue: the masthead, the 目录 (only to find the titles; it is
/// made again), 栏目 and articles, paragraphs healed across page breaks, source lines and the 版记.
public struct TextImporter {
    public init() {}

    struct Line {
        /// Without Markdown marks and extraction spaces.
        var text: String
        var indent: Int
        /// Marked as a heading: the number of a Markdown heading's `#`s (a .docx heading: 2 for
        /// a title level, more for the levels under it); nil for text.
        var level: Int?
        /// A blank line came before it (paragraphs of blank-line separated text).
        var afterBlank: Bool
        /// As extracted, Markdown marks taken off: where the spaces were (a kind after its title).
        var raw: String = ""
        /// A table or photo read from a .docx, set as it is.
        var payload: Block?
        var marked: Bool { level != nil }
        /// Without any space.
        var collapsed: String { TextCleanup.collapsed(text) }
    }

    /// How the lines came: blank-line separated paragraphs, `pdftotext -layout` lines, or one
    /// paragraph a line (a .docx).
    enum Mode { case blankSeparated, layout, paragraphs }

    public func importText(_ raw: String) -> ImportResult {
        let layoutMode = raw.contains("\u{0C}")
        var lines: [Line] = []
        var blank = false
        // CR LF and a lone CR end lines as LF does (by scalars: "\r\n" is one Character to Swift).
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for u in raw.unicodeScalars {
            if u == "\r" { scalars.append("\n"); previousCR = true; continue }
            if u == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            scalars.append(u == "\u{0C}" ? "\n" : u)
        }
        for rawLine in String(scalars).split(separator: "\n", omittingEmptySubsequences: false) {
            let s = String(rawLine)
            if s.trimmingCharacters(in: .whitespaces).isEmpty { blank = true; continue }
            if TextCleanup.isFolio(s) || TextCleanup.isRule(s) { blank = true; continue }
            let indent = s.prefix { $0 == " " || $0 == "\u{3000}" }.count
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            let hashes = trimmed.prefix { $0 == "#" }.count
            let text = TextCleanup.squeeze(TextCleanup.unmarked(s))
            guard !text.isEmpty else { continue }
            lines.append(Line(text: text, indent: indent, level: hashes > 0 ? hashes : nil, afterBlank: blank, raw: TextCleanup.unmarked(s)))
            blank = false
        }
        return importLines(lines, mode: layoutMode ? .layout : .blankSeparated)
    }

    func importLines(_ lines: [Line], mode: Mode) -> ImportResult {
        var report = ImportReport()
        var cursor = 0
        let masthead = readMasthead(lines, &cursor, &report)
        let toc = readContents(lines, &cursor, &report, wrapped: mode == .layout)
        var body = BodyAssembler(mode: mode, toc: toc)
        body.read(Array(lines[cursor...]))
        report.notes += body.notes
        if body.unlistedJoins > 0 { report.notes.append("… and \(body.unlistedJoins) more lines joined the same way") }
        for d in body.demotedHeadings {
            report.needsLook.append("'\(d.heading)' is set as a subheading of '\(d.article)'; with no 目录 to tell, make it `## ` if it is an article")
        }
        for title in body.unlistedTitles {
            report.needsLook.append("'\(title)' is set as an article title, though the 目录 lists no such title")
        }
        for entry in toc.entries where !body.matchedTitles.contains(entry) {
            report.needsLook.append("目录 entry '\(entry)' matches no article title")
        }

        for (field, value) in [("title", masthead.title), ("kind", masthead.kind), ("publisher", masthead.publisher)] where value == nil {
            report.missing.append(field)
        }
        if masthead.year == nil || masthead.number == nil { report.missing.append("year/number (the issue line 2024年第9期)") }
        if masthead.date == nil { report.missing.append("date") }
        if body.sections.allSatisfy({ $0.articles.isEmpty }) { report.missing.append("articles") }
        guard report.missing.isEmpty, let title = masthead.title, let kind = masthead.kind, let year = masthead.year,
              let number = masthead.number, let publisher = masthead.publisher, let date = masthead.date else {
            return ImportResult(issue: nil, report: report)
        }
        var issue = Issue(layout: "zhuanbao", title: title, kind: kind, year: year, number: number, total: masthead.total,
                          publisher: publisher, date: date, classification: masthead.classification,
                          sections: body.sections, distribution: body.distribution, copies: body.copies)
        if !body.issueNote.isEmpty { issue.note = body.issueNote }
        report.recognised.append(("articles", "\(issue.articles.count) in \(issue.sections.count) section(s)", toc.entries.isEmpty ? "medium" : "high"))
        return ImportResult(issue: issue, report: report)
    }

    // MARK: masthead

    struct Masthead {
        var classification: String?
        var title: String?
        var kind: String?
        var year: Int?, number: Int?, total: Int?
        var publisher: String?
        var date: IssueDate?
    }

    static let kinds = ["工作简报", "工作动态", "工作专报", "情况反映", "专报", "简报", "动态", "快报", "通讯", "信息", "要情", "通报"]
    static let classifications = ["内部资料", "内部刊物", "内部材料", "注意保存", "秘密", "机密", "绝密"]

    func readMasthead(_ lines: [Line], _ cursor: inout Int, _ report: inout ImportReport) -> Masthead {
        var m = Masthead()
        var i = 0
        var publisherLines: [String] = []
        var afterIssueLine = false
        while i < min(lines.count, 16) {
            let t = lines[i].collapsed
            if t == "目录" { break }
            if m.title == nil, m.classification == nil, TextImporter.classifications.contains(where: { t.hasPrefix($0) }), t.count <= 12 {
                m.classification = t
                report.recognised.append(("classification", t, "high"))
                i += 1; continue
            }
            if let issue = IssueLineParser.parse(t) {
                (m.year, m.number, m.total) = (issue.year, issue.number, issue.total)
                report.recognised.append(("issue line", t, "high"))
                afterIssueLine = true
                i += 1; continue
            }
            if let (before, date) = DateFinder.find(t), afterIssueLine || m.title != nil {
                m.date = date
                if !before.isEmpty { publisherLines.append(before) }
                report.recognised.append(("date", date.chinese, "high"))
                i += 1
                break
            }
            if m.title == nil {
                // A 刊名 is a short line of Chinese text; anything else is not a bulletin's masthead.
                guard t.count <= 60, t.unicodeScalars.contains(where: TextCleanup.isHan) else { i += 1; continue }
                // "刊名 专 报" on one line: the kind is the short last part after a space.
                let parts = lines[i].raw.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
                if parts.count >= 2, let head = parts.first {
                    let tail = TextCleanup.collapsed(parts.dropFirst().joined())
                    if tail.count <= 6, TextImporter.kinds.contains(tail) || tail.unicodeScalars.allSatisfy(TextCleanup.isHan) {
                        m.title = TextCleanup.collapsed(String(head)); m.kind = tail
                    }
                }
                if m.title == nil { m.title = t }
                report.recognised.append(("title", m.title!, "high"))
                i += 1; continue
            }
            // A 刊名 wrapped by the extraction: its tail comes before the kind word.
            if m.kind == nil, let title = m.title, !afterIssueLine, !TextImporter.kinds.contains(t), t.count <= 12,
               i + 1 < lines.count, TextImporter.kinds.contains(lines[i + 1].collapsed) {
                m.title = title + t
                if let r = report.recognised.firstIndex(where: { $0.field == "title" }) { report.recognised[r] = ("title", m.title!, "medium") }
                i += 1; continue
            }
            if m.kind == nil, !afterIssueLine, t.count <= 6, TextImporter.kinds.contains(t) || t.unicodeScalars.allSatisfy(TextCleanup.isHan) {
                m.kind = t
                report.recognised.append(("kind", t, TextImporter.kinds.contains(t) ? "high" : "medium"))
                i += 1; continue
            }
            if afterIssueLine { publisherLines.append(t) }
            i += 1
        }
        if !publisherLines.isEmpty {
            m.publisher = publisherLines.joined()
            report.recognised.append(("publisher", m.publisher!, publisherLines.count == 1 ? "high" : "medium"))
        }
        if let k = m.kind, m.title != nil, !report.recognised.contains(where: { $0.field == "kind" }) {
            report.recognised.append(("kind", k, "high"))
        }
        cursor = i
        return m
    }

    // MARK: 目录

    struct Contents {
        var sections: [String] = []
        var entries: [String] = []
        /// The section each entry is listed under.
        var sectionOf: [String: String] = [:]
    }

    /// `wrapped`: an entry may go on over lines until its page number (pdftotext); otherwise each
    /// entry is one line and the first line that is not one ends the 目录.
    func readContents(_ lines: [Line], _ cursor: inout Int, _ report: inout ImportReport, wrapped: Bool) -> Contents {
        var c = Contents()
        guard cursor < lines.count, lines[cursor].collapsed == "目录" else { return c }
        var i = cursor + 1
        var current: String?
        var continuation = 0
        func close() {
            if let e = current {
                let entry = TOCEntry.clean(e)
                c.entries.append(entry)
                if let s = c.sections.last { c.sectionOf[entry] = s }
            }
            current = nil
        }
        while i < lines.count {
            let t = lines[i].text
            let title = TextCleanup.unbulleted(t)
            // The body starts where the first listed title (or section) comes again; a wrapped entry
            // goes on until its leaders and page number, and a Markdown heading always ends it.
            if let first = c.entries.first ?? current.map(TOCEntry.clean) {
                let complete = current.map(TOCEntry.hasPage) ?? true
                if (complete || lines[i].marked) && (title == first || title == c.sections.first) { break }
            }
            let nextIsEntry = i + 1 < lines.count && TOCEntry.number(lines[i + 1].text) != nil
            let nextIsSection = i + 1 < lines.count && (lines[i + 1].text.hasPrefix("·") || lines[i + 1].text.hasPrefix("•"))
            // A 栏目 of the 目录 is followed by its entries: a ·-marked line followed by text is the
            // body's first title (one the 目录 lists under another name).
            if ((t.hasPrefix("·") || t.hasPrefix("•")) && (nextIsEntry || nextIsSection)) || (nextIsEntry && TOCEntry.number(t) == nil && (current.map(TOCEntry.hasPage) ?? true) && !TOCEntry.hasPage(t)) {
                // A 栏目: marked with ·, or an unnumbered line right before a numbered entry.
                close()
                c.sections.append(title)
            } else if TOCEntry.number(t) != nil {
                close()
                current = TOCEntry.withoutNumber(t)
                continuation = 0
            } else if wrapped, let cur = current, !TOCEntry.hasPage(cur), !lines[i].marked, TOCEntry.clean(t).count <= 40, continuation < 2 {
                // A wrapped title goes on for a line or two, never into the body.
                current = cur + t
                continuation += 1
                i += 1
                continue
            } else {
                break
            }
            i += 1
        }
        close()
        cursor = i
        report.recognised.append(("目录", "\(c.entries.count) entries, \(c.sections.count) sections (dropped; the tool makes its own)", "high"))
        return c
    }
}

/// The outcome of an import: the issue (nil when a required field was not found) and what was recognised.
public struct ImportResult: Sendable {
    public var issue: Issue?
    public var report: ImportReport
    /// Files the issue refers to (photos of a .docx), by the path written in it, to save beside it.
    public var files: [(path: String, data: Data)] = []
}

/// What an import recognised, with how sure it is, and what needs a human look.
public struct ImportReport: Sendable {
    public var recognised: [(field: String, value: String, confidence: String)] = []
    public var needsLook: [String] = []
    public var notes: [String] = []
    /// Required fields that were not found.
    public var missing: [String] = []

    public var text: String {
        var out = ["recognised:"]
        for r in recognised { out.append("  \(r.field): \(r.value)  [\(r.confidence)]") }
        if !notes.isEmpty { out.append("guessed:"); out += notes.map { "  " + $0 } }
        if !needsLook.isEmpty { out.append("needs a look:"); out += needsLook.map { "  " + $0 } }
        if !missing.isEmpty { out.append("not found: " + missing.joined(separator: ", ")) }
        return out.joined(separator: "\n")
    }
}

/// "2024年第9期（总第39期）" with the extraction's spaces already taken out.
enum IssueLineParser {
    static func parse(_ t: String) -> (year: Int, number: Int, total: Int?)? {
        guard let nian = t.firstIndex(of: "年"), t.contains("期"), t.contains("第") else { return nil }
        guard let year = Int(t[..<nian]), (1949...9999).contains(year) else { return nil }
        let rest = t[t.index(after: nian)...]
        guard rest.hasPrefix("第"), let qi = rest.firstIndex(of: "期"), let number = Int(rest.dropFirst()[..<qi]) else { return nil }
        var total: Int?
        if let zong = rest.range(of: "总第") {
            let after = rest[zong.upperBound...]
            total = Int(after.prefix { $0.isNumber })
        }
        return (year, number, total)
    }
}

/// "2024年7月9日" at the end of a line, and the text before it.
enum DateFinder {
    static func find(_ t: String) -> (String, IssueDate)? {
        guard t.hasSuffix("日"), let nian = t.range(of: "年", options: .backwards) else { return nil }
        let yearDigits = t[..<nian.lowerBound].reversed().prefix { $0.isASCII && $0.isNumber }
        guard yearDigits.count == 4, let year = Int(String(yearDigits.reversed())) else { return nil }
        let md = t[nian.upperBound...].dropLast()
        let parts = md.split(separator: "月")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              IssueDate.isValid(year: year, month: month, day: day) else { return nil }
        let before = String(t[..<nian.lowerBound].dropLast(4)).trimmingCharacters(in: .whitespaces)
        return (before, IssueDate(year: year, month: month, day: day))
    }
}

/// A 目录 entry as printed: "1.标题……………… 2".
enum TOCEntry {
    static func number(_ t: String) -> Int? {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let mark = t.dropFirst(digits.count).first, ".．、)".contains(mark) else { return nil }
        return Int(digits)
    }
    static func withoutNumber(_ t: String) -> String {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        return String(t.dropFirst(digits.count + 1))
    }
    /// Ends with leaders and a page number.
    static func hasPage(_ t: String) -> Bool {
        let s = t.trimmingCharacters(in: .whitespaces)
        guard let last = s.last, last.isNumber else { return false }
        return s.contains("…") || s.contains(".") || s.contains("·")
    }
    static func clean(_ t: String) -> String {
        var s = Substring(t.trimmingCharacters(in: .whitespaces))
        while let c = s.last, c.isASCII && c.isNumber { s = s.dropLast() }
        while let c = s.last, "….·． ".contains(c) { s = s.dropLast() }
        return TextCleanup.squeeze(String(s))
    }
}
