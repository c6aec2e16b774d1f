internal import CMarkGFM

/// Parses CommonMark with GitHub's extensions (pipe tables, strikethrough, footnotes) through
/// cmark-gfm, and hands back the document as `MarkdownNode` values; the C tree is freed before
/// returning.
public enum CommonMarkParser {
    public static func parse(_ text: String) -> MarkdownNode {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE
        guard let parser = cmark_parser_new(options) else { return MarkdownNode(kind: .document) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { cmark_parser_feed(parser, $0, buf.count) }
        }
        guard let root = cmark_parser_finish(parser) else { return MarkdownNode(kind: .document) }
        defer { cmark_node_free(root) }
        return convert(root)
    }

    private static func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

    /// Deeper than this, a node's content is taken as plain text (read without recursion): a file
    /// nesting quotes or emphasis thousands deep cannot exhaust the stack.
    public static let maxDepth = 64

    private static func convert(_ node: OpaquePointer, depth: Int = 0) -> MarkdownNode {
        let start = MarkdownNode.Position(line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
        if depth > maxDepth {
            return MarkdownNode(kind: .other("too deep"), children: [MarkdownNode(kind: .text(flattened(node)))], start: start, end: start)
        }
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            children.append(convert(c, depth: depth + 1))
            child = cmark_node_next(c)
        }
        let end = MarkdownNode.Position(line: Int(cmark_node_get_end_line(node)), column: Int(cmark_node_get_end_column(node)))
        return MarkdownNode(kind: kind(of: node), children: children, start: start, end: end)
    }

    /// The text under a node, walked with cmark's iterator (no recursion).
    private static func flattened(_ node: OpaquePointer) -> String {
        guard let iter = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iter) }
        var out = ""
        while cmark_iter_next(iter) != CMARK_EVENT_DONE {
            guard let n = cmark_iter_get_node(iter), cmark_iter_get_event_type(iter) == CMARK_EVENT_ENTER else { continue }
            let type = cmark_node_get_type(n)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let l = cmark_node_get_literal(n) { out += String(cString: l) }
            if out.utf8.count > 1_000_000 { break }
        }
        return out
    }

    private static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        let literal = { string(cmark_node_get_literal(node)) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: literal())
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal: literal())
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition(label: literal())
        case CMARK_NODE_TEXT: return .text(literal())
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal())
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal())
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE: return .image(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference(label: literal())
        default:
            // Extension nodes have types registered at run time: tell them by name.
            let name = string(cmark_node_get_type_string(node))
            switch name {
            case "table":
                let columns = Int(cmark_gfm_extensions_get_table_columns(node))
                var alignments: [MarkdownNode.TableAlignment] = []
                if let a = cmark_gfm_extensions_get_table_alignments(node) {
                    for i in 0..<columns {
                        switch UInt8(a[i]) {
                        case UInt8(ascii: "l"): alignments.append(.left)
                        case UInt8(ascii: "c"): alignments.append(.center)
                        case UInt8(ascii: "r"): alignments.append(.right)
                        default: alignments.append(.none)
                        }
                    }
                }
                return .table(alignments: alignments)
            case "table_header", "table_row": return .tableRow(header: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .other(name)
            }
        }
    }
}
