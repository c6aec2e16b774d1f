import Foundation
import BulletinCore

/// What extraction leaves in the text of a printed bulletin, taken out: spaces put between Han
/// characters and digits or Latin letters (the engine sets its own ¼ em gap), letter-spacing spaces
/// inside Han words (专　　报), Markdown marks of a converted file, and the `·` bullets of titles.
enum TextCleanup {
    /// Spaces (ASCII or ideographic) between a CJK character and a digit, Latin letter or mark are
    /// dropped (extraction put them there); between two Latin words, or two Han characters (a
    /// space the writer typed, 初心引航 创业筑梦), one stays.
    static func squeeze(_ text: String) -> String {
        // Invisible joiners some typesetters put before page numbers (U+2060) go first.
        let s = Array(text.unicodeScalars.filter { !["\u{2060}", "\u{200B}", "\u{FEFF}", "\u{200C}", "\u{200D}"].contains($0) })
        var out = String.UnicodeScalarView()
        var i = 0
        // An ideographic space (　) is typed by the writer, not put by extraction: it stays.
        func extraction(_ c: Unicode.Scalar) -> Bool { isSpace(c) && c != "\u{3000}" }
        while i < s.count {
            guard extraction(s[i]) else { out.append(s[i]); i += 1; continue }
            var j = i
            while j < s.count, extraction(s[j]) { j += 1 }
            if let before = out.last, j < s.count {
                let latin = !CJKRanges.isWide(before) && !CJKRanges.isWide(s[j])
                let han = isHan(before) && isHan(s[j])
                if latin || han { out.append(" ") }
            }
            i = j
        }
        return String(out)
    }

    /// Every space taken out: letter-spaced masthead words (专　　报, 目　录).
    static func collapsed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isSpace($0) }))
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x3400...0x9FFF).contains(s.value) || (0xF900...0xFAFF).contains(s.value) || (0x20000...0x3FFFF).contains(s.value)
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\u{3000}" || s == "\t" || s == "\u{A0}" }

    /// A line without Markdown heading marks (a converted file's `#`, `##`, `###`).
    static func unmarked(_ line: String) -> String {
        var t = Substring(line.trimmingCharacters(in: .whitespaces))
        if t.first == "#" {
            while t.first == "#" { t = t.dropFirst() }
        }
        return String(t).trimmingCharacters(in: .whitespaces)
    }

    /// Without a leading title bullet.
    static func unbulleted(_ text: String) -> String {
        var t = Substring(text)
        while let c = t.first, "·•・●".contains(c) || c == " " { t = t.dropFirst() }
        return String(t)
    }

    /// Sentence-final: a paragraph may end here (。！？… or a closing quote or bracket after one).
    static func endsSentence(_ text: String) -> Bool {
        // Only the end is looked at: this runs for every line joined to a growing paragraph.
        var t = Substring(text)
        while let c = t.last, c.unicodeScalars.allSatisfy({ CharacterSet.whitespaces.contains($0) }) { t = t.dropLast() }
        while let c = t.last, "”’」』）)》".contains(c) { t = t.dropLast() }
        guard let last = t.last else { return false }
        return "。！？…!?.".contains(last)
    }

    /// A folio line: "— 3 —", "- 3 -", "3".
    static func isFolio(_ text: String) -> Bool {
        let t = squeeze(text).trimmingCharacters(in: CharacterSet(charactersIn: "—–-－ 　"))
        return !t.isEmpty && t.count <= 4 && t.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A rule drawn with dashes (`---` of a converted file).
    static func isRule(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t.count >= 3 && t.allSatisfy { "-—_=*".contains($0) }
    }
}
