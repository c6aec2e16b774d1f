/// A node of a CommonMark document as cmark-gfm parsed it, copied out into Swift values so no
/// C handle leaves this module.
public struct MarkdownNode: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(literal: String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case footnoteDefinition(label: String)
        case table(alignments: [TableAlignment])
        case tableRow(header: Bool)
        case tableCell
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case strikethrough
        case link(url: String, title: String)
        case image(url: String, title: String)
        case footnoteReference(label: String)
        /// A kind this tool does not know (a newer cmark-gfm extension), by cmark's type name.
        case other(String)
    }

    public enum TableAlignment: Hashable, Sendable { case none, left, center, right }

    public var kind: Kind
    public var children: [MarkdownNode]
    /// Where the node starts and ends in the parsed text: 1-based line, and 1-based column counted
    /// in UTF-8 bytes, as cmark reports them. Zero when cmark gives no position.
    public var start: Position
    public var end: Position

    public struct Position: Hashable, Sendable {
        public var line: Int
        public var column: Int
        public init(line: Int, column: Int) { self.line = line; self.column = column }
    }

    public init(kind: Kind, children: [MarkdownNode] = [], start: Position = Position(line: 0, column: 0),
                end: Position = Position(line: 0, column: 0)) {
        self.kind = kind; self.children = children; self.start = start; self.end = end
    }

    /// The text of the node's inline content, without markup.
    public var plainText: String {
        switch kind {
        case .text(let s), .code(let s): return s
        case .softBreak, .lineBreak: return "\n"
        default: return children.map(\.plainText).joined()
        }
    }
}
