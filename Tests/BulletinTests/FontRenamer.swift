import Foundation

/// Makes a copy of an OpenType font whose family carries other names, the way licensed Chinese
/// faces do (a Chinese and an English family name): the `name` table is replaced by one with the
/// given family names, every other table is copied as it is.
enum FontRenamer {
    static func rename(_ font: Data, chinese: String, english: String) -> Data {
        let b = [UInt8](font)
        func u16(_ o: Int) -> Int { Int(b[o]) << 8 | Int(b[o + 1]) }
        func u32(_ o: Int) -> Int { u16(o) << 16 | u16(o + 2) }
        let count = u16(4)
        var tables: [(tag: [UInt8], data: [UInt8])] = []
        for i in 0..<count {
            let rec = 12 + 16 * i
            let tag = Array(b[rec..<(rec + 4)])
            let offset = u32(rec + 8), length = u32(rec + 12)
            tables.append((tag, tag == Array("name".utf8) ? nameTable(chinese: chinese, english: english) : Array(b[offset..<(offset + length)])))
        }
        tables.sort { $0.tag.lexicographicallyPrecedes($1.tag) }
        var out: [UInt8] = Array(b[0..<12])
        func put16(_ v: Int, into a: inout [UInt8]) { a += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func put32(_ v: Int, into a: inout [UInt8]) { put16(v >> 16, into: &a); put16(v & 0xFFFF, into: &a) }
        var offset = 12 + 16 * tables.count
        var body: [UInt8] = []
        for t in tables {
            out += t.tag
            put32(0, into: &out)
            put32(offset + body.count, into: &out)
            put32(t.data.count, into: &out)
            body += t.data
            while body.count % 4 != 0 { body.append(0) }
        }
        offset += 0
        return Data(out + body)
    }

    /// A name table with the family (1 and 16), subfamily, full and PostScript names, in English
    /// (Windows, 0x0409) and the Chinese family in Simplified Chinese (Windows, 0x0804).
    static func nameTable(chinese: String, english: String) -> [UInt8] {
        let records: [(language: Int, id: Int, text: String)] = [
            (0x0409, 1, english), (0x0409, 2, "Regular"), (0x0409, 4, english), (0x0409, 6, english.replacingOccurrences(of: " ", with: "")),
            (0x0409, 16, english), (0x0804, 1, chinese), (0x0804, 4, chinese), (0x0804, 16, chinese),
        ].sorted { ($0.language, $0.id) < ($1.language, $1.id) }
        var strings: [UInt8] = []
        var head: [UInt8] = []
        func put16(_ v: Int) { head += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        put16(0); put16(records.count); put16(6 + 12 * records.count)
        for r in records {
            let utf16 = r.text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            put16(3); put16(1); put16(r.language); put16(r.id); put16(utf16.count); put16(strings.count)
            strings += utf16
        }
        return head + strings
    }
}
