import BulletinCore
import BulletinModel
import LayoutSpec

/// A photo and its caption as one block that stays together: the photo scaled to the text width
/// (or the share its figure asks for), never taller than a page leaves room for, centred, taking
/// whole grid rows so the text after it stays on the grid; the caption under it.
struct FigureFlow {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points
    let setter: LineSetter

    func block(_ f: Figure, image: ImageReference, caption: [TextRun], rowsPerPage: Int) -> (block: FlowBlock, dpi: Double) {
        let pitch = styles.linePitch
        let captionLines = caption.isEmpty ? [] : setter.lines(caption, .figureCaption, role: .figureCaption)
        let captionRows = captionLines.count * styles.rowsPerLine(.figureCaption)
        let upright = image.uprightSize
        let aspect = Double(upright.height) / Double(max(upright.width, 1))
        var w = width * (f.width ?? 1)
        // At most the page's rows less the caption's (and one row of air).
        let maxHeight = pitch * Double(max(1, rowsPerPage - captionRows - 1))
        if w * aspect > maxHeight { w = maxHeight / aspect }
        let h = w * aspect
        let rows = max(1, Int((h / pitch - 0.001).rounded(.up)))
        // Centred in its rows, counted like a table's from the middle of the gap above the first.
        let lift = (pitch - styles.style(.body).size) / 2
        let rect = Rect(x: (width - w) / 2, y: (pitch * Double(rows) - h) / 2 - lift, width: w, height: h)
        let photo = FlowLine.drawing(role: .figure, rows: rows, extras: [Box(role: .figure, content: .image(image, rect))])
        var block = styles.block(.figureCaption, [photo] + captionLines, splittable: false)
        block.floats = true
        // Printed size in inches against the pixels across.
        let dpi = Double(upright.width) / (w.value / 72)
        return (block, dpi)
    }
}
