import Foundation
import CPangoCairo
import BulletinCore

/// Makes PDFs lean: before a document is drawn, every font it uses is cut down with HarfBuzz's
/// subsetter to the glyphs the document draws, desubroutinized. The glyphs are then drawn from those
/// small faces (through HarfBuzz's old-to-new glyph map); Cairo embeds its own subset of the small
/// face, instead of one that drags all of Noto CJK's subroutines along. Owns every handle it creates.
final class FontSubsetter {
    private struct Entry {
        var face: OpaquePointer            // hb_face_t of the original font (referenced)
        /// The font's file and face index, to subset from a face of our own that is freed afterwards
        /// (Pango's face would keep HarfBuzz's subsetting tables for the rest of the process).
        var file: String?
        var index: UInt32 = 0
        var glyphs: Set<UInt32> = []
        var cairoFace: OpaquePointer?      // cairo_font_face_t of the subset
        /// Original glyph id → glyph id in the subset.
        var newGlyph: [UInt32: UInt32] = [:]
    }

    private var entries: [UnsafeMutableRawPointer: Entry] = [:]
    private var scaledFonts: [UnsafeMutableRawPointer: OpaquePointer] = [:]

    /// One FreeType library for the process: Cairo may keep a subset face (in its font caches) after
    /// this subsetter is gone, and a face must not outlive its library.
    nonisolated(unsafe) private static var library: FT_Library? = {
        var lib: FT_Library?
        FT_Init_FreeType(&lib)
        return lib
    }()

    deinit {
        for sf in scaledFonts.values { cairo_scaled_font_destroy(sf) }
        for e in entries.values {
            if let c = e.cairoFace { cairo_font_face_destroy(c) }
            hb_face_destroy(e.face)
        }
    }

    static func key(_ font: UnsafeMutablePointer<PangoFont>) -> (UnsafeMutableRawPointer, OpaquePointer)? {
        guard let hbFont = pango_font_get_hb_font(font), let face = hb_font_get_face(hbFont) else { return nil }
        return (UnsafeMutableRawPointer(face), face)
    }

    /// Notes the glyphs of one font that will be drawn.
    func collect(font: UnsafeMutablePointer<PangoFont>, glyphs: [UInt32]) {
        guard let (key, face) = FontSubsetter.key(font) else { return }
        if entries[key] == nil {
            var e = Entry(face: hb_face_reference(face))
            if let pattern = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(font))) {
                var file: UnsafeMutablePointer<FcChar8>?
                var index: Int32 = 0
                if FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file { e.file = String(cString: file) }
                if FcPatternGetInteger(pattern, FC_INDEX, 0, &index) == FcResultMatch { e.index = UInt32(max(0, index)) }
            }
            entries[key] = e
        }
        entries[key]!.glyphs.formUnion(glyphs)
    }

    /// Subsets every collected font, in parallel (each font is independent); a font that cannot be
    /// subset is drawn as it is.
    func build() {
        let keys = entries.keys.filter { entries[$0]!.cairoFace == nil }.sorted { UInt(bitPattern: $0) < UInt(bitPattern: $1) }
        let jobs = keys.map { (entries[$0]!.face, entries[$0]!.glyphs, entries[$0]!.file, entries[$0]!.index) }
        var results = [(Data, [UInt32: UInt32])?](repeating: nil, count: jobs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            var r: (Data, [UInt32: UInt32])?
            if let file = jobs[i].2, let blob = hb_blob_create_from_file_or_fail(file) {
                let own = hb_face_create(blob, jobs[i].3)
                hb_blob_destroy(blob)
                r = FontSubsetter.subset(own!, glyphs: jobs[i].1)
                hb_face_destroy(own)
            } else {
                r = FontSubsetter.subset(jobs[i].0, glyphs: jobs[i].1)
            }
            lock.lock(); results[i] = r; lock.unlock()
        }
        // FreeType's library is not thread-safe: faces are made one after another.
        for (i, key) in keys.enumerated() {
            guard let (data, mapping) = results[i], let copy = malloc(data.count) else { continue }
            data.withUnsafeBytes { _ = memcpy(copy, $0.baseAddress!, data.count) }
            var ft: FT_Face?
            guard FT_New_Memory_Face(FontSubsetter.library, copy.assumingMemoryBound(to: FT_Byte.self), FT_Long(data.count), 0, &ft) == 0,
                  let ft, let face = cairo_ft_font_face_create_for_ft_face(ft, 0) else {
                free(copy); continue
            }
            // The FreeType face and its bytes live exactly as long as Cairo's font face: Cairo keeps
            // recently used fonts cached, so freeing them here could leave it drawing from freed memory.
            let storage = Unmanaged.passRetained(SubsetFaceStorage(face: ft, data: copy)).toOpaque()
            cairo_font_face_set_user_data(face, &subsetFaceKey, storage) { p in
                if let p { Unmanaged<SubsetFaceStorage>.fromOpaque(p).release() }
            }
            entries[key]!.newGlyph = mapping
            entries[key]!.cairoFace = face
        }
    }

    /// The subset font's bytes and the old-to-new glyph map, or nil when HarfBuzz cannot subset it.
    static func subset(_ face: OpaquePointer, glyphs: Set<UInt32>) -> (Data, [UInt32: UInt32])? {
        guard let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let glyphSet = hb_subset_input_glyph_set(input)
        for g in glyphs.sorted() { hb_set_add(glyphSet, g) }
        hb_set_clear(hb_subset_input_unicode_set(input))
        // No layout features: the glyph set is final, so HarfBuzz need not close it over GSUB.
        hb_set_clear(hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG))
        // Layout tables and vertical metrics are not needed: the text is already shaped.
        let drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "VORG", "vhea", "vmtx"] { hb_set_add(drop, FontSubsetter.tag(tag)) }
        hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DESUBROUTINIZE.rawValue | HB_SUBSET_FLAGS_NO_HINTING.rawValue)
        guard let plan = hb_subset_plan_create_or_fail(face, input) else { return nil }
        defer { hb_subset_plan_destroy(plan) }
        let map = hb_subset_plan_old_to_new_glyph_mapping(plan)
        var mapping: [UInt32: UInt32] = [:]
        for g in glyphs {
            let n = hb_map_get(map, g)
            if n != UInt32.max { mapping[g] = n }
        }
        guard let subset = hb_subset_plan_execute_or_fail(plan) else { return nil }
        defer { hb_face_destroy(subset) }
        let blob = hb_face_reference_blob(subset)
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let bytes = hb_blob_get_data(blob, &length), length > 0 else { return nil }
        return (Data(bytes: bytes, count: Int(length)), mapping)
    }

    /// The subset's glyph ids for an original glyph of `font`.
    func glyphMap(of font: UnsafeMutablePointer<PangoFont>) -> [UInt32: UInt32]? {
        guard let (key, _) = FontSubsetter.key(font) else { return nil }
        return entries[key]?.newGlyph
    }

    /// A scaled font drawing from the subset of `font`, with the original's size and options; one per
    /// Pango font (a Pango font is one face at one size).
    func scaledFont(for font: UnsafeMutablePointer<PangoFont>) -> OpaquePointer? {
        if let hit = scaledFonts[UnsafeMutableRawPointer(font)] { return hit }
        guard let (key, _) = FontSubsetter.key(font), let face = entries[key]?.cairoFace,
              let original = pango_cairo_font_get_scaled_font(OpaquePointer(font)) else { return nil }
        var matrix = cairo_matrix_t(), ctm = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(original, &matrix)
        cairo_scaled_font_get_ctm(original, &ctm)
        let id = UnsafeMutableRawPointer(font)
        let options = cairo_font_options_create()
        cairo_scaled_font_get_font_options(original, options)
        let scaled = cairo_scaled_font_create(face, &matrix, &ctm, options)
        cairo_font_options_destroy(options)
        guard let scaled, cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS else { return nil }
        scaledFonts[id] = scaled
        return scaled
    }

    static func tag(_ s: String) -> UInt32 {
        s.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Owns a subset's FreeType face and font bytes; released by Cairo when it drops the font face.
private final class SubsetFaceStorage {
    let face: FT_Face
    let data: UnsafeMutableRawPointer
    init(face: FT_Face, data: UnsafeMutableRawPointer) { self.face = face; self.data = data }
    deinit {
        FT_Done_Face(face)
        free(data)
    }
}

nonisolated(unsafe) private var subsetFaceKey = cairo_user_data_key_t()
