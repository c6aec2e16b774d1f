import Foundation

/// One catalogue of the messages the tool prints, in English (as the code writes them) and in
/// Chinese. Diagnostics are made in English; when the user's locale is Chinese (`LC_ALL`,
/// `LC_MESSAGES` or `LANG` starting with `zh`), they are printed from the Chinese templates.
public enum MessageCatalogue {
    public enum Language: Sendable { case english, chinese }

    /// The language of the environment: Chinese for a `zh_*` locale, English otherwise.
    public static func language(environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .chinese : .english }
        }
        return .english
    }

    /// The process's language, read once.
    public static let current = language()

    private struct Compiled: Sendable {
        var pattern: NSRegularExpression
        var chinese: String
    }

    /// The templates as patterns: `{n}` matches any text, everything else literally.
    private static let compiled: [Compiled] = entries.compactMap { entry in
        var pattern = "^"
        var rest = Substring(entry.english)
        while let open = rest.range(of: "{"), let close = rest[open.upperBound...].range(of: "}"),
              Int(rest[open.upperBound..<close.lowerBound]) != nil {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open.lowerBound])) + "(.*?)"
            rest = rest[close.upperBound...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return nil }
        return Compiled(pattern: re, chinese: entry.chinese)
    }

    /// The Chinese form of an English message, or nil when the catalogue has no template for it.
    public static func chinese(_ english: String) -> String? {
        let range = NSRange(english.startIndex..., in: english)
        for c in compiled {
            guard let m = c.pattern.firstMatch(in: english, range: range) else { continue }
            var out = c.chinese
            // Placeholders are replaced from the highest number down, so {1} never eats part of {10}.
            for n in stride(from: m.numberOfRanges - 1, through: 1, by: -1) {
                guard let r = Range(m.range(at: n), in: english) else { continue }
                out = out.replacingOccurrences(of: "{\(n)}", with: String(english[r]))
            }
            return out
        }
        return nil
    }

    /// `english` in `language`: the catalogue's Chinese when it has the message, else as written.
    public static func localized(_ english: String, in language: Language = current) -> String {
        language == .chinese ? (chinese(english) ?? english) : english
    }
}
