import Foundation
import BulletinCore
import LayoutSpec
import TextEngine

/// How one logical family (仿宋, 黑体 …) was resolved: the font chosen, where it came from, and
/// whether it is a substitute for the official font.
public struct FontChoice: Sendable {
    public var logical: String
    public var face: FontFace
    public var file: String
    public var fromFontsFolder: Bool
    /// True when the first name of the chain was not found and a later one was used.
    public var substituted: Bool
    public var chain: [String]
    /// Which name of the chain was used (0: the first).
    public var position: Int

    /// The chain's last name is the open stand-in in another style (a 宋 design for 仿宋, say): a
    /// render that falls back to it says so once for the family.
    public var isStandIn: Bool { chain.count > 1 && position == chain.count - 1 }
}

/// Resolves the layout's logical families through fontconfig: fonts in the user's `Fonts/` folder win,
/// then the first installed family of the layout's chain.
public struct FontResolver {
    let system: FontSystem
    public init(system: FontSystem) { self.system = system }

    /// "Noto Serif CJK SC:bold" → (family, bold).
    static func parseCandidate(_ s: String) -> FontFace {
        let parts = s.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        return FontFace(family: parts[0], bold: parts.count > 1 && parts[1].lowercased() == "bold")
    }

    public func resolve(_ spec: LayoutSpecification) throws -> [FontChoice] {
        var out: [FontChoice] = []
        for logical in spec.fonts.keys.sorted() {
            let chain = spec.fonts[logical]!
            let candidates = chain.map(FontResolver.parseCandidate)
            var found: [(Int, FontFace, String)] = []
            for (i, c) in candidates.enumerated() {
                if let file = system.files(forFamily: c.family, bold: c.bold).first { found.append((i, c, file)) }
            }
            let pick = found.first(where: { system.isInFontFolder($0.2) }) ?? found.first
            guard let (index, face, best) = pick else {
                throw Diagnostic.error("no font found for '\(logical)': none of \(chain.joined(separator: ", ")) is installed",
                                       hint: "install the open CJK fonts with `apt-get install fonts-noto-cjk fonts-lxgw-wenkai`, or put the licensed font files into Fonts/")
            }
            // The file fontconfig matches for it is the one text is drawn with (a font folder's face
            // is made to win, see FontSystem.preferFolderFaces).
            let file = system.matchedFile(forFamily: face.family, bold: face.bold) ?? best
            out.append(FontChoice(logical: logical, face: face, file: file, fromFontsFolder: system.isInFontFolder(file),
                                  substituted: index > 0, chain: chain, position: index))
        }
        return out
    }

    /// The table `bulletin fonts` prints.
    public static func table(_ choices: [FontChoice]) -> String {
        var lines = ["family  font                          source         file"]
        for c in choices {
            let source = c.fromFontsFolder ? "Fonts/" : (c.substituted ? "substitute" : "system")
            let name = c.face.description
            lines.append("\(pad(c.logical, 8))\(pad(name, 30))\(pad(source, 15))\(c.file)")
            if c.substituted { lines.append("        (wanted \(c.chain.first ?? ""); substituted by \(name))") }
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ s: String, _ n: Int) -> String {
        // CJK characters take two columns in a terminal.
        let w = CJKRanges.terminalWidth(s)
        return s + String(repeating: " ", count: max(1, n - w))
    }
}
