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
            let n = UTF8.width(s)
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

/// Shapes text (straight through HarfBuzz where a run's face has every character, else with Pango's
/// itemization and font fallback) and reports clusters; line breaking and positioning are the
/// layout's. Belongs to one `FontSystem`, used by one thread.
public final class PangoMeasurer: TextMeasurer {
    unowned let system: FontSystem
    /// Runs are shaped through Pango only (a test compares the two ways).
    let direct: Bool
    init(system: FontSystem, direct: Bool = true) { self.system = system; self.direct = direct }

    /// The fonts glyphs refer to, and each font's place in it. A font is one face at one size; its
    /// key names the face by file, so any font system can draw the glyphs again.
    public private(set) var fontTable: [FontKey] = []
    /// Each font's index in `fontTable`. The tables here live as long as the font system, and hold
    /// the fonts (faces at sizes) of what it has set: tens, looked up only where the font changes.
    /// So they are lists searched in order: as quick as hashing for so few, and a list of a new key
    /// type costs nothing to set up at first use, where a hash table scans the binary's conformance
    /// records for the key's `Hashable`.
    private var fontIndex: [(font: GlyphFont, index: Int32)] = []
    /// Pango fonts named in the caches, held so that no other font takes their address.
    private var held: [UnsafeMutableRawPointer] = []

    func releaseFonts() {
        for f in held { g_object_unref(f) }
        held = []
        fontIndex = []
        familyNames = [:]
    }

    private func index(of font: GlyphFont) -> Int32 {
        if let hit = fontIndex.first(where: { $0.font == font }) { return hit.index }
        let key: FontKey
        switch font {
        case .direct(let face, let size):
            key = system.directShaper.fontKey(face: face, size: size)
        case .pango(let raw):
            held.append(g_object_ref(raw)!)
            let pangoFont = raw.assumingMemoryBound(to: PangoFont.self)
            var file = "", face: Int32 = 0
            if let pattern = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(pangoFont))) {
                var path: UnsafeMutablePointer<FcChar8>?
                if FcPatternGetString(pattern, FC_FILE, 0, &path) == FcResultMatch, let path { file = String(cString: path) }
                FcPatternGetInteger(pattern, FC_INDEX, 0, &face)
            }
            // The size from the font's description (the context is at 72 dpi, so device units are
            // points); asking for its Cairo scaled font would load the whole face's outlines now.
            let description = pango_font_describe_with_absolute_size(pangoFont)
            let size = description.map { Double(pango_font_description_get_size($0)) / pangoScale } ?? 0
            if let description { pango_font_description_free(description) }
            key = FontKey(file: file, index: Int(face), size: Points(size))
        }
        let i: Int32
        if let existing = fontTable.firstIndex(of: key) { i = Int32(existing) } else { i = Int32(fontTable.count); fontTable.append(key) }
        fontIndex.append((font, i))
        return i
    }

    /// Every family name a font answers to (a licensed face often carries a Chinese and an English
    /// name, 仿宋_GB2312 and FangSong_GB2312), lower-cased, and its display name.
    private var familyNames: [UnsafeMutableRawPointer: (all: Set<String>, display: String)] = [:]

    private func families(of glyphFont: GlyphFont) -> (all: Set<String>, display: String) {
        let font: UnsafeMutablePointer<PangoFont>
        switch glyphFont {
        case .direct(let face, _): return system.directShaper.familyNames(of: face)
        case .pango(let raw): font = raw.assumingMemoryBound(to: PangoFont.self)
        }
        if let hit = familyNames[UnsafeMutableRawPointer(font)] { return hit }
        let names = pango_fc_font_get_pattern(UnsafeMutablePointer<PangoFcFont>(OpaquePointer(font))).map(patternFamilies) ?? []
        let entry = (Set(names.map { $0.lowercased() }), names.first ?? "?")
        held.append(g_object_ref(UnsafeMutableRawPointer(font))!)
        familyNames[UnsafeMutableRawPointer(font)] = entry
        return entry
    }

    public func wordStarts(_ text: String) -> [Int] { WordSegmenter.wordStarts(text) }

    private struct FallbackKey: Equatable { var font: GlyphFont; var run: Int }
    private struct ClusterStart {
        var byte: Int
        var width: Int32
        var missing: Bool
        var glyphs: GlyphList
        var font: GlyphFont?
    }

    public func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        guard runs.contains(where: { !$0.text.isEmpty }) else { return [] }
        let text = ShapedText(runs, system: system, direct: direct)
        var starts: [ClusterStart] = []
        starts.reserveCapacity(text.glyphs.count)
        // Runs keep one font for long stretches: the last font's index is kept at hand.
        var lastFont: (font: GlyphFont, index: Int32)?
        for g in text.glyphs {
            let missing = g.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0
            var glyphs = GlyphList()
            if !missing, g.glyph != PANGO_GLYPH_EMPTY, let font = g.font {
                let fontIndex: Int32
                if let last = lastFont, last.font == font { fontIndex = last.index } else {
                    fontIndex = index(of: font)
                    lastFont = (font, fontIndex)
                }
                glyphs.append(ShapedGlyph(font: fontIndex, id: g.glyph,
                                          xOffset: Points(Double(g.xOffset) / pangoScale),
                                          yOffset: Points(Double(g.yOffset) / pangoScale),
                                          advance: Points(Double(g.width) / pangoScale)))
            }
            if let last = starts.last, last.byte == g.byte {
                starts[starts.count - 1].width += g.width
                starts[starts.count - 1].missing = last.missing || missing
                starts[starts.count - 1].glyphs.append(contentsOf: glyphs)
            } else {
                starts.append(ClusterStart(byte: g.byte, width: g.width, missing: missing, glyphs: glyphs, font: g.font))
            }
        }
        let bytes = Array(runs.map(\.text).joined().utf8)
        // Per cluster only lookups: the requested families once per run, the fallback name once per
        // font and run.
        let requested = runs.map { $0.face.family.lowercased() }
        var fallbacks: [(key: FallbackKey, name: String?)] = []
        var lastFallback: (key: FallbackKey, name: String?)?
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
                let key = FallbackKey(font: font, run: run)
                if let last = lastFallback, last.key == key {
                    fallback = last.name
                } else if let known = fallbacks.first(where: { $0.key == key }) {
                    fallback = known.name
                } else {
                    let names = families(of: font)
                    let wanted: String = requested[min(run, runs.count - 1)]
                    if !names.all.contains(wanted) { fallback = names.display }
                    fallbacks.append((key, fallback))
                }
                lastFallback = (key, fallback)
            }
            out.append(ShapedCluster(text: clusterText, byteOffset: c.byte, advance: Points(Double(c.width) / pangoScale),
                                     run: run, missingGlyph: c.missing, fallbackFamily: fallback, glyphs: c.glyphs))
        }
        return out
    }
}
