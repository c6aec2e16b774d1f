import CPangoCairo

/// A face to subset from: the font's tables, but a character map holding only the characters the
/// document uses. HarfBuzz's subsetter, given glyphs, reads the whole character map to keep every
/// character of the glyphs it keeps: Noto Serif CJK's 65,000 mappings took 5 ms of the PDF for the
/// masthead's hundred glyphs. The subset's character map (which Cairo reads to tell what a glyph
/// stands for) then holds those characters, and every other character of the document the glyphs
/// kept come from.
///
/// The face is a HarfBuzz face builder, which does not list its tables: the subsetter then looks
/// for the tables it knows (every outline, metric, name and layout table), and leaves out any other
/// (none of which a PDF embeds). A test compares the tables kept both ways.
enum CharacterMapFace {
    /// The characters of `characters` whose glyphs in `face` are in `glyphs`, with those glyphs,
    /// by character.
    static func pairs(in face: OpaquePointer, characters: Set<UInt32>, glyphs: Set<UInt32>) -> [(character: UInt32, glyph: UInt32)] {
        guard let font = hb_font_create(face) else { return [] }
        defer { hb_font_destroy(font) }
        var pairs: [(character: UInt32, glyph: UInt32)] = []
        for c in characters.sorted() {
            var g: hb_codepoint_t = 0
            if hb_font_get_nominal_glyph(font, c, &g) != 0, glyphs.contains(g) { pairs.append((c, g)) }
        }
        return pairs
    }

    /// A face of `face`'s tables with a character map of `pairs` (see `pairs(in:characters:glyphs:)`);
    /// nil when the face has no Unicode character map (a symbol font's is left as it is) or `pairs`
    /// is empty. Release it with `hb_face_destroy`.
    static func make(from face: OpaquePointer, pairs: [(character: UInt32, glyph: UInt32)]) -> OpaquePointer? {
        let cmap = FontSubsetter.tag("cmap")
        guard !pairs.isEmpty, hasUnicodeMap(face, cmap), let builder = hb_face_builder_create() else { return nil }
        var count = hb_face_get_table_tags(face, 0, nil, nil)
        var tags = [hb_tag_t](repeating: 0, count: Int(count))
        _ = hb_face_get_table_tags(face, 0, &count, &tags)
        for t in tags.prefix(Int(count)) where t != cmap {
            let blob = hb_face_reference_table(face, t)
            hb_face_builder_add_table(builder, t, blob)
            hb_blob_destroy(blob)
        }
        let bytes = table(pairs)
        let blob = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { hb_blob_create(UnsafePointer($0.baseAddress), UInt32($0.count), HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        }
        hb_face_builder_add_table(builder, cmap, blob)
        hb_blob_destroy(blob)
        hb_face_set_upem(builder, hb_face_get_upem(face))
        hb_face_set_glyph_count(builder, hb_face_get_glyph_count(face))
        return builder
    }

    /// Whether the face's character map has a Unicode subtable (platform 0, or platform 3 with
    /// encoding 1 or 10), read from its encoding records.
    static func hasUnicodeMap(_ face: OpaquePointer, _ cmap: hb_tag_t) -> Bool {
        let blob = hb_face_reference_table(face, cmap)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let data = hb_blob_get_data(blob, &length), length >= 4 else { return false }
        let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
        func u16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        let records = u16(2)
        for r in 0..<records where 4 + 8 * r + 4 <= Int(length) {
            let platform = u16(4 + 8 * r), encoding = u16(4 + 8 * r + 2)
            if platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10)) { return true }
        }
        return false
    }

    /// A `cmap` table with one Unicode subtable (platform 3, encoding 10, format 12): runs of
    /// consecutive characters on consecutive glyphs, one group each. `pairs` are sorted by character.
    static func table(_ pairs: [(character: UInt32, glyph: UInt32)]) -> [UInt8] {
        var groups: [(start: UInt32, end: UInt32, glyph: UInt32)] = []
        for p in pairs {
            if let last = groups.last, p.character == last.end + 1, p.glyph == last.glyph + (last.end - last.start) + 1 {
                groups[groups.count - 1].end = p.character
            } else {
                groups.append((p.character, p.character, p.glyph))
            }
        }
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) { out += [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        u16(0); u16(1)                          // version, one subtable
        u16(3); u16(10); u32(12)                // Windows, Unicode full repertoire, at offset 12
        u16(12); u16(0)                         // format 12
        u32(UInt32(16 + 12 * groups.count))     // length
        u32(0)                                  // language
        u32(UInt32(groups.count))
        for g in groups { u32(g.start); u32(g.end); u32(g.glyph) }
        return out
    }
}
