import Foundation
import BulletinCore
import TextEngine

/// Turns the characters that fonts could not set into diagnostics with their place in the source:
/// a character set by a fallback font is a warning (it will look different from its neighbours), a
/// character no installed font has is an error (it would print as an empty box).
public enum GlyphCoverage {
    public static func diagnostics(_ notes: [CoverageNote], sourcePath: String?, choices: [FontChoice]) -> [Diagnostic] {
        let find = SourceFinder(path: sourcePath)
        func location(of character: String) -> SourceLocation? { find.location(of: character) }
        func describe(_ c: String) -> String {
            let codes = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
            return "\(c) (\(codes))"
        }
        func familyName(_ family: String) -> String {
            let logical = choices.filter { $0.face.family.lowercased() == family.lowercased() }.map(\.logical)
            return logical.isEmpty ? family : "\(logical.joined(separator: "/")) (\(family))"
        }
        var out: [Diagnostic] = []
        for note in notes {
            if let used = note.usedFamily {
                out.append(.warning("\(describe(note.character)) has no glyph in \(familyName(note.requestedFamily)); set in \(used) instead",
                                    at: location(of: note.character)))
            } else {
                out.append(.error("\(describe(note.character)) has no glyph in any installed font; it would print as an empty box",
                                  at: location(of: note.character),
                                  hint: "install a font that has it (rare Han characters: `apt-get install fonts-noto-cjk-extra`), put one into Fonts/, or replace the character"))
            }
        }
        return out
    }
}

/// Finds where a piece of rendered text first appears in its source file, to place a diagnostic
/// found after layout (the model keeps no positions).
struct SourceFinder {
    let path: String?
    let lines: [String]

    init(path: String?) {
        self.path = path
        lines = path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?
            .replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") ?? []
    }

    /// Line and column (in Unicode scalars) of the first occurrence; the file's start when not found.
    func location(of text: String) -> SourceLocation? {
        guard let path else { return nil }
        for (i, line) in lines.enumerated() {
            guard let r = line.range(of: text) else { continue }
            let scalars = line.unicodeScalars
            let column = scalars.distance(from: scalars.startIndex, to: r.lowerBound.samePosition(in: scalars) ?? scalars.startIndex) + 1
            return SourceLocation(file: path, line: i + 1, column: column)
        }
        return SourceLocation(file: path, line: 1, column: 1)
    }
}
