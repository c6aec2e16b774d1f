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

/// A block of an article: a paragraph, a subheading or an editor's note, with the place it was written.
public struct Block: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case paragraph, subheading, editorsNote }
    public var kind: Kind
    public var inlines: [Inline]
    public var span: Positions<SourceSpan>

    public init(_ kind: Kind, _ inlines: [Inline], span: SourceSpan? = nil) {
        self.kind = kind; self.inlines = inlines; self.span = Positions(span)
    }
    public static func paragraph(_ inlines: [Inline]) -> Block { Block(.paragraph, inlines) }
    public static func editorsNote(_ inlines: [Inline]) -> Block { Block(.editorsNote, inlines) }
    public static func subheading(_ text: String) -> Block { Block(.subheading, [Inline(text)]) }

    private enum Key: String, CodingKey { case paragraph, subheading, editorsNote, span }

    // JSON form: {"paragraph": [...]}, {"subheading": "..."}, {"editorsNote": [...]}, each with an optional "span".
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let span = try c.decodeIfPresent(SourceSpan.self, forKey: .span)
        if let p = try c.decodeIfPresent([Inline].self, forKey: .paragraph) { self.init(.paragraph, p, span: span) }
        else if let s = try c.decodeIfPresent(String.self, forKey: .subheading) { self.init(.subheading, [Inline(s)], span: span) }
        else if let n = try c.decodeIfPresent([Inline].self, forKey: .editorsNote) { self.init(.editorsNote, n, span: span) }
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a block is {\"paragraph\": [...]}, {\"subheading\": \"...\"} or {\"editorsNote\": [...]}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch kind {
        case .paragraph: try c.encode(inlines, forKey: .paragraph)
        case .subheading: try c.encode(plainText, forKey: .subheading)
        case .editorsNote: try c.encode(inlines, forKey: .editorsNote)
        }
        try c.encodeIfPresent(span.value, forKey: .span)
    }

    public var plainText: String { inlines.map(\.text).joined() }
}

/// A run of text inside a paragraph.
public struct Inline: Codable, Hashable, Sendable {
    public var text: String
    public var emphasis: Bool
    /// Where each source line of the text starts (a paragraph's text is joined from several lines).
    public var span: Positions<[SourceMark]>
    public init(_ text: String, emphasis: Bool = false, marks: [SourceMark]? = nil) {
        self.text = text; self.emphasis = emphasis; self.span = Positions(marks)
    }

    public var marks: [SourceMark] { span.value ?? [] }

    private enum Key: String, CodingKey { case text, emphasis, span }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        text = try c.decode(String.self, forKey: .text)
        emphasis = try c.decodeIfPresent(Bool.self, forKey: .emphasis) ?? false
        span = try c.decodeIfPresent([SourceMark].self, forKey: .span).map { Positions($0) } ?? Positions(nil)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(text, forKey: .text)
        if emphasis { try c.encode(true, forKey: .emphasis) }
        try c.encodeIfPresent(span.value, forKey: .span)
    }
}

/// One entry of the 版记: a label such as 报, 送, 抄送, 发 and its lines.
public struct DistributionEntry: Codable, Hashable, Sendable {
    public var label: String
    public var lines: [String]
    public init(label: String, lines: [String]) { self.label = label; self.lines = lines }
}
