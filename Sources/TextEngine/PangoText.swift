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

    init(_ runs: [TextRun], system: FontSystem, withColour: Bool) {
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
            if r.letterSpacing.value != 0 {
                add(pango_attr_letter_spacing_new(Int32((r.letterSpacing.value * pangoScale).rounded())), s, e)
            }
            if withColour {
                add(pango_attr_foreground_new(UInt16(r.colour.red * 65535), UInt16(r.colour.green * 65535), UInt16(r.colour.blue * 65535)), s, e)
            }
        }
        pango_layout_set_attributes(layout, attrs)
        pango_attr_list_unref(attrs)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

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

/// Pango's own paragraph breaking behind the `TextMeasurer` seam.
public final class PangoMeasurer: TextMeasurer {
    let system: FontSystem
    public init(system: FontSystem) { self.system = system }

    public func breakLines(_ runs: [TextRun], firstLineWidth: Points, width: Points) -> [LineSlice] {
        guard !runs.isEmpty else { return [] }
        let text = PangoText(runs, system: system, withColour: false)
        pango_layout_set_width(text.layout, Int32((width.value * pangoScale).rounded(.down)))
        pango_layout_set_wrap(text.layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_indent(text.layout, Int32(((width - firstLineWidth).value * pangoScale).rounded(.up)))
        var lines: [LineSlice] = []
        for i in 0..<text.lineCount {
            let (start, length, w) = text.lineExtents(i)
            var slice = text.slice(start, start + length)
            // A break at a Latin space leaves the space at the line's end; it is not printed.
            if var last = slice.last, last.text.hasSuffix(" ") {
                last.text = String(last.text.dropLast(last.text.count - last.text.trimmingTrailingSpaces().count))
                slice[slice.count - 1] = last
                if last.text.isEmpty { slice.removeLast() }
                lines.append(LineSlice(runs: slice, width: self.width(of: slice)))
            } else {
                lines.append(LineSlice(runs: slice, width: w))
            }
        }
        return lines
    }

    public func width(of runs: [TextRun]) -> Points {
        guard !runs.isEmpty else { return .zero }
        return PangoText(runs, system: system, withColour: false).width
    }
}

extension String {
    func trimmingTrailingSpaces() -> Substring {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
