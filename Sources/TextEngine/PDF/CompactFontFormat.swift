import Foundation

/// Big-endian numbers in font data, which OpenType and CFF both use.
enum BigEndian {
    static func u16<C: RandomAccessCollection<UInt8>>(_ b: C, _ i: Int) -> Int where C.Index == Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    static func u32<C: RandomAccessCollection<UInt8>>(_ b: C, _ i: Int) -> Int where C.Index == Int { u16(b, i) << 16 | u16(b, i + 2) }
    static func i16<C: RandomAccessCollection<UInt8>>(_ b: C, _ i: Int) -> Int where C.Index == Int { Int(Int16(bitPattern: UInt16(u16(b, i)))) }
}

/// The parts of a CFF table a PDF needs: whether its glyphs are named by CID, and each glyph's CID
/// (its charset). HarfBuzz keeps a CID-keyed font's CIDs when it cuts it down, so glyph n of the
/// subset is usually not CID n, and a PDF addresses such a font by CID.
struct CompactFontFormat {
    /// For a CID-keyed font, the CID of each glyph; nil for a font whose glyphs are addressed by index.
    let cids: [UInt32]?
    /// The font's name (its Name INDEX): what a PDF's BaseFont must be.
    let name: String?
    /// A CID-keyed font's character collection (ROS), when its strings are the font's own.
    let collection: (registry: String, ordering: String, supplement: Int)?

    /// Reads `b`, bytes indexed from 0.
    init?<C: RandomAccessCollection<UInt8>>(zeroBased b: C) where C.Index == Int {
        guard b.count >= 4 else { return nil }
        var p = Int(b[2])
        guard let names = CompactFontFormat.index(b, at: p) else { return nil }
        p = names.end
        guard let top = CompactFontFormat.index(b, at: p), let dict = top.items.first else { return nil }
        name = names.items.first.map { String(decoding: b[$0], as: UTF8.self) }
        let ops = CompactFontFormat.dictionary(b, dict)
        guard let ros = ops[0x0C1E], ros.count == 3 else { cids = nil; collection = nil; return }   // no ROS: not CID-keyed
        // Strings past the 391 standard ones are the font's own (String INDEX).
        if let strings = CompactFontFormat.index(b, at: top.end), ros[0] >= 391, ros[1] >= 391,
           ros[0] - 391 < strings.items.count, ros[1] - 391 < strings.items.count {
            collection = (String(decoding: b[strings.items[ros[0] - 391]], as: UTF8.self),
                          String(decoding: b[strings.items[ros[1] - 391]], as: UTF8.self), ros[2])
        } else {
            collection = nil
        }
        guard let charStrings = ops[17]?.first, let glyphs = CompactFontFormat.index(b, at: Int(charStrings)).map({ $0.items.count }),
              let charset = ops[15]?.first, Int(charset) > 2, Int(charset) < b.count else { return nil }
        var out: [UInt32] = [0]
        var q = Int(charset)
        let format = b[q]; q += 1
        while out.count < glyphs {
            switch format {
            case 0:
                guard q + 2 <= b.count else { return nil }
                out.append(UInt32(BigEndian.u16(b, q))); q += 2
            case 1, 2:
                let width = format == 1 ? 3 : 4
                guard q + width <= b.count else { return nil }
                let first = BigEndian.u16(b, q)
                let left = format == 1 ? Int(b[q + 2]) : BigEndian.u16(b, q + 2)
                q += width
                for k in 0...left where out.count < glyphs { out.append(UInt32(first + k)) }
            default:
                return nil
            }
        }
        cids = out
    }

    /// An INDEX at `p`: its items' byte ranges and where it ends.
    static func index<C: RandomAccessCollection<UInt8>>(_ b: C, at p: Int) -> (items: [Range<Int>], end: Int)? where C.Index == Int {
        guard p + 2 <= b.count else { return nil }
        let count = BigEndian.u16(b, p)
        if count == 0 { return ([], p + 2) }
        guard p + 3 <= b.count else { return nil }
        let size = Int(b[p + 2])
        guard (1...4).contains(size), p + 3 + (count + 1) * size <= b.count else { return nil }
        func offset(_ i: Int) -> Int {
            var v = 0
            for k in 0..<size { v = v << 8 | Int(b[p + 3 + i * size + k]) }
            return v
        }
        let base = p + 2 + (count + 1) * size
        var items: [Range<Int>] = []
        for i in 0..<count {
            let start = base + offset(i), end = base + offset(i + 1)
            guard start <= end, end <= b.count else { return nil }
            items.append(start..<end)
        }
        return (items, base + offset(count))
    }

    /// A DICT's operators (escaped ones as 0x0C00 | second byte) and their integer operands.
    static func dictionary<C: RandomAccessCollection<UInt8>>(_ b: C, _ range: Range<Int>) -> [Int: [Int]] where C.Index == Int {
        var ops: [Int: [Int]] = [:]
        var operands: [Int] = []
        var p = range.lowerBound
        while p < range.upperBound {
            let b0 = Int(b[p])
            switch b0 {
            case 0...21:
                var op = b0
                if b0 == 12, p + 1 < range.upperBound { op = 0x0C00 | Int(b[p + 1]); p += 1 }
                ops[op] = operands; operands = []; p += 1
            case 28:
                guard p + 3 <= range.upperBound else { return ops }
                operands.append(BigEndian.i16(b, p + 1)); p += 3
            case 29:
                guard p + 5 <= range.upperBound else { return ops }
                operands.append(Int(Int32(bitPattern: UInt32(BigEndian.u32(b, p + 1))))); p += 5
            case 30:
                // A real: its nibbles up to 0xF; only its place is needed.
                p += 1
                while p < range.upperBound, b[p] & 0x0F != 0x0F, b[p] >> 4 != 0x0F { p += 1 }
                p += 1
                operands.append(0)
            case 32...246: operands.append(b0 - 139); p += 1
            case 247...250:
                guard p + 2 <= range.upperBound else { return ops }
                operands.append((b0 - 247) * 256 + Int(b[p + 1]) + 108); p += 2
            case 251...254:
                guard p + 2 <= range.upperBound else { return ops }
                operands.append(-(b0 - 251) * 256 - Int(b[p + 1]) - 108); p += 2
            default:
                p += 1
            }
        }
        return ops
    }
}
