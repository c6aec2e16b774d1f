import BulletinCore
import BulletinModel

/// The checks every issue passes, however it was written: the Markdown parser makes them field by
/// field with positions, and an issue decoded from JSON (or built by a program) goes through the
/// same rules here.
/// Titles (栏目, articles, subheadings) are set on a few lines: past this many characters a title
/// is a mistake (a paragraph written as a heading), and balancing it would take long.
public enum TitleLimit {
    public static let characters = 200
}

public enum IssueValidator {
    /// The numbers a block carries (a model from JSON or a program may hold any): levels, list
    /// depths, a figure's width, a table's header rows, a marker's length.
    static func structure(_ b: Block, article: Int, at: SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let whose = article > 0 ? " of article \(article)" : ""
        switch b.kind {
        case .subheading where !(1...4).contains(b.level):
            out.append(.error("a subheading\(whose) has level \(b.level), outside 1…4", at: at))
        case .listItem:
            if !(1...10).contains(b.level) { out.append(.error("a list item\(whose) has depth \(b.level), outside 1…10", at: at)) }
            if let m = b.marker, m.count > 8 { out.append(.error("a list item\(whose) has a marker of \(m.count) characters, more than 8", at: at)) }
        case .figure:
            if let w = b.figure?.width, !(w.isFinite && w > 0 && w <= 1) {
                out.append(.error("a figure\(whose) has width \(w), outside 0 (not included) … 1", at: at, hint: "a width is the share of the text width, such as 0.6"))
            }
            if b.figure?.path.isEmpty ?? true { out.append(.error("a figure\(whose) has no file", at: at)) }
        case .table:
            if let t = b.table {
                if t.rows.isEmpty { out.append(.error("a table\(whose) has no rows", at: at)) }
                if !(0...max(0, t.rows.count)).contains(t.headerRows) {
                    out.append(.error("a table\(whose) has \(t.headerRows) header rows, outside 0…\(t.rows.count)", at: at))
                }
                let columns = t.rows.map(\.count).max() ?? 0
                if columns > 40 { out.append(.error("a table\(whose) has \(columns) columns, more than 40", at: at)) }
            }
        default: break
        }
        return out
    }

    public static func problems(_ issue: Issue, limits: ParseLimits = .standard, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let at = SourceLocation(file: file, line: 1, column: 1)
        func text(_ value: String?, _ key: String, required: Bool) {
            guard let value else { if required { out.append(.error("missing required field '\(key)'", at: at)) }; return }
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append(.error("'\(key)' is empty", at: at)); return }
            if let c = TextChecks.controlCharacter(in: value) { out.append(.error("'\(key)' holds the control character \(TextChecks.name(c))", at: at)) }
        }
        text(issue.title, "title", required: true)
        text(issue.kind, "kind", required: true)
        text(issue.publisher, "publisher", required: true)
        text(issue.classification, "classification", required: false)
        text(issue.layout, "layout", required: false)
        func range(_ value: Int?, _ key: String, _ r: ClosedRange<Int>) {
            if let value, !r.contains(value) { out.append(.error("'\(key)' is \(value), outside \(r.lowerBound)…\(r.upperBound)", at: at)) }
        }
        range(issue.year, "year", 1949...9999)
        range(issue.number, "number", 1...9999)
        range(issue.total, "total", 1...999_999)
        range(issue.copies, "copies", 1...10_000_000)
        if let total = issue.total, total < issue.number {
            out.append(.error("total (总第\(total)期) is smaller than number (第\(issue.number)期)", at: at))
        }
        if !IssueDate.isValid(year: issue.date.year, month: issue.date.month, day: issue.date.day) {
            out.append(.error("'\(issue.date.iso)' is not a real date", at: at))
        }
        if issue.articles.isEmpty { out.append(.error("the issue has no articles", at: at)) }
        if issue.articles.count > limits.maxArticles {
            out.append(.error("more than \(limits.maxArticles) articles", at: at, hint: "raise the limit with --max-articles N"))
        }
        // Where a model from a file says it was written; 1:1 for one built without positions.
        func place(_ span: SourceSpan?) -> SourceLocation { span?.location(in: file) ?? at }
        for (key, limit) in [("title", 60), ("kind", 12), ("publisher", 80), ("classification", 30)] {
            let value = key == "title" ? issue.title : key == "kind" ? issue.kind : key == "publisher" ? issue.publisher : issue.classification
            if let value, value.count > limit {
                out.append(.error("'\(key)' has \(value.count) characters, more than the \(limit) it may have", at: place(issue.span.value?[key]),
                                  hint: "shorten it; it must fit the masthead"))
            }
        }
        for s in issue.sections {
            if let t = s.title, t.count > TitleLimit.characters {
                out.append(.error("a section title has \(t.count) characters, more than \(TitleLimit.characters)", at: place(s.span.value),
                                  hint: "a title is set on a few lines; shorten it"))
            }
        }
        for (i, a) in issue.articles.enumerated() {
            text(a.title, "title of article \(i + 1)", required: true)
            text(a.source, "source of article \(i + 1)", required: false)
            if a.title.count > TitleLimit.characters {
                out.append(.error("the title of article \(i + 1) has \(a.title.count) characters, more than \(TitleLimit.characters)",
                                  at: place(a.span.value?.title), hint: "a title is set on a few lines; shorten it"))
            }
            for b in a.blocks {
                out += structure(b, article: i + 1, at: place(b.span.value))
                let t = b.plainText
                if b.kind == .subheading, t.count > TitleLimit.characters {
                    out.append(.error("a subheading of article \(i + 1) has \(t.count) characters, more than \(TitleLimit.characters)", at: place(b.span.value)))
                }
                if t.unicodeScalars.count > limits.maxParagraphCharacters {
                    out.append(.error("a paragraph of article \(i + 1) has \(t.unicodeScalars.count) characters, more than the limit of \(limits.maxParagraphCharacters)",
                                      at: place(b.span.value), hint: "split it, or raise the limit with --max-paragraph N"))
                }
                if let c = TextChecks.controlCharacter(in: t) {
                    out.append(.error("a paragraph of article \(i + 1) holds the control character \(TextChecks.name(c))", at: place(b.span.value)))
                }
            }
        }
        for note in (issue.note ?? []) + issue.sections.flatMap({ $0.note ?? [] }) { out += structure(note, article: 0, at: at) }
        for e in issue.distribution {
            text(e.label, "distribution label", required: true)
            for l in e.lines { text(l, "distribution '\(e.label)'", required: true) }
        }
        return out
    }
}
