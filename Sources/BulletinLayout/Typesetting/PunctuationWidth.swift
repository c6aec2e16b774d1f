import BulletinCore
import LayoutSpec

/// Punctuation width adjustment (标点挤压). A full-width mark is half ink, half blank: closing,
/// pause and stop marks have their blank on the right, opening marks on the left. The style decides
/// which blanks are dropped at rest; adjacent marks always drop the blank between them, so 。” takes
/// one and a half cells and 》） one and a half, not two.
enum PunctuationWidth {
    /// Marks narrower than this (proportional quotes in some fonts) have no blank to give.
    static let fullWidthThreshold = 0.9

    /// Some fonts (LXGW WenKai, say) have proportional curly quotes and middle dots. Chinese text
    /// wants them in a full cell: the glyph goes in the half where a Chinese font would put its ink
    /// (opening marks right, closing marks left, the 间隔号 in the middle), so they take part in the
    /// grid and in compression like any other mark.
    static func widenNarrowMark(_ unit: inout Unit) {
        guard unit.cls.isFullWidthPunctuation || unit.cls == .middleDot, unit.advance < unit.em * fullWidthThreshold,
              unit.advance.value > 0 else { return }
        let cell = unit.cell
        let half = cell / 2
        switch unit.cls {
        case .opening: unit.glyphOffset = half + Swift.max(.zero, (half - unit.advance) / 2)
        case .middleDot: unit.glyphOffset = Swift.max(.zero, (cell - unit.advance) / 2)
        default: unit.glyphOffset = Swift.max(.zero, (half - unit.advance) / 2)
        }
        unit.advance = cell
    }

    /// ？ and ！ keep their full cell in every style, even next to another mark: squeezed, they read
    /// as the Latin ?!.
    static func neverCompressed(_ scalar: UInt32) -> Bool { scalar == 0xFF1F || scalar == 0xFF01 }

    static func applyStyle(_ style: PunctuationStyle, to unit: inout Unit) {
        guard unit.cls.isFullWidthPunctuation, unit.advance >= unit.em * fullWidthThreshold else { return }
        guard !neverCompressed(unit.scalar) else { unit.blank = .zero; return }
        unit.blank = unit.advance / 2
        switch style {
        case .fullWidth:
            break
        case .kaiming:
            // 开明式: 。？！ keep their cells, every other mark is half.
            if unit.cls != .stop { dropBlank(&unit) }
        case .halfWidth:
            dropBlank(&unit)
        }
    }

    /// A pair split by a line break is no pair: the mark at the line's end or start gets its blank back.
    static func restoreAtLineEdges(_ units: inout [Unit]) {
        guard !units.isEmpty else { return }
        restoreEnd(&units[units.count - 1])
        restoreStart(&units[0])
    }

    static func restoreEnd(_ u: inout Unit) {
        guard u.droppedForNext.value > 0 else { return }
        u.advance += u.droppedForNext
        u.blank += u.droppedForNext
        u.droppedForNext = .zero
    }

    static func restoreStart(_ u: inout Unit) {
        guard u.droppedForPrevious.value > 0 else { return }
        u.advance += u.droppedForPrevious
        u.blank += u.droppedForPrevious
        u.glyphOffset += u.droppedForPrevious
        u.droppedForPrevious = .zero
    }

    /// Drops the blank of a mark: a closing mark loses its right half, an opening mark its left half
    /// (its glyph moves left with it).
    /// An enumerator's full-width point (1．) sits close to its number: half a cell, as "1." reads,
    /// so the item's text follows without a blank cell's gap.
    static func narrowEnumeratorPoint(_ unit: inout Unit, after prev: Unit) {
        if unit.scalar == 0xFF0E, prev.cls == .digit { dropBlank(&unit) }
    }

    static func dropBlank(_ unit: inout Unit, amount: Points? = nil) {
        let take = Swift.min(amount ?? unit.blank, unit.blank)
        guard take.value > 0 else { return }
        unit.advance -= take
        unit.blank -= take
        if unit.cls == .opening { unit.glyphOffset -= take }
    }

    /// Adjacent marks: a mark with a trailing blank followed by another mark loses that blank;
    /// two opening marks in a row lose the blank between them (the second's left half).
    static func compressAdjacent(_ units: inout [Unit]) {
        guard units.count > 1 else { return }
        for i in 1..<units.count where units[i].glue.width.value == 0 {
            let a = units[i - 1].cls, b = units[i].cls
            guard a.isFullWidthPunctuation, b.isFullWidthPunctuation else { continue }
            if a.hasTrailingBlank && units[i - 1].blank.value > 0 {
                units[i - 1].droppedForNext = units[i - 1].blank
                dropBlank(&units[i - 1])
            } else if a == .opening && b == .opening && units[i].blank.value > 0 {
                units[i].droppedForPrevious = units[i].blank
                dropBlank(&units[i])
            }
        }
    }
}
