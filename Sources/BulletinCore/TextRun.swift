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

    public init(_ text: String, face: FontFace, size: Points, letterSpacing: Points = .zero, colour: Colour = .black) {
        self.text = text; self.face = face; self.size = size; self.letterSpacing = letterSpacing; self.colour = colour
    }

    public func with(text: String) -> TextRun { var r = self; r.text = text; return r }
}

/// One line cut from a paragraph by a `TextMeasurer`.
public struct LineSlice: Hashable, Sendable {
    public var runs: [TextRun]
    /// Natural width of the line's text, without justification.
    public var width: Points
    public init(runs: [TextRun], width: Points) { self.runs = runs; self.width = width }
    public var text: String { runs.map(\.text).joined() }
}

/// The narrow seam through which layout measures text. The Pango implementation shapes real fonts;
/// tests use a fixed-advance measurer so that expectations do not depend on the installed fonts.
public protocol TextMeasurer: AnyObject {
    /// Breaks a paragraph into lines: the first line `firstLineWidth` wide, the others `width`.
    func breakLines(_ runs: [TextRun], firstLineWidth: Points, width: Points) -> [LineSlice]
    /// Width of text set on one line.
    func width(of runs: [TextRun]) -> Points
}
