import Foundation

/// Cuts a CID-keyed CFF font down to some of its glyphs by copying their charstrings as they are,
/// with the font's subroutines, dictionaries and strings. HarfBuzz's subsetter re-encodes every
/// charstring it keeps (11 ms for the 700 glyphs of a bulletin's body face, most of writing its
/// PDF); a font with few subroutines loses nothing by keeping them, so it is cut down here instead
/// (`fits`), and a heavily subroutinized one (Noto CJK) still goes to HarfBuzz.
struct CompactFontSubset {
    /// The new CFF table.
    let data: [UInt8]
    /// The CID of each kept glyph (what the PDF addresses it by), by original glyph id.
    let cids: [UInt32: UInt32]

    /// A DICT entry: its operator (escaped ones as 0x0C00 | second byte) and its bytes, operands
    /// and operator together.
    private struct Entry { var op: Int; var bytes: [UInt8]; var operands: [Int] }

    /// `glyphs` (original ids; .notdef is always kept) cut out of `cff`, named `name` (else as
    /// before: the faces of a collection share one CFF table and its name); nil when it is not a
    /// CID-keyed CFF font this can read, or its subroutines (kept whole) are more than
    /// `subroutineAllowance` bytes.
    init?(_ cff: UnsafeBufferPointer<UInt8>, glyphs: Set<UInt32>, name: String? = nil, subroutineAllowance: Int = 64 * 1024) {
        guard let font = Parsed(cff) else { return nil }
        var subroutines = font.globalSubrs.count
        for fd in font.fontDicts { subroutines += fd.localSubrs?.count ?? 0 }
        guard subroutines <= subroutineAllowance else { return nil }
        let kept = ([0] + glyphs.filter { $0 != 0 && Int($0) < font.charStrings.count }.sorted())
        var cids: [UInt32: UInt32] = [:]
        for g in kept { cids[g] = font.charset[Int(g)] }

        // Everything before the charset is copied but the Top DICT, whose offsets are written as
        // five-byte integers so that its size does not depend on them.
        let topOffsets: Set<Int> = [15, 16, 17, 18, 0x0C24, 0x0C25]
        let keptTop = font.top.filter { !topOffsets.contains($0.op) }
        // charset and CharStrings (5 + 1 bytes each), FDArray and FDSelect (5 + 2).
        let topSize = keptTop.reduce(0) { $0 + $1.bytes.count } + 2 * 6 + 2 * 7
        let header: [UInt8] = [1, 0, 4, 4]
        let nameIndex = name.map { CompactFontSubset.index([Array($0.utf8)]) } ?? Array(cff[font.nameIndexRange])
        let topIndexSize = 2 + 1 + 2 * 4 + topSize
        let charsetAt = header.count + nameIndex.count + topIndexSize + font.stringIndex.count + font.globalSubrs.count
        let charset: [UInt8] = [0] + kept.dropFirst().flatMap { CompactFontSubset.u16(Int(font.charset[Int($0)])) }
        let fdSelectAt = charsetAt + charset.count
        var fdSelect: [UInt8] = [3]
        var ranges: [(first: Int, fd: Int)] = []
        for (n, g) in kept.enumerated() where ranges.last?.fd != font.fdSelect[Int(g)] { ranges.append((n, font.fdSelect[Int(g)])) }
        fdSelect += CompactFontSubset.u16(ranges.count)
        for r in ranges { fdSelect += CompactFontSubset.u16(r.first) + [UInt8(r.fd)] }
        fdSelect += CompactFontSubset.u16(kept.count)
        let charStringsAt = fdSelectAt + fdSelect.count
        let charStrings = CompactFontSubset.index(kept.map { UnsafeBufferPointer(rebasing: cff[font.charStrings[Int($0)]]) })
        let fdArrayAt = charStringsAt + charStrings.count

        // Font DICTs point at their Private DICTs, each followed by its local subroutines.
        let fdTops = font.fontDicts.map { fd in fd.entries.filter { $0.op != 18 } }
        let fdSizes = fdTops.map { $0.reduce(0) { $0 + $1.bytes.count } + 2 * 5 + 1 }
        let fdArraySize = 2 + 1 + 4 * (fdSizes.count + 1) + fdSizes.reduce(0, +)
        var privateAt = fdArrayAt + fdArraySize
        var fontDicts: [[UInt8]] = [], privates: [UInt8] = []
        for (k, fd) in font.fontDicts.enumerated() {
            var priv: [UInt8] = []
            for e in fd.privateEntries where e.op != 19 { priv += e.bytes }
            if fd.localSubrs != nil { priv += CompactFontSubset.int5(0) + [19] }
            let privSize = priv.count
            if let subrs = fd.localSubrs {
                // Subrs is relative to the Private DICT: right after it.
                priv.replaceSubrange(privSize - 6..<privSize, with: CompactFontSubset.int5(privSize) + [19])
                priv += cff[subrs]
            }
            var dict: [UInt8] = []
            for e in fdTops[k] { dict += e.bytes }
            dict += CompactFontSubset.int5(privSize) + CompactFontSubset.int5(privateAt) + [18]
            fontDicts.append(dict)
            privates += priv
            privateAt += priv.count
        }
        var top: [UInt8] = []
        for e in keptTop { top += e.bytes }
        top += CompactFontSubset.int5(charsetAt) + [15]
        top += CompactFontSubset.int5(charStringsAt) + [17]
        top += CompactFontSubset.int5(fdArrayAt) + [12, 0x24]
        top += CompactFontSubset.int5(fdSelectAt) + [12, 0x25]
        precondition(top.count == topSize, "Top DICT size")

        var out = header
        out += nameIndex
        out += CompactFontSubset.index([top], offSize: 4)
        out += cff[font.stringIndexRange]
        out += cff[font.globalSubrsRange]
        precondition(out.count == charsetAt, "charset offset")
        out += charset + fdSelect + charStrings
        out += CompactFontSubset.index(fontDicts, offSize: 4)
        precondition(out.count == fdArrayAt + fdArraySize, "FDArray size")
        out += privates
        data = out
        self.cids = cids
    }

    static func u16(_ v: Int) -> [UInt8] { [UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    static func int5(_ v: Int) -> [UInt8] {
        let u = UInt32(bitPattern: Int32(v))
        return [29, UInt8(u >> 24), UInt8((u >> 16) & 0xFF), UInt8((u >> 8) & 0xFF), UInt8(u & 0xFF)]
    }

    /// An INDEX of `items` (offsets `offSize` bytes wide, or the fewest that hold them).
    static func index<S: Collection<UInt8>>(_ items: [S], offSize fixed: Int? = nil) -> [UInt8] {
        var out = u16(items.count)
        guard !items.isEmpty else { return out }
        let total = items.reduce(1) { $0 + $1.count }
        let size = fixed ?? (total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x100_0000 ? 3 : 4)
        out.append(UInt8(size))
        var offset = 1
        func put(_ v: Int) { for k in stride(from: size - 1, through: 0, by: -1) { out.append(UInt8((v >> (8 * k)) & 0xFF)) } }
        put(offset)
        for item in items { offset += item.count; put(offset) }
        out.reserveCapacity(out.count + total)
        for item in items { out += item }
        return out
    }

    /// The parts of a CFF font this reads.
    private struct Parsed {
        struct FontDict { var entries: [Entry]; var privateEntries: [Entry]; var localSubrs: Range<Int>? }
        var nameIndexRange: Range<Int>, stringIndexRange: Range<Int>, globalSubrsRange: Range<Int>
        var top: [Entry]
        var charStrings: [Range<Int>]
        var charset: [UInt32]
        var fdSelect: [Int]
        var fontDicts: [FontDict]
        var stringIndex: Range<Int> { stringIndexRange }
        var globalSubrs: Range<Int> { globalSubrsRange }

        init?(_ b: UnsafeBufferPointer<UInt8>) {
            guard b.count >= 4, let names = CompactFontFormat.index(b, at: Int(b[2])),
                  let tops = CompactFontFormat.index(b, at: names.end), let topDict = tops.items.first,
                  let strings = CompactFontFormat.index(b, at: tops.end), let globals = CompactFontFormat.index(b, at: strings.end) else { return nil }
            nameIndexRange = Int(b[2])..<names.end
            stringIndexRange = tops.end..<strings.end
            globalSubrsRange = strings.end..<globals.end
            let top = Parsed.entries(b, topDict)
            self.top = top
            func operand(_ op: Int, _ k: Int = 0) -> Int? { top.first { $0.op == op }.flatMap { k < $0.operands.count ? $0.operands[k] : nil } }
            // CID-keyed only (ROS): a name-keyed font may build accented glyphs from others (seac).
            guard top.contains(where: { $0.op == 0x0C1E }), let cs = operand(17), cs > 0,
                  let glyphs = CompactFontFormat.index(b, at: cs), !glyphs.items.isEmpty,
                  let fdArrayAt = operand(0x0C24), fdArrayAt > 0, let fdSelectAt = operand(0x0C25), fdSelectAt > 0,
                  let compact = CompactFontFormat(zeroBased: b), let cids = compact.cids, cids.count == glyphs.items.count,
                  let fdArray = CompactFontFormat.index(b, at: fdArrayAt), fdSelectAt < b.count else { return nil }
            charStrings = glyphs.items
            charset = cids
            // FDSelect, formats 0 and 3.
            var select = [Int](repeating: 0, count: glyphs.items.count)
            switch b[fdSelectAt] {
            case 0:
                guard fdSelectAt + 1 + select.count <= b.count else { return nil }
                for g in select.indices { select[g] = Int(b[fdSelectAt + 1 + g]) }
            case 3:
                guard fdSelectAt + 3 <= b.count else { return nil }
                let n = BigEndian.u16(b, fdSelectAt + 1)
                guard fdSelectAt + 3 + 3 * n + 2 <= b.count else { return nil }
                for r in 0..<n {
                    let at = fdSelectAt + 3 + 3 * r
                    let first = BigEndian.u16(b, at), fd = Int(b[at + 2]), next = BigEndian.u16(b, at + 3)
                    guard first <= next, next <= select.count else { return nil }
                    for g in first..<next { select[g] = fd }
                }
            default:
                return nil
            }
            fdSelect = select
            var dicts: [FontDict] = []
            for item in fdArray.items {
                let entries = Parsed.entries(b, item)
                guard let priv = entries.first(where: { $0.op == 18 }), priv.operands.count == 2 else { return nil }
                let size = priv.operands[0], at = priv.operands[1]
                guard size >= 0, at >= 0, at + size <= b.count else { return nil }
                let privateEntries = Parsed.entries(b, at..<at + size)
                var local: Range<Int>?
                if let subrs = privateEntries.first(where: { $0.op == 19 })?.operands.first {
                    guard let idx = CompactFontFormat.index(b, at: at + subrs) else { return nil }
                    local = at + subrs..<idx.end
                }
                dicts.append(FontDict(entries: entries, privateEntries: privateEntries, localSubrs: local))
            }
            guard !dicts.isEmpty, select.allSatisfy({ $0 < dicts.count }) else { return nil }
            fontDicts = dicts
        }

        /// A DICT's entries with their bytes.
        static func entries(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Entry] {
            var out: [Entry] = []
            var start = range.lowerBound
            var p = range.lowerBound
            while p < range.upperBound {
                let b0 = Int(b[p])
                if b0 <= 21 {
                    var end = p + 1
                    var op = b0
                    if b0 == 12, p + 1 < range.upperBound { op = 0x0C00 | Int(b[p + 1]); end += 1 }
                    let operands = CompactFontFormat.dictionary(b, start..<end)[op] ?? []
                    out.append(Entry(op: op, bytes: Array(b[start..<end]), operands: operands))
                    start = end; p = end
                    continue
                }
                switch b0 {
                case 28: p += 3
                case 29: p += 5
                case 30:
                    p += 1
                    while p < range.upperBound, b[p] & 0x0F != 0x0F, b[p] >> 4 != 0x0F { p += 1 }
                    p += 1
                case 247...254: p += 2
                default: p += 1
                }
            }
            return out
        }
    }
}
