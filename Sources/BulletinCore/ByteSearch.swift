/// Searching byte arrays by hand: Foundation's string search compares canonical equivalents and the
/// standard library's generic `firstRange(of:)` is slow on UTF-8, and the PDF repair and the
/// document-kind check only ever look for plain ASCII words.
public enum ByteSearch {
    /// Whether `needle` stands in `hay` at `i`.
    public static func matches(_ needle: [UInt8], in hay: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + needle.count <= hay.count else { return false }
        for k in 0..<needle.count where hay[i + k] != needle[k] { return false }
        return true
    }

    public static func firstIndex(of needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        firstIndex(of: needle, in: hay, within: start..<hay.count)
    }

    public static func firstIndex(of needle: [UInt8], in hay: [UInt8], within range: Range<Int>) -> Int? {
        guard !needle.isEmpty else { return range.lowerBound }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound { if hay[i] == needle[0], matches(needle, in: hay, at: i) { return i }; i += 1 }
        return nil
    }

    public static func lastIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        var i = hay.count - needle.count
        while i >= 0 { if matches(needle, in: hay, at: i) { return i }; i -= 1 }
        return nil
    }
}
