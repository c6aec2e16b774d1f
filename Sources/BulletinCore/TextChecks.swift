/// Checks every input form shares (front matter, JSON issues, layout files): text a value may hold.
public enum TextChecks {
    /// The first control character in `text` (NUL, escape, …), which no font draws and some
    /// libraries stop at; tabs and line ends are allowed where text may run over lines.
    public static func controlCharacter(in text: String, allowLineBreaks: Bool = false) -> Unicode.Scalar? {
        text.unicodeScalars.first { s in
            let v = s.value
            if allowLineBreaks && (v == 0x0A || v == 0x0D || v == 0x09) { return false }
            return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
        }
    }

    /// "U+0000" for a scalar, as messages name invisible characters.
    public static func name(_ s: Unicode.Scalar) -> String { "U+" + String(s.value, radix: 16, uppercase: true).leftPadded(to: 4) }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
