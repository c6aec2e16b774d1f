import Foundation
import Synchronization
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
    /// The FreeType library the subset faces are opened with (the engine's; Cairo may keep a subset
    /// face in its caches after this subsetter is gone, and each face keeps its library alive).
    private let library: FreeTypeLibrary

    init(library: FreeTypeLibrary) { self.library = library }

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

    /// Subsets every collected font, in parallel (each font is independent, read from its own file
    /// into a HarfBuzz face of the job's own); a font that cannot be subset is drawn as it is.
    func build() {
        let keys = entries.keys.filter { entries[$0]!.cairoFace == nil }.sorted { UInt(bitPattern: $0) < UInt(bitPattern: $1) }
        let jobs: [SubsetJob] = keys.map { SubsetJob(file: entries[$0]!.file, index: entries[$0]!.index, glyphs: entries[$0]!.glyphs) }
        let results = Mutex<[Int: SubsetResult]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            guard let file = jobs[i].file, let blob = hb_blob_create_from_file_or_fail(file) else { return }
            let own = hb_face_create(blob, jobs[i].index)
            hb_blob_destroy(blob)
            let r = FontSubsetter.subset(own!, glyphs: jobs[i].glyphs)
            hb_face_destroy(own)
            if let r { results.withLock { $0[i] = r } }
        }
        var done = results.withLock { $0 }
        // A font known only through Pango (no file) is subset from Pango's face, here on this thread.
        for (i, key) in keys.enumerated() where done[i] == nil && jobs[i].file == nil {
            done[i] = FontSubsetter.subset(entries[key]!.face, glyphs: jobs[i].glyphs)
        }
        for (i, key) in keys.enumerated() {
            guard let result = done[i], let face = library.makeCairoFace(from: result.data) else { continue }
            entries[key]!.newGlyph = result.mapping
            entries[key]!.cairoFace = face
        }
    }

    /// The subset font's bytes and the old-to-new glyph map, or nil when HarfBuzz cannot subset it.
    static func subset(_ face: OpaquePointer, glyphs: Set<UInt32>) -> SubsetResult? {
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
        return SubsetResult(data: Data(bytes: bytes, count: Int(length)), mapping: mapping)
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

/// What one subsetting job needs: plain values, so jobs run on any thread.
private struct SubsetJob: Sendable {
    var file: String?
    var index: UInt32
    var glyphs: Set<UInt32>
}

struct SubsetResult: Sendable {
    var data: Data
    /// Original glyph id → glyph id in the subset.
    var mapping: [UInt32: UInt32]
}

/// A FreeType library and the lock every use of it takes: FreeType allows one thread at a time per
/// library, and Cairo may release a subset face (FT_Done_Face) from whichever thread drops its font.
final class FreeTypeLibrary {
    private let library: FT_Library?
    private let lock = Mutex<Void>(())

    init() {
        var lib: FT_Library?
        FT_Init_FreeType(&lib)
        library = lib
    }

    deinit {
        if let library { FT_Done_FreeType(library) }
    }

    /// A Cairo font face over a copy of `data`. The FreeType face and its bytes live exactly as long
    /// as Cairo's font face: Cairo keeps recently used fonts cached, so freeing them earlier could
    /// leave it drawing from freed memory.
    func makeCairoFace(from data: Data) -> OpaquePointer? {
        guard let library, let copy = malloc(data.count) else { return nil }
        data.withUnsafeBytes { _ = memcpy(copy, $0.baseAddress!, data.count) }
        var ft: FT_Face?
        var status: FT_Error = 0
        lock.withLock { _ in status = FT_New_Memory_Face(library, copy.assumingMemoryBound(to: FT_Byte.self), FT_Long(data.count), 0, &ft) }
        guard status == 0, let ft, let face = cairo_ft_font_face_create_for_ft_face(ft, 0) else {
            if let ft { done(ft) }
            free(copy)
            return nil
        }
        let storage = Unmanaged.passRetained(SubsetFaceStorage(face: ft, data: copy, library: self)).toOpaque()
        cairo_font_face_set_user_data(face, bulletin_subset_face_key(), storage) { p in
            if let p { Unmanaged<SubsetFaceStorage>.fromOpaque(p).release() }
        }
        return face
    }

    func done(_ face: FT_Face) {
        lock.withLock { _ in _ = FT_Done_Face(face) }
    }
}

/// Owns a subset's FreeType face and font bytes; released by Cairo when it drops the font face.
private final class SubsetFaceStorage {
    let face: FT_Face
    let data: UnsafeMutableRawPointer
    let library: FreeTypeLibrary
    init(face: FT_Face, data: UnsafeMutableRawPointer, library: FreeTypeLibrary) {
        self.face = face; self.data = data; self.library = library
    }
    deinit {
        library.done(face)
        free(data)
    }
}
