import Foundation
import CPangoCairo
import BulletinCore

/// PDF document metadata.
public struct PDFMetadata: Sendable {
    public var title: String
    public var author: String
    public var subject: String?
    public var creator: String
    /// ISO 8601, e.g. 2024-07-09T00:00:00; fixed so that identical input gives identical bytes.
    public var creationDate: String
    public init(title: String, author: String, subject: String? = nil, creator: String, creationDate: String) {
        self.title = title; self.author = author; self.subject = subject; self.creator = creator; self.creationDate = creationDate
    }
}

/// Bytes Cairo writes through a stream callback (`cairo_pdf_surface_create_for_stream`,
/// `cairo_surface_write_to_png_stream`).
final class ByteSink {
    var bytes: [UInt8] = []

    /// The callback: `closure` is an unretained ByteSink.
    static let append: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }

    var closure: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// An image surface as PNG bytes, or the status Cairo failed with.
    static func png(of surface: OpaquePointer) -> Result<Data, CairoFailure> {
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, append, sink.closure)
        guard status == CAIRO_STATUS_SUCCESS else { return .failure(CairoFailure(status: status)) }
        return .success(Data(sink.bytes))
    }
}

/// Bytes Cairo reads through a stream callback (`cairo_image_surface_create_from_png_stream`).
final class ByteSource {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static let read: cairo_read_func_t = { closure, out, length in
        guard let closure, let out else { return CAIRO_STATUS_READ_ERROR }
        let r = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
        let n = Int(length)
        guard r.position + n <= r.bytes.count else { return CAIRO_STATUS_READ_ERROR }
        r.bytes.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + r.position, count: n) }
        r.position += n
        return CAIRO_STATUS_SUCCESS
    }

    /// An image surface decoded from PNG bytes (the caller destroys it), or nil when they are not a readable PNG.
    static func pngSurface(_ bytes: [UInt8]) -> OpaquePointer? {
        let source = ByteSource(bytes)
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { cairo_surface_destroy(surface); return nil }
        return surface
    }
}

struct CairoFailure: Error {
    let status: cairo_status_t
    var message: String { String(cString: cairo_status_to_string(status)) }
}

/// A Cairo drawing target, in memory: a PDF document, or one PNG image per page. Owns its surface
/// and context; the caller decides where the bytes go (a file, standard output, a test).
public final class Canvas {
    public enum Target { case pdf, png(dpi: Double) }

    let system: FontSystem
    let target: Target
    let pageSize: Size
    private var surface: OpaquePointer?
    private var cr: OpaquePointer?
    private var pageIndex = 0
    private let pdfBytes = ByteSink()
    /// PNG bytes of each finished page.
    public private(set) var pngPages: [Data] = []

    /// Faces cut down while the document was laid out, for a PDF.
    private let early: [EarlySubset]

    public init(target: Target, pageSize: Size, system: FontSystem, metadata: PDFMetadata?, early: [EarlySubset] = []) throws {
        self.system = system; self.target = target; self.pageSize = pageSize; self.early = early
        if case .pdf = target {
            let s = cairo_pdf_surface_create_for_stream(ByteSink.append, pdfBytes.closure, pageSize.width.value, pageSize.height.value)!
            guard cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
                let msg = String(cString: cairo_status_to_string(cairo_surface_status(s)))
                cairo_surface_destroy(s)
                throw Diagnostic.error("cannot start a PDF: \(msg)")
            }
            surface = s
            if let m = metadata {
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m.title)
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, m.author)
                if let subj = m.subject { cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subj) }
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, m.creator)
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, m.creationDate)
                cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, m.creationDate)
            }
            cr = cairo_create(s)
        }
    }

    deinit {
        if let cr { cairo_destroy(cr) }
        if let surface { cairo_surface_destroy(surface) }
        for f in scaledFonts.values { cairo_scaled_font_destroy(f.font) }
    }

    /// Starts a page (PNG: a new white image).
    public func beginPage() {
        pageIndex += 1
        if case .png(let dpi) = target {
            let scale = dpi / 72
            let w = Int32((pageSize.width.value * scale).rounded()), h = Int32((pageSize.height.value * scale).rounded())
            let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)!
            surface = s
            cr = cairo_create(s)
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, scale, scale)
        }
    }

    public func endPage() throws {
        switch target {
        case .pdf:
            cairo_show_page(cr)
        case .png:
            let encoded = ByteSink.png(of: surface!)
            cairo_destroy(cr); cairo_surface_destroy(surface)
            cr = nil; surface = nil
            switch encoded {
            case .success(let data): pngPages.append(data)
            case .failure(let f): throw Diagnostic.error("cannot encode page \(pageIndex) as PNG: \(f.message)")
            }
        }
    }

    /// For a PDF, the faces cut down to the glyphs the document draws.
    private var subsetter: FontSubsetter?
    /// Scaled fonts by font key, made on first use and destroyed with the canvas.
    private var scaledFonts: [FontKey: (font: OpaquePointer, map: [UInt32: UInt32]?)] = [:]
    private var missingFonts = Set<FontKey>()


    /// For a PDF: subsets each face to the glyphs that will be drawn from it (font index → glyph
    /// ids), so the file embeds only what it draws; `characters` are the document's (what the
    /// subsets' character maps hold).
    public func prepare(fonts: [FontKey], glyphs: [Int32: Set<UInt32>], characters: Set<UInt32>) {
        guard case .pdf = target else { return }
        let s = FontSubsetter(library: system.freeType, early: early, characters: characters)
        for (font, ids) in glyphs where Int(font) < fonts.count {
            let key = FaceKey(file: fonts[Int(font)].file, index: fonts[Int(font)].index)
            for id in ids { s.collect(key, glyph: id) }
        }
        s.build()
        subsetter = s
    }

    /// The scaled font for a key: from the subset in a PDF (with its glyph map), from the font file
    /// for PNG pages. Nil when the face cannot be opened.
    private func scaledFont(_ key: FontKey) -> (font: OpaquePointer, map: [UInt32: UInt32]?)? {
        if let hit = scaledFonts[key] { return hit }
        if missingFonts.contains(key) { return nil }
        let face = FaceKey(file: key.file, index: key.index)
        var cairoFace: OpaquePointer?
        var map: [UInt32: UInt32]?
        if let subset = subsetter?.subset(of: face) {
            cairoFace = subset.cairoFace
            map = subset.map
        } else {
            cairoFace = system.fileFace(face)
        }
        guard let cairoFace else { missingFonts.insert(key); return nil }
        var matrix = cairo_matrix_t(), ctm = cairo_matrix_t()
        cairo_matrix_init_scale(&matrix, key.size.value, key.size.value)
        cairo_matrix_init_identity(&ctm)
        // Unhinted, as the text was measured: the glyphs land exactly where layout put them.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        let scaled = cairo_scaled_font_create(cairoFace, &matrix, &ctm, options)
        cairo_font_options_destroy(options)
        guard let scaled, cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS else {
            if let scaled { cairo_scaled_font_destroy(scaled) }
            missingFonts.insert(key)
            return nil
        }
        scaledFonts[key] = (scaled, map)
        return (scaled, map)
    }

    /// One laid-out line: `text` is its characters (UTF-8), `colours` the colour from each byte
    /// offset on, `clusters` each cluster's byte offset, x and shaped glyphs, from `origin` on the
    /// baseline. Glyphs are drawn with their clusters (cairo_show_text_glyphs), so the PDF's text
    /// copies and searches as written; nothing is shaped again.
    public func drawText(_ text: [UInt8], colours: [(byte: Int, colour: Colour)], clusters: [ClusterPosition], fonts: [FontKey], origin: Point) {
        guard let cr, !clusters.isEmpty else { return }
        struct Segment { var font: Int32; var colour: Colour; var bytes: Range<Int>; var glyphs: [cairo_glyph_t]; var clusters: [cairo_text_cluster_t] }
        func colour(at byte: Int) -> Colour { colours.last(where: { $0.byte <= byte })?.colour ?? .black }
        var segments: [Segment] = []
        for (k, c) in clusters.enumerated() {
            let end = k + 1 < clusters.count ? clusters[k + 1].byteOffset : text.count
            let bytes = c.byteOffset..<max(c.byteOffset, end)
            let font = c.glyphs.first?.font ?? segments.last?.font ?? -1
            let col = colour(at: c.byteOffset)
            var pen = origin.x + c.x
            var glyphs: [cairo_glyph_t] = []
            for g in c.glyphs {
                glyphs.append(cairo_glyph_t(index: UInt(g.id), x: (pen + g.xOffset).value, y: (origin.y + g.yOffset).value))
                pen += g.advance
            }
            if var last = segments.last, last.font == font, last.colour == col, last.bytes.upperBound == bytes.lowerBound,
               c.glyphs.allSatisfy({ $0.font == font }) {
                last.bytes = last.bytes.lowerBound..<bytes.upperBound
                last.glyphs += glyphs
                last.clusters.append(cairo_text_cluster_t(num_bytes: Int32(bytes.count), num_glyphs: Int32(glyphs.count)))
                segments[segments.count - 1] = last
            } else {
                segments.append(Segment(font: font, colour: col, bytes: bytes, glyphs: glyphs,
                                        clusters: [cairo_text_cluster_t(num_bytes: Int32(bytes.count), num_glyphs: Int32(glyphs.count))]))
            }
        }
        for seg in segments where seg.font >= 0 && Int(seg.font) < fonts.count {
            guard let (scaled, map) = scaledFont(fonts[Int(seg.font)]) else { continue }
            var glyphs = seg.glyphs
            if let map { for i in glyphs.indices { glyphs[i].index = UInt(map[UInt32(glyphs[i].index)] ?? 0) } }
            cairo_set_source_rgb(cr, seg.colour.red, seg.colour.green, seg.colour.blue)
            cairo_set_scaled_font(cr, scaled)
            text.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: text.count) { chars in
                    cairo_show_text_glyphs(cr, chars + seg.bytes.lowerBound, Int32(seg.bytes.count), glyphs, Int32(glyphs.count),
                                           seg.clusters, Int32(seg.clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
                }
            }
        }
    }

    public func fill(_ rect: Rect, colour: Colour) {
        guard let cr else { return }
        cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
        cairo_rectangle(cr, rect.x.value, rect.y.value, rect.width.value, rect.height.value)
        cairo_fill(cr)
    }

    /// A clickable area that jumps to a named destination (PDF only).
    public func link(_ rect: Rect, to destination: String) {
        guard case .pdf = target, let cr else { return }
        let attrs = "rect=[\(Canvas.fixed3(rect))] dest='\(destination)'"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs)
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    /// A clickable area that opens a web address (PDF only).
    public func link(_ rect: Rect, uri: String) {
        guard case .pdf = target, let cr else { return }
        let escaped = uri.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        let attrs = "rect=[\(Canvas.fixed3(rect))] uri='\(escaped)'"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs)
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    /// A number as C's "%.3f" writes it (Foundation's String(format:) took a tenth of a millisecond
    /// per link).
    static func fixed3(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.3f", $0) }
        return String(cString: buffer)
    }

    static func fixed3(_ rect: Rect) -> String {
        [rect.x.value, rect.y.value, rect.width.value, rect.height.value].map(fixed3).joined(separator: " ")
    }

    /// Photos by file, made once per canvas.
    private var photos: [String: Photo] = [:]

    /// Draws a photo into `rect`, turned upright by its EXIF orientation. A JPEG goes into the PDF
    /// as it is (Cairo embeds the file's bytes as DCT data, so the PDF grows by the photo's size);
    /// PNG pages decode it.
    public func drawImage(path: String, jpeg: Bool, pixelWidth: Int, pixelHeight: Int, orientation: Int, in rect: Rect) throws {
        guard let cr else { return }
        let photo: Photo
        if let hit = photos[path] { photo = hit } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw Diagnostic.error("cannot read image \(path)") }
            var decode = true
            if case .pdf = target, jpeg { decode = false }
            do { photo = try Photo(data: [UInt8](data), jpeg: jpeg, width: pixelWidth, height: pixelHeight, decode: decode) }
            catch let d as Diagnostic { throw Diagnostic.error("\(path): \(d.message)", hint: "save the photo again as JPEG or PNG") }
            photos[path] = photo
        }
        let w = Double(pixelWidth), h = Double(pixelHeight)
        let quarter = orientation >= 5
        let (uw, uh) = quarter ? (h, w) : (w, h)
        cairo_save(cr)
        cairo_translate(cr, rect.x.value, rect.y.value)
        cairo_scale(cr, rect.width.value / uw, rect.height.value / uh)
        // Stored pixels → upright pixels (EXIF orientations 1–8).
        var m = cairo_matrix_t(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)
        switch orientation {
        case 2: m = cairo_matrix_t(xx: -1, yx: 0, xy: 0, yy: 1, x0: w, y0: 0)
        case 3: m = cairo_matrix_t(xx: -1, yx: 0, xy: 0, yy: -1, x0: w, y0: h)
        case 4: m = cairo_matrix_t(xx: 1, yx: 0, xy: 0, yy: -1, x0: 0, y0: h)
        case 5: m = cairo_matrix_t(xx: 0, yx: 1, xy: 1, yy: 0, x0: 0, y0: 0)
        case 6: m = cairo_matrix_t(xx: 0, yx: 1, xy: -1, yy: 0, x0: h, y0: 0)
        case 7: m = cairo_matrix_t(xx: 0, yx: -1, xy: -1, yy: 0, x0: h, y0: w)
        case 8: m = cairo_matrix_t(xx: 0, yx: -1, xy: 1, yy: 0, x0: 0, y0: w)
        default: break
        }
        cairo_transform(cr, &m)
        cairo_set_source_surface(cr, photo.surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_rectangle(cr, 0, 0, w, h)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// A named destination at a point of the current page (PDF only).
    public func destination(_ name: String, at point: Point) {
        guard case .pdf = target, let cr else { return }
        let attrs = "name='\(name)' x=\(Canvas.fixed3(point.x.value)) y=\(Canvas.fixed3(point.y.value))"
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs)
        cairo_tag_end(cr, CAIRO_TAG_DEST)
    }

    /// Adds a bookmark; returns its id, to be the parent of nested bookmarks (0 = top level).
    @discardableResult
    public func outline(_ title: String, parent: Int32, destination: String) -> Int32 {
        guard case .pdf = target, let surface else { return 0 }
        return cairo_pdf_surface_add_outline(surface, parent, title, "dest='\(destination)'", CAIRO_PDF_OUTLINE_FLAG_OPEN)
    }

    /// Finishes the document and returns the PDF's bytes (empty for PNG targets).
    public func finish() throws -> [UInt8] {
        guard case .pdf = target, let surface else { return [] }
        if let cr { cairo_destroy(cr) }
        cr = nil
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        self.surface = nil
        guard status == CAIRO_STATUS_SUCCESS else {
            throw Diagnostic.error("cannot finish the PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        return pdfBytes.bytes
    }
}
