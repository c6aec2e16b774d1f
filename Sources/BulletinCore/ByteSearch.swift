/// Searching byte arrays by hand: Foundation's string search compares canonical equivalents and the
/// standard library's generic `firstRange(of:)` is slow on UTF-8, and the document-kind check only
/// looks for plain ASCII words.
public enum ByteSearch {
    /// Whether `needle` stands in `hay` at `i`.
    public static func matches(_ needle: [UInt8], in hay: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + needle.count <= hay.count else { return false }
        for k in 0..<needle.count where hay[i + k] != needle[k] { return false }
        return true
    }

    public static func firstIndex(of needle: [UInt8], in hay: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        var i = start
        while i + needle.count <= hay.count { if hay[i] == needle[0], matches(needle, in: hay, at: i) { return i }; i += 1 }
        return nil
    }
}
