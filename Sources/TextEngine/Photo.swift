import Foundation
import CPangoCairo
import CJPEGDecode
import BulletinCore

/// A photo decoded into a Cairo image surface, for raster pages (the PDF embeds a JPEG's own bytes).
/// Owns the surface.
final class Photo {
    let surface: OpaquePointer

    init(data: [UInt8], jpeg: Bool, width: Int, height: Int) throws {
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
        cairo_surface_flush(s)
        let status = data.withUnsafeBufferPointer { buf in
            bulletin_jpeg_decode(buf.baseAddress, buf.count, cairo_image_surface_get_data(s), Int32(width), Int32(height), cairo_image_surface_get_stride(s))
        }
        cairo_surface_mark_dirty(s)
        if status != 0 {
            cairo_surface_destroy(s)
            throw Diagnostic.error("cannot decode the JPEG image")
        }
        surface = s
    }

    deinit { cairo_surface_destroy(surface) }
}

/// How a photo's stored pixels turn upright by its EXIF orientation (1–8): the matrix (a b c d e f,
/// x' = a x + c y + e, y' = b x + d y + f) from stored pixel coordinates to upright ones. Both
/// canvases draw photos through it.
enum Upright {
    static func transform(orientation: Int, width w: Double, height h: Double) -> [Double] {
        switch orientation {
        case 2: return [-1, 0, 0, 1, w, 0]
        case 3: return [-1, 0, 0, -1, w, h]
        case 4: return [1, 0, 0, -1, 0, h]
        case 5: return [0, 1, 1, 0, 0, 0]
        case 6: return [0, 1, -1, 0, h, 0]
        case 7: return [0, -1, -1, 0, h, w]
        case 8: return [0, -1, 1, 0, 0, w]
        default: return [1, 0, 0, 1, 0, 0]
        }
    }
}
