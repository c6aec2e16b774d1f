import BulletinCore
import BulletinLayout
import TextEngine

/// Draws a page tree onto a canvas; the same code paints the PDF and the PNG previews.
public struct Painter {
    public init() {}

    public func paint(_ tree: PageTree, on canvas: Canvas) throws {
        for page in tree.pages {
            canvas.beginPage()
            for box in page.boxes {
                switch box.content {
                case .text(let runs, let origin, _, let positions):
                    canvas.drawLine(runs, origin: origin, positions: positions)
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
