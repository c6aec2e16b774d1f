import BulletinCore
import LayoutSpec

/// The layout's element styles turned into concrete fonts and text runs.
public struct StyleSheet {
    public let spec: LayoutSpecification
    /// Logical family → the font it resolved to.
    public let fonts: [String: FontFace]

    public init(spec: LayoutSpecification, fonts: [String: FontFace]) {
        self.spec = spec; self.fonts = fonts
    }

    public var linePitch: Points { spec.linePitch }
    public var characterPitch: Points { spec.characterPitch }

    public func style(_ e: ElementName) -> ElementStyle { spec.style(e) }

    public func face(_ e: ElementName, bold: Bool = false) -> FontFace {
        let s = style(e)
        var f = fonts[s.font] ?? FontFace(family: s.font)
        f.bold = f.bold || s.bold || bold
        return f
    }

    /// Letter spacing of an element: its own, plus on a grid the tracking that makes a Han character
    /// of body size advance by exactly one grid cell (as Word's document grid does).
    public func letterSpacing(_ e: ElementName) -> Points {
        let s = style(e)
        var ls = s.letterSpacing.resolve(em: s.size, linePitch: linePitch)
        if spec.grid != nil, abs(s.size.value - style(.body).size.value) < 0.01 {
            ls += characterPitch - s.size
        }
        return ls
    }

    public func run(_ text: String, _ e: ElementName, bold: Bool = false, size: Points? = nil, source: [SourceMark] = []) -> TextRun {
        let s = style(e)
        return TextRun(text, face: face(e, bold: bold), size: size ?? s.size,
                       letterSpacing: size == nil ? letterSpacing(e) : s.letterSpacing.resolve(em: size!, linePitch: linePitch),
                       colour: s.colour, halfWidthLatin: spec.typesetting.halfWidthLatin, source: source)
    }

    public func length(_ l: Length, _ e: ElementName) -> Points {
        l.resolve(em: style(e).size, linePitch: linePitch)
    }

    /// Rows of the grid a length takes, rounded up so the body stays on the grid.
    public func rows(_ l: Length, _ e: ElementName) -> Int {
        let p = length(l, e)
        return Int((p / linePitch - 0.01).rounded(.up))
    }

    /// Grid rows one text line of an element takes.
    public func rowsPerLine(_ e: ElementName) -> Int {
        let s = style(e)
        let h = s.lineHeight.map { length($0, e) } ?? (s.size * 1.1)
        return max(1, Int((h / linePitch - 0.01).rounded(.up)))
    }
}

extension StyleSheet {
    /// Whether an element's characters sit on the body grid's cells.
    public func onGrid(_ e: ElementName) -> Bool {
        spec.grid != nil && abs(style(e).size.value - style(.body).size.value) < 0.01
    }

    /// A horizontal length of an element; on the grid an em is one cell, so a 2em indent is two characters.
    public func horizontal(_ l: Length, _ e: ElementName) -> Points {
        if case .em(let k) = l, onGrid(e) { return characterPitch * k }
        return length(l, e)
    }
}
