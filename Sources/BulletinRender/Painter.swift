import BulletinCore
import BulletinLayout
import TextEngine

/// Draws a page tree onto a canvas; the same code paints the PDF and the PNG previews. Text is drawn
/// from the glyphs layout shaped: nothing is shaped twice.
public struct Painter {
    public init() {}

    public func paint(_ tree: PageTree, on canvas: Canvas) throws {
        // Every glyph drawn, by font, so a PDF's fonts can be subset to what the document draws.
        var used: [Int32: Set<UInt32>] = [:]
        for page in tree.pages {
            for box in page.boxes {
                guard case .text(_, _, _, let positions) = box.content else { continue }
                for p in positions { for g in p.glyphs { used[g.font, default: []].insert(g.id) } }
            }
        }
        canvas.prepare(fonts: tree.fonts, glyphs: used)
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
                }
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
