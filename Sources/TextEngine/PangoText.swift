import CPangoCairo
import BulletinCore

let pangoScale = Double(PANGO_SCALE)

/// A PangoLayout holding styled runs; owns the layout and frees it.
final class PangoText {
    let layout: OpaquePointer
    let runs: [TextRun]
    /// UTF-8 byte offset where each run starts (Pango indexes by bytes).
    let runStarts: [Int]
    let byteCount: Int

    init(_ runs: [TextRun], system: FontSystem, withColour: Bool, withLetterSpacing: Bool = true) {
        self.runs = runs
        layout = pango_layout_new(system.ctx)
        var text = ""
        var starts: [Int] = []
        var offset = 0
        for r in runs {
            starts.append(offset)
            text += r.text
            offset += r.text.utf8.count
        }
        runStarts = starts
        byteCount = offset
        pango_layout_set_text(layout, text, Int32(offset))
        let attrs = pango_attr_list_new()
        func add(_ a: UnsafeMutablePointer<PangoAttribute>?, _ start: Int, _ end: Int) {
            guard let a else { return }
            a.pointee.start_index = UInt32(start)
            a.pointee.end_index = UInt32(end)
            pango_attr_list_insert(attrs, a)
        }
        add(pango_attr_language_new(pango_language_from_string("zh-cn")), 0, offset)
        for (i, r) in runs.enumerated() {
            let s = starts[i], e = s + r.text.utf8.count
            add(pango_attr_family_new(r.face.family), s, e)
            add(pango_attr_weight_new(r.face.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), s, e)
            add(pango_attr_size_new_absolute(Int32((r.size.value * pangoScale).rounded())), s, e)
            if withLetterSpacing && r.letterSpacing.value != 0 {
                add(pango_attr_letter_spacing_new(Int32((r.letterSpacing.value * pangoScale).rounded())), s, e)
            }
            if withColour {
                add(pango_attr_foreground_new(UInt16(r.colour.red * 65535), UInt16(r.colour.green * 65535), UInt16(r.colour.blue * 65535)), s, e)
            }
        }
        for (i, r) in runs.enumerated() {
            for (range, feature) in PangoText.featureRanges(r.text, halfWidthLatin: r.halfWidthLatin) {
                add(pango_attr_font_features_new(feature), starts[i] + range.lowerBound, starts[i] + range.upperBound)
            }
        }
        pango_layout_set_attributes(layout, attrs)
        pango_attr_list_unref(attrs)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

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

    var lineCount: Int { Int(pango_layout_get_line_count(layout)) }

    func lineExtents(_ i: Int) -> (start: Int, length: Int, width: Points) {
        let line = pango_layout_get_line_readonly(layout, Int32(i))!
        var logical = PangoRectangle()
        pango_layout_line_get_extents(line, nil, &logical)
        return (Int(line.pointee.start_index), Int(line.pointee.length), Points(Double(logical.width) / pangoScale))
    }

    /// Distance from the layout's top to its first baseline.
    var baseline: Points { Points(Double(pango_layout_get_baseline(layout)) / pangoScale) }

    var width: Points {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return Points(Double(logical.width) / pangoScale)
    }

    /// The runs covering bytes `start..<end`, cut at run boundaries.
    func slice(_ start: Int, _ end: Int) -> [TextRun] {
        var out: [TextRun] = []
        for (i, r) in runs.enumerated() {
            let rs = runStarts[i], re = rs + r.text.utf8.count
            let s = max(rs, start), e = min(re, end)
            guard s < e else { continue }
            let bytes = Array(r.text.utf8)[(s - rs)..<(e - rs)]
            out.append(r.with(text: String(decoding: bytes, as: UTF8.self)))
        }
        return out
    }
}

/// Shapes text with Pango (itemization, font fallback, OpenType shaping) and reports clusters;
/// line breaking and positioning are the layout's.
public final class PangoMeasurer: TextMeasurer {
    let system: FontSystem
    public init(system: FontSystem) { self.system = system }

    public func clusters(of runs: [TextRun]) -> [ShapedCluster] {
        guard runs.contains(where: { !$0.text.isEmpty }) else { return [] }
        let text = PangoText(runs, system: system, withColour: false, withLetterSpacing: false)
        pango_layout_set_width(text.layout, -1)
        var starts: [(byte: Int, width: Int32, missing: Bool)] = []
        text.forEachGlyph { byte, info in
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
            out.append(ShapedCluster(text: String(decoding: bytes[c.byte..<end], as: UTF8.self), byteOffset: c.byte,
                                     advance: Points(Double(c.width) / pangoScale), run: run, missingGlyph: c.missing))
        }
        return out
    }
}

extension PangoText {
    /// Calls `body` for every glyph of every line, in logical order, with the byte offset of its cluster.
    func forEachGlyph(_ body: (Int, UnsafeMutablePointer<PangoGlyphInfo>) -> Void) {
        var lines = pango_layout_get_lines(layout)
        while let l = lines {
            let line = l.pointee.data.assumingMemoryBound(to: PangoLayoutLine.self)
            var runs = line.pointee.runs
            while let r = runs {
                let run = r.pointee.data.assumingMemoryBound(to: PangoGlyphItem.self)
                let item = run.pointee.item.pointee
                let glyphs = run.pointee.glyphs.pointee
                for g in 0..<Int(glyphs.num_glyphs) {
                    body(Int(item.offset) + Int(glyphs.log_clusters[g]), glyphs.glyphs + g)
                }
                runs = r.pointee.next
            }
            lines = l.pointee.next
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> Substring {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
