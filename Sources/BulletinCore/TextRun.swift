/// A concrete font: a family name as fontconfig knows it, and whether to use its bold face.
public struct FontFace: Hashable, Sendable, Codable, CustomStringConvertible {
    public var family: String
    public var bold: Bool
    public init(family: String, bold: Bool = false) { self.family = family; self.bold = bold }
    public var description: String { bold ? "\(family) Bold" : family }
}

/// A stretch of text set in one font, size and colour.
public struct TextRun: Hashable, Sendable {
    public var text: String
    public var face: FontFace
    public var size: Points
    /// Added after every character; negative tightens (the body grid uses it to fit 28 characters).
    public var letterSpacing: Points
    public var colour: Colour
    /// Set Latin letters, digits and ASCII marks in their half-width forms, two to a grid cell, as
    /// official documents set in 仿宋_GB2312 show them.
    public var halfWidthLatin: Bool
    /// Where the text was written in the issue file, to place diagnostics found while setting it.
    public var source: Positions<[SourceMark]>
    /// A web address the text links to (a PDF link annotation over it).
    public var link: String?

    public init(_ text: String, face: FontFace, size: Points, letterSpacing: Points = .zero, colour: Colour = .black,
                halfWidthLatin: Bool = false, source: [SourceMark] = []) {
        self.text = text; self.face = face; self.size = size; self.letterSpacing = letterSpacing; self.colour = colour
        self.halfWidthLatin = halfWidthLatin; self.source = Positions(source)
    }

    public func with(text: String) -> TextRun { var r = self; r.text = text; r.source = Positions([]); return r }

    // Runs key the typesetter's caches, and String's own hashing normalises every non-ASCII
    // character first (a fifth of the layout stage): runs are compared and hashed by their bytes,
    // which is also what shaping sees (canonically equal text in other bytes may shape otherwise).
    public static func == (a: TextRun, b: TextRun) -> Bool {
        a.size == b.size && a.letterSpacing == b.letterSpacing && a.halfWidthLatin == b.halfWidthLatin && a.colour == b.colour
            && a.face == b.face && a.link == b.link && a.text.utf8.elementsEqual(b.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
        hasher.combine(face)
        hasher.combine(size)
        hasher.combine(letterSpacing)
        hasher.combine(colour)
        hasher.combine(halfWidthLatin)
        hasher.combine(link)
    }

    /// The place of the character at UTF-8 offset `byte` of the run's text.
    public func span(atByte byte: Int) -> SourceSpan? {
        guard let marks = source.value, !marks.isEmpty else { return nil }
        let prefix = text.utf8.prefix(byte)
        let scalars = String(decoding: prefix, as: UTF8.self).unicodeScalars.count
        return marks.span(atScalarOffset: scalars)
    }
}

/// One cluster of shaped text (usually one character): the unit line breaking works on.
public struct ShapedCluster: Hashable, Sendable {
    /// The characters of the cluster.
    public var text: String
    /// Where the cluster starts, in UTF-8 bytes from the start of the runs' joined text.
    public var byteOffset: Int
    /// The font's advance, before any spacing the layout adds.
    public var advance: Points
    /// Index of the run the cluster belongs to.
    public var run: Int
    /// No installed font has a glyph for it.
    public var missingGlyph: Bool
    /// The run's font lacks it and this other font set it (its family name); nil when the run's own
    /// font set it.
    public var fallbackFamily: String?

    /// The glyphs shaping chose for it: what the painter draws, so text is shaped once.
    public var glyphs: GlyphList

    public init(text: String, byteOffset: Int, advance: Points, run: Int, missingGlyph: Bool = false, fallbackFamily: String? = nil,
                glyphs: GlyphList = GlyphList()) {
        self.text = text; self.byteOffset = byteOffset; self.advance = advance; self.run = run; self.missingGlyph = missingGlyph
        self.fallbackFamily = fallbackFamily; self.glyphs = glyphs
    }
}

/// Where a cluster of a laid-out line is drawn: its glyph origin, from the line's origin.
public struct ClusterPosition: Hashable, Sendable {
    /// UTF-8 byte offset of the cluster in the line's joined text.
    public var byteOffset: Int
    public var x: Points
    /// The cluster's glyphs as shaped for layout; the first is drawn at `x`, the others after it.
    public var glyphs: GlyphList
    public init(byteOffset: Int, x: Points, glyphs: GlyphList = GlyphList()) { self.byteOffset = byteOffset; self.x = x; self.glyphs = glyphs }
}

/// The glyphs of one cluster. Nearly every cluster of Chinese text is one glyph, kept inline so
/// that shaping a paragraph does not allocate an array per character.
public struct GlyphList: Hashable, Sendable, Sequence {
    private var head: ShapedGlyph?
    private var tail: [ShapedGlyph] = []

    public init() {}

    public mutating func append(_ g: ShapedGlyph) {
        if head == nil { head = g } else { tail.append(g) }
    }

    public mutating func append(contentsOf other: GlyphList) { for g in other { append(g) } }

    public var first: ShapedGlyph? { head }
    public var isEmpty: Bool { head == nil }
    public var count: Int { head == nil ? 0 : 1 + tail.count }

    public struct Iterator: IteratorProtocol {
        let list: GlyphList
        var index = 0
        public mutating func next() -> ShapedGlyph? {
            defer { index += 1 }
            if index == 0 { return list.head }
            return index - 1 < list.tail.count ? list.tail[index - 1] : nil
        }
    }
    public func makeIterator() -> Iterator { Iterator(list: self) }
}

/// A font as it is drawn: the face (file and index in it) at a size. Glyph ids refer to this face.
public struct FontKey: Hashable, Sendable, Codable {
    public var file: String
    public var index: Int
    public var size: Points
    public init(file: String, index: Int, size: Points) { self.file = file; self.index = index; self.size = size }
}

/// One glyph of shaped text.
public struct ShapedGlyph: Hashable, Sendable {
    /// Index of the glyph's font in the font table of the text's layout (`PageTree.fonts`).
    public var font: Int32
    /// Glyph id in that font.
    public var id: UInt32
    public var xOffset: Points
    public var yOffset: Points
    public var advance: Points
    public init(font: Int32, id: UInt32, xOffset: Points, yOffset: Points, advance: Points) {
        self.font = font; self.id = id; self.xOffset = xOffset; self.yOffset = yOffset; self.advance = advance
    }
}

/// The narrow seam through which layout measures text. The Pango implementation shapes with real
/// fonts; tests use a fixed-advance measurer so that expectations do not depend on installed fonts.
public protocol TextMeasurer {
    /// Shapes text set in one line and returns its clusters in logical order.
    func clusters(of runs: [TextRun]) -> [ShapedCluster]
    /// The fonts the glyphs' `font` indexes refer to, in order.
    var fontTable: [FontKey] { get }
    /// Where words start in `text` (UTF-8 offsets, 0 and the end included), by a dictionary
    /// segmenter: titles are broken between words only.
    func wordStarts(_ text: String) -> [Int]
}
