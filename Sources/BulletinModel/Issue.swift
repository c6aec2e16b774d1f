import Foundation
import BulletinCore

/// One issue of a bulletin: everything the masthead, the 目录, the articles and the 版记 need.
public struct Issue: Codable, Hashable, Sendable {
    /// The layout to set it with: a name in `Layouts/` or a path.
    public var layout: String?
    /// 刊名, e.g. 新时代江苏产业工人队伍建设改革联席会.
    public var title: String
    /// 专报, 简报, 工作动态 …
    public var kind: String
    public var year: Int
    /// 第 N 期 within the year.
    public var number: Int
    /// 总第 N 期, when the bulletin counts issues across years.
    public var total: Int?
    /// 编印单位.
    public var publisher: String
    public var date: IssueDate
    /// e.g. 内部资料, printed at the top left of page 1.
    public var classification: String?
    /// The issue's 编者按 (按语), set before its first article; nil when it has none.
    public var note: [Block]?
    public var sections: [Section]
    public var distribution: [DistributionEntry]
    /// 共印 N 份.
    public var copies: Int?
    /// Where each front-matter field was written (key → place), when the issue came from a file.
    public var span: Positions<[String: SourceSpan]>

    public init(layout: String? = nil, title: String, kind: String, year: Int, number: Int, total: Int? = nil,
                publisher: String, date: IssueDate, classification: String? = nil,
                sections: [Section], distribution: [DistributionEntry] = [], copies: Int? = nil,
                span: [String: SourceSpan]? = nil) {
        self.span = Positions(span)
        self.layout = layout; self.title = title; self.kind = kind; self.year = year; self.number = number
        self.total = total; self.publisher = publisher; self.date = date; self.classification = classification
        self.sections = sections; self.distribution = distribution; self.copies = copies
    }

    public var articles: [Article] { sections.flatMap(\.articles) }

    /// "2024年第9期（总第39期）".
    public var issueLine: String {
        var s = "\(year)年第\(number)期"
        if let total { s += "（总第\(total)期）" }
        return s
    }

    /// The PDF title, e.g. "新时代江苏产业工人队伍建设改革联席会专报 2024年第9期".
    public var documentTitle: String { "\(title)\(kind) \(year)年第\(number)期" }
}

/// A calendar date, printed the Chinese way without leading zeros: 2024年7月9日.
public struct IssueDate: Codable, Hashable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1, year >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// How a date text failed to parse.
    public enum ParseProblem: Error, Sendable { case notADate, notARealDate }

    /// Parses "2024-07-09" (also "2024-7-9"): the one date parser of the tool.
    public static func parse(_ text: String) -> Result<IssueDate, ParseProblem> {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return .failure(.notADate) }
        guard IssueDate.isValid(year: y, month: m, day: d) else { return .failure(.notARealDate) }
        return .success(IssueDate(year: y, month: m, day: d))
    }

    /// Parses "2024-07-09".
    public init?(iso: String) {
        guard case .success(let d) = IssueDate.parse(iso) else { return nil }
        self = d
    }

    public var chinese: String { "\(year)年\(month)月\(day)日" }
    public var iso: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
    public var description: String { iso }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = IssueDate(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(s)"))
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(iso)
    }
}

/// A 栏目: a group of articles under one heading. An issue without sections has one untitled section.
public struct Section: Codable, Hashable, Sendable {
    public var title: String?
    /// The 栏目's 按语, set under its heading; nil when it has none.
    public var note: [Block]?
    public var articles: [Article]
    /// Where the heading was written.
    public var span: Positions<SourceSpan>
    public init(title: String?, articles: [Article], span: SourceSpan? = nil) {
        self.title = title; self.articles = articles; self.span = Positions(span)
    }
}

public struct Article: Codable, Hashable, Sendable {
    public var title: String
    public var blocks: [Block]
    /// The unit the article came from, printed right-aligned in （）.
    public var source: String?
    /// Where the title and the source line were written.
    public var span: Positions<ArticleSpans>
    public init(title: String, blocks: [Block], source: String? = nil, span: ArticleSpans? = nil) {
        self.title = title; self.blocks = blocks; self.source = source; self.span = Positions(span)
    }
}

public struct ArticleSpans: Codable, Hashable, Sendable {
    /// The first character of the title text.
    public var title: SourceSpan?
    /// The first character inside the source line's （）.
    public var source: SourceSpan?
    public init(title: SourceSpan? = nil, source: SourceSpan? = nil) { self.title = title; self.source = source }
}

/// A block of an article: a paragraph, a subheading (of level 1–4: 一、/（一）/1./（1）), an editor's
/// note, a list item, a figure, a table, the 附件 list, the article's notes or a page break, with the
/// place it was written.
public struct Block: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case paragraph, subheading, editorsNote, listItem, figure, table, attachments, notes, pageBreak
    }
    public var kind: Kind
    public var inlines: [Inline]
    public var span: Positions<SourceSpan>
    /// A subheading's level, 1 (一、) to 4 (（1）); a list item's depth, from 1.
    public var level: Int = 1
    /// A list item's marker as printed: "1." or "●".
    public var marker: String?
    public var figure: Figure?
    public var table: Table?
    /// The entries of an 附件 list, or of the article's notes (注).
    public var items: [[Inline]] = []

    public init(_ kind: Kind, _ inlines: [Inline], span: SourceSpan? = nil) {
        self.kind = kind; self.inlines = inlines; self.span = Positions(span)
    }
    public static func paragraph(_ inlines: [Inline]) -> Block { Block(.paragraph, inlines) }
    public static func editorsNote(_ inlines: [Inline]) -> Block { Block(.editorsNote, inlines) }
    public static func subheading(_ text: String, level: Int = 1) -> Block {
        var b = Block(.subheading, [Inline(text)]); b.level = level; return b
    }
    public static func listItem(_ inlines: [Inline], marker: String, depth: Int = 1) -> Block {
        var b = Block(.listItem, inlines); b.marker = marker; b.level = depth; return b
    }
    public static func figure(_ f: Figure) -> Block { var b = Block(.figure, f.caption); b.figure = f; return b }
    public static func table(_ t: Table) -> Block { var b = Block(.table, t.caption); b.table = t; return b }
    public static func attachments(_ items: [[Inline]]) -> Block { var b = Block(.attachments, []); b.items = items; return b }
    public static func notes(_ items: [[Inline]]) -> Block { var b = Block(.notes, []); b.items = items; return b }
    public static var pageBreak: Block { Block(.pageBreak, []) }

    private enum Key: String, CodingKey {
        case paragraph, subheading, editorsNote, listItem, figure, table, attachments, notes, pageBreak, span, level, marker
    }

    // JSON form: {"paragraph": [...]}, {"subheading": "...", "level": 2}, {"editorsNote": [...]},
    // {"listItem": [...], "marker": "1."}, {"figure": {...}}, {"table": {...}}, {"attachments": [[...]]},
    // {"notes": [[...]]}, {"pageBreak": true}; each with an optional "span".
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let span = try c.decodeIfPresent(SourceSpan.self, forKey: .span)
        let level = try c.decodeIfPresent(Int.self, forKey: .level) ?? 1
        if let p = try c.decodeIfPresent([Inline].self, forKey: .paragraph) { self.init(.paragraph, p, span: span) }
        else if let s = try c.decodeIfPresent(String.self, forKey: .subheading) { self.init(.subheading, [Inline(s)], span: span) }
        else if let n = try c.decodeIfPresent([Inline].self, forKey: .editorsNote) { self.init(.editorsNote, n, span: span) }
        else if let l = try c.decodeIfPresent([Inline].self, forKey: .listItem) {
            self.init(.listItem, l, span: span)
            marker = try c.decodeIfPresent(String.self, forKey: .marker) ?? "●"
        }
        else if let f = try c.decodeIfPresent(Figure.self, forKey: .figure) { self.init(.figure, f.caption, span: span); figure = f }
        else if let t = try c.decodeIfPresent(Table.self, forKey: .table) { self.init(.table, t.caption, span: span); table = t }
        else if let a = try c.decodeIfPresent([[Inline]].self, forKey: .attachments) { self.init(.attachments, [], span: span); items = a }
        else if let n = try c.decodeIfPresent([[Inline]].self, forKey: .notes) { self.init(.notes, [], span: span); items = n }
        else if try c.decodeIfPresent(Bool.self, forKey: .pageBreak) == true { self.init(.pageBreak, [], span: span) }
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a block is {\"paragraph\": [...]}, {\"subheading\": \"...\"}, {\"editorsNote\": [...]}, {\"listItem\": [...]}, "
                    + "{\"figure\": {...}}, {\"table\": {...}}, {\"attachments\": [[...]]}, {\"notes\": [[...]]} or {\"pageBreak\": true}"))
        }
        self.level = level
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch kind {
        case .paragraph: try c.encode(inlines, forKey: .paragraph)
        case .subheading: try c.encode(plainText, forKey: .subheading)
        case .editorsNote: try c.encode(inlines, forKey: .editorsNote)
        case .listItem: try c.encode(inlines, forKey: .listItem); try c.encodeIfPresent(marker, forKey: .marker)
        case .figure: try c.encodeIfPresent(figure, forKey: .figure)
        case .table: try c.encodeIfPresent(table, forKey: .table)
        case .attachments: try c.encode(items, forKey: .attachments)
        case .notes: try c.encode(items, forKey: .notes)
        case .pageBreak: try c.encode(true, forKey: .pageBreak)
        }
        if level != 1 { try c.encode(level, forKey: .level) }
        try c.encodeIfPresent(span.value, forKey: .span)
    }

    /// The block's text, without markup: what the checker's fidelity test and limits count.
    public var plainText: String {
        switch kind {
        case .table: return (table?.caption ?? []).map(\.text).joined() + (table?.rows ?? []).flatMap { $0 }.map { $0.map(\.text).joined() }.joined()
        case .attachments, .notes: return items.map { $0.map(\.text).joined() }.joined()
        default: return inlines.map(\.text).joined()
        }
    }
}

/// A photo with its caption (图注): the file as written (relative to the issue file) and the share
/// of the text width it takes.
public struct Figure: Codable, Hashable, Sendable {
    public var path: String
    public var caption: [Inline]
    /// Share of the text width, 0 < width ≤ 1; nil: the whole width (or less, when the photo would
    /// be taller than the page allows).
    public var width: Double?
    public init(path: String, caption: [Inline], width: Double? = nil) { self.path = path; self.caption = caption; self.width = width }
}

/// A table of figures: its caption (表1 …), column alignments and rows of cells; the first
/// `headerRows` rows are the header, repeated when the table breaks across pages.
public struct Table: Codable, Hashable, Sendable {
    public enum Alignment: String, Codable, Sendable { case none, left, center, right }
    public var caption: [Inline]
    public var alignments: [Alignment]
    public var rows: [[[Inline]]]
    public var headerRows: Int
    /// Where each row was written.
    public var rowSpans: Positions<[SourceSpan]>
    public init(caption: [Inline], alignments: [Alignment], rows: [[[Inline]]], headerRows: Int = 1, rowSpans: [SourceSpan]? = nil) {
        self.caption = caption; self.alignments = alignments; self.rows = rows; self.headerRows = headerRows
        self.rowSpans = Positions(rowSpans)
    }
    private enum Key: String, CodingKey { case caption, alignments, rows, headerRows }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        caption = try c.decodeIfPresent([Inline].self, forKey: .caption) ?? []
        rows = try c.decode([[[Inline]]].self, forKey: .rows)
        alignments = try c.decodeIfPresent([Alignment].self, forKey: .alignments) ?? Array(repeating: .none, count: rows.first?.count ?? 0)
        headerRows = try c.decodeIfPresent(Int.self, forKey: .headerRows) ?? 1
        rowSpans = Positions(nil)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        if !caption.isEmpty { try c.encode(caption, forKey: .caption) }
        try c.encode(alignments, forKey: .alignments)
        try c.encode(rows, forKey: .rows)
        try c.encode(headerRows, forKey: .headerRows)
    }
}

/// A run of text inside a paragraph.
public struct Inline: Codable, Hashable, Sendable {
    public var text: String
    /// Strong (`**…**`): the layout's bold style (黑体 by default).
    public var emphasis: Bool
    /// Emphasis (`*…*`): set in 楷体.
    public var kai: Bool
    /// A link's target; the text is printed and the PDF carries a link.
    public var link: String?
    /// Where each source line of the text starts (a paragraph's text is joined from several lines).
    public var span: Positions<[SourceMark]>
    public init(_ text: String, emphasis: Bool = false, kai: Bool = false, link: String? = nil, marks: [SourceMark]? = nil) {
        self.text = text; self.emphasis = emphasis; self.kai = kai; self.link = link; self.span = Positions(marks)
    }

    public var marks: [SourceMark] { span.value ?? [] }

    private enum Key: String, CodingKey { case text, emphasis, kai, link, span }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        text = try c.decode(String.self, forKey: .text)
        emphasis = try c.decodeIfPresent(Bool.self, forKey: .emphasis) ?? false
        kai = try c.decodeIfPresent(Bool.self, forKey: .kai) ?? false
        link = try c.decodeIfPresent(String.self, forKey: .link)
        span = try c.decodeIfPresent([SourceMark].self, forKey: .span).map { Positions($0) } ?? Positions(nil)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(text, forKey: .text)
        if emphasis { try c.encode(true, forKey: .emphasis) }
        if kai { try c.encode(true, forKey: .kai) }
        try c.encodeIfPresent(link, forKey: .link)
        try c.encodeIfPresent(span.value, forKey: .span)
    }
}

/// One entry of the 版记: a label such as 报, 送, 抄送, 发 and its lines.
public struct DistributionEntry: Codable, Hashable, Sendable {
    public var label: String
    public var lines: [String]
    public init(label: String, lines: [String]) { self.label = label; self.lines = lines }
}
