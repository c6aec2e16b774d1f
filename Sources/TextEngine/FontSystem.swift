import Foundation
import CPangoCairo
import BulletinCore

/// Fontconfig and Pango set up once: a font configuration that also sees the user's `Fonts/`
/// folder, and a Pango context shaping for zh-CN at 72 dpi (so sizes are points).
public final class FontSystem {
    let config: OpaquePointer
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    /// The folders whose fonts take precedence over the system's.
    public let fontFolders: [String]

    public init(fontFolders: [String]) {
        config = FcInitLoadConfigAndFonts()
        var added: [String] = []
        for dir in fontFolders {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let abs = (dir as NSString).standardizingPath
            if FcConfigAppFontAddDir(config, abs) != 0 { added.append(abs) }
        }
        self.fontFolders = added
        fontMap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)
        pango_fc_font_map_set_config(OpaquePointer(fontMap), config)
        context = pango_font_map_create_context(fontMap)
        pango_cairo_context_set_resolution(ctx, 72)
        pango_context_set_language(ctx, pango_language_from_string("zh-cn"))
        pango_context_set_round_glyph_positions(ctx, 0)
        // Unhinted metrics keep widths identical between measuring and drawing on any surface.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(ctx, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        FcConfigDestroy(config)
    }

    var ctx: OpaquePointer { context }

    /// The font files whose family names include `family` (any of its localised names), bold or regular.
    public func files(forFamily family: String, bold: Bool) -> [String] {
        guard let pattern = FcPatternCreate() else { return [] }
        defer { FcPatternDestroy(pattern) }
        FcPatternAddString(pattern, FC_FAMILY, family)
        guard let os = FcObjectSetCreate() else { return [] }
        defer { FcObjectSetDestroy(os) }
        FcObjectSetAdd(os, FC_FILE); FcObjectSetAdd(os, FC_WEIGHT)
        guard let set = FcFontList(config, pattern, os) else { return [] }
        defer { FcFontSetDestroy(set) }
        var regular: [String] = [], heavy: [String] = []
        for i in 0..<Int(set.pointee.nfont) {
            guard let font = set.pointee.fonts[i] else { continue }
            var file: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(font, FC_FILE, 0, &file) == FcResultMatch, let file else { continue }
            var weight: Int32 = 80
            FcPatternGetInteger(font, FC_WEIGHT, 0, &weight)
            let path = String(cString: file)
            if weight >= 180 { heavy.append(path) } else { regular.append(path) }
        }
        let order = bold ? heavy + regular : regular + heavy
        return order.sorted { a, b in
            // Within a weight class keep files from the user's folders first, then by name for determinism.
            let ia = order.firstIndex(of: a)!, ib = order.firstIndex(of: b)!
            let ua = isInFontFolder(a), ub = isInFontFolder(b)
            if ua != ub { return ua }
            return ia < ib || (ia == ib && a < b)
        }
    }

    public func isInFontFolder(_ path: String) -> Bool {
        fontFolders.contains { path.hasPrefix($0 + "/") }
    }
}
