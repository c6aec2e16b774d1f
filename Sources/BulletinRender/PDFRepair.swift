import Foundation
import BulletinCore

/// Cairo 1.16 writes a wrong cross-reference table once link tags are used. The objects themselves
/// are fine, so the table is rebuilt from where each `N 0 obj` really starts; on the way, each font
/// subset is named by what it embeds (`SubsetTags`).
public enum PDFRepair {
    /// Returns the repaired bytes, or nil when the file has no classic xref table to rebuild.
    public static func rebuildCrossReferences(_ bytes: [UInt8]) -> [UInt8]? {
        guard let xrefStart = ByteSearch.lastIndex(of: Array("\nxref\n".utf8), in: bytes).map({ $0 + 1 }) else { return nil }
        guard let trailerStart = ByteSearch.firstIndex(of: Array("trailer".utf8), in: bytes, from: xrefStart) else { return nil }
        // Find every "N 0 obj" at a line start before the xref, going from line start to line start.
        var offsets: [Int: Int] = [:]
        let objectTag = Array(" 0 obj".utf8)
        bytes.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress!
            var i = 0
            while i < xrefStart {
                var j = i, n = 0, digits = 0
                // (Object numbers have at most ten digits; a longer run of digits, say inside a
                // photo's data, is not one and must not overflow.)
                while j < xrefStart, base[j] >= 0x30, base[j] <= 0x39 {
                    if digits < 10 { n = n * 10 + Int(base[j] - 0x30) }
                    j += 1; digits += 1
                }
                if digits > 0, digits <= 10, ByteSearch.matches(objectTag, in: bytes, at: j) { offsets[n] = i }
                // The next line starts after the next LF or CR.
                var k = j
                while k < xrefStart, base[k] != 0x0A, base[k] != 0x0D {
                    guard let found = memchr(base + k, 0x0A, xrefStart - k) else { k = xrefStart; break }
                    let lf = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    // A CR before that LF also ends a line.
                    if let cr = memchr(base + k, 0x0D, lf - k) { k = base.distance(to: cr.assumingMemoryBound(to: UInt8.self)) } else { k = lf }
                }
                i = k + 1
            }
        }
        guard let maxObject = offsets.keys.max() else { return nil }
        var table = Array("xref\n0 \(maxObject + 1)\n0000000000 65535 f \n".utf8)
        table.reserveCapacity(table.count + 20 * maxObject)
        for n in 1...maxObject {
            if let o = offsets[n] { table += tenDigits(o); table += Array(" 00000 n \n".utf8) } else { table += Array("0000000000 65535 f \n".utf8) }
        }
        // The trailer keeps its dictionary; /Size and startxref are rewritten.
        guard let startxrefIdx = ByteSearch.firstIndex(of: Array("startxref".utf8), in: bytes, from: trailerStart) else { return nil }
        // (Found by hand: a regular expression here loaded Foundation's ICU, a millisecond.)
        var trailer = Array(bytes[trailerStart..<startxrefIdx])
        if let at = ByteSearch.firstIndex(of: Array("/Size ".utf8), in: trailer, from: 0) {
            var end = at + 6
            while end < trailer.count, trailer[end] >= 0x30, trailer[end] <= 0x39 { end += 1 }
            if end > at + 6 { trailer.replaceSubrange(at..<end, with: Array("/Size \(maxObject + 1)".utf8)) }
        }
        var out = Array(bytes[0..<xrefStart])
        SubsetTags.canonicalize(&out, objects: offsets)
        out += table
        out += trailer
        out += Array("startxref\n\(xrefStart)\n%%EOF\n".utf8)
        return out
    }

    /// A byte offset as the ten zero-padded digits of an xref entry (String(format:) per object
    /// took most of the repair's time).
    static func tenDigits(_ value: Int) -> [UInt8] {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
        var v = value, k = 9
        while v > 0 && k >= 0 { digits[k] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; k -= 1 }
        return digits
    }

}
