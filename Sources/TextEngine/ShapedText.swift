import CPangoCairo
import BulletinCore

/// Text shaped run by run: straight through HarfBuzz when the run's face has every character, else
/// itemized and shaped by Pango (font fallback and OpenType shaping stay Pango's), one run at a time
/// so each item keeps its run's colour. Keeps every glyph as a record; Pango's items and glyph
/// strings are freed as soon as they are read.
final class ShapedText {
    private(set) var glyphs: [GlyphRecord] = []
    let runStarts: [Int]
    /// Pango's fonts are held until the glyphs have been read: they key the measurer's caches.
    private var held: [UnsafeMutableRawPointer] = []

    init(_ runs: [TextRun], system: FontSystem, direct: Bool) {
        var starts: [Int] = []
        var offset = 0
        for r in runs { starts.append(offset); offset += r.text.utf8.count }
        runStarts = starts
        glyphs.reserveCapacity(offset / 2)
        for (i, r) in runs.enumerated() where !r.text.isEmpty {
            if direct, system.directShaper.shape(r, runStart: starts[i], into: &glyphs) { continue }
            shapeWithPango(r, runStart: starts[i], system: system)
        }
    }

    deinit { for f in held { g_object_unref(f) } }

    private func shapeWithPango(_ r: TextRun, runStart: Int, system: FontSystem) {
        let c = Array(r.text.utf8CString)
        let length = Int32(c.count - 1)
        let attrs = ShapedText.attributes(for: r, length: Int(length))
        defer { pango_attr_list_unref(attrs) }
        c.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress!
            var list = pango_itemize(system.ctx, base, 0, length, attrs, nil)
            let head = list
            while let node = list {
                let item = node.pointee.data.assumingMemoryBound(to: PangoItem.self)
                let string = pango_glyph_string_new()!
                pango_shape_with_flags(base + Int(item.pointee.offset), item.pointee.length, base, length,
                                       &item.pointee.analysis, string, PANGO_SHAPE_NONE)
                let font = item.pointee.analysis.font.map { f -> GlyphFont in
                    held.append(g_object_ref(UnsafeMutableRawPointer(f))!)
                    return GlyphFont.pango(UnsafeMutableRawPointer(f))
                }
                let g = string.pointee
                for k in 0..<Int(g.num_glyphs) {
                    let info = g.glyphs[k]
                    glyphs.append(GlyphRecord(byte: runStart + Int(item.pointee.offset) + Int(g.log_clusters[k]), glyph: info.glyph,
                                              width: info.geometry.width, xOffset: info.geometry.x_offset,
                                              yOffset: info.geometry.y_offset, font: font))
                }
                pango_glyph_string_free(string)
                pango_item_free(item)
                list = node.pointee.next
            }
            g_list_free(head)
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
