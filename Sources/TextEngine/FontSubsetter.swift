import Foundation
import CPangoCairo
import BulletinCore

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
