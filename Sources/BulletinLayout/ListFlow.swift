import BulletinCore
import BulletinModel
import LayoutSpec

/// Lines with a hanging marker: list items (1. / ●) and the 附件 notes (附件：1．…). The marker
/// stands in its own box; the text starts after it on every line, on a whole grid cell.
struct ListFlow {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points

    /// Cells a marker takes with the gap after it, rounded up so the text stays on the grid. A
    /// marker ending in a full-width mark or symbol (●, 1．) carries its own space.
    private func cells(_ marker: TextRun, _ e: ElementName) -> Points {
        let cell = styles.onGrid(e) ? styles.characterPitch : styles.style(e).size
        let last = marker.text.last.map { typesetter.naturalWidth([marker.with(text: String($0))]) } ?? .zero
        let ownSpace = last >= marker.size * 0.9
        let w = typesetter.naturalWidth([marker]) + (ownSpace ? .zero : styles.style(e).size * 0.25)
        return cell * (w / cell - 0.01).rounded(.up)
    }

    func item(_ b: Block, runs: [TextRun]) -> FlowBlock {
        let e = ElementName.listItem
        let s = styles.style(e)
        let indent = styles.horizontal(s.indent, e) + styles.horizontal(.em(2), e) * Double(max(0, b.level - 1))
        let markerRun = styles.run(b.marker ?? "", e)
        let hang = indent + (b.marker?.isEmpty == false ? cells(markerRun, e) : .zero)
        var lines = hanging(runs, e, role: .listItem, textLeft: hang)
        if let m = b.marker, !m.isEmpty, !lines.isEmpty {
            lines[0].companions.append((.listItem, typesetter.singleLine([markerRun]), indent))
        }
        var block = styles.block(e, lines, splittable: true)
        block.variant = { delta in
            guard var v = hanging(runs, e, role: .listItem, textLeft: hang, lineDelta: delta) else { return nil }
            if let m = b.marker, !m.isEmpty, !v.isEmpty { v[0].companions.append((.listItem, typesetter.singleLine([markerRun]), indent)) }
            return v
        }
        return block
    }

    /// 附件：1．甲 / 2．乙 (GB/T 9704 §7.3.5): the label once, the entries numbered when there are
    /// several, each wrapped under its own text.
    func attachments(_ items: [[TextRun]]) -> FlowBlock {
        let e = ElementName.attachment
        let s = styles.style(e)
        let indent = styles.horizontal(s.indent, e)
        let label = styles.run("附件：", e)
        let numbered = items.count > 1
        var lines: [FlowLine] = []
        for (i, item) in items.enumerated() {
            let number = styles.run("\(i + 1)．", e)
            let numberWidth = numbered ? cells(number, e) : .zero
            let textLeft = indent + typesetter.naturalWidth([label]) + numberWidth
            var set = hanging(item, e, role: .attachment, textLeft: textLeft)
            guard !set.isEmpty else { continue }
            if i == 0 { set[0].companions.append((.attachment, typesetter.singleLine([label]), indent)) }
            if numbered { set[0].companions.append((.attachment, typesetter.singleLine([number]), indent + typesetter.naturalWidth([label]))) }
            lines += set
        }
        var block = styles.block(e, lines, splittable: true)
        block.keepWithPrevious = 0
        return block
    }

    private func hanging(_ runs: [TextRun], _ e: ElementName, role: BoxRole, textLeft: Points) -> [FlowLine] {
        let s = styles.style(e)
        let size = runs.map(\.size).max() ?? s.size
        return typesetter.compose(runs, firstLineWidth: width - textLeft, width: width - textLeft, justify: s.align == .justify)
            .map { FlowLine(role: role, line: $0, x: textLeft, size: size) }
    }

    private func hanging(_ runs: [TextRun], _ e: ElementName, role: BoxRole, textLeft: Points, lineDelta: Int) -> [FlowLine]? {
        let s = styles.style(e)
        let size = runs.map(\.size).max() ?? s.size
        return typesetter.compose(runs, firstLineWidth: width - textLeft, width: width - textLeft, justify: s.align == .justify, lineDelta: lineDelta)?
            .map { FlowLine(role: role, line: $0, x: textLeft, size: size) }
    }
}
