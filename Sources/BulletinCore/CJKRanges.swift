/// The code points the tool treats as East Asian wide text: Han (with extensions and compatibility
/// ideographs), kana, Hangul, bopomofo, CJK symbols and punctuation, and full-width forms. One list,
/// used to join source lines, to classify characters for line breaking and to pad terminal columns.
public enum CJKRanges {
    /// Han ideographs, kana, Hangul and the other wide scripts, without punctuation.
    public static func isIdeographic(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2E80...0x2FDF, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Everything set in a full cell in Chinese text: ideographs, CJK punctuation and symbols,
    /// full-width forms, and the marks Chinese shares with Latin (‘’“” — … ·).
    public static func isWide(_ s: Unicode.Scalar) -> Bool {
        if isIdeographic(s) { return true }
        switch s.value {
        case 0x1100...0x115F, 0x3000...0x303F, 0x3200...0x33FF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7:
            return true
        default:
            return false
        }
    }

    /// Columns a string takes in a terminal: wide characters two, others one.
    public static func terminalWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }
}
