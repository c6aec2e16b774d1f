import BulletinModel
import LayoutSpec

/// Numbers of subheadings within an article (GB/T 9704 §7.3.3): 一、 for level 1, （一） for level 2,
/// 1. for level 3, （1） for level 4. With automatic numbering a level the writer already numbered
/// is left as written, so a number is never added twice.
struct HeadingCounter {
    private var counts = [0, 0, 0, 0]
    /// Levels whose headings the writer numbered.
    private var typed: Set<Int> = []

    init() {}

    init(preset headings: [Block]) {
        for h in headings where HeadingCounter.hasNumber(h.plainText, level: h.level) { typed.insert(h.level) }
    }

    static func element(level: Int) -> ElementName {
        switch level {
        case ...1: return .subheading
        case 2: return .subheading2
        case 3: return .subheading3
        default: return .subheading4
        }
    }

    mutating func numbered(_ text: String, level: Int, auto: Bool) -> String {
        let l = min(max(level, 1), 4)
        counts[l - 1] += 1
        for deeper in l..<4 { counts[deeper] = 0 }
        guard auto, !typed.contains(l), !HeadingCounter.hasNumber(text, level: l) else { return text }
        let n = counts[l - 1]
        switch l {
        case 1: return HeadingCounter.chinese(n) + "、" + text
        case 2: return "（" + HeadingCounter.chinese(n) + "）" + text
        case 3: return "\(n)．" + text
        default: return "（\(n)）" + text
        }
    }

    /// Whether a heading starts with a number of any of the four forms.
    static func hasNumber(_ text: String, level: Int) -> Bool {
        let t = Substring(text.trimmingCharacters(in: .whitespaces))
        let han = "一二三四五六七八九十百零〇"
        let hanRun = t.prefix { han.contains($0) }
        if !hanRun.isEmpty, let c = t.dropFirst(hanRun.count).first, "、．.".contains(c) { return true }
        if t.first == "（" || t.first == "(" {
            let inner = t.dropFirst()
            let run = inner.prefix { han.contains($0) || ($0.isASCII && $0.isNumber) }
            if !run.isEmpty, let c = inner.dropFirst(run.count).first, "）)".contains(c) { return true }
        }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let c = t.dropFirst(digits.count).first, ".．、".contains(c) { return true }
        return false
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五.
    static func chinese(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}
