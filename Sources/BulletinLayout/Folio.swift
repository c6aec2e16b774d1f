import BulletinCore
import LayoutSpec

/// The page number "— N —" below the text block: odd pages at the right, even pages at the left,
/// each one character in from the edge (GB/T 9704 §7.5).
struct Folio {
    let styles: StyleSheet
    let typesetter: Typesetter

    func box(page number: Int, blockLeft: Points, blockBottom: Points) -> Box {
        let spec = styles.spec
        let text = spec.folioFormat.replacingOccurrences(of: "{n}", with: String(number))
        let run = styles.run(text, .folio)
        let line = typesetter.singleLine([run])
        let w = line.width
        let inset = spec.folioInset.resolve(em: run.size, linePitch: styles.linePitch)
        let x = number % 2 == 1 ? blockLeft + spec.page.textWidth - inset - w : blockLeft + inset
        // The dash sits at mid-em, 0.38 em above the baseline; it lies `offset` below the block.
        let baseline = blockBottom + spec.folioOffset + run.size * 0.38
        return Box(role: .folio, line: line, origin: Point(x: x, y: baseline))
    }
}
