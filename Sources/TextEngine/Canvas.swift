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

/// Bytes Cairo writes through a stream callback.
final class ByteSink {
    var bytes: [UInt8] = []
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

    public init(target: Target, pageSize: Size, system: FontSystem, metadata: PDFMetadata?) throws {
        self.system = system; self.target = target; self.pageSize = pageSize
        if case .pdf = target {
            let sink = Unmanaged.passUnretained(pdfBytes).toOpaque()
            let s = cairo_pdf_surface_create_for_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, sink, pageSize.width.value, pageSize.height.value)!
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
            let sink = ByteSink()
            let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
            cairo_destroy(cr); cairo_surface_destroy(surface)
            cr = nil; surface = nil
            guard status == CAIRO_STATUS_SUCCESS else {
                throw Diagnostic.error("cannot encode page \(pageIndex) as PNG: \(String(cString: cairo_status_to_string(status)))")
            }
            pngPages.append(Data(sink.bytes))
        }
    }

    /// Draws one line of text with its baseline starting at `origin`. With `positions`, each cluster's
    /// glyphs are drawn where the layout placed them (grid, compressed punctuation, justification);
    /// the text stays attached to its glyphs, so it copies and searches as written.
    private var subsetter: FontSubsetter?

    /// Text shaped once, to be subset and then drawn.
    public final class Line {
        let shaped: ShapedText
        init(_ s: ShapedText) { shaped = s }
    }

    public func shape(_ runs: [TextRun]) -> Line { Line(ShapedText(runs, system: system)) }

    /// For a PDF: subsets the fonts to the glyphs of `lines`, so the file embeds only what it draws.
    public func prepare(_ lines: [Line]) {
        guard case .pdf = target else { return }
        let s = FontSubsetter(library: system.freeType)
        for l in lines { l.shaped.collectGlyphs(into: s) }
        s.build()
        subsetter = s
    }

    public func drawLine(_ line: Line, origin: Point, positions: [ClusterPosition]) {
        guard let cr else { return }
        let text = line.shaped
        var shift = Points.zero
        if !positions.isEmpty {
            let target = Dictionary(positions.map { ($0.byteOffset, $0.x.value) }, uniquingKeysWith: { a, _ in a })
            // Glyph origins wanted, in order; a cluster's later glyphs keep their natural offsets from its first.
            var glyphs: [(UnsafeMutablePointer<PangoGlyphInfo>, Double)] = []
            var clusterByte = -1, clusterX = 0.0, within = 0.0, naturalX = 0.0
            text.forEachGlyph { byte, info in
                let natural = Double(info.pointee.geometry.width) / pangoScale
                if byte != clusterByte {
                    clusterByte = byte
                    clusterX = target[byte] ?? naturalX
                    within = 0
                }
                glyphs.append((info, clusterX + within))
                within += natural
                naturalX = clusterX + within
            }
            // Widths from rounded absolute positions, so rounding never accumulates along the line.
            for (k, g) in glyphs.enumerated() where k + 1 < glyphs.count {
                let a = (g.1 * pangoScale).rounded(), b = (glyphs[k + 1].1 * pangoScale).rounded()
                g.0.pointee.geometry.width = Int32(b - a)
            }
            shift = Points(glyphs.first?.1 ?? 0)
        }
        text.draw(on: cr, x: (origin.x + shift).value, y: origin.y.value, subsets: subsetter)
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
        let attrs = String(format: "rect=[%.3f %.3f %.3f %.3f] dest='%@'", rect.x.value, rect.y.value, rect.width.value, rect.height.value, destination)
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs)
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    /// A named destination at a point of the current page (PDF only).
    public func destination(_ name: String, at point: Point) {
        guard case .pdf = target, let cr else { return }
        let attrs = String(format: "name='%@' x=%.3f y=%.3f", name, point.x.value, point.y.value)
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
