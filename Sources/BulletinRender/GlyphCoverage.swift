import Foundation
import BulletinCore
import BulletinLayout

/// Turns the characters that fonts could not set into diagnostics at their place in the source: a
/// character set by a fallback font is a warning (it will look different from its neighbours), a
/// character no installed font has is an error (it would print as an empty box).
public enum GlyphCoverage {
    public static func diagnostics(_ notes: [GlyphNote], sourcePath: String?, choices: [FontChoice]) -> [Diagnostic] {
        func describe(_ c: String) -> String {
            let codes = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "\(c) (\(codes))"
        }
        func familyName(_ family: String) -> String {
            let logical = choices.filter { $0.face.family.lowercased() == family.lowercased() }.map(\.logical)
            return logical.isEmpty ? family : "\(logical.joined(separator: "/")) (\(family))"
        }
        return notes.map { note in
            let at = note.span.flatMap { span in sourcePath.map { span.location(in: $0) } }
            if let used = note.usedFamily {
                return .warning("\(describe(note.character)) has no glyph in \(familyName(note.requestedFamily)); set in \(used) instead", at: at)
            }
            return .error("\(describe(note.character)) has no glyph in any installed font; it would print as an empty box", at: at,
                          hint: "install a font that has it (rare Han characters: `apt-get install fonts-noto-cjk-extra`), put one into Fonts/, or replace the character")
        }
    }
}
