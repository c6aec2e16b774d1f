import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
import BulletinCore

/// The paragraphs, tables and pictures of a .docx, in order, with what the importer needs of their
/// formatting: heading level (from the paragraph style or its outline level), alignment and bold.
/// The package is read with ZIPFoundation, its XML with Foundation's parser.
struct DocxReader {
    enum Item {
        case paragraph(text: String, level: Int?, centred: Bool, right: Bool, bold: Bool)
        case table(rows: [[String]])
        case picture(name: String, data: Data)
    }

    struct Failure: Error { let message: String }

    /// Largest part read from a package (a zip bomb stops here).
    static let maxPartBytes = 64 << 20
    /// All parts together, pictures included.
    static let maxTotalBytes = 256 << 20

    static func read(_ data: Data) throws -> [Item] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            // A ZIP's first bytes with no readable directory: cut short (a download or copy that stopped).
            if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { throw Failure(message: "is a damaged .docx (a ZIP package cut short or corrupted)") }
            throw Failure(message: "is not a .docx (not a ZIP package)")
        }
        // A small file can unpack to gigabytes (a ZIP bomb): every part read counts against one budget.
        var budget = maxTotalBytes
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maxPartBytes) else { throw Failure(message: "has a part \(path) larger than \(maxPartBytes >> 20) MB") }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                out.append(chunk)
                if out.count > maxPartBytes { throw Failure(message: "has a part \(path) larger than \(maxPartBytes >> 20) MB") }
                if out.count > budget { throw Failure(message: "unpacks to more than \(maxTotalBytes >> 20) MB (parts up to \(path))") }
            }
            budget -= out.count
            return out
        }
        guard let document = try part("word/document.xml") else { throw Failure(message: "has no word/document.xml (not a Word document)") }
        let levels = try part("word/styles.xml").map(StyleLevels.parse) ?? [:]
        let relations = try part("word/_rels/document.xml.rels").map(Relations.parse) ?? [:]
        let body = DocumentBody(levels: levels)
        let parser = XMLParser(data: document)
        parser.delegate = body
        guard parser.parse() else {
            let code = (parser.parserError as NSError?)?.code ?? 0
            // libxml2 stops documents that declare entities expanding without bound ("billion laughs").
            let why = String(decoding: document.prefix(4096), as: UTF8.self).contains("<!ENTITY") ? "it declares XML entities, which Word never writes" : "XML error \(code)"
            throw Failure(message: "has a damaged word/document.xml (line \(parser.lineNumber), column \(parser.columnNumber): \(why))")
        }
        var items: [Item] = []
        var names = Set<String>()
        for item in body.items {
            if case .picture(let rid, _) = item {
                // A picture whose file the package lacks comes through empty, for the importer to name.
                guard let target = relations[rid] else { items.append(.picture(name: rid, data: Data())); continue }
                let bytes = try part("word/" + target) ?? Data()
                // Two pictures from different folders of the package may share a name: each keeps a file of its own.
                var name = PathName.lastComponent(target)
                if name.isEmpty || name == "." || name == ".." { name = "image" }
                var n = 2
                while names.contains(name) {
                    name = PathName.deletingExtension(PathName.lastComponent(target)) + "-\(n)." + PathName.pathExtension(target)
                    n += 1
                }
                names.insert(name)
                items.append(.picture(name: name, data: bytes))
            } else {
                items.append(item)
            }
        }
        return items
    }
}

/// Style id → outline level (0 for a first-level heading), from word/styles.xml.
private final class StyleLevels: NSObject, XMLParserDelegate {
    var levels: [String: Int] = [:]
    private var id: String?

    static func parse(_ data: Data) -> [String: Int] {
        let s = StyleLevels()
        let p = XMLParser(data: data)
        p.delegate = s
        _ = p.parse()
        return s.levels
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "w:style": id = attributes["w:styleId"]
        case "w:name":
            if let id, let v = attributes["w:val"]?.lowercased(), v.hasPrefix("heading "), let n = Int(v.dropFirst(8)) { levels[id] = n - 1 }
        case "w:outlineLvl":
            if let id, let v = attributes["w:val"], let n = Int(v), n < 9 { levels[id] = n }
        default: break
        }
    }
}

/// Relationship id → target (media/image1.jpeg), from word/_rels/document.xml.rels.
private final class Relations: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    static func parse(_ data: Data) -> [String: String] {
        let r = Relations()
        let p = XMLParser(data: data)
        p.delegate = r
        _ = p.parse()
        return r.targets
    }
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// Walks word/document.xml's body.
private final class DocumentBody: NSObject, XMLParserDelegate {
    let levels: [String: Int]
    var items: [DocxReader.Item] = []
    init(levels: [String: Int]) { self.levels = levels }

    private var text = ""
    private var inText = false
    private var level: Int?
    private var centred = false, right = false
    private var runBold = false
    /// Characters in bold runs and in all runs of the paragraph.
    private var boldCount = 0, textCount = 0
    private var tableDepth = 0
    private var rows: [[String]] = []
    private var cells: [String] = []
    private var cell = ""
    private var pictures: [String] = []
    /// Paragraphs a text box interrupted (a box's paragraphs sit inside a run of the outer one):
    /// their state waits here, and their text goes on after the box.
    private var outer: [(text: String, level: Int?, centred: Bool, right: Bool, boldCount: Int, textCount: Int, pictures: [String])] = []
    private var paragraphDepth = 0
    /// Inside mc:Fallback: Word writes a text box twice (mc:Choice and mc:Fallback); one copy is read.
    private var fallbackDepth = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "mc:Fallback" { fallbackDepth += 1 }
        guard fallbackDepth == 0 else { return }
        switch name {
        case "w:p":
            if paragraphDepth > 0 { outer.append((text, level, centred, right, boldCount, textCount, pictures)) }
            paragraphDepth += 1
            text = ""; level = nil; centred = false; right = false; boldCount = 0; textCount = 0; pictures = []
        case "w:pStyle": if let v = attributes["w:val"], let l = levels[v] { level = l }
        case "w:outlineLvl": if let v = attributes["w:val"], let n = Int(v), n < 9 { level = n }
        case "w:jc":
            let v = attributes["w:val"] ?? ""
            centred = v == "center"; right = v == "right" || v == "end"
        case "w:r": runBold = false
        case "w:b": runBold = !["0", "false"].contains(attributes["w:val"] ?? "1")
        case "w:t": inText = true
        case "w:tab": text += " "
        case "w:br", "w:cr": text += "\n"
        case "a:blip": if let rid = attributes["r:embed"] { pictures.append(rid) }
        case "w:tbl": tableDepth += 1; if tableDepth == 1 { rows = [] }
        case "w:tr": if tableDepth == 1 { cells = [] }
        case "w:tc": if tableDepth == 1 { cell = "" }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, fallbackDepth == 0 else { return }
        text += string
        textCount += string.count
        if runBold { boldCount += string.count }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "mc:Fallback" { fallbackDepth -= 1; return }
        guard fallbackDepth == 0 else { return }
        switch name {
        case "w:t": inText = false
        case "w:p":
            if tableDepth > 0 {
                cell += (cell.isEmpty ? "" : "\n") + text
            } else {
                if !text.trimmingCharacters(in: .whitespaces).isEmpty {
                    items.append(.paragraph(text: text, level: level, centred: centred, right: right, bold: textCount > 0 && boldCount == textCount))
                }
                for rid in pictures { items.append(.picture(name: rid, data: Data())) }
            }
            paragraphDepth -= 1
            if let o = outer.popLast() {
                (text, level, centred, right, boldCount, textCount, pictures) = o
            }
        case "w:tc": if tableDepth == 1 { cells.append(cell) }
        case "w:tr": if tableDepth == 1 { rows.append(cells) }
        case "w:tbl":
            if tableDepth == 1 { items.append(.table(rows: rows)) }
            tableDepth -= 1
        default: break
        }
    }
}
