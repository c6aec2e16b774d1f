import Foundation
import CPangoCairo
import BulletinCore

/// PNG pages drawn by Cairo, in memory, one image per page. Owns its surface and context.
public final class RasterCanvas: Canvas {
    let system: FontSystem
    let dpi: Double
    let pageSize: Size
    private var surface: OpaquePointer?
    private var cr: OpaquePointer?
    private var pageIndex = 0
    /// PNG bytes of each finished page.
    public private(set) var pngPages: [Data] = []

    public init(dpi: Double, pageSize: Size, system: FontSystem) {
        self.system = system; self.dpi = dpi; self.pageSize = pageSize
    }

    deinit {
        if let cr { cairo_destroy(cr) }
        if let surface { cairo_surface_destroy(surface) }
        for f in scaledFonts.values { cairo_scaled_font_destroy(f) }
    }

    public func prepare(fonts: [FontKey], glyphs: [(font: Int32, ids: Set<UInt32>)], characters: Set<UInt32>) {}

    /// Starts a page: a new white image.
    public func beginPage() {
        pageIndex += 1
        let scale = dpi / 72
        let w = Int32((pageSize.width.value * scale).rounded()), h = Int32((pageSize.height.value * scale).rounded())
        let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)!
        surface = s
        cr = cairo_create(s)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
    }

    public func endPage() throws {
        let encoded = ByteSink.png(of: surface!)
        cairo_destroy(cr); cairo_surface_destroy(surface)
        cr = nil; surface = nil
        switch encoded {
        case .success(let data): pngPages.append(data)
        case .failure(let f): throw Diagnostic.error("cannot encode page \(pageIndex) as PNG: \(f.message)")
        }
    }

    public func link(_ rect: Rect, to destination: String) {}
    public func link(_ rect: Rect, uri: String) {}
    public func destination(_ name: String, at point: Point) {}
    public func outline(_ title: String, parent: Int32, destination: String) -> Int32 { 0 }

    /// Scaled fonts by font key, made on first use and destroyed with the canvas.
    private var scaledFonts: [FontKey: OpaquePointer] = [:]
    private var missingFonts = Set<FontKey>()

    /// The scaled font for a key, from the font file; nil when the face cannot be opened.
    private func scaledFont(_ key: FontKey) -> OpaquePointer? {
        if let hit = scaledFonts[key] { return hit }
        if missingFonts.contains(key) { return nil }
        guard let cairoFace = system.fileFace(key.face) else { missingFonts.insert(key); return nil }
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
        scaledFonts[key] = scaled
        return scaled
    }

    public func drawText(_ text: [UInt8], colours: [(byte: Int, colour: Colour)], clusters: [ClusterPosition], fonts: [FontKey], origin: Point) {
        guard let cr, !clusters.isEmpty else { return }
        func colour(at byte: Int) -> Colour { colours.last(where: { $0.byte <= byte })?.colour ?? .black }
        // Glyphs go to Cairo in runs of one font and colour, as few calls as the line allows.
        var run: [cairo_glyph_t] = []
        var runFont: Int32 = -1, runColour = Colour.black
        func flush() {
            defer { run.removeAll(keepingCapacity: true) }
            guard !run.isEmpty, runFont >= 0, Int(runFont) < fonts.count, let scaled = scaledFont(fonts[Int(runFont)]) else { return }
            cairo_set_source_rgb(cr, runColour.red, runColour.green, runColour.blue)
            cairo_set_scaled_font(cr, scaled)
            cairo_show_glyphs(cr, run, Int32(run.count))
        }
        for c in clusters {
            let col = colour(at: c.byteOffset)
            var pen = origin.x + c.x
            for g in c.glyphs {
                if g.font != runFont || col != runColour { flush(); runFont = g.font; runColour = col }
                run.append(cairo_glyph_t(index: UInt(g.id), x: (pen + g.xOffset).value, y: (origin.y + g.yOffset).value))
                pen += g.advance
            }
        }
        flush()
    }

    public func fill(_ rect: Rect, colour: Colour) {
        guard let cr else { return }
        cairo_set_source_rgb(cr, colour.red, colour.green, colour.blue)
        cairo_rectangle(cr, rect.x.value, rect.y.value, rect.width.value, rect.height.value)
        cairo_fill(cr)
    }

    /// Photos by file, decoded once per canvas.
    private var photos: [String: Photo] = [:]

    /// Draws a photo into `rect`, turned upright by its EXIF orientation.
    public func drawImage(path: String, header: ImageHeader, in rect: Rect) throws {
        guard let cr else { return }
        let photo: Photo
        if let hit = photos[path] { photo = hit } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw Diagnostic.error("cannot read image \(path)") }
            do { photo = try Photo(data: [UInt8](data), jpeg: header.format == .jpeg, width: header.width, height: header.height) }
            catch let d as Diagnostic { throw Diagnostic.error("\(path): \(d.message)", hint: "save the photo again as JPEG or PNG") }
            photos[path] = photo
        }
        let w = Double(header.width), h = Double(header.height)
        let (uw, uh) = (Double(header.upright.width), Double(header.upright.height))
        cairo_save(cr)
        cairo_translate(cr, rect.x.value, rect.y.value)
        cairo_scale(cr, rect.width.value / uw, rect.height.value / uh)
        let t = Upright.transform(orientation: header.orientation, width: w, height: h)
        var m = cairo_matrix_t(xx: t[0], yx: t[1], xy: t[2], yy: t[3], x0: t[4], y0: t[5])
        cairo_transform(cr, &m)
        cairo_set_source_surface(cr, photo.surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_rectangle(cr, 0, 0, w, h)
        cairo_fill(cr)
        cairo_restore(cr)
    }
}
