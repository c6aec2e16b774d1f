import Foundation
import Synchronization
import CPangoCairo
import BulletinCore

/// Fontconfig and Pango set up once: a font configuration that also sees the user's `Fonts/`
/// folder, and a Pango context shaping for zh-CN at 72 dpi (so sizes are points). Not shared between
/// threads: an `EnginePool` hands each render a system of its own.
public final class FontSystem {
    let config: OpaquePointer
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    /// The folders whose fonts take precedence over the system's.
    public let fontFolders: [String]
    /// Font files in those folders that could not be read (corrupt or not fonts at all).
    public private(set) var unreadableFonts: [String] = []
    /// The readable font files in those folders, with every family name they carry.
    public private(set) var folderFonts: [(file: String, families: [String])] = []
    /// The FreeType library subset fonts are opened with.
    let freeType = FreeTypeLibrary()
    /// The measurer layout shapes text with, on this system's fonts.
    public private(set) lazy var measurer = PangoMeasurer(system: self)
    /// Runs whose face has every character are shaped with HarfBuzz directly, as Pango would.
    private(set) lazy var directShaper = DirectShaper(system: self)

    /// Whether a font system's configuration has been made fontconfig's default.
    private static let defaultTaken = Atomic<Bool>(false)

    public init(fontFolders: [String]) {
        config = ConfigurationPreload.take() ?? FcInitLoadConfigAndFonts()
        // The first font map a process makes has Pango set up fontconfig's default configuration
        // (on a thread of its own, waited for when the map is given ours): as long again as making
        // ours, for a configuration nothing here uses. The first configuration made becomes that
        // default, so it is set up once. Each font map still matches with its own configuration.
        if FontSystem.defaultTaken.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            FcConfigSetCurrent(config)
        }
        // FandolHei's and FandolSong's bold faces state a regular weight, so a request for the
        // regular face could get the bold one: such requests name the regular face outright.
        var rule = #"<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>"#
        for family in ["FandolHei", "FandolSong"] {
            rule += """
                <match target="pattern"><test name="family"><string>\(family)</string></test>
                <test name="weight" compare="less"><int>150</int></test>
                <edit name="postscriptname" mode="assign"><string>\(family)-Regular</string></edit></match>
                """
        }
        rule += "</fontconfig>"
        _ = FcConfigParseAndLoadFromMemory(config, rule, 0)
        var added: [String] = []
        var special: [String] = []
        for dir in fontFolders {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let abs = (dir as NSString).standardizingPath
            // fontconfig opens every file of a folder it scans, and opening a FIFO waits for a
            // writer forever: a folder holding anything but files and folders is added file by file.
            let (regular, others) = FontSystem.files(in: abs)
            if others.isEmpty {
                if FcConfigAppFontAddDir(config, abs) != 0 { added.append(abs) }
            } else {
                special += others
                for f in regular where ["ttf", "otf", "ttc", "otc"].contains(PathName.pathExtension(f).lowercased()) {
                    _ = FcConfigAppFontAddFile(config, f)
                }
                added.append(abs)
            }
        }
        self.fontFolders = added
        // What fontconfig took from those folders (it has read them already, from its cache when it
        // can): a font file it did not take could not be read.
        var families: [String: [String]] = [:]
        if let set = FcConfigGetFonts(config, FcSetApplication) {
            for i in 0..<Int(set.pointee.nfont) {
                guard let font = set.pointee.fonts[i] else { continue }
                var file: UnsafeMutablePointer<FcChar8>?
                guard FcPatternGetString(font, FC_FILE, 0, &file) == FcResultMatch, let file else { continue }
                var names = families[String(cString: file)] ?? []
                for name in patternFamilies(font) where !names.contains(name) { names.append(name) }
                families[String(cString: file)] = names
            }
        }
        unreadableFonts += special
        for dir in added {
            let files = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []).filter { !special.contains(dir + "/" + $0) }
            for f in files.sorted() where ["ttf", "otf", "ttc", "otc"].contains(PathName.pathExtension(f)) {
                let path = dir + "/" + f
                guard let names = families[path] else { unreadableFonts.append(path); continue }
                folderFonts.append((path, names))
            }
        }
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
        preferFolderFaces()
    }

    /// The font folders' faces win over installed faces of the same family, as `bulletin fonts`
    /// reports: fontconfig alone would take an installed copy of a licensed face the user put into
    /// `Fonts/` when its version is the same or newer. Each family a folder face carries (by each of
    /// its names) is pointed at the folder file the font resolver ranks first, for regular and for
    /// bold requests, before anything is matched.
    private func preferFolderFaces() {
        guard !folderFonts.isEmpty else { return }
        func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var rules = #"<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>"#
        var seen = Set<String>()
        for (_, families) in folderFonts {
            for family in families where seen.insert(family.lowercased()).inserted {
                for bold in [false, true] {
                    guard let best = ranked(family, bold: bold).first(where: { isInFontFolder($0.file) }) else { continue }
                    rules += """
                        <match target="pattern"><test qual="first" name="family" ignore-blanks="true"><string>\(escaped(family))</string></test>
                        <test name="weight" compare="\(bold ? "more_eq" : "less")"><int>150</int></test>
                        <edit name="file" mode="assign" binding="strong"><string>\(escaped(best.file))</string></edit></match>
                        """
                }
            }
        }
        rules += "</fontconfig>"
        _ = FcConfigParseAndLoadFromMemory(config, rules, 0)
    }

    /// The regular files under a folder, and everything else that is not a folder (FIFOs, sockets,
    /// devices), by lstat: nothing is opened.
    static func files(in dir: String) -> (regular: [String], others: [String]) {
        var regular: [String] = [], others: [String] = []
        let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
        for name in names.sorted() {
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            var kind = st.st_mode & S_IFMT
            if kind == S_IFLNK {
                // A link counts as what it points to (a dangling one as nothing).
                var target = stat()
                guard stat(path, &target) == 0 else { continue }
                kind = target.st_mode & S_IFMT
            }
            switch kind {
            case S_IFREG: regular.append(path)
            case S_IFDIR: break
            default: others.append(path)
            }
        }
        return (regular, others)
    }

    /// Cairo faces of font files, for drawing PNG pages; kept for the system's life.
    private var fileFaces: [FaceKey: OpaquePointer] = [:]

    func fileFace(_ key: FaceKey) -> OpaquePointer? {
        if let hit = fileFaces[key] { return hit }
        guard let face = freeType.makeCairoFace(file: key.file, index: key.index) else { return nil }
        fileFaces[key] = face
        return face
    }

    deinit {
        // Fonts held by the measurer and the shaper go before the font map that made them.
        measurer.releaseFonts()
        directShaper.releaseFonts()
        for f in fileFaces.values { cairo_font_face_destroy(f) }
        for p in matchedPatterns { FcPatternDestroy(p) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        FcConfigDestroy(config)
    }

    var ctx: OpaquePointer { context }

    /// Every installed font, by each of its family names (lower-cased), listed once: resolving a
    /// layout's font chains asks for many families, and one list is much cheaper than a query per name.
    private lazy var catalogue = FontCatalogue(config: config)

    /// The faces whose family names include `family` (any of its localised names), the wanted weight
    /// first, faces from the user's font folders (in their order of precedence, the issue's own
    /// first) before the system's, then by path.
    private func ranked(_ family: String, bold: Bool) -> [FontCatalogue.Entry] {
        let fonts = catalogue.byFamily[family.lowercased()] ?? []
        // fontconfig weights: 80 regular, 200 bold.
        let target: Int32 = bold ? 200 : 80
        // Some faces state no weight (FandolHei's bold face says regular): the style name decides a tie.
        func rank(_ f: FontCatalogue.Entry) -> (Int32, Int, Int, String, Int32) {
            let saysBold = f.style.lowercased().contains("bold")
            return (abs(f.weight - target), saysBold == bold ? 0 : 1, folderPrecedence(f.file), f.file, f.index)
        }
        return fonts.sorted { rank($0) < rank($1) }
    }

    /// The font files of `family`, best first (see `ranked`).
    public func files(forFamily family: String, bold: Bool) -> [String] {
        var seen = Set<String>()
        return ranked(family, bold: bold).map(\.file).filter { seen.insert($0).inserted }
    }

    /// The face fontconfig matches for `family` as Pango asks for it (the family, regular or bold,
    /// upright, normal width, zh-CN, through this system's configuration): the face Pango sets the
    /// family's text in, so text shaped directly and text Pango shapes share one file. Nil when the
    /// match is another family (the family is missing, or the configuration prefers another).
    func matchedFace(forFamily family: String, bold: Bool) -> MatchedFace? {
        let key = "\(family.lowercased())\u{0}\(bold)"
        if let known = matched[key] { return known }
        let found = match(family, bold: bold)
        matched[key] = .some(found)
        return found
    }

    /// The file of `matchedFace`: what `bulletin fonts` reports and what text is drawn with.
    public func matchedFile(forFamily family: String, bold: Bool) -> String? {
        matchedFace(forFamily: family, bold: bold)?.file
    }

    struct MatchedFace {
        var file: String
        var index: Int32
        /// fontconfig's matched pattern (its families and character set), owned by the system.
        var pattern: OpaquePointer
    }
    private var matched: [String: MatchedFace?] = [:]
    private var matchedPatterns: [OpaquePointer] = []

    private func match(_ family: String, bold: Bool) -> MatchedFace? {
        guard let pattern = FcPatternCreate() else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcPatternAddString(pattern, FC_FAMILY, family)
        FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)
        FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN)
        FcPatternAddInteger(pattern, FC_WIDTH, FC_WIDTH_NORMAL)
        FcPatternAddString(pattern, FC_LANG, "zh-cn")
        guard FcConfigSubstitute(config, pattern, FcMatchPattern) != 0 else { return nil }
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let font = FcFontMatch(config, pattern, &result) else { return nil }
        var path: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard patternFamilies(font).contains(where: { $0.lowercased() == family.lowercased() }), FcPatternGetString(font, FC_FILE, 0, &path) == FcResultMatch, let path else {
            FcPatternDestroy(font)
            return nil
        }
        FcPatternGetInteger(font, FC_INDEX, 0, &index)
        matchedPatterns.append(font)
        return MatchedFace(file: String(cString: path), index: index, pattern: font)
    }

    public func isInFontFolder(_ path: String) -> Bool {
        fontFolders.contains { path.hasPrefix($0 + "/") }
    }

    /// The position of the font folder holding `path` (the system's fonts come last): the same face
    /// in two folders is taken from the one searched first, wherever the folders sit on disk.
    func folderPrecedence(_ path: String) -> Int {
        fontFolders.firstIndex { path.hasPrefix($0 + "/") } ?? fontFolders.count
    }
}

/// fontconfig's list of every installed font (kept: its patterns name each face's families and
/// characters), indexed by family name.
final class FontCatalogue {
    struct Entry {
        var file: String
        var index: Int32
        var weight: Int32
        var style: String
        /// The face's pattern in the list: its families and character set.
        var pattern: OpaquePointer
    }

    private let set: UnsafeMutablePointer<FcFontSet>?
    let byFamily: [String: [Entry]]

    init(config: OpaquePointer) {
        var index: [String: [Entry]] = [:]
        let pattern = FcPatternCreate()
        let os = FcObjectSetCreate()
        for object in [FC_FAMILY, FC_FILE, FC_INDEX, FC_WEIGHT, FC_STYLE, FC_CHARSET] { FcObjectSetAdd(os, object) }
        set = pattern.flatMap { p in os.flatMap { FcFontList(config, p, $0) } }
        if let pattern { FcPatternDestroy(pattern) }
        if let os { FcObjectSetDestroy(os) }
        if let set {
            for i in 0..<Int(set.pointee.nfont) {
                guard let font = set.pointee.fonts[i] else { continue }
                var file: UnsafeMutablePointer<FcChar8>?
                guard FcPatternGetString(font, FC_FILE, 0, &file) == FcResultMatch, let file else { continue }
                var weight: Int32 = 80, faceIndex: Int32 = 0
                FcPatternGetInteger(font, FC_WEIGHT, 0, &weight)
                FcPatternGetInteger(font, FC_INDEX, 0, &faceIndex)
                var styleName: UnsafeMutablePointer<FcChar8>?
                let style = FcPatternGetString(font, FC_STYLE, 0, &styleName) == FcResultMatch ? styleName.map { String(cString: $0) } ?? "" : ""
                let entry = Entry(file: String(cString: file), index: faceIndex, weight: weight, style: style, pattern: font)
                for family in patternFamilies(font) { index[family.lowercased(), default: []].append(entry) }
            }
        }
        byFamily = index
    }

    deinit { if let set { FcFontSetDestroy(set) } }
}

/// Every family name a fontconfig pattern carries, in its order (a licensed face often has a
/// Chinese and an English one, 仿宋_GB2312 and FangSong_GB2312).
func patternFamilies(_ pattern: OpaquePointer) -> [String] {
    var names: [String] = []
    var n: Int32 = 0
    var family: UnsafeMutablePointer<FcChar8>?
    while FcPatternGetString(pattern, FC_FAMILY, n, &family) == FcResultMatch, let family {
        names.append(String(cString: family))
        n += 1
    }
    return names
}
