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

/// Writes the PDF itself, from the glyphs layout shaped: each face is cut down to what the document
/// draws and embedded as it comes out (`PDFFontFace`; Cairo read every glyph again through FreeType
/// and cut each face down a second time, most of the time a PDF took). Content streams are written
/// in page coordinates (y down, as layout places things), text with each glyph at the x layout gave
/// it; the text copies and searches as written (ToUnicode maps, and ActualText where a cluster's
/// glyphs do not spell its characters one to one).
public final class PDFCanvas: Canvas {
    private let pageSize: Size
    private let metadata: PDFMetadata?

    /// Whether faces are embedded (false: every glyph drawn as an outline, for tests of that path).
    private let embedding: Bool

    public convenience init(pageSize: Size, metadata: PDFMetadata?) {
        self.init(pageSize: pageSize, metadata: metadata, embedding: true)
    }

    init(pageSize: Size, metadata: PDFMetadata?, embedding: Bool) {
        self.pageSize = pageSize; self.metadata = metadata; self.embedding = embedding
    }

    // MARK: fonts

    /// Embedded faces, in resource order (/F0, /F1, …).
    private var faces: [PDFFontFace?] = []
    /// Font table index (`FontKey`) → face index.
    private var faceOfFont: [Int32: Int] = [:]
    /// Each face's code → the characters it stands for (the first cluster drawn with it decides).
    private var toUnicode: [[UInt16: [UInt32]]] = []
    /// Each face's font program, deflated on another thread while the pages are written.
    private var compressed: [Guarded<[UInt8]?>] = []
    private let compression = DispatchGroup()

    public func prepare(fonts: [FontKey], glyphs: [(font: Int32, ids: Set<UInt32>)], characters: Set<UInt32>) {
        // Faces in the order the document first draws them, not by file: the same issue gives the
        // same bytes wherever its fonts are installed and whatever was rendered before it.
        var byFace: [FaceKey: Set<UInt32>] = [:]
        var ids: [FaceKey] = []
        for (font, glyphIDs) in glyphs where font >= 0 && Int(font) < fonts.count {
            let face = fonts[Int(font)].face
            if byFace[face] == nil { ids.append(face) }
            byFace[face, default: []].formUnion(glyphIDs)
        }
        for (font, _) in glyphs where font >= 0 && Int(font) < fonts.count {
            faceOfFont[font] = ids.firstIndex(of: fonts[Int(font)].face)
        }
        // The face with the most glyphs first: it takes as long as the others together.
        let order = ids.indices.sorted { (-byFace[ids[$0]]!.count, $0) < (-byFace[ids[$1]]!.count, $1) }
        let made = Guarded<[Int: PDFFontFace]>([:])
        let jobs = order.map { (index: $0, file: ids[$0].file, face: ids[$0].index, glyphs: byFace[ids[$0]]!) }
        let embedding = self.embedding
        DispatchQueue.concurrentPerform(iterations: jobs.count) { k in
            let job = jobs[k]
            if let face = PDFFontFace(file: job.file, index: job.face, glyphs: job.glyphs, characters: characters, embedding: embedding) {
                made.withLock { $0[job.index] = face }
            }
        }
        let done = made.withLock { $0 }
        faces = ids.indices.map { done[$0] }
        toUnicode = Array(repeating: [:], count: faces.count)
        compressed = faces.map { _ in Guarded<[UInt8]?>(nil) }
        for (i, face) in faces.enumerated() {
            guard let program = face?.program else { continue }
            let slot = compressed[i]
            DispatchQueue.global(qos: .userInitiated).async(group: compression) {
                switch program {
                case .compactFont(let b), .trueType(let b): slot.withLock { $0 = PDFBytes.deflate(b, .fontProgram) }
                }
            }
        }
    }

    // MARK: pages

    private struct Page {
        var content: [UInt8]
        var links: [(rect: Rect, target: LinkTarget)]
        /// The faces and images the page draws (its resources).
        var faces: Set<Int>
        var images: Set<Int>
    }
    private enum LinkTarget { case destination(String), uri(String) }
    private var pages: [Page] = []
    private var content = PDFBytes(capacity: 1 << 16)
    private var links: [(rect: Rect, target: LinkTarget)] = []
    private var pageFaces = Set<Int>(), pageImages = Set<Int>()
    private var destinations: [String: (page: Int, point: Point)] = [:]

    public func beginPage() {
        content = PDFBytes(capacity: 1 << 16)
        links = []; pageFaces = []; pageImages = []
        // Page coordinates from the top left, y down, as layout places things.
        content.append("1 0 0 -1 0 "); content.append(pageSize.height.value); content.append(" cm\n")
    }

    public func endPage() throws {
        pages.append(Page(content: PDFBytes.deflate(content.bytes), links: links, faces: pageFaces, images: pageImages))
    }

    public func fill(_ rect: Rect, colour: Colour) {
        setFill(colour)
        content.append(rect.x.value); content.space(); content.append(rect.y.value); content.space()
        content.append(rect.width.value); content.space(); content.append(rect.height.value); content.append(" re f\n")
    }

    private func setFill(_ c: Colour) {
        content.append(c.red); content.space(); content.append(c.green); content.space(); content.append(c.blue); content.append(" rg\n")
    }

    public func link(_ rect: Rect, to destination: String) { links.append((rect, .destination(destination))) }
    public func link(_ rect: Rect, uri: String) { links.append((rect, .uri(uri))) }

    public func destination(_ name: String, at point: Point) {
        if destinations[name] == nil { destinations[name] = (pages.count, point) }
    }

    private var outlineItems: [(title: String, parent: Int32, destination: String)] = []

    @discardableResult
    public func outline(_ title: String, parent: Int32, destination: String) -> Int32 {
        outlineItems.append((title, parent, destination))
        return Int32(outlineItems.count)
    }

    // MARK: text

    /// One laid-out line: `text` is its characters (UTF-8), `colours` the colour from each byte
    /// offset on, `clusters` each cluster's byte offset, x and shaped glyphs, from `origin` on the
    /// baseline.
    public func drawText(_ text: [UInt8], colours: [(byte: Int, colour: Colour)], clusters: [ClusterPosition], fonts: [FontKey], origin: Point) {
        var writer = TextWriter(canvas: self)
        var colourIndex = 0
        for (k, c) in clusters.enumerated() {
            let end = k + 1 < clusters.count ? max(c.byteOffset, clusters[k + 1].byteOffset) : text.count
            while colourIndex + 1 < colours.count, colours[colourIndex + 1].byte <= c.byteOffset { colourIndex += 1 }
            let colour = colours.isEmpty || colours[colourIndex].byte > c.byteOffset ? Colour.black : colours[colourIndex].colour
            let scalars = String(decoding: text[min(c.byteOffset, text.count)..<min(end, text.count)], as: UTF8.self).unicodeScalars.map(\.value)
            // The cluster spells its characters through the faces' maps, or carries them itself.
            var spelled = false
            if c.glyphs.count == 1, let g = c.glyphs.first, let f = faceOfFont[g.font], let face = faces[f], face.program != nil,
               let code = face.codes[g.id] {
                if toUnicode[f][code] == nil {
                    // A space's own glyph stands for the space.
                    let visible = scalars.filter(PDFCanvas.visible)
                    if !scalars.isEmpty { toUnicode[f][code] = visible.isEmpty ? scalars : visible }
                }
                spelled = toUnicode[f][code] == scalars
            }
            let actual = !spelled && !scalars.isEmpty
            if actual { writer.beginActualText(scalars) }
            var x = origin.x.value + c.x.value
            for g in c.glyphs {
                defer { x += g.advance.value }
                guard g.font >= 0, Int(g.font) < fonts.count, let f = faceOfFont[g.font], let face = faces[f] else { continue }
                let size = fonts[Int(g.font)].size.value
                guard PDFBytes.asWritten(size) > 0 else { continue }
                let gx = x + g.xOffset.value, gy = origin.y.value + g.yOffset.value
                if face.program == nil {
                    writer.outline(face.outlines[g.id] ?? [], at: gx, gy, size: size, colour: colour)
                } else if let code = face.codes[g.id] {
                    writer.glyph(code, width: face.widths[code] ?? 0, face: f, size: size, colour: colour, x: gx, y: gy)
                }
            }
            if actual { writer.endActualText() }
        }
        writer.finish()
    }

    /// Whether a character is one a glyph can stand for in its face's map: a glyph drawn for a
    /// character and the space after it must not take the space along wherever else it is drawn
    /// (the cluster carries the space in its ActualText).
    static func visible(_ scalar: UInt32) -> Bool {
        guard let u = Unicode.Scalar(scalar) else { return false }
        return !u.properties.isWhitespace && u.properties.generalCategory != .control && u.properties.generalCategory != .format
    }

    /// Writes a line's glyphs as few text operators as it can: one TJ per run of a face, size and
    /// colour, each glyph moved to where layout put it, the pen followed as a reader computes it.
    private struct TextWriter {
        unowned let canvas: PDFCanvas
        var inText = false, inArray = false, inHex = false
        var face = -1, size = 0.0, colour: Colour?
        var line: Double?
        var pen = 0.0

        init(canvas: PDFCanvas) { self.canvas = canvas }

        mutating func closeArray() {
            if inHex { canvas.content.append(">"); inHex = false }
            if inArray { canvas.content.append("]TJ\n"); inArray = false }
        }

        mutating func closeText() {
            closeArray()
            if inText { canvas.content.append("ET\n"); inText = false; face = -1; colour = nil; line = nil }
        }

        mutating func glyph(_ code: UInt16, width: Double, face f: Int, size s: Double, colour c: Colour, x: Double, y: Double) {
            if !inText { canvas.content.append("BT\n"); inText = true }
            if f != face || s != size {
                closeArray()
                canvas.content.append("/F\(f) "); canvas.content.append(s); canvas.content.append(" Tf\n")
                canvas.pageFaces.insert(f)
                face = f; size = s
            }
            if c != colour { closeArray(); canvas.setFill(c); colour = c }
            let written = PDFBytes.asWritten(size)
            if line != y {
                closeArray()
                canvas.content.append("1 0 0 -1 "); canvas.content.append(x); canvas.content.space(); canvas.content.append(y); canvas.content.append(" Tm\n")
                line = y; pen = PDFBytes.asWritten(x)
            }
            // (Moves below the half thousandth of a point the numbers are written to are left out.)
            let shift = abs(x - pen) < 0.0005 ? 0 : -(x - pen) * 1000 / written
            let writtenShift = PDFBytes.asWritten(shift)
            if !inArray { canvas.content.append("["); inArray = true }
            if writtenShift != 0 {
                if inHex { canvas.content.append(">"); inHex = false }
                canvas.content.append(shift)
                pen -= writtenShift * written / 1000
            }
            if !inHex { canvas.content.append("<"); inHex = true }
            canvas.content.hex16(UInt32(code))
            pen += width * written / 1000
        }

        mutating func outline(_ path: [UInt8], at x: Double, _ y: Double, size: Double, colour: Colour) {
            // (A glyph without contours, a space, draws nothing: a fill needs a path.)
            guard !path.isEmpty else { return }
            closeText()
            canvas.content.append("q\n")
            canvas.setFill(colour)
            let k = size / 1000
            canvas.content.append(k); canvas.content.append(" 0 0 "); canvas.content.append(-k); canvas.content.space()
            canvas.content.append(x); canvas.content.space(); canvas.content.append(y); canvas.content.append(" cm\n")
            canvas.content.append(path)
            canvas.content.append("f\nQ\n")
        }

        // Marked content stays outside text objects, so that a cluster drawn as outlines (after
        // ET) still nests inside its span.
        mutating func beginActualText(_ scalars: [UInt32]) {
            closeText()
            canvas.content.append("/Span<</ActualText<FEFF"); canvas.content.utf16Hex(scalars); canvas.content.append(">>>BDC\n")
        }

        mutating func endActualText() {
            closeText()
            canvas.content.append("EMC\n")
        }

        mutating func finish() { closeText() }
    }

    // MARK: images

    private struct Image { var object: [UInt8]; var data: [UInt8]; var mask: [UInt8]?; var width: Int; var height: Int }
    private var images: [Image] = []
    private var imageIndex: [String: Int] = [:]

    /// Draws a photo into `rect`, turned upright by its EXIF orientation. A JPEG goes in as its
    /// file's bytes; a PNG's pixels are deflated (its transparency as a soft mask).
    public func drawImage(path: String, header: ImageHeader, in rect: Rect) throws {
        let index: Int
        if let hit = imageIndex[path] { index = hit } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw Diagnostic.error("cannot read image \(path)") }
            let bytes = [UInt8](data)
            var image: Image
            if header.format == .jpeg {
                var d = PDFBytes()
                d.append("/Type /XObject /Subtype /Image /Width \(header.width) /Height \(header.height) /ColorSpace ")
                d.append(header.components == 1 ? "/DeviceGray" : "/DeviceRGB")
                d.append(" /BitsPerComponent 8 /Interpolate true /Filter /DCTDecode")
                image = Image(object: d.bytes, data: bytes, mask: nil, width: header.width, height: header.height)
            } else {
                guard let surface = ByteSource.pngSurface(bytes) else {
                    throw Diagnostic.error("\(path): cannot read the PNG image", hint: "save the photo again as JPEG or PNG")
                }
                defer { cairo_surface_destroy(surface) }
                image = PDFCanvas.pixels(of: surface)
            }
            index = images.count
            images.append(image)
            imageIndex[path] = index
        }
        let w = Double(header.width), h = Double(header.height)
        let (uw, uh) = (Double(header.upright.width), Double(header.upright.height))
        let turn = Upright.transform(orientation: header.orientation, width: w, height: h)
        let place = [rect.width.value / uw, 0, 0, rect.height.value / uh, rect.x.value, rect.y.value]
        // The image's unit square (y up, first row at the top) → stored pixels.
        let unit = [w, 0, 0, -h, 0, h]
        let m = PDFCanvas.concat(place, PDFCanvas.concat(turn, unit))
        content.append("q\n")
        for (i, v) in m.enumerated() { if i > 0 { content.space() }; content.append(v) }
        content.append(" cm\n/Im\(index) Do\nQ\n")
        pageImages.insert(index)
    }

    /// `a` after `b`: the matrix that applies `b`, then `a`.
    static func concat(_ a: [Double], _ b: [Double]) -> [Double] {
        [a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1],
         a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3],
         a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5]]
    }

    /// A decoded PNG's colour and, when any pixel is see-through, its alpha.
    private static func pixels(of surface: OpaquePointer) -> Image {
        cairo_surface_flush(surface)
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let alpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        var mask = [UInt8](repeating: 255, count: alpha ? w * h : 0)
        var seeThrough = false
        if let base = cairo_image_surface_get_data(surface) {
            for y in 0..<h {
                let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<w {
                    let p = row[x]
                    var r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                    if alpha {
                        let a = p >> 24
                        mask[y * w + x] = UInt8(a)
                        if a < 255 {
                            seeThrough = true
                            // Cairo keeps colour multiplied by alpha.
                            if a > 0 { r = min(255, r * 255 / a); g = min(255, g * 255 / a); b = min(255, b * 255 / a) }
                        }
                    }
                    let i = (y * w + x) * 3
                    rgb[i] = UInt8(r); rgb[i + 1] = UInt8(g); rgb[i + 2] = UInt8(b)
                }
            }
        }
        var d = PDFBytes()
        d.append("/Type /XObject /Subtype /Image /Width \(w) /Height \(h) /ColorSpace /DeviceRGB /BitsPerComponent 8 /Interpolate true /Filter /FlateDecode")
        return Image(object: d.bytes, data: PDFBytes.deflate(rgb), mask: seeThrough ? PDFBytes.deflate(mask) : nil, width: w, height: h)
    }

    // MARK: the file

    /// Finishes the document and returns the PDF's bytes.
    public func finish() throws -> [UInt8] {
        compression.wait()
        var file = PDFFile()
        let catalog = file.reserve(), pageTree = file.reserve(), info = file.reserve()
        let pageObjects = pages.map { _ in (page: file.reserve(), content: file.reserve()) }

        // Fonts.
        var fontObjects: [Int?] = []
        for (i, face) in faces.enumerated() {
            guard let face, let program = face.program, let data = compressed[i].withLock({ $0 }) else { fontObjects.append(nil); continue }
            fontObjects.append(embed(face, program: program, deflated: data, toUnicode: toUnicode[i], in: &file))
        }
        // Images.
        var imageObjects: [Int] = []
        for image in images {
            var mask: Int?
            if let m = image.mask {
                var d = PDFBytes()
                d.append("/Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height) /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode")
                mask = file.stream(d.bytes, m)
            }
            var d = PDFBytes(); d.append(image.object)
            if let mask { d.append(" /SMask \(mask) 0 R") }
            imageObjects.append(file.stream(d.bytes, image.data))
        }

        // Pages, their links.
        let height = pageSize.height.value
        func destinationArray(_ d: (page: Int, point: Point), into b: inout PDFBytes) {
            let page = pageObjects[min(d.page, pageObjects.count - 1)].page
            b.append("[\(page) 0 R /XYZ "); b.append(d.point.x.value); b.space(); b.append(height - d.point.y.value); b.append(" 0]")
        }
        for (n, page) in pages.enumerated() {
            var annots: [Int] = []
            for link in page.links {
                var a = PDFBytes()
                a.append("<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [")
                a.append(link.rect.x.value); a.space(); a.append(height - link.rect.y.value - link.rect.height.value); a.space()
                a.append(link.rect.x.value + link.rect.width.value); a.space(); a.append(height - link.rect.y.value); a.append("]")
                switch link.target {
                case .destination(let name):
                    guard let d = destinations[name] else { continue }
                    a.append(" /Dest "); destinationArray(d, into: &a)
                case .uri(let uri):
                    a.append(" /A << /S /URI /URI "); a.literal(PDFCanvas.asciiURI(uri)); a.append(" >>")
                }
                a.append(" >>")
                annots.append(file.add(a.bytes))
            }
            file.set(pageObjects[n].content, PDFFile.streamObject("/Filter /FlateDecode", page.content))
            var p = PDFBytes()
            p.append("<< /Type /Page /Parent \(pageTree) 0 R /MediaBox [0 0 "); p.append(pageSize.width.value); p.space(); p.append(height)
            p.append("] /Resources << /ProcSet [/PDF /Text /ImageB /ImageC]")
            let fonts = page.faces.sorted().compactMap { i in fontObjects[i].map { (i, $0) } }
            if !fonts.isEmpty { p.append(" /Font <<"); for (i, o) in fonts { p.append(" /F\(i) \(o) 0 R") }; p.append(" >>") }
            if !page.images.isEmpty { p.append(" /XObject <<"); for i in page.images.sorted() { p.append(" /Im\(i) \(imageObjects[i]) 0 R") }; p.append(" >>") }
            p.append(" >> /Contents \(pageObjects[n].content) 0 R")
            if !annots.isEmpty { p.append(" /Annots [" + annots.map { "\($0) 0 R" }.joined(separator: " ") + "]") }
            p.append(" >>")
            file.set(pageObjects[n].page, p.bytes)
        }
        file.set(pageTree, Array("<< /Type /Pages /Kids [\(pageObjects.map { "\($0.page) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>".utf8))

        // Bookmarks.
        var outlineRoot: Int?
        if !outlineItems.isEmpty {
            outlineRoot = writeOutline(into: &file, destination: { name, b in
                if let d = self.destinations[name] { destinationArray(d, into: &b) } else { b.append("null") }
            })
        }

        var c = PDFBytes()
        c.append("<< /Type /Catalog /Pages \(pageTree) 0 R")
        if let outlineRoot { c.append(" /Outlines \(outlineRoot) 0 R /PageMode /UseOutlines") }
        if !destinations.isEmpty {
            // Named destinations, so a reader can open the file at an article (file.pdf#article-3).
            c.append(" /Names << /Dests << /Names [")
            for name in destinations.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                c.space(); c.literal(Array(name.utf8)); c.space(); destinationArray(destinations[name]!, into: &c)
            }
            c.append("] >> >>")
        }
        c.append(" >>")
        file.set(catalog, c.bytes)

        var i = PDFBytes()
        i.append("<< /Producer (bulletin)")
        if let m = metadata {
            i.append(" /Title "); i.text(m.title)
            i.append(" /Author "); i.text(m.author)
            if let s = m.subject { i.append(" /Subject "); i.text(s) }
            i.append(" /Creator "); i.text(m.creator)
            let date = "D:" + m.creationDate.filter { $0.isASCII && $0.isNumber }
            i.append(" /CreationDate "); i.text(date); i.append(" /ModDate "); i.text(date)
        }
        i.append(" >>")
        file.set(info, i.bytes)
        return file.serialize(root: catalog, info: info)
    }

    /// A web address in 7-bit ASCII, as a URI action holds it: other bytes and spaces
    /// percent-encoded.
    static func asciiURI(_ uri: String) -> [UInt8] {
        var out: [UInt8] = []
        for b in uri.utf8 {
            if b > 0x20 && b < 0x7F { out.append(b) } else {
                out += Array("%".utf8)
                let hex = Array("0123456789ABCDEF".utf8)
                out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }

    /// The font objects of one face (Type 0 font, CID font, descriptor, program, ToUnicode map);
    /// returns the Type 0 font's object.
    private func embed(_ face: PDFFontFace, program: PDFFontFace.Program, deflated: [UInt8], toUnicode: [UInt16: [UInt32]], in file: inout PDFFile) -> Int {
        let raw: [UInt8], cff: Bool
        switch program {
        case .compactFont(let b): raw = b; cff = true
        case .trueType(let b): raw = b; cff = false
        }
        let name = PDFFontFace.tag(name: face.postScriptName, program: raw) + "+" + face.postScriptName
        var header = PDFBytes()
        header.append(cff ? "/Subtype /CIDFontType0C /Filter /FlateDecode" : "/Length1 \(raw.count) /Filter /FlateDecode")
        let programObject = file.stream(header.bytes, deflated)

        var d = PDFBytes()
        d.append("<< /Type /FontDescriptor /FontName "); d.name(name)
        // Symbolic (glyphs outside the standard Latin set), and Italic when the face slants.
        d.append(face.italicAngle == 0 ? " /Flags 4 /FontBBox [" : " /Flags 68 /FontBBox [")
        for (k, v) in face.boundingBox.enumerated() { if k > 0 { d.space() }; d.append(v.rounded()) }
        d.append("] /ItalicAngle "); d.append(face.italicAngle)
        d.append(" /Ascent "); d.append(face.ascent.rounded()); d.append(" /Descent "); d.append(face.descent.rounded())
        d.append(" /CapHeight "); d.append(face.capHeight.rounded()); d.append(" /StemV 80 ")
        d.append(cff ? "/FontFile3" : "/FontFile2"); d.append(" \(programObject) 0 R >>")
        let descriptor = file.add(d.bytes)

        var w = PDFBytes()
        w.append("<< /Type /Font /Subtype "); w.append(cff ? "/CIDFontType0" : "/CIDFontType2")
        w.append(" /BaseFont "); w.name(name)
        w.append(" /CIDSystemInfo << /Registry "); w.literal(Array(face.collection.registry.utf8))
        w.append(" /Ordering "); w.literal(Array(face.collection.ordering.utf8))
        w.append(" /Supplement \(face.collection.supplement) >> /FontDescriptor \(descriptor) 0 R")
        if !cff { w.append(" /CIDToGIDMap /Identity") }
        w.append(" /W [")
        // Runs of consecutive codes share one array.
        let codes = face.widths.keys.sorted()
        var k = 0
        while k < codes.count {
            var j = k
            while j + 1 < codes.count, codes[j + 1] == codes[j] + 1 { j += 1 }
            w.append(Int(codes[k])); w.append(" [")
            for m in k...j { if m > k { w.space() }; w.append(face.widths[codes[m]]!) }
            w.append("] ")
            k = j + 1
        }
        w.append("] >>")
        let cidFont = file.add(w.bytes)

        let map = file.stream(Array("/Filter /FlateDecode".utf8), PDFBytes.deflate(PDFCanvas.toUnicodeMap(toUnicode)))
        var t = PDFBytes()
        t.append("<< /Type /Font /Subtype /Type0 /BaseFont "); t.name(name)
        t.append(" /Encoding /Identity-H /DescendantFonts [\(cidFont) 0 R] /ToUnicode \(map) 0 R >>")
        return file.add(t.bytes)
    }

    /// A ToUnicode CMap for two-byte codes.
    static func toUnicodeMap(_ map: [UInt16: [UInt32]]) -> [UInt8] {
        var b = PDFBytes()
        b.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
        b.append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
        let codes = map.keys.sorted()
        var k = 0
        while k < codes.count {
            let chunk = codes[k..<min(k + 100, codes.count)]
            b.append("\(chunk.count) beginbfchar\n")
            for code in chunk {
                b.append("<"); b.hex16(UInt32(code)); b.append("> <"); b.utf16Hex(map[code]!); b.append(">\n")
            }
            b.append("endbfchar\n")
            k += 100
        }
        b.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        return b.bytes
    }

    /// The bookmarks as a tree of outline items (all open); returns the outline dictionary's object.
    private func writeOutline(into file: inout PDFFile, destination: (String, inout PDFBytes) -> Void) -> Int {
        let root = file.reserve()
        let objects = outlineItems.map { _ in file.reserve() }
        // Children of each item (0: the root), in order.
        var children: [Int32: [Int]] = [:]
        for (i, item) in outlineItems.enumerated() {
            let parent = item.parent > 0 && Int(item.parent) <= outlineItems.count && Int(item.parent) - 1 < i ? item.parent : 0
            children[parent, default: []].append(i)
        }
        func count(_ id: Int32) -> Int { (children[id] ?? []).reduce(0) { $0 + 1 + count(Int32($1 + 1)) } }
        for (i, item) in outlineItems.enumerated() {
            let parentID = item.parent > 0 && Int(item.parent) - 1 < i ? item.parent : 0
            let siblings = children[parentID] ?? []
            let at = siblings.firstIndex(of: i)!
            var b = PDFBytes()
            b.append("<< /Title "); b.text(item.title)
            b.append(" /Parent \(parentID == 0 ? root : objects[Int(parentID) - 1]) 0 R")
            if at > 0 { b.append(" /Prev \(objects[siblings[at - 1]]) 0 R") }
            if at + 1 < siblings.count { b.append(" /Next \(objects[siblings[at + 1]]) 0 R") }
            if let kids = children[Int32(i + 1)], let first = kids.first, let last = kids.last {
                b.append(" /First \(objects[first]) 0 R /Last \(objects[last]) 0 R /Count \(count(Int32(i + 1)))")
            }
            b.append(" /Dest "); destination(item.destination, &b)
            b.append(" >>")
            file.set(objects[i], b.bytes)
        }
        let top = children[0] ?? []
        var b = PDFBytes()
        b.append("<< /Type /Outlines")
        if let first = top.first, let last = top.last { b.append(" /First \(objects[first]) 0 R /Last \(objects[last]) 0 R /Count \(count(0))") }
        b.append(" >>")
        file.set(root, b.bytes)
        return root
    }
}

/// A PDF file's objects, numbered from 1, and its cross-reference table.
struct PDFFile {
    private var objects: [[UInt8]] = []

    mutating func reserve() -> Int { objects.append([]); return objects.count }
    mutating func set(_ n: Int, _ body: [UInt8]) { objects[n - 1] = body }
    mutating func add(_ body: [UInt8]) -> Int { objects.append(body); return objects.count }

    /// A stream object: `dictionary` holds its entries but /Length.
    mutating func stream(_ dictionary: [UInt8], _ data: [UInt8]) -> Int { add(PDFFile.streamObject(dictionary, data)) }

    static func streamObject(_ dictionary: String, _ data: [UInt8]) -> [UInt8] { streamObject(Array(dictionary.utf8), data) }

    static func streamObject(_ dictionary: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var b = PDFBytes(capacity: data.count + dictionary.count + 64)
        b.append("<< "); b.append(dictionary); b.append(" /Length \(data.count) >>\nstream\n")
        b.append(data)
        b.append("\nendstream")
        return b.bytes
    }

    func serialize(root: Int, info: Int) -> [UInt8] {
        var out = PDFBytes(capacity: objects.reduce(0) { $0 + $1.count + 32 } + 20 * objects.count + 256)
        out.append("%PDF-1.7\n%\u{00B5}\u{00B6}\u{00B5}\u{00B6}\n")
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(out.bytes.count)
            out.append("\(i + 1) 0 obj\n"); out.append(body); out.append("\nendobj\n")
        }
        let xref = out.bytes.count
        out.append("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n")
        for o in offsets {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
            var v = o, k = 9
            while v > 0 && k >= 0 { digits[k] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; k -= 1 }
            out.append(digits); out.append(" 00000 n \n")
        }
        // The file's identifier: a hash of its objects, so equal documents get equal bytes.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for body in objects { for byte in body { a = (a ^ UInt64(byte)) &* 0x100_0000_01b3; b = (b ^ UInt64(byte)) &* 0x100_0000_01b3 } }
        var id = PDFBytes()
        for v in [a, b] { for k in stride(from: 56, through: 0, by: -8) { id.hex(UInt8((v >> UInt64(k)) & 0xFF)) } }
        let ident = String(decoding: id.bytes, as: UTF8.self)
        out.append("trailer\n<< /Size \(objects.count + 1) /Root \(root) 0 R /Info \(info) 0 R /ID [<\(ident)> <\(ident)>] >>\nstartxref\n\(xref)\n%%EOF\n")
        return out.bytes
    }
}
