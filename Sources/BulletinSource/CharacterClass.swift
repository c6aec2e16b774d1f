/// Whether a scalar belongs to East Asian wide text (Han, kana, CJK punctuation, full-width forms).
/// Used to decide how the lines of one Markdown paragraph are joined.
func isWideCJK(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
         0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
         0xFFE0...0xFFE6, 0x20000...0x3FFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7:
        return true
    default:
        return false
    }
}

/// Joins the source lines of one paragraph: no space where either side is CJK, one space between Latin words.
func joinParagraphLines(_ lines: [String]) -> String {
    var out = ""
    for raw in lines {
        let line = raw.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { continue }
        if let last = out.unicodeScalars.last, let first = line.unicodeScalars.first,
           !isWideCJK(last), !isWideCJK(first) {
            out += " "
        }
        out += line
    }
    return out
}

import Foundation
