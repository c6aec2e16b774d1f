import BulletinCore

public enum Alignment: String, Sendable, CaseIterable {
    case left, center, right, justify
}

/// How one element of the page is set: its logical font family, size, colour and spacing.
public struct ElementStyle: Hashable, Sendable {
    /// A logical family: 仿宋, 黑体, 楷体, 小标宋, 宋体 (resolved through `fonts`).
    public var font: String
    public var size: Points
    public var bold: Bool
    public var colour: Colour
    public var align: Alignment
    /// First-line indent.
    public var indent: Length
    /// Indent of every line but the first (TOC entries, distribution continuation lines).
    public var hangingIndent: Length
    public var spaceBefore: Length
    public var spaceAfter: Length
    /// Extra space after every character.
    public var letterSpacing: Length
    /// Baseline-to-baseline distance of the element's own lines; nil means one grid line per text line.
    public var lineHeight: Length?
    /// Fit the text to the text block's width on one line: letter-spacing goes first, then the size,
    /// down to `minimumSize` (masthead title, kind word, classification).
    public var fitWidth: Bool
    /// The smallest size fitting may shrink to; nil: the element's own size (no shrinking).
    public var minimumSize: Points?
}

public struct RuleStyle: Hashable, Sendable {
    public var thickness: Points
    public var colour: Colour
    /// A second, thinner rule under the first (the double masthead rule); zero for none.
    public var secondThickness: Points
    public var gap: Points
}

public struct PageSpec: Hashable, Sendable {
    public var width: Points
    public var height: Points
    public var marginTop: Points
    public var marginLeft: Points
    public var textWidth: Points
    public var textHeight: Points
    /// Swap left and right margins on even pages (binding side).
    public var mirror: Bool
}

public struct GridSpec: Hashable, Sendable {
    public var charactersPerLine: Int
    public var linesPerPage: Int
}

/// The masthead's vertical arrangement on page 1, measured down from the text block's top.
public struct MastheadSpec: Hashable, Sendable {
    public var titleTop: Points
    public var kindGap: Points
    public var issueLineGap: Points
    public var publisherGap: Points
    public var ruleGap: Points
    public var afterRule: Points
}

/// How full-width punctuation is set (标点符号排版方式).
public enum PunctuationStyle: String, Sendable, CaseIterable {
    /// 全角式: every mark a full cell; adjacent marks drop the blank between them.
    case fullWidth = "full-width"
    /// 开明式: 。？！ full cells, every other mark half.
    case kaiming
    /// 半角式: every mark half a cell.
    case halfWidth = "half-width"
}

public struct TypesettingSpec: Hashable, Sendable {
    public var punctuation: PunctuationStyle
    /// Space between Han and Latin letters or digits.
    public var cjkLatinSpacing: Length
    /// Latin letters and ASCII marks in half-width forms (two to a cell) rather than proportional ones.
    public var halfWidthLatin: Bool

    public init(punctuation: PunctuationStyle, cjkLatinSpacing: Length, halfWidthLatin: Bool) {
        self.punctuation = punctuation; self.cjkLatinSpacing = cjkLatinSpacing; self.halfWidthLatin = halfWidthLatin
    }
}

public enum ElementName: String, CaseIterable, Sendable {
    case classification, mastheadTitle = "masthead-title", kind, issueLine = "issue-line", publisherLine = "publisher-line"
    case tocTitle = "toc-title", tocSection = "toc-section", tocEntry = "toc-entry"
    case sectionHeading = "section-heading", articleTitle = "article-title", subheading, body
    case sourceLine = "source-line", editorsNote = "editors-note", distribution, folio
    /// Subheadings of levels 2–4 (（一）, 1., （1）); `subheading` is level 1 (一、).
    case subheading2 = "subheading-2", subheading3 = "subheading-3", subheading4 = "subheading-4"
    case listItem = "list-item", figureCaption = "figure-caption", tableCaption = "table-caption", tableCell = "table-cell"
    case attachment, footnote
    // 公文 (GB/T 9704): 版头, 主体 and 版记 elements.
    case copyNumber = "copy-number", secrecy, urgency, issuerSign = "issuer-sign", documentNumber = "document-number"
    case signer, signerName = "signer-name", documentTitle = "document-title", addressee, signature, documentDate = "document-date"
    case remark, attachmentHeading = "attachment-heading", attachmentTitle = "attachment-title", record
}

public enum RuleName: String, CaseIterable, Sendable {
    case masthead = "masthead-rule", distributionOuter = "distribution-outer-rule", distributionInner = "distribution-inner-rule"
    /// A table's rules: `thickness` above and below it, `second-thickness` under the header and between cells.
    case table = "table-rule"
    /// 公文: the red 版头分隔线 (信函格式: its double rules), and the 版记's thick and thin rules.
    case separator = "separator-rule", recordOuter = "record-outer-rule", recordInner = "record-inner-rule"
}

/// What a layout sets: a bulletin (专报, 简报) or a 公文. Each kind has its own front matter,
/// model and page furniture; the layout's `document:` names it, and the loader checks the rules
/// the kind draws are defined.
public enum DocumentKindName: String, Sendable, CaseIterable {
    case bulletin, gongwen

    public var rules: [RuleName] {
        switch self {
        case .bulletin: return [.masthead, .distributionOuter, .distributionInner, .table]
        case .gongwen: return [.separator, .recordOuter, .recordInner, .table]
        }
    }
}

/// The 公文's 版头 (GB/T 9704 §7.2): where the 标志 stands and how the lines under it follow.
public struct GongwenSpec: Hashable, Sendable {
    /// From the 版心's top to the 标志's em-box top (35 mm; 信函格式: from the page top, 30 mm).
    public var signTop: Points
    /// From the page's top instead of the 版心's (信函格式).
    public var signFromPageTop: Bool
    /// Grid lines between the 标志 and the 发文字号 (下空二行).
    public var numberLines: Int
    /// From the 发文字号's em-box bottom to the separator (4 mm).
    public var separatorGap: Points
    /// Grid lines between the separator and the title (下空二行).
    public var titleLines: Int
    /// 信函格式: double red rules 170 mm wide, the second 20 mm above the page bottom, no page number on page 1.
    public var letter: Bool
    public init(signTop: Points, signFromPageTop: Bool, numberLines: Int, separatorGap: Points, titleLines: Int, letter: Bool) {
        self.signTop = signTop; self.signFromPageTop = signFromPageTop; self.numberLines = numberLines
        self.separatorGap = separatorGap; self.titleLines = titleLines; self.letter = letter
    }
}

/// How tables are ruled.
public enum TableStyle: String, Sendable, CaseIterable {
    /// 三线表: a thick rule above and below, a thin one under the header.
    case threeLine = "three-line"
    /// Every cell boxed.
    case grid
}

/// How subheadings get their numbers (一、/（一）/1./（1））.
public enum HeadingNumbering: String, Sendable, CaseIterable {
    /// As the writer typed them.
    case asWritten = "as-written"
    /// Numbered by level within each article, unless the writer already numbered that level.
    case auto
}

/// A whole page description, loaded from `Layouts/*.yaml`.
public struct LayoutSpecification: Sendable {
    public var name: String
    /// The files this layout was read from, base first (for dependency hashing and messages).
    public var files: [String]
    public var page: PageSpec
    public var grid: GridSpec?
    /// Logical family → font family names to try, first installed wins.
    public var fonts: [String: [String]]
    public var elements: [ElementName: ElementStyle]
    public var rules: [RuleName: RuleStyle]
    public var masthead: MastheadSpec
    public var typesetting: TypesettingSpec
    /// Text of the TOC heading, e.g. "目  录".
    public var tocTitle: String
    public var tocLeader: String
    /// Issues with fewer articles get no 目录 (a one-article 专报 usually has none).
    public var tocMinimumArticles: Int
    /// Printed around the folio number: "— N —".
    public var folioFormat: String
    /// Space between the text block's bottom and the folio's dash line.
    public var folioOffset: Points
    public var folioInset: Length
    /// Printed on both sides: the 版记 goes on an even page (GB/T 9704 §7.5), after a blank page
    /// when needed; a blank page and the 版记 page after it carry no folio.
    public var duplex: Bool = false
    public var tableStyle: TableStyle = .threeLine
    public var document: DocumentKindName = .bulletin
    public var gongwen: GongwenSpec?
    public var headingNumbering: HeadingNumbering = .asWritten

    public func style(_ e: ElementName) -> ElementStyle { elements[e]! }
    public func rule(_ r: RuleName) -> RuleStyle { rules[r]! }

    /// Line pitch of the body grid (text height ÷ lines per page), or 1.5 × body size without a grid.
    public var linePitch: Points {
        if let g = grid { return page.textHeight / Double(g.linesPerPage) }
        return style(.body).size * 1.5
    }

    /// Character pitch of the body grid (text width ÷ characters per line), or the body size without a grid.
    public var characterPitch: Points {
        if let g = grid { return page.textWidth / Double(g.charactersPerLine) }
        return style(.body).size
    }

    public var logicalFamilies: [String] { fonts.keys.sorted() }
}
