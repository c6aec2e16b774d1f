import XCTest
import Foundation
import CPangoCairo
@testable import TextEngine

/// Faces are cut down from a copy whose character map holds only the document's characters
/// (`CharacterMapFace`): the subset must hold every glyph asked for as the font draws it, and map
/// every character of the document its glyphs come from to that glyph.
final class SubsetTests: XCTestCase {
    func face(_ file: String, index: UInt32) throws -> OpaquePointer {
        let blob = try XCTUnwrap(hb_blob_create_from_file_or_fail(file), file)
        defer { hb_blob_destroy(blob) }
        return hb_face_create(blob, index)
    }

    func tables(_ data: Data) -> [hb_tag_t] {
        let blob = data.withUnsafeBytes { hb_blob_create($0.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32($0.count), HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        let f = hb_face_create(blob, 0)
        hb_blob_destroy(blob)
        defer { hb_face_destroy(f) }
        var count = hb_face_get_table_tags(f, 0, nil, nil)
        var tags = [hb_tag_t](repeating: 0, count: Int(count))
        _ = hb_face_get_table_tags(f, 0, &count, &tags)
        return Array(tags.prefix(Int(count))).sorted()
    }

    func hbFont(_ data: Data) throws -> OpaquePointer {
        let blob = data.withUnsafeBytes { hb_blob_create($0.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32($0.count), HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        let f = hb_face_create(blob, 0)
        hb_blob_destroy(blob)
        defer { hb_face_destroy(f) }
        return try XCTUnwrap(hb_font_create(f))
    }

    func nominal(_ data: Data, _ c: UInt32) -> UInt32? {
        let blob = data.withUnsafeBytes { hb_blob_create($0.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32($0.count), HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        let f = hb_face_create(blob, 0)
        hb_blob_destroy(blob)
        let font = hb_font_create(f)
        hb_face_destroy(f)
        defer { hb_font_destroy(font) }
        var g: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(font, c, &g) != 0 ? g : nil
    }

    func testASubsetFromTheDocumentsCharactersHoldsItsGlyphsAndMapsItsCharacters() throws {
        let text = "新时代江苏产业工人队伍建设改革联席会，2024年第9期（总第39期）——“五心工程”……ABC abc 123《意见》"
        let characters = Set(text.unicodeScalars.map(\.value))
        let system = FontSystem(fontFolders: [repositoryRoot + "/Fonts"])
        // FandolFang, and the face of Noto Serif CJK's collection the masthead is set in (not its first).
        var faces: [(file: String, index: UInt32)] = [(repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf", 0)]
        if let noto = system.matchedFace(forFamily: "Noto Serif CJK SC", bold: true) { faces.append((noto.file, UInt32(noto.index))) }
        for (file, index) in faces {
            let f = try face(file, index: index)
            defer { hb_face_destroy(f) }
            let font = hb_font_create(f)
            defer { hb_font_destroy(font) }
            // The glyphs of most of the characters, glyph 0 and a glyph no character names (or the
            // last one): what a document drawing part of its text in this face keeps.
            var glyphs: Set<UInt32> = [0, hb_face_get_glyph_count(f) - 1]
            var dropped: [UInt32] = []
            for (k, c) in characters.sorted().enumerated() {
                var g: hb_codepoint_t = 0
                guard hb_font_get_nominal_glyph(font, c, &g) != 0 else { continue }
                if k % 7 == 3 { dropped.append(c) } else { glyphs.insert(g) }
            }
            let whole = try XCTUnwrap(FontSubsetter.subset(f, glyphs: glyphs), file)
            let small = try XCTUnwrap(FontSubsetter.subset(f, glyphs: glyphs, mapped: characters), file)
            // Every glyph asked for is kept, drawn and advanced as in the font, and the same tables.
            XCTAssertEqual(Set(small.mapping.keys), glyphs, file)
            XCTAssertEqual(Set(whole.mapping.keys), glyphs, file)
            XCTAssertEqual(tables(small.data), tables(whole.data), file)
            XCTAssertGreaterThan(tables(small.data).count, 6, file)
            let cut = try hbFont(small.data)
            defer { hb_font_destroy(cut) }
            for g in glyphs {
                let n = try XCTUnwrap(small.mapping[g])
                var a = hb_glyph_extents_t(), b = hb_glyph_extents_t()
                XCTAssertEqual(hb_font_get_glyph_extents(font, g, &a), hb_font_get_glyph_extents(cut, n, &b), "\(file): glyph \(g)")
                XCTAssertEqual([a.x_bearing, a.y_bearing, a.width, a.height], [b.x_bearing, b.y_bearing, b.width, b.height], "\(file): glyph \(g)")
                XCTAssertEqual(hb_font_get_glyph_h_advance(font, g), hb_font_get_glyph_h_advance(cut, n), "\(file): glyph \(g)")
            }
            var mapped = 0
            for c in characters {
                var g: hb_codepoint_t = 0
                let kept = hb_font_get_nominal_glyph(font, c, &g) != 0 && glyphs.contains(g)
                XCTAssertEqual(nominal(small.data, c), kept ? small.mapping[g] : nil, "\(file): U+\(String(c, radix: 16))")
                XCTAssertEqual(nominal(whole.data, c) != nil, kept, "\(file): U+\(String(c, radix: 16))")
                if kept { mapped += 1 }
            }
            XCTAssertGreaterThan(mapped, 40, file)
            XCTAssertFalse(dropped.isEmpty)
            // A character outside the document is not in the small map.
            XCTAssertNil(nominal(small.data, 0x4E01), file)
        }
    }

    /// Runs of consecutive characters on consecutive glyphs share a group of the format 12 table.
    func testTheCharacterMapGroupsRuns() {
        // A, B, C on 10, 11, 12 make one group; E (after a gap) and F (on a glyph out of step) and
        // 一 each start one.
        let bytes = CharacterMapFace.table([(0x41, 10), (0x42, 11), (0x43, 12), (0x45, 13), (0x46, 30), (0x4E00, 20)])
        XCTAssertEqual(bytes.count, 12 + 16 + 4 * 12)
        XCTAssertEqual(Array(bytes[0..<12]), [0, 0, 0, 1, 0, 3, 0, 10, 0, 0, 0, 12])
        XCTAssertEqual(Array(bytes[24..<28]), [0, 0, 0, 4], "four groups")
        XCTAssertEqual(Array(bytes[28..<40]), [0, 0, 0, 0x41, 0, 0, 0, 0x43, 0, 0, 0, 10])
        XCTAssertEqual(Array(bytes[52..<64]), [0, 0, 0, 0x46, 0, 0, 0, 0x46, 0, 0, 0, 30])
    }

    /// fontconfig's configuration loaded ahead (as `bulletin render` does before parsing its options)
    /// is taken by the next font system made, once, and finds the same faces as a system that loads
    /// its own.
    func testTheConfigurationLoadedAheadIsTakenOnceAndFindsTheSameFaces() throws {
        FontSystem.loadConfigurationAhead()
        let ahead = FontSystem(fontFolders: [repositoryRoot + "/Fonts"])
        XCTAssertNil(ConfigurationPreload.take(), "the font system took it")
        let own = FontSystem(fontFolders: [repositoryRoot + "/Fonts"])
        for family in ["FandolFang", "FandolHei", "Noto Serif CJK SC"] {
            for bold in [false, true] {
                XCTAssertNotNil(ahead.matchedFile(forFamily: family, bold: bold), family)
                XCTAssertEqual(ahead.matchedFile(forFamily: family, bold: bold), own.matchedFile(forFamily: family, bold: bold), family)
            }
        }
        XCTAssertEqual(ahead.folderFonts.map(\.file), own.folderFonts.map(\.file))
    }
}

/// A CID-keyed CFF font cut down by copying charstrings (`CompactFontSubset`) draws every kept
/// glyph exactly as the whole font does, under its CID: on FandolFang (no subroutines, one font
/// DICT) and on Noto Serif CJK (global and local subroutines, 18 font DICTs, allowed here).
final class CompactFontSubsetTests: XCTestCase {
    /// A face HarfBuzz can draw from: the CFF table with the original's head and a maxp.
    func face(cff: [UInt8], head: OpaquePointer, glyphs: Int) -> OpaquePointer {
        let builder = hb_face_builder_create()!
        let table = cff.withUnsafeBytes { hb_blob_create($0.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32($0.count), HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        hb_face_builder_add_table(builder, FontSubsetter.tag("CFF "), table)
        hb_blob_destroy(table)
        hb_face_builder_add_table(builder, FontSubsetter.tag("head"), head)
        let maxp: [UInt8] = [0, 0, 0x50, 0, UInt8(glyphs >> 8), UInt8(glyphs & 0xFF)]
        let m = maxp.withUnsafeBytes { hb_blob_create($0.baseAddress!.assumingMemoryBound(to: CChar.self), 6, HB_MEMORY_MODE_DUPLICATE, nil, nil) }
        hb_face_builder_add_table(builder, FontSubsetter.tag("maxp"), m)
        hb_blob_destroy(m)
        return builder
    }

    func testKeptGlyphsDrawAsInTheWholeFont() throws {
        let noto = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
        for (file, index) in [(repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf", UInt32(0)), (noto, UInt32(2))] {
            let blob = try XCTUnwrap(hb_blob_create_from_file_or_fail(file), file)
            let wholeFace = hb_face_create(blob, index)!
            hb_blob_destroy(blob)
            defer { hb_face_destroy(wholeFace) }
            let font = hb_font_create(wholeFace)!
            defer { hb_font_destroy(font) }
            let table = hb_face_reference_table(wholeFace, FontSubsetter.tag("CFF "))!
            defer { hb_blob_destroy(table) }
            var length: UInt32 = 0
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(hb_blob_get_data(table, &length)!).assumingMemoryBound(to: UInt8.self), count: Int(length))
            // The glyphs of 商务印书馆出版的现代汉语词典，第七版。ABC 123 and the last glyph.
            var glyphs: Set<UInt32> = [hb_face_get_glyph_count(wholeFace) - 1]
            for c in "商务印书馆出版的现代汉语词典，第七版。ABC 123".unicodeScalars {
                var g: hb_codepoint_t = 0
                if hb_font_get_nominal_glyph(font, c.value, &g) != 0 { glyphs.insert(g) }
            }
            XCTAssertGreaterThan(glyphs.count, 20, file)
            // Noto's subroutines are far over the allowance: HarfBuzz takes it, unless allowed.
            if file == noto { XCTAssertNil(CompactFontSubset(bytes, glyphs: glyphs)) }
            let subset = try XCTUnwrap(CompactFontSubset(bytes, glyphs: glyphs, subroutineAllowance: .max), file)
            let wholeCIDs = try XCTUnwrap(CompactFontFormat(zeroBased: bytes)?.cids, file)
            let kept = [0] + glyphs.filter { $0 != 0 }.sorted()
            let head = hb_face_reference_table(wholeFace, FontSubsetter.tag("head"))!
            defer { hb_blob_destroy(head) }
            let small = face(cff: subset.data, head: head, glyphs: kept.count)
            defer { hb_face_destroy(small) }
            XCTAssertEqual(CompactFontFormat(zeroBased: subset.data)?.cids, kept.map { wholeCIDs[Int($0)] }, file)
            let smallFont = hb_font_create(small)!
            defer { hb_font_destroy(smallFont) }
            for (n, g) in kept.enumerated() {
                XCTAssertEqual(subset.cids[g], wholeCIDs[Int(g)], "\(file) glyph \(g)")
                let original = GlyphOutline.path(of: g, in: font, scale: 1), copied = GlyphOutline.path(of: UInt32(n), in: smallFont, scale: 1)
                XCTAssertEqual(copied, original, "\(file) glyph \(g) (\(n) in the subset)")
            }
            let drawn = kept.filter { !GlyphOutline.path(of: $0, in: font, scale: 1).isEmpty }.count
            XCTAssertGreaterThan(drawn, 20, file)
        }
    }

    /// The name a PDF gives a CFF font is the one its program carries, the face's own (not the
    /// collection's first face's), and its character collection is the program's.
    func testAnEmbeddedProgramCarriesTheFacesNameAndCollection() throws {
        let characters = Set("镇江出台深化非公企业产改工作意见ABC".unicodeScalars.map(\.value))
        let cases: [(file: String, index: Int, name: String, collection: String)] = [
            (repositoryRoot + "/Fonts/fandol/FandolFang-Regular.otf", 0, "FandolFang-Regular", "Adobe-GB1"),
            ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2, "NotoSerifCJKsc-Bold", "Adobe-Identity"),
        ]
        for c in cases {
            let blob = try XCTUnwrap(hb_blob_create_from_file_or_fail(c.file))
            let face = hb_face_create(blob, UInt32(c.index))!
            hb_blob_destroy(blob)
            let font = hb_font_create(face)!
            var glyphs: Set<UInt32> = [0]
            for ch in characters { var g: hb_codepoint_t = 0; if hb_font_get_nominal_glyph(font, ch, &g) != 0 { glyphs.insert(g) } }
            hb_font_destroy(font); hb_face_destroy(face)
            let embedded = try XCTUnwrap(PDFFontFace(file: c.file, index: c.index, glyphs: glyphs, characters: characters))
            guard case .compactFont(let program) = embedded.program else { return XCTFail("\(c.file): not embedded as CFF") }
            let parsed = try XCTUnwrap(CompactFontFormat(zeroBased: program))
            XCTAssertEqual(parsed.name, c.name)
            XCTAssertEqual(embedded.postScriptName, c.name)
            XCTAssertEqual("\(embedded.collection.registry)-\(embedded.collection.ordering)", c.collection)
            XCTAssertEqual(Set(embedded.codes.keys), glyphs, c.file)
        }
    }
}

