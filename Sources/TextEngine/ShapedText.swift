import CPangoCairo
import BulletinCore

/// Text itemized and shaped by Pango (font fallback and OpenType shaping stay Pango's), one run at a
/// time so each item keeps its run's colour. Owns its items and glyph strings and frees them.
final class ShapedText {
    private struct Piece {
        let item: UnsafeMutablePointer<PangoItem>
        let glyphs: UnsafeMutablePointer<PangoGlyphString>
        /// UTF-8 offset of the piece's run in the joined text.
        let runStart: Int
        let run: Int
    }

    private var pieces: [Piece] = []
    /// Each run's text as a NUL-terminated C string; items point into it.
    private var storage: [[CChar]] = []
    let runs: [TextRun]
    let runStarts: [Int]

    init(_ runs: [TextRun], system: FontSystem) {
        self.runs = runs
        var starts: [Int] = []
        var offset = 0
        for r in runs { starts.append(offset); offset += r.text.utf8.count }
        runStarts = starts
        for (i, r) in runs.enumerated() where !r.text.isEmpty {
            let c = Array(r.text.utf8CString)
            storage.append(c)
            let length = Int32(c.count - 1)
            let attrs = ShapedText.attributes(for: r, length: Int(length))
            c.withUnsafeBufferPointer { buf in
                let base = buf.baseAddress!
                var list = pango_itemize(system.ctx, base, 0, length, attrs, nil)
                let head = list
                while let node = list {
                    let item = node.pointee.data.assumingMemoryBound(to: PangoItem.self)
                    let glyphs = pango_glyph_string_new()!
                    pango_shape_with_flags(base + Int(item.pointee.offset), item.pointee.length, base, length,
                                           &item.pointee.analysis, glyphs, PANGO_SHAPE_NONE)
                    pieces.append(Piece(item: item, glyphs: glyphs, runStart: starts[i], run: i))
                    list = node.pointee.next
                }
                g_list_free(head)
            }
            pango_attr_list_unref(attrs)
        }
    }

    deinit {
        for p in pieces {
            pango_glyph_string_free(p.glyphs)
            pango_item_free(p.item)
        }
    }

    /// Every glyph with its cluster's byte offset, the font Pango chose for it and its run.
    func forEachGlyph(_ body: (Int, UnsafeMutablePointer<PangoGlyphInfo>, UnsafeMutablePointer<PangoFont>?, Int) -> Void) {
        for p in pieces {
            let g = p.glyphs.pointee
            for k in 0..<Int(g.num_glyphs) {
                body(p.runStart + Int(p.item.pointee.offset) + Int(g.log_clusters[k]), g.glyphs + k, p.item.pointee.analysis.font, p.run)
            }
        }
    }

    static func attributes(for r: TextRun, length: Int) -> OpaquePointer {
        let attrs = pango_attr_list_new()!
        func add(_ a: UnsafeMutablePointer<PangoAttribute>?, _ start: Int, _ end: Int) {
            guard let a else { return }
            a.pointee.start_index = UInt32(start)
            a.pointee.end_index = UInt32(end)
            pango_attr_list_insert(attrs, a)
        }
        add(pango_attr_language_new(pango_language_from_string("zh-cn")), 0, length)
        add(pango_attr_family_new(r.face.family), 0, length)
        add(pango_attr_weight_new(r.face.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), 0, length)
        add(pango_attr_size_new_absolute(Int32((r.size.value * pangoScale).rounded())), 0, length)
        for (range, feature) in FontFeatures.featureRanges(r.text, halfWidthLatin: r.halfWidthLatin) {
            add(pango_attr_font_features_new(feature), range.lowerBound, range.upperBound)
        }
        return attrs
    }
}
