import Foundation
import CPangoCairo
import BulletinCore

/// Bytes Cairo writes through a stream callback (`cairo_surface_write_to_png_stream`).
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

/// What a page tree is painted on: the PDF (`PDFCanvas`) or PNG pages (`RasterCanvas`). The
/// painter calls the same methods in the same order for both; what a raster has no use for
/// (links, bookmarks, fonts to embed) it ignores.
public protocol Canvas: AnyObject {
    /// Before the first page: every glyph drawn, by font table index, the fonts in the order the
    /// document first draws them; and the document's characters.
    func prepare(fonts: [FontKey], glyphs: [(font: Int32, ids: Set<UInt32>)], characters: Set<UInt32>)
    func beginPage()
    func endPage() throws
    /// One laid-out line: `text` is its characters (UTF-8), `colours` the colour from each byte
    /// offset on, `clusters` each cluster's byte offset, x and shaped glyphs, from `origin` on the
    /// baseline. Nothing is shaped again.
    func drawText(_ text: [UInt8], colours: [(byte: Int, colour: Colour)], clusters: [ClusterPosition], fonts: [FontKey], origin: Point)
    func fill(_ rect: Rect, colour: Colour)
    /// The photo at `path`, its `header` as read when the issue was loaded, turned upright into `rect`.
    func drawImage(path: String, header: ImageHeader, in rect: Rect) throws
    /// A clickable area that jumps to a named destination.
    func link(_ rect: Rect, to destination: String)
    /// A clickable area that opens a web address.
    func link(_ rect: Rect, uri: String)
    /// A named destination at a point of the current page.
    func destination(_ name: String, at point: Point)
    /// Adds a bookmark; returns its id, to be the parent of nested bookmarks (0 = top level).
    @discardableResult
    func outline(_ title: String, parent: Int32, destination: String) -> Int32
}
