import Foundation
import CPangoCairo
import BulletinCore

/// One face as the PDF embeds it: cut down to the glyphs the document draws (`CompactFontSubset`
/// for a CID-keyed CFF face with few subroutines, HarfBuzz's subsetter for the rest), with the code
/// each drawn glyph is written as, its widths and the descriptor's figures. A CFF face goes in as
/// its CFF table (addressed by CID when it is CID-keyed), a TrueType face whole; a face neither can
/// cut down, or whose outlines a PDF cannot embed (CFF2, bitmaps), is drawn as outlines.
final class PDFFontFace: Sendable {
    enum Program { case compactFont([UInt8]), trueType([UInt8]) }

    /// The font's name, without the subset tag: the name its embedded program carries (BaseFont
    /// must be that), the face's PostScript name where the program is written here.
    let postScriptName: String
    /// The character collection of a CID-keyed CFF program (Adobe-Identity-0 for anything else).
    let collection: (registry: String, ordering: String, supplement: Int)
    let program: Program?
    /// Original glyph id → the code written in content streams (CID, or glyph index of the subset).
    let codes: [UInt32: UInt16]
    /// Each code's advance, in thousandths of an em, as written in /W.
    let widths: [UInt16: Double]
    let ascent: Double, descent: Double, capHeight: Double, italicAngle: Double
    let boundingBox: [Double]
    /// Glyph outlines in thousandths of an em (y up), for a face drawn as outlines.
    let outlines: [UInt32: [UInt8]]

    /// Cuts `face` down to `glyphs`; `characters` are the document's (the subset's character map
    /// holds those of them its glyphs come from). Nil when the face cannot be read at all.
    /// `embedding` false draws the face as outlines whatever it is (what tests of that path use).
    init?(file: String, index: Int, glyphs: Set<UInt32>, characters: Set<UInt32>, embedding: Bool = true) {
        guard let blob = hb_blob_create_from_file_or_fail(file) else { return nil }
        let face = hb_face_create(blob, UInt32(index))!
        hb_blob_destroy(blob)
        defer { hb_face_destroy(face) }
        guard hb_face_get_glyph_count(face) > 0 else { return nil }
        let faceName = PDFFontFace.postScriptName(face, file: file)
        var name = faceName
        var collection = (registry: "Adobe", ordering: "Identity", supplement: 0)
        var program: Program?
        var codes: [UInt32: UInt16] = [:]
        // A CID-keyed CFF face with few subroutines is cut down by copying its charstrings; its
        // metrics are the whole face's.
        let cffTable = hb_face_reference_table(face, FontSubsetter.tag("CFF "))!
        defer { hb_blob_destroy(cffTable) }
        var cffLength: UInt32 = 0
        if embedding, let bytes = hb_blob_get_data(cffTable, &cffLength), cffLength > 0,
           let own = bytes.withMemoryRebound(to: UInt8.self, capacity: Int(cffLength), {
               CompactFontSubset(UnsafeBufferPointer(start: $0, count: Int(cffLength)), glyphs: glyphs, name: faceName)
           }) {
            program = .compactFont(own.data)
            for (old, cid) in own.cids { codes[old] = UInt16(truncatingIfNeeded: cid) }
        }
        let subset = program == nil && embedding ? FontSubsetter.subset(face, glyphs: glyphs, mapped: characters) : nil
        // HarfBuzz's subset, read through HarfBuzz: its tables, and its metrics.
        let subsetFace = subset.map { result in
            let b = result.data.withUnsafeBytes { raw in
                hb_blob_create(raw.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(raw.count), HB_MEMORY_MODE_DUPLICATE, nil, nil)
            }
            defer { hb_blob_destroy(b) }
            return hb_face_create(b, 0)!
        }
        defer { if let subsetFace { hb_face_destroy(subsetFace) } }
        if let subset, let subsetFace {
            if let cff = PDFFontFace.table("CFF ", of: subsetFace), let compact = CompactFontFormat(zeroBased: cff) {
                // A CID-keyed program is written again under the face's own name (HarfBuzz keeps the
                // name of the collection's shared CFF table, the first face's); others keep theirs.
                let glyphCount = compact.cids?.count ?? 0
                let renamed = cff.withUnsafeBufferPointer {
                    CompactFontSubset($0, glyphs: Set(0..<UInt32(glyphCount)), name: faceName, subroutineAllowance: .max)
                }
                if let renamed { program = .compactFont(renamed.data) } else {
                    program = .compactFont(cff)
                    name = compact.name.map(PDFFontFace.pdfName) ?? faceName
                }
                for (old, new) in subset.mapping {
                    let cid = compact.cids.map { Int(new) < $0.count ? $0[Int(new)] : new } ?? new
                    codes[old] = UInt16(truncatingIfNeeded: cid)
                }
            } else if PDFFontFace.table("glyf", of: subsetFace) != nil {
                program = .trueType([UInt8](subset.data))
                for (old, new) in subset.mapping { codes[old] = UInt16(truncatingIfNeeded: new) }
            }
        }
        if case .compactFont(let b) = program, let ros = CompactFontFormat(zeroBased: b)?.collection { collection = ros }
        postScriptName = name
        self.collection = collection
        // Metrics come from the face the glyphs are embedded from (HarfBuzz's subset), or the whole face.
        let metricsFace = program != nil ? subsetFace ?? face : face
        let font = hb_font_create(metricsFace)!
        defer { hb_font_destroy(font) }
        let upem = Double(max(hb_face_get_upem(metricsFace), 1))
        let scale = 1000 / upem
        var widths: [UInt16: Double] = [:]
        var outlines: [UInt32: [UInt8]] = [:]
        if program != nil {
            for (old, code) in codes {
                let glyph = subset.map { $0.mapping[old]! } ?? old
                widths[code] = PDFBytes.asWritten(Double(hb_font_get_glyph_h_advance(font, glyph)) * scale)
            }
        } else {
            // Drawn as outlines: glyphs keep their own ids as codes only to key the outlines.
            for g in glyphs {
                outlines[g] = GlyphOutline.path(of: g, in: font, scale: scale)
            }
        }
        self.program = program
        self.codes = codes
        self.widths = widths
        self.outlines = outlines
        var extents = hb_font_extents_t()
        hb_font_get_h_extents(font, &extents)
        ascent = Double(extents.ascender) * scale
        descent = Double(extents.descender) * scale
        var cap: hb_position_t = 0
        capHeight = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) != 0 ? Double(cap) * scale : ascent
        italicAngle = Double(hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE))
        boundingBox = (PDFFontFace.boundingBox(of: metricsFace) ?? [0, Int(descent / scale), Int(upem), Int(ascent / scale)])
            .map { Double($0) * scale }
    }

    /// A table of a face, as bytes; nil when the face has none.
    static func table(_ tag: String, of face: OpaquePointer) -> [UInt8]? {
        let blob = hb_face_reference_table(face, FontSubsetter.tag(tag))!
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        guard let p = hb_blob_get_data(blob, &length), length > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(length)))
    }

    /// The face's box (head: xMin, yMin, xMax, yMax) in font units.
    static func boundingBox(of face: OpaquePointer) -> [Int]? {
        guard let head = table("head", of: face), head.count >= 44 else { return nil }
        return [36, 38, 40, 42].map { BigEndian.i16(head, $0) }
    }

    /// The face's PostScript name (name ID 6), made a valid PDF name; else the file's name.
    static func postScriptName(_ face: OpaquePointer, file: String) -> String {
        var length: UInt32 = 128
        var buffer = [CChar](repeating: 0, count: 129)
        let n = hb_ot_name_get_utf8(face, hb_ot_name_id_t(HB_OT_NAME_ID_POSTSCRIPT_NAME), nil, &length, &buffer)
        // `length` comes back as the bytes written, without the terminating zero.
        var name = n > 0 ? String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        if name.isEmpty { name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension }
        return pdfName(name)
    }

    /// A font name as a PDF (and a CFF Name INDEX) takes it: letters, digits, - and _, at most 100
    /// characters (a PDF name holds 127 bytes, the subset tag and its + take 7).
    static func pdfName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "-" || $0 == "_") }
        return kept.isEmpty ? "Font" : String(String(String.UnicodeScalarView(kept)).prefix(100))
    }

    /// The subset tag of a font program: six capitals from a hash of the name and the program, so
    /// equal fonts get equal tags whichever way the document was made.
    static func tag(name: String, program: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        for b in program { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        var tag = ""
        for _ in 0..<6 { tag.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(hash % 26))); hash /= 26 }
        return tag
    }
}

/// A glyph's outline as PDF path operators, in thousandths of an em with y up (HarfBuzz draws it).
enum GlyphOutline {
    final class Sink { var bytes = PDFBytes(); var scale = 1.0 }

    static func path(of glyph: UInt32, in font: OpaquePointer, scale: Double) -> [UInt8] {
        let sink = Sink()
        sink.scale = scale
        let funcs = hb_draw_funcs_create()!
        defer { hb_draw_funcs_destroy(funcs) }
        hb_draw_funcs_set_move_to_func(funcs, { _, data, _, x, y, _ in
            let s = Unmanaged<Sink>.fromOpaque(data!).takeUnretainedValue()
            s.point(x, y); s.bytes.append(" m\n")
        }, nil, nil)
        hb_draw_funcs_set_line_to_func(funcs, { _, data, _, x, y, _ in
            let s = Unmanaged<Sink>.fromOpaque(data!).takeUnretainedValue()
            s.point(x, y); s.bytes.append(" l\n")
        }, nil, nil)
        hb_draw_funcs_set_quadratic_to_func(funcs, { _, data, st, cx, cy, x, y, _ in
            // A quadratic as the cubic that draws it.
            let s = Unmanaged<Sink>.fromOpaque(data!).takeUnretainedValue()
            let x0 = st!.pointee.current_x, y0 = st!.pointee.current_y
            s.point(x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0)); s.bytes.space()
            s.point(x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y)); s.bytes.space()
            s.point(x, y); s.bytes.append(" c\n")
        }, nil, nil)
        hb_draw_funcs_set_cubic_to_func(funcs, { _, data, _, c1x, c1y, c2x, c2y, x, y, _ in
            let s = Unmanaged<Sink>.fromOpaque(data!).takeUnretainedValue()
            s.point(c1x, c1y); s.bytes.space(); s.point(c2x, c2y); s.bytes.space(); s.point(x, y); s.bytes.append(" c\n")
        }, nil, nil)
        hb_draw_funcs_set_close_path_func(funcs, { _, data, _, _ in
            Unmanaged<Sink>.fromOpaque(data!).takeUnretainedValue().bytes.append("h\n")
        }, nil, nil)
        withExtendedLifetime(sink) {
            hb_font_get_glyph_shape(font, glyph, funcs, Unmanaged.passUnretained(sink).toOpaque())
        }
        return sink.bytes.bytes
    }
}

extension GlyphOutline.Sink {
    func point(_ x: Float, _ y: Float) {
        bytes.append(Double(x) * scale); bytes.space(); bytes.append(Double(y) * scale)
    }
}
