import CPangoCairo
import BulletinCore

let pangoScale = Double(PANGO_SCALE)

enum FontFeatures {
    /// Marks Chinese shares with Latin (· — ‘’“” …) take their full-width forms, as the zh-CN
    /// convention wants, one glyph per character (no 2-em dash ligature, so —— stays two characters
    /// for copying and checking); ASCII takes half-width forms when the run asks for them, and digits
    /// always, so that two fill one grid cell.
    static func featureRanges(_ text: String, halfWidthLatin: Bool) -> [(Range<Int>, String)] {
        var out: [(Range<Int>, String)] = []
        var offset = 0
        for s in text.unicodeScalars {
            let n = String(s).utf8.count
            switch s.value {
            case 0x2014, 0x2015:
                out.append((offset..<(offset + n), "fwid,-liga,-clig,-dlig,-ccmp"))
            case 0x00B7, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2027:
                out.append((offset..<(offset + n), "fwid"))
            case 0x30...0x39:
                out.append((offset..<(offset + n), "hwid"))
            case 0x21...0x7E where halfWidthLatin:
                out.append((offset..<(offset + n), "hwid"))
            default: break
            }
            offset += n
        }
        return out
    }
}

/// Shapes text with Pango (itemization, font fallback, OpenType shaping) and reports clusters;
/// line breaking and positioning are the layout's. Belongs to one `FontSystem`, used by one thread.
public final class PangoMeasurer: TextMeasurer {
    unowned let system: FontSystem
    init(system: FontSystem) { self.system = system }

    /// The fonts glyphs refer to, and each Pango font's place in it. A Pango font is one face at one
    /// size; its key names the face by file, so any font system can draw the glyphs again.
    public private(set) var fontTable: [FontKey] = []
    private var fontIndex: [UnsafeMutableRawPointer: Int32] = [:]

    private func index(of font: UnsafeMutablePointer<PangoFont>) -> Int32 {
        if let hit = fontIndex[UnsafeMutableRawPointer(font)] { return hit }
        var file = "", face: Int32 = 0
        if let pattern = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(font))) {
            var path: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(pattern, FC_FILE, 0, &path) == FcResultMatch, let path { file = String(cString: path) }
            FcPatternGetInteger(pattern, FC_INDEX, 0, &face)
        }
        // The size from the font's description (the context is at 72 dpi, so device units are
        // points); asking for its Cairo scaled font would load the whole face's outlines now.
        let description = pango_font_describe_with_absolute_size(font)
        let size = description.map { Double(pango_font_description_get_size($0)) / pangoScale } ?? 0
        if let description { pango_font_description_free(description) }
        let key = FontKey(file: file, index: Int(face), size: Points(size))
        let i: Int32
        if let existing = fontTable.firstIndex(of: key) { i = Int32(existing) } else { i = Int32(fontTable.count); fontTable.append(key) }
        fontIndex[UnsafeMutableRawPointer(font)] = i
        return i
    }

    /// Every family name a Pango font answers to (a licensed face often carries a Chinese and an
    /// English name, 仿宋_GB2312 and FangSong_GB2312), lower-cased, and its display name.
    private var familyNames: [UnsafeMutableRawPointer: (all: Set<String>, display: String)] = [:]

    private func families(of font: UnsafeMutablePointer<PangoFont>) -> (all: Set<String>, display: String) {
        if let hit = familyNames[UnsafeMutableRawPointer(font)] { return hit }
        var all = Set<String>()
        var display = "?"
        if let pattern = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(font))) {
            var n: Int32 = 0
            var family: UnsafeMutablePointer<FcChar8>?
            while FcPatternGetString(pattern, FC_FAMILY, n, &family) == FcResultMatch, let family {
                let name = String(cString: family)
                if n == 0 { display = name }
                all.insert(name.lowercased())
                n += 1
            }
        }
        let entry = (all, display)
        familyNames[UnsafeMutableRawPointer(font)] = entry
        return entry
    }

    public func wordStarts(_ text: String) -> [Int] { WordSegmenter.wordStarts(text) }

    private struct FallbackKey: Hashable { var font: UnsafeMutableRawPointer; var run: Int }
    private struct ClusterStart {
        var byte: Int
        var width: Int32
        var missing: Bool
        var glyphs: GlyphList
        var font: UnsafeMutablePointer<PangoFont>?
    }

    public func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        guard runs.contains(where: { !$0.text.isEmpty }) else { return [] }
        let text = ShapedText(runs, system: system)
        var starts: [ClusterStart] = []
        text.forEachGlyph { byte, info, font, run in
            let g = info.pointee
            let missing = g.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0
            var glyphs = GlyphList()
            if !missing, g.glyph != PANGO_GLYPH_EMPTY, let font {
                glyphs.append(ShapedGlyph(font: index(of: font), id: g.glyph,
                                          xOffset: Points(Double(g.geometry.x_offset) / pangoScale),
                                          yOffset: Points(Double(g.geometry.y_offset) / pangoScale),
                                          advance: Points(Double(g.geometry.width) / pangoScale)))
            }
            if let last = starts.last, last.byte == byte {
                starts[starts.count - 1].width += g.geometry.width
                starts[starts.count - 1].missing = last.missing || missing
                starts[starts.count - 1].glyphs.append(contentsOf: glyphs)
            } else {
                starts.append(ClusterStart(byte: byte, width: g.geometry.width, missing: missing, glyphs: glyphs, font: font))
            }
        }
        let bytes = Array(runs.map(\.text).joined().utf8)
        // Per cluster only lookups: the requested families once per run, the fallback name once per
        // font and run.
        let requested = runs.map { $0.face.family.lowercased() }
        var fallbacks: [FallbackKey: String?] = [:]
        var out: [ShapedCluster] = []
        out.reserveCapacity(starts.count)
        var run = 0
        let runStarts = text.runStarts
        for i in starts.indices {
            let c = starts[i]
            let end: Int = i + 1 < starts.count ? starts[i + 1].byte : bytes.count
            guard end > c.byte else { continue }
            if c.byte < runStarts[run] { run = 0 }
            while run + 1 < runStarts.count && runStarts[run + 1] <= c.byte { run += 1 }
            let clusterText = String(decoding: bytes[c.byte..<end], as: UTF8.self)
            // A character the run's font lacks is set by a fallback font: name it. The font is the
            // same whatever name the layout asked for it by.
            var fallback: String?
            if !c.missing, let font = c.font {
                let key = FallbackKey(font: UnsafeMutableRawPointer(font), run: run)
                if let known = fallbacks[key] {
                    fallback = known
                } else {
                    let names = families(of: font)
                    let wanted: String = requested[min(run, runs.count - 1)]
                    if !names.all.contains(wanted) { fallback = names.display }
                    fallbacks[key] = fallback
                }
            }
            out.append(ShapedCluster(text: clusterText, byteOffset: c.byte, advance: Points(Double(c.width) / pangoScale),
                                     run: run, missingGlyph: c.missing, fallbackFamily: fallback, glyphs: c.glyphs))
        }
        return out
    }
}
