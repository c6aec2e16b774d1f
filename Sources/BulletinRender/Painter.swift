import BulletinCore
import BulletinLayout
import TextEngine

/// Draws a page tree onto a canvas; the same code paints the PDF and the PNG previews. Text is drawn
/// from the glyphs layout shaped: nothing is shaped twice.
public struct Painter {
    public init() {}

    public func paint(_ tree: PageTree, on canvas: some Canvas) throws {
        // Every glyph drawn, by font, so a PDF's fonts can be subset to what the document draws; the
        // fonts in the order the document first draws them, which numbers the PDF's font resources
        // (the font table's own order depends on what its font system set before).
        var used: [Int32: Set<UInt32>] = [:]
        var order: [Int32] = []
        var characters = Set<UInt32>()
        for page in tree.pages {
            for box in page.boxes {
                guard case .text(let runs, _, _, let positions) = box.content else { continue }
                for p in positions {
                    for g in p.glyphs {
                        if used[g.font] == nil { order.append(g.font) }
                        used[g.font, default: []].insert(g.id)
                    }
                }
                for r in runs { for c in r.text.unicodeScalars { characters.insert(c.value) } }
            }
        }
        canvas.prepare(fonts: tree.fonts, glyphs: order.map { ($0, used[$0]!) }, characters: characters)
        for page in tree.pages {
            canvas.beginPage()
            for box in page.boxes {
                switch box.content {
                case .text(let runs, let origin, _, let positions):
                    var colours: [(byte: Int, colour: Colour)] = []
                    var text: [UInt8] = []
                    for r in runs {
                        colours.append((text.count, r.colour))
                        text += Array(r.text.utf8)
                    }
                    canvas.drawText(text, colours: colours, clusters: positions, fonts: tree.fonts, origin: origin)
                case .rule(let rect, let colour):
                    canvas.fill(rect, colour: colour)
                case .image(let image, let rect):
                    try canvas.drawImage(path: image.path, header: image.header, in: rect)
                }
                for (rect, uri) in Painter.webLinks(box) { canvas.link(rect, uri: uri) }
                if let anchor = box.anchor {
                    let f = box.frame
                    canvas.destination(anchor, at: Point(x: f.x, y: f.y))
                }
                if let link = box.link {
                    canvas.link(box.frame, to: link)
                }
            }
            try canvas.endPage()
        }
        var parents: [Int: Int32] = [:]
        for entry in tree.outline {
            let parent = entry.level > 1 ? (parents[entry.level - 1] ?? 0) : 0
            parents[entry.level] = canvas.outline(entry.title, parent: parent, destination: entry.destination)
        }
    }
}

extension Painter {
    /// The areas of a text box's runs that link to web addresses.
    static func webLinks(_ box: Box) -> [(Rect, String)] {
        guard case .text(let runs, let origin, let width, let positions) = box.content, runs.contains(where: { $0.link != nil }) else { return [] }
        var out: [(Rect, String)] = []
        var start = 0
        for run in runs {
            let end = start + run.text.utf8.count
            defer { start = end }
            guard let uri = run.link else { continue }
            let xs = positions.enumerated().filter { $0.element.byteOffset >= start && $0.element.byteOffset < end }
            guard let first = xs.first, let last = xs.last else { continue }
            let right = last.offset + 1 < positions.count ? positions[last.offset + 1].x : width
            let size = run.size
            out.append((Rect(x: origin.x + first.element.x, y: origin.y - EmBox.ascent(size), width: right - first.element.x, height: size), uri))
        }
        return out
    }
}
