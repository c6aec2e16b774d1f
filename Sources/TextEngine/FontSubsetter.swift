import Foundation
import Synchronization
import CPangoCairo
import BulletinCore

/// A face of a font file: what subsets and Cairo font faces are made of.
struct FaceKey: Hashable, Sendable {
    var file: String
    var index: Int
}

extension FontKey {
    /// The face this font is a size of.
    var face: FaceKey { FaceKey(file: file, index: index) }
}

/// Cuts faces down with HarfBuzz's subsetter to the glyphs a document draws, desubroutinized and
/// without hinting or layout tables: what the PDF embeds (`PDFFontFace`).
enum FontSubsetter {
    /// The subset font's bytes and the old-to-new glyph map, or nil when HarfBuzz cannot subset it.
    /// Its character map holds the characters of `mapped` its glyphs come from (see
    /// `CharacterMapFace`); a face that cannot be cut down that way is cut down whole.
    static func subset(_ face: OpaquePointer, glyphs: Set<UInt32>, mapped: Set<UInt32>) -> SubsetResult? {
        subset(face, glyphs: glyphs, pairs: CharacterMapFace.pairs(in: face, characters: mapped, glyphs: glyphs))
    }

    /// The same, the character map's characters and glyphs given.
    private static func subset(_ face: OpaquePointer, glyphs: Set<UInt32>, pairs: [(character: UInt32, glyph: UInt32)]) -> SubsetResult? {
        guard let small = CharacterMapFace.make(from: face, pairs: pairs) else { return subset(face, glyphs: glyphs) }
        defer { hb_face_destroy(small) }
        return subset(small, glyphs: glyphs) ?? subset(face, glyphs: glyphs)
    }

    /// The same, keeping the face's whole character map for the glyphs kept.
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

    static func tag(_ s: String) -> UInt32 {
        s.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

struct SubsetResult: Sendable {
    var data: Data
    /// Original glyph id → glyph id in the subset.
    var mapping: [UInt32: UInt32]
}

/// A FreeType library and the lock every use of it takes: FreeType allows one thread at a time per
/// library, and Cairo may release a face (FT_Done_Face) from whichever thread drops its font.
final class FreeTypeLibrary {
    private let library: FT_Library?
    private let lock = Guarded<Void>(())

    init() {
        var lib: FT_Library?
        FT_Init_FreeType(&lib)
        library = lib
    }

    deinit {
        if let library { FT_Done_FreeType(library) }
    }

    /// A Cairo font face over a face of a font file (for drawing PNG pages, which need no subset).
    func makeCairoFace(file: String, index: Int) -> OpaquePointer? {
        guard let library else { return nil }
        var ft: FT_Face?
        var status: FT_Error = 0
        lock.withLock { _ in status = FT_New_Face(library, file, FT_Long(index), &ft) }
        guard status == 0, let ft, let face = cairo_ft_font_face_create_for_ft_face(ft, 0) else {
            if let ft { done(ft) }
            return nil
        }
        let storage = Unmanaged.passRetained(FaceStorage(face: ft, library: self)).toOpaque()
        cairo_font_face_set_user_data(face, bulletin_face_storage_key(), storage) { p in
            if let p { Unmanaged<FaceStorage>.fromOpaque(p).release() }
        }
        return face
    }

    func done(_ face: FT_Face) {
        lock.withLock { _ in _ = FT_Done_Face(face) }
    }
}

/// Owns a FreeType face; released by Cairo when it drops the font face.
private final class FaceStorage {
    let face: FT_Face
    let library: FreeTypeLibrary
    init(face: FT_Face, library: FreeTypeLibrary) { self.face = face; self.library = library }
    deinit { library.done(face) }
}
