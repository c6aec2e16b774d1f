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

    /// Every glyph in logical order, with the byte offset of its cluster in the joined text.
    func forEachGlyph(_ body: (Int, UnsafeMutablePointer<PangoGlyphInfo>) -> Void) {
        forEachGlyph { byte, info, _, _ in body(byte, info) }
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

    /// The glyphs each font will draw, for subsetting.
    func collectGlyphs(into subsetter: FontSubsetter) {
        for p in pieces {
            guard let font = p.item.pointee.analysis.font else { continue }
            let g = p.glyphs.pointee
            var ids: [UInt32] = []
            for k in 0..<Int(g.num_glyphs) {
                let id = g.glyphs[k].glyph
                if id & PANGO_GLYPH_UNKNOWN_FLAG == 0 && id != PANGO_GLYPH_EMPTY { ids.append(id) }
            }
            subsetter.collect(font: font, glyphs: ids)
        }
    }

    /// Draws the glyphs from `x` on the baseline `y`, piece after piece, each in its run's colour.
    /// Cairo receives the text with its clusters, so the PDF text copies as written. With a
    /// subsetter, glyphs come from the subset faces.
    func draw(on cr: OpaquePointer, x: Double, y: Double, subsets: FontSubsetter? = nil) {
        var pen = x
        for (k, p) in pieces.enumerated() {
            let c = runs[p.run].colour
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
            storage[storageIndex(k)].withUnsafeBufferPointer { buf in
                let text = buf.baseAddress!
                if let subsets, let font = p.item.pointee.analysis.font, let scaled = subsets.scaledFont(for: font),
                   let glyphMap = subsets.glyphMap(of: font),
                   showFromSubset(cr, scaled, text: text, piece: p, x: pen, y: y, map: { glyphMap[$0] }) {
                    return
                }
                cairo_move_to(cr, pen, y)
                var item = PangoGlyphItem(item: p.item, glyphs: p.glyphs, y_offset: 0, start_x_offset: 0, end_x_offset: 0)
                pango_cairo_show_glyph_item(cr, text, &item)
            }
            pen += Double(pango_glyph_string_get_width(p.glyphs)) / pangoScale
        }
    }

    /// cairo_show_text_glyphs with the piece's glyphs and their clusters; false when the piece has a
    /// glyph the subset cannot draw (a missing-glyph box), which Pango then draws itself.
    private func showFromSubset(_ cr: OpaquePointer, _ scaled: OpaquePointer, text: UnsafePointer<CChar>, piece p: Piece,
                                x: Double, y: Double, map: (UInt32) -> UInt32?) -> Bool {
        let g = p.glyphs.pointee
        let n = Int(g.num_glyphs)
        let itemStart = Int(p.item.pointee.offset), itemLength = Int(p.item.pointee.length)
        var glyphs: [cairo_glyph_t] = []
        glyphs.reserveCapacity(n)
        var clusters: [cairo_text_cluster_t] = []
        var pen = x
        var k = 0
        while k < n {
            let byte = Int(g.log_clusters[k])
            var end = k
            while end < n, Int(g.log_clusters[end]) == byte { end += 1 }
            let nextByte = end < n ? Int(g.log_clusters[end]) : itemLength
            var drawn: Int32 = 0
            for j in k..<end {
                let info = g.glyphs[j]
                if info.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0 { return false }
                if info.glyph != PANGO_GLYPH_EMPTY {
                    guard let id = map(info.glyph) else { return false }
                    glyphs.append(cairo_glyph_t(index: UInt(id),
                                                x: pen + Double(info.geometry.x_offset) / pangoScale,
                                                y: y + Double(info.geometry.y_offset) / pangoScale))
                    drawn += 1
                }
                pen += Double(info.geometry.width) / pangoScale
            }
            clusters.append(cairo_text_cluster_t(num_bytes: Int32(nextByte - byte), num_glyphs: drawn))
            k = end
        }
        cairo_set_scaled_font(cr, scaled)
        cairo_show_text_glyphs(cr, text + itemStart, Int32(itemLength), glyphs, Int32(glyphs.count),
                               clusters, Int32(clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
        return true
    }

    /// Pieces are appended run by run, skipping empty runs: map a piece to its run's C string.
    private func storageIndex(_ piece: Int) -> Int {
        let run = pieces[piece].run
        return runs[..<run].filter { !$0.text.isEmpty }.count
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
