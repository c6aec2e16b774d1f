import Foundation
import CPangoCairo
import CJPEGDecode
import BulletinCore

/// A photo as a Cairo image surface. A JPEG carries its file's bytes as MIME data, which the PDF
/// surface embeds unchanged; its pixels are decoded only for raster pages. Owns the surface; the
/// bytes the MIME data points into are freed by Cairo with the surface.
final class Photo {
    let surface: OpaquePointer

    init(data: [UInt8], jpeg: Bool, width: Int, height: Int, decode: Bool) throws {
        if !jpeg {
            guard let s = ByteSource.pngSurface(data) else { throw Diagnostic.error("cannot read the PNG image") }
            surface = s
            return
        }
        let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        guard cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(s)
            throw Diagnostic.error("the image is too large to draw (\(width)×\(height) pixels)")
        }
        if decode {
            cairo_surface_flush(s)
            let status = data.withUnsafeBufferPointer { buf in
                bulletin_jpeg_decode(buf.baseAddress, buf.count, cairo_image_surface_get_data(s), Int32(width), Int32(height), cairo_image_surface_get_stride(s))
            }
            cairo_surface_mark_dirty(s)
            if status != 0 {
                cairo_surface_destroy(s)
                throw Diagnostic.error("cannot decode the JPEG image")
            }
        }
        // The PDF embeds these bytes as they are; Cairo frees them when it lets go of the surface.
        guard let bytes = malloc(max(data.count, 1)) else { cairo_surface_destroy(s); throw Diagnostic.error("out of memory reading the image") }
        data.withUnsafeBytes { bytes.copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, bytes.assumingMemoryBound(to: UInt8.self), UInt(data.count), free, bytes)
        surface = s
    }

    deinit { cairo_surface_destroy(surface) }
}
