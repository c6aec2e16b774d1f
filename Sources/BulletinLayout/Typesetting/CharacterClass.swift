import BulletinCore
/// The classes line breaking and punctuation adjustment work with (W3C clreq, GB/T 15834).
public enum CharacterClass: Equatable, Sendable {
    /// Han, kana, hangul, full-width letters: one grid cell each.
    case ideograph
    /// （〔［｛《〈「『【〖“‘ — ink in the right half of the cell.
    case opening
    /// ）〕］｝》〉」』】〗”’ — ink in the left half.
    case closing
    /// ，、：； — pause marks, ink in the left half in simplified Chinese.
    case pause
    /// 。？！ — stops, ink in the left half.
    case stop
    /// · ・ — the 间隔号, centred.
    case middleDot
    /// — ― (two make a 破折号).
    case dash
    /// … ⋯ (two make a 省略号).
    case ellipsis
    case latinLetter
    case digit
    /// ( [ {
    case latinOpening
    /// ) ] } , . ; : ! ? % and the like: never at a line start.
    case latinClosing
    /// Other ASCII symbols: / - + & @ # _ = …
    case latinOther
    case space
    /// Anything else (symbols, emoji).
    case other

    public static func of(_ text: String) -> CharacterClass {
        guard let s = text.unicodeScalars.first else { return .other }
        switch s.value {
        case 0x20, 0x09, 0xA0: return .space
        case 0x30...0x39: return .digit
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return .latinLetter
        case 0x28, 0x5B, 0x7B: return .latinOpening
        case 0x29, 0x5D, 0x7D, 0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x25: return .latinClosing
        case 0x21...0x7E: return .latinOther
        case 0xFF08, 0x3014, 0xFF3B, 0xFF5B, 0x300A, 0x3008, 0x300C, 0x300E, 0x3010, 0x3016, 0x3018, 0x301A, 0x201C, 0x2018:
            return .opening
        case 0xFF09, 0x3015, 0xFF3D, 0xFF5D, 0x300B, 0x3009, 0x300D, 0x300F, 0x3011, 0x3017, 0x3019, 0x301B, 0x201D, 0x2019:
            return .closing
        case 0xFF0C, 0x3001, 0xFF1A, 0xFF1B: return .pause
        case 0x3002, 0xFF1F, 0xFF01, 0xFF0E: return .stop
        case 0x00B7, 0x30FB, 0x2027: return .middleDot
        case 0x2014, 0x2015: return .dash
        case 0x2026, 0x22EF: return .ellipsis
        case 0xFF05, 0x2030, 0x2103, 0x00B0, 0x2031: return .latinClosing
        case 0x3000, 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            return .ideograph
        default: return CJKRanges.isIdeographic(s) ? .ideograph : .other
        }
    }

    /// Full-width punctuation whose cell is half glyph, half blank.
    public var isFullWidthPunctuation: Bool {
        switch self {
        case .opening, .closing, .pause, .stop: return true
        default: return false
        }
    }

    /// Marks whose blank is on the right: it can be dropped before another mark or at the line end.
    public var hasTrailingBlank: Bool { self == .closing || self == .pause || self == .stop }

    /// Latin text: words and numbers are not broken inside, and get the Han–Latin gap.
    public var isLatin: Bool {
        switch self {
        case .latinLetter, .digit, .latinOpening, .latinClosing, .latinOther: return true
        default: return false
        }
    }

    /// Letters and digits, the characters that get the quarter-em gap next to Han.
    public var isAlphanumeric: Bool { self == .latinLetter || self == .digit }
}

/// The line-breaking rules (禁则): what may not begin or end a line, and what is never split.
public enum LineBreakRules {
    /// clreq "GB" level: closing and pause/stop marks, ％‰℃, the 间隔号, and —— …… never start a line.
    public static func cannotStart(_ c: CharacterClass, text: String) -> Bool {
        switch c {
        case .closing, .pause, .stop, .middleDot, .dash, .ellipsis, .latinClosing: return true
        default: return false
        }
    }

    /// Opening brackets and quotes never end a line.
    public static func cannotEnd(_ c: CharacterClass) -> Bool {
        c == .opening || c == .latinOpening
    }

    /// A long Latin word or URL may break after / . - _ ? & = (no hyphen is added); after "." only
    /// before a letter, so numbers such as 3.5 stay whole.
    public static func mayBreakInsideWord(after a: UInt32, before b: UInt32, prev: CharacterClass, next: CharacterClass) -> Bool {
        guard prev.isLatin, next.isLatin else { return false }
        switch a {
        case 0x2F, 0x2D, 0x5F, 0x3F, 0x26, 0x3D: return true            // / - _ ? & =
        case 0x2E: return (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)  // . before a letter
        default: return false
        }
    }

    /// Pairs a line never breaks between, beyond the class rules: a number and the Han character
    /// right after it (its unit or measure word: 2024年, 10万个 — 数字不能回行; after 万 亿 千 百 the
    /// unit too: 1.5亿元), 第 and
    /// the number after it, and a note mark (①②) and the text it follows (after a pause or stop it
    /// enumerates, and may start a line).
    public static func keepsTogether(before: UInt32?, _ a: UInt32, _ aClass: CharacterClass, _ b: UInt32, _ bClass: CharacterClass) -> Bool {
        if aClass == .digit && bClass == .ideograph { return true }
        // A magnitude after a number keeps its unit too (1.5亿元, 2.8万个).
        if bClass == .ideograph, let before, (0x30...0x39).contains(before), [0x4E07, 0x4EBF, 0x5343, 0x767E].contains(a) { return true }
        if a == 0x7B2C && bClass == .digit { return true }
        if (0x2460...0x249B).contains(b) {
            switch aClass {
            case .pause, .stop, .opening, .latinOpening, .space: return false
            default: return true
            }
        }
        return false
    }

    /// A number range's dash and the number after it (2024—2026): kept together when that costs
    /// little, broken like a long word when keeping them would leave a line letter-spaced.
    public static func breaksARange(before: UInt32?, _ a: UInt32, _ bClass: CharacterClass) -> Bool {
        guard bClass == .digit, let before, (0x30...0x39).contains(before) else { return false }
        return [0x2014, 0x2013, 0x2015, 0x7E, 0xFF5E, 0x2D].contains(a)
    }

    /// Whether a line may break between `a` and `b`, with or without a space between them.
    public static func mayBreak(between a: CharacterClass, _ b: CharacterClass, spaceBetween: Bool) -> Bool {
        if cannotEnd(a) { return false }
        if cannotStart(b, text: "") { return false }
        if spaceBetween { return true }
        // Latin words, numbers (3.5, 2+N, 88%) and URLs stay whole.
        if a.isLatin && b.isLatin { return false }
        // A number keeps its unit sign.
        if a == .digit && b == .latinClosing { return false }
        // —— and …… are one mark each.
        if a == .dash && b == .dash { return false }
        if a == .ellipsis && b == .ellipsis { return false }
        return true
    }
}
