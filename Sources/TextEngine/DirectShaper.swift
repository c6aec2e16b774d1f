import CPangoCairo
import CWordBreak
import BulletinCore

/// One glyph as shaped, in Pango units, with the font that set it.
struct GlyphRecord {
    /// UTF-8 offset of the glyph's cluster in the runs' joined text.
    var byte: Int
    var glyph: UInt32
    var width: Int32
    var xOffset: Int32
    var yOffset: Int32
    var font: GlyphFont?
}

/// The font a glyph was set in: one Pango chose, or a run's own face at the run's size.
enum GlyphFont: Hashable {
    case pango(UnsafeMutableRawPointer)
    case direct(face: Int, size: Int32)
}

/// Shapes a run straight through HarfBuzz when the run's face has every character in it, as Pango
/// would shape it: the same items (split where a feature, the script or the upright property
/// changes), the same language, context and font scale, in the face fontconfig matches for the
/// family as Pango asks for it, read from its file. Pango looks fonts up through fontconfig for every
/// size and again at every feature boundary (each digit set half-width is one), which made it the
/// largest part of laying an issue out. Text that needs font fallback, bidi, emoji or ignorables
/// goes through Pango as before. Belongs to one `FontSystem`.
final class DirectShaper {
    /// A face that runs are shaped in directly: the one fontconfig matches for the run's family as
    /// Pango asks for it (what `bulletin fonts` reports), read from its file.
    struct Face {
        let hbFace: OpaquePointer
        let charset: OpaquePointer?
        let file: String
        let index: Int
        /// Every family name the face answers to, lower-cased, and the first as it is written.
        let families: (all: Set<String>, display: String)
    }

    private unowned let system: FontSystem
    private(set) var faces: [Face] = []
    private struct FaceRequest: Equatable { var family: String; var bold: Bool }
    /// Each request's face, or nil when it cannot be shaped directly. Like the fonts below, a
    /// handful of entries: a list searched in order (see `PangoMeasurer.fontIndex`).
    private var requests: [(request: FaceRequest, face: Int?)] = []
    private struct SizedFace: Equatable { var face: Int; var size: Int32 }
    private var hbFonts: [(key: SizedFace, font: OpaquePointer)] = []
    private let buffer: OpaquePointer
    private let zhCN = pango_language_from_string("zh-cn")

    init(system: FontSystem) {
        self.system = system
        buffer = hb_buffer_create()
    }

    deinit {
        releaseFonts()
        hb_buffer_destroy(buffer)
    }

    func releaseFonts() {
        for f in hbFonts { hb_font_destroy(f.font) }
        for f in faces { hb_face_destroy(f.hbFace) }
        hbFonts = []
        faces = []
        requests = []
    }

    /// The family names of a direct face.
    func familyNames(of face: Int) -> (all: Set<String>, display: String) { faces[face].families }

    /// The face a direct glyph was set in and its size in points.
    func fontKey(face: Int, size: Int32) -> FontKey {
        FontKey(file: faces[face].file, index: faces[face].index, size: Points(Double(size) / pangoScale))
    }

    /// Shapes `run` (whose text starts at `runStart` in the joined text) into `out`; false, with
    /// nothing added, when the run needs Pango.
    func shape(_ run: TextRun, runStart: Int, into out: inout [GlyphRecord]) -> Bool {
        let text = run.text
        let size = Int32((run.size.value * pangoScale).rounded())
        guard size > 0 else { return false }
        // One pass over the characters: those that need Pango (fallback fonts, bidi, emoji
        // sequences, ignorables) send the run there; the others give their offsets and the places
        // where the upright property changes, where Pango starts a new item.
        var scalars: [(offset: Int, value: UInt32, space: Bool)] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        var cuts: [Int] = [0]
        var hasInk = false
        var offset = 0
        var upright: Bool?
        for s in text.unicodeScalars {
            let v = s.value
            // Han, kana and the CJK marks need none of the checks below.
            let common = (0x3001...0x303F).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xFF01...0xFF5E).contains(v) || (0x21...0x7E).contains(v)
            var space = false
            if !common {
                switch s.properties.generalCategory {
                case .control, .format, .surrogate, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .nonspacingMark, .enclosingMark:
                    return false
                case .spaceSeparator:
                    space = true
                default: break
                }
                if (0x0590...0x08FF).contains(v) || (0xFB1D...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
                    || (0x10800...0x10FFF).contains(v) || (0x1E800...0x1EFFF).contains(v) { return false }
                if (0xFE00...0xFE0F).contains(v) || v >= 0x1F000 || s.properties.isEmojiPresentation { return false }
            }
            if !space { hasInk = true }
            let u = bulletin_is_upright(v) != 0
            if let before = upright, before != u { cuts.append(offset) }
            upright = u
            scalars.append((offset, v, space))
            offset += s.utf8.count
        }
        guard hasInk else { return false }

        let bytes = Array(text.utf8)
        // Item boundaries, as Pango makes them: feature ranges, script runs, upright changes.
        let features = FontFeatures.featureRanges(text, halfWidthLatin: run.halfWidthLatin)
        for (range, _) in features { cuts.append(range.lowerBound); cuts.append(range.upperBound) }
        var scripts: [(end: Int, script: PangoScript)] = []
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                guard let iter = pango_script_iter_new(base, Int32(buf.count)) else { return }
                defer { pango_script_iter_free(iter) }
                repeat {
                    var start: UnsafePointer<CChar>?, end: UnsafePointer<CChar>?
                    var script = PANGO_SCRIPT_COMMON
                    pango_script_iter_get_range(iter, &start, &end, &script)
                    if let end { scripts.append((end - base, script)) }
                } while pango_script_iter_next(iter) != 0
            }
        }
        for s in scripts { cuts.append(s.end) }
        cuts.append(bytes.count)
        cuts.sort()
        var items: [Int] = []
        items.reserveCapacity(cuts.count)
        for c in cuts where c != items.last { items.append(c) }

        // The run's face must have every character that is not a space (Pango gives spaces the
        // font around them).
        guard let face = face(family: run.face.family, bold: run.face.bold) else { return false }
        for c in scalars where !(c.space && (c.value != 0x20 || hasChar(face, c.value))) {
            guard hasChar(face, c.value) else { return false }
        }
        // Each item's script and the language Pango derives from it.
        var plan: [(start: Int, end: Int, script: PangoScript, language: OpaquePointer?)] = []
        var scriptIndex = 0
        for k in 0..<(items.count - 1) {
            let start = items[k], end = items[k + 1]
            while scripts.count > scriptIndex + 1 && scripts[scriptIndex].end <= start { scriptIndex += 1 }
            let script = scripts.isEmpty ? PANGO_SCRIPT_COMMON : scripts[scriptIndex].script
            let language: OpaquePointer? = pango_language_includes_script(zhCN, script) != 0
                ? zhCN : (pango_script_get_sample_language(script) ?? pango_language_from_string("xx"))
            plan.append((start, end, script, language))
        }

        let hbFont = font(face: face, size: size)
        // Feature ranges come in text order, like the items: one cursor walks both.
        let parsed = features.map { (range: $0.0, features: parsedFeatures($0.1)) }
        var nextFeature = 0
        let mark = out.count
        let ok: Bool = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { base in
                for item in plan {
                    hb_buffer_clear_contents(buffer)
                    hb_buffer_set_direction(buffer, HB_DIRECTION_LTR)
                    hb_buffer_set_script(buffer, hb_script_from_iso15924_tag(g_unicode_script_to_iso15924(GUnicodeScript(rawValue: item.script.rawValue))))
                    hb_buffer_set_language(buffer, hb_language_from_string(pango_language_to_string(item.language), -1))
                    hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS)
                    hb_buffer_set_flags(buffer, hb_buffer_flags_t(rawValue: HB_BUFFER_FLAG_BOT.rawValue | HB_BUFFER_FLAG_EOT.rawValue))
                    hb_buffer_set_invisible_glyph(buffer, hb_codepoint_t(PANGO_GLYPH_EMPTY))
                    // The item with the run's text before and after it as context, as Pango adds it.
                    hb_buffer_add_utf8(buffer, base, Int32(item.start), UInt32(item.start), 0)
                    hb_buffer_add_utf8(buffer, base, Int32(item.end), UInt32(item.start), Int32(item.end - item.start))
                    hb_buffer_add_utf8(buffer, base, Int32(buf.count), UInt32(item.end), 0)
                    var hbFeatures: [hb_feature_t] = []
                    while nextFeature < parsed.count && parsed[nextFeature].range.upperBound <= item.start { nextFeature += 1 }
                    var k = nextFeature
                    while k < parsed.count && parsed[k].range.lowerBound < item.end {
                        let range = parsed[k].range
                        for var f in parsed[k].features {
                            // A feature over the whole item is global to its buffer: the same glyphs,
                            // and HarfBuzz keeps the shape plan of global features for the next item.
                            if range.lowerBound <= item.start && range.upperBound >= item.end {
                                f.start = 0
                                f.end = UInt32.max
                            } else {
                                f.start = UInt32(range.lowerBound)
                                f.end = UInt32(range.upperBound)
                            }
                            hbFeatures.append(f)
                        }
                        k += 1
                    }
                    hb_shape(hbFont, buffer, hbFeatures, UInt32(hbFeatures.count))
                    var n: UInt32 = 0
                    guard let infos = hb_buffer_get_glyph_infos(buffer, &n), let positions = hb_buffer_get_glyph_positions(buffer, nil) else { return false }
                    for g in 0..<Int(n) {
                        let info = infos[g], pos = positions[g]
                        // A character with no glyph after all: Pango would have marked it, so it decides.
                        if info.codepoint == 0 { return false }
                        out.append(GlyphRecord(byte: runStart + Int(info.cluster), glyph: info.codepoint,
                                               width: pos.x_advance, xOffset: pos.x_offset, yOffset: -pos.y_offset,
                                               font: .direct(face: face, size: size)))
                    }
                }
                return true
            }
        }
        if !ok { out.removeSubrange(mark...) }
        return ok
    }

    private func hasChar(_ face: Int, _ c: UInt32) -> Bool {
        guard let charset = faces[face].charset else { return false }
        return FcCharSetHasChar(charset, c) != 0
    }

    /// HarfBuzz features of a feature list ("fwid,-liga"), parsed once.
    private var featureCache: [String: [hb_feature_t]] = [:]
    private func parsedFeatures(_ list: String) -> [hb_feature_t] {
        if let hit = featureCache[list] { return hit }
        var out: [hb_feature_t] = []
        for name in list.split(separator: ",") {
            var f = hb_feature_t()
            if name.withCString({ hb_feature_from_string($0, -1, &f) }) != 0 { out.append(f) }
        }
        featureCache[list] = out
        return out
    }

    /// The face of a run's family, when it can be shaped directly (a plain face: not a variable
    /// font, which Pango sets up with more than a scale).
    private func face(family: String, bold: Bool) -> Int? {
        let key = FaceRequest(family: family, bold: bold)
        if let known = requests.first(where: { $0.request == key }) { return known.face }
        let found = loadFace(family: family, bold: bold)
        requests.append((key, found))
        return found
    }

    private func loadFace(family: String, bold: Bool) -> Int? {
        guard let entry = system.matchedFace(forFamily: family, bold: bold), entry.index >> 16 == 0 else { return nil }
        if let same = faces.firstIndex(where: { $0.file == entry.file && $0.index == Int(entry.index) }) { return same }
        guard let blob = hb_blob_create_from_file_or_fail(entry.file) else { return nil }
        let hbFace = hb_face_create(blob, UInt32(entry.index))!
        hb_blob_destroy(blob)
        guard hb_face_get_glyph_count(hbFace) > 0, hb_ot_var_get_axis_count(hbFace) == 0 else {
            hb_face_destroy(hbFace)
            return nil
        }
        var charset: OpaquePointer?
        _ = FcPatternGetCharSet(entry.pattern, FC_CHARSET, 0, &charset)
        let names = patternFamilies(entry.pattern)
        faces.append(Face(hbFace: hbFace, charset: charset, file: entry.file, index: Int(entry.index),
                          families: (Set(names.map { $0.lowercased() }), names.first ?? "?")))
        return faces.count - 1
    }

    /// The face at `size` (Pango units), scaled as Pango scales its own HarfBuzz font.
    private func font(face: Int, size: Int32) -> OpaquePointer {
        let key = SizedFace(face: face, size: size)
        if let hit = hbFonts.first(where: { $0.key == key }) { return hit.font }
        let font = hb_font_create(faces[face].hbFace)!
        hb_font_set_scale(font, size, size)
        hb_font_set_ptem(font, Float(Double(size) / pangoScale))
        hbFonts.append((key, font))
        return font
    }
}
