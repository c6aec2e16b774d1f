import Foundation
import Synchronization
import CPangoCairo
import BulletinCore

/// A face of a font file: what subsets and Cairo font faces are made of.
struct FaceKey: Hashable, Sendable {
    var file: String
    var index: Int
}

/// Makes PDFs lean: before a document is drawn, every face it uses is cut down with HarfBuzz's
/// subsetter to the glyphs the document draws, desubroutinized. The glyphs are then drawn from those
/// small faces (through HarfBuzz's old-to-new glyph map); Cairo embeds its own subset of the small
/// face, instead of one that drags all of Noto CJK's subroutines along. Owns every handle it creates.
final class FontSubsetter {
    private struct Entry {
        var glyphs: Set<UInt32> = []
        var cairoFace: OpaquePointer?      // cairo_font_face_t of the subset
        /// Original glyph id → glyph id in the subset.
        var newGlyph: [UInt32: UInt32] = [:]
    }

    private var entries: [FaceKey: Entry] = [:]
    /// The FreeType library the subset faces are opened with (the engine's; Cairo may keep a subset
    /// face in its caches after this subsetter is gone, and each face keeps its library alive).
    private let library: FreeTypeLibrary

    /// Faces already cut down while the issue was laid out.
    private let early: [EarlySubset]

    init(library: FreeTypeLibrary, early: [EarlySubset] = [], characters: Set<UInt32>) {
        self.library = library; self.early = early; self.characters = characters
    }

    deinit {
        for e in entries.values { if let c = e.cairoFace { cairo_font_face_destroy(c) } }
    }

    /// Notes glyphs of a face that will be drawn.
    func collect(_ face: FaceKey, glyph: UInt32) {
        entries[face, default: Entry()].glyphs.insert(glyph)
    }

    /// The characters of the document: the subsets' character maps hold those of them their glyphs
    /// come from (see `CharacterMapFace`).
    private let characters: Set<UInt32>

    /// Subsets every collected face, in parallel (each is independent, read from its own file into a
    /// HarfBuzz face of the job's own); a face that cannot be subset is left out (drawn from its file).
    func build() {
        // A face cut down early serves when it holds every glyph the document draws.
        for e in early {
            guard let entry = entries[e.face], entry.cairoFace == nil, let result = e.result(),
                  entry.glyphs.allSatisfy({ result.mapping[$0] != nil }), let face = library.makeCairoFace(from: result.data) else { continue }
            entries[e.face]!.newGlyph = result.mapping
            entries[e.face]!.cairoFace = face
        }
        // The face with the most glyphs first: on two cores the body face takes as long as all the
        // others together, and started last it made the whole wait for it.
        let keys = entries.keys.filter { entries[$0]!.cairoFace == nil }.sorted {
            (-entries[$0]!.glyphs.count, $0.file, $0.index) < (-entries[$1]!.glyphs.count, $1.file, $1.index)
        }
        let jobs: [SubsetJob] = keys.map { SubsetJob(file: $0.file, index: UInt32($0.index), glyphs: entries[$0]!.glyphs, characters: characters) }
        let results = Guarded<[Int: SubsetResult]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            guard let blob = hb_blob_create_from_file_or_fail(jobs[i].file) else { return }
            let own = hb_face_create(blob, jobs[i].index)
            hb_blob_destroy(blob)
            let r = FontSubsetter.subset(own!, glyphs: jobs[i].glyphs, mapped: jobs[i].characters)
            hb_face_destroy(own)
            if let r { results.withLock { $0[i] = r } }
        }
        let done = results.withLock { $0 }
        for (i, key) in keys.enumerated() {
            guard let result = done[i], let face = library.makeCairoFace(from: result.data) else { continue }
            entries[key]!.newGlyph = result.mapping
            entries[key]!.cairoFace = face
        }
    }

    /// The subset face of `face` and its glyph map, when it was subset.
    func subset(of face: FaceKey) -> (cairoFace: OpaquePointer, map: [UInt32: UInt32])? {
        guard let e = entries[face], let c = e.cairoFace else { return nil }
        return (c, e.newGlyph)
    }

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

    /// A subset holding every glyph `characters` map to, closed over every substitution of the
    /// face (any script, language and feature): a superset of what shaping can make of them.
    static func subset(_ face: OpaquePointer, characters: Set<UInt32>) -> SubsetResult? {
        guard let font = hb_font_create(face) else { return nil }
        defer { hb_font_destroy(font) }
        let glyphs = hb_set_create()!, lookups = hb_set_create()!
        defer { hb_set_destroy(glyphs); hb_set_destroy(lookups) }
        hb_set_add(glyphs, 0)
        // Each character's own glyph, looked up once: also what the subset's character map holds.
        var pairs: [(character: UInt32, glyph: UInt32)] = []
        for c in characters.sorted() {
            var g: hb_codepoint_t = 0
            if hb_font_get_nominal_glyph(font, c, &g) != 0 { hb_set_add(glyphs, g); pairs.append((c, g)) }
        }
        hb_ot_layout_collect_lookups(face, FontSubsetter.tag("GSUB"), nil, nil, nil, lookups)
        hb_ot_layout_lookups_substitute_closure(face, lookups, glyphs)
        var closed = Set<UInt32>()
        var g = hb_codepoint_t(UInt32.max)   // HB_SET_VALUE_INVALID: start of iteration
        while hb_set_next(glyphs, &g) != 0 { closed.insert(g) }
        return subset(face, glyphs: closed, pairs: pairs)
    }

    static func tag(_ s: String) -> UInt32 {
        s.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// What one subsetting job needs: plain values, so jobs run on any thread.
private struct SubsetJob: Sendable {
    var file: String
    var index: UInt32
    var glyphs: Set<UInt32>
    var characters: Set<UInt32>
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
    private let lock = Guarded<Void>(())

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
        let storage = Unmanaged.passRetained(SubsetFaceStorage(face: ft, data: nil, library: self)).toOpaque()
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
    let data: UnsafeMutableRawPointer?
    let library: FreeTypeLibrary
    init(face: FT_Face, data: UnsafeMutableRawPointer?, library: FreeTypeLibrary) {
        self.face = face; self.data = data; self.library = library
    }
    deinit {
        library.done(face)
        if let data { free(data) }
    }
}
