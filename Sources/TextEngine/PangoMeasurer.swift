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
/// line breaking and positioning are the layout's.
public final class PangoMeasurer: TextMeasurer {
    let system: FontSystem
    public init(system: FontSystem) { self.system = system }

    /// Characters the requested font could not set, seen since the last `takeCoverageNotes()`.
    private var notes = Set<CoverageNote>()
    private var familyNames: [UnsafeMutableRawPointer: String] = [:]

    public func takeCoverageNotes() -> [CoverageNote] {
        defer { notes.removeAll() }
        return notes.sorted { ($0.character, $0.requestedFamily) < ($1.character, $1.requestedFamily) }
    }

    private func family(of font: UnsafeMutablePointer<PangoFont>) -> String {
        if let hit = familyNames[UnsafeMutableRawPointer(font)] { return hit }
        let desc = pango_font_describe(font)
        defer { pango_font_description_free(desc) }
        let name = pango_font_description_get_family(desc).map { String(cString: $0) } ?? "?"
        familyNames[UnsafeMutableRawPointer(font)] = name
        return name
    }

    public func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        guard runs.contains(where: { !$0.text.isEmpty }) else { return [] }
        let text = ShapedText(runs, system: system)
        var starts: [(byte: Int, width: Int32, missing: Bool)] = []
        var fonts: [Int: (UnsafeMutablePointer<PangoFont>?, Int)] = [:]
        text.forEachGlyph { byte, info, font, run in
            if fonts[byte] == nil { fonts[byte] = (font, run) }
            let missing = info.pointee.glyph & PANGO_GLYPH_UNKNOWN_FLAG != 0
            if let last = starts.last, last.byte == byte {
                starts[starts.count - 1].width += info.pointee.geometry.width
                starts[starts.count - 1].missing = last.missing || missing
            } else {
                starts.append((byte, info.pointee.geometry.width, missing))
            }
        }
        let bytes = Array(runs.map(\.text).joined().utf8)
        var out: [ShapedCluster] = []
        out.reserveCapacity(starts.count)
        for (i, c) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1].byte : bytes.count
            guard end > c.byte else { continue }
            let run = (text.runStarts.lastIndex(where: { $0 <= c.byte })) ?? 0
            let clusterText = String(decoding: bytes[c.byte..<end], as: UTF8.self)
            out.append(ShapedCluster(text: clusterText, byteOffset: c.byte,
                                     advance: Points(Double(c.width) / pangoScale), run: run, missingGlyph: c.missing))
            // Note characters that the run's font does not have: set by a fallback font, or by none.
            if let first = clusterText.unicodeScalars.first, !first.properties.isWhitespace, first.value >= 0x21 {
                let requested = runs[min(run, runs.count - 1)].face.family
                let used = fonts[c.byte]?.0.map(family(of:))
                if c.missing {
                    notes.insert(CoverageNote(character: clusterText, requestedFamily: requested, usedFamily: nil))
                } else if let used, used.lowercased() != requested.lowercased() {
                    notes.insert(CoverageNote(character: clusterText, requestedFamily: requested, usedFamily: used))
                }
            }
        }
        return out
    }
}


/// A character its requested font does not have: `usedFamily` is the fallback that set it, or nil
/// when no installed font has it (it would print as an empty box).
public struct CoverageNote: Hashable, Sendable {
    public var character: String
    public var requestedFamily: String
    public var usedFamily: String?
}
