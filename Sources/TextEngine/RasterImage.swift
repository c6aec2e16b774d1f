import Foundation
import CPangoCairo
import BulletinCore

/// A decoded page image: 32-bit pixels, 0xAARRGGBB, row by row. Used to compare page snapshots.
public struct RasterImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt32]

    public init(width: Int, height: Int, pixels: [UInt32]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    public func pixel(_ x: Int, _ y: Int) -> UInt32 { pixels[y * width + x] }

    /// Decodes PNG bytes through Cairo, from memory.
    public static func decodePNG(_ data: Data) -> RasterImage? {
        guard let surface = ByteSource.pngSurface([UInt8](data)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let base = cairo_image_surface_get_data(surface) else { return nil }
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        var pixels = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h {
            let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w { pixels[y * w + x] = opaque ? (row[x] | 0xFF00_0000) : row[x] }
        }
        return RasterImage(width: w, height: h, pixels: pixels)
    }

    /// Encodes to PNG bytes through Cairo, in memory.
    public func encodePNG() -> Data {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else { return Data() }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        if let base = cairo_image_surface_get_data(surface) {
            for y in 0..<height {
                let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width { row[x] = pixels[y * width + x] }
            }
        }
        cairo_surface_mark_dirty(surface)
        return (try? ByteSink.png(of: surface).get()) ?? Data()
    }

    /// Pages side by side, scaled to `height` pixels, `gap` pixels apart, on grey: a contact sheet.
    public static func contactSheet(_ pages: [RasterImage], height: Int, columns: Int, gap: Int = 12) -> RasterImage {
        guard let first = pages.first else { return RasterImage(width: 1, height: 1, pixels: [0xFFFF_FFFF]) }
        let scale = Double(height) / Double(first.height)
        let w = Int((Double(first.width) * scale).rounded())
        let cols = max(1, min(columns, pages.count))
        let rows = (pages.count + cols - 1) / cols
        let sheetW = cols * w + (cols + 1) * gap, sheetH = rows * height + (rows + 1) * gap
        var out = RasterImage(width: sheetW, height: sheetH, pixels: [UInt32](repeating: 0xFFD0_D0D0, count: sheetW * sheetH))
        for (i, page) in pages.enumerated() {
            let ox = gap + (i % cols) * (w + gap), oy = gap + (i / cols) * (height + gap)
            // Box-filter downscale: each sheet pixel averages the page pixels it covers.
            for y in 0..<height {
                let y0 = Int(Double(y) / scale), y1 = max(y0 + 1, min(page.height, Int(Double(y + 1) / scale)))
                for x in 0..<w {
                    let x0 = Int(Double(x) / scale), x1 = max(x0 + 1, min(page.width, Int(Double(x + 1) / scale)))
                    var r = 0, g = 0, b = 0, n = 0
                    for yy in y0..<min(y1, page.height) {
                        for xx in x0..<min(x1, page.width) {
                            let p = page.pixels[yy * page.width + xx]
                            r += Int((p >> 16) & 0xFF); g += Int((p >> 8) & 0xFF); b += Int(p & 0xFF); n += 1
                        }
                    }
                    guard n > 0 else { continue }
                    out.pixels[(oy + y) * sheetW + ox + x] = 0xFF00_0000 | UInt32(r / n) << 16 | UInt32(g / n) << 8 | UInt32(b / n)
                }
            }
        }
        return out
    }
}
