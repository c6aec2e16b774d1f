import BulletinCore
import BulletinLayout
import TextEngine

/// Draws a page tree onto a canvas; the same code paints the PDF and the PNG previews.
public struct Painter {
    public init() {}

    public func paint(_ tree: PageTree, on canvas: Canvas) throws {
        // Shape every line first, so the fonts can be subset to what the document draws.
        var shaped: [[Canvas.Line?]] = []
        for page in tree.pages {
            shaped.append(page.boxes.map { box in
                if case .text(let runs, _, _, _) = box.content, !runs.isEmpty { return canvas.shape(runs) }
                return nil
            })
        }
        canvas.prepare(shaped.flatMap { $0.compactMap { $0 } })
        for (p, page) in tree.pages.enumerated() {
            canvas.beginPage()
            for (b, box) in page.boxes.enumerated() {
                switch box.content {
                case .text(_, let origin, _, let positions):
                    if let line = shaped[p][b] { canvas.drawLine(line, origin: origin, positions: positions) }
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
