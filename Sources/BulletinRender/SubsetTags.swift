import Foundation
import BulletinCore

/// Names each embedded font subset (the `ABCDEF+` before a font's name) by what it embeds. Cairo
/// derives the tag from the glyph ids it drew with, and those depend on how the face was cut down
/// before (while the issue was laid out, or once its pages were known): the same issue then came
/// out with another tag, and `render` and `batch` wrote PDFs that differed in six letters. The tag
/// here is a hash of the font's name and its embedded program, so equal fonts get equal tags and
/// different subsets different ones. Tags keep their length: no offset in the file moves.
enum SubsetTags {
    /// Rewrites the tags in `bytes`, whose objects start at `objects` (object number → offset).
    static func canonicalize(_ bytes: inout [UInt8], objects: [Int: Int]) {
        // Each object's dictionary is found once (in offset order, so that renaming below walks the
        // file forward), and only dictionaries naming a subset font are read further.
        let heads = objects.values.sorted().map { dictionary(at: $0, in: bytes) }
        let subsetName = Array("+".utf8), descriptor = Array("/Type /FontDescriptor".utf8)
        var renames: [(old: [UInt8], new: [UInt8])] = []
        for head in heads {
            guard ByteSearch.firstIndex(of: subsetName, in: bytes, within: head) != nil,
                  ByteSearch.firstIndex(of: descriptor, in: bytes, within: head) != nil,
                  let name = value(after: "/FontName /", in: bytes, range: head),
                  name.count > 7, name[6] == UInt8(ascii: "+"), name[0..<6].allSatisfy({ $0 >= 65 && $0 <= 90 }),
                  let program = fontProgram(in: bytes, range: head),
                  let programOffset = objects[program], let data = streamData(at: programOffset, in: bytes, objects: objects) else { continue }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in name[7...] { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            bytes.withUnsafeBufferPointer { buf in
                for i in data { hash = (hash ^ UInt64(buf[i])) &* 0x100_0000_01b3 }
            }
            var tag: [UInt8] = []
            for _ in 0..<6 { tag.append(UInt8(ascii: "A") + UInt8(hash % 26)); hash /= 26 }
            renames.append((name, tag + Array(name[6...])))
        }
        guard !renames.isEmpty else { return }
        // Font names stand in the objects' dictionaries (the descriptor's /FontName, the fonts'
        // /BaseFont), never inside streams. Tags keep their length, so the dictionaries stay put.
        for head in heads where ByteSearch.firstIndex(of: subsetName, in: bytes, within: head) != nil {
            for r in renames {
                var i = head.lowerBound
                while i + r.old.count <= head.upperBound {
                    if bytes[i] == r.old[0], bytes[i..<(i + r.old.count)].elementsEqual(r.old) {
                        bytes.replaceSubrange(i..<(i + r.old.count), with: r.new)
                        i += r.old.count
                    } else {
                        i += 1
                    }
                }
            }
        }
    }

    /// The object number of a descriptor's embedded font program.
    static func fontProgram(in bytes: [UInt8], range: Range<Int>) -> Int? {
        for key in ["/FontFile3 ", "/FontFile2 ", "/FontFile "] {
            if let n = number(after: key, in: bytes, range: range) { return n }
        }
        return nil
    }

    /// The object's text before its stream or its end (at most 4 KB).
    static func dictionary(at offset: Int, in bytes: [UInt8]) -> Range<Int> {
        let limit = min(bytes.count, offset + 4096)
        var i = offset
        while i < limit {
            if bytes[i] == UInt8(ascii: "s"), ByteSearch.matches(streamWord, in: bytes, at: i) { break }
            if bytes[i] == UInt8(ascii: "e"), ByteSearch.matches(endobjWord, in: bytes, at: i) { break }
            i += 1
        }
        return offset..<i
    }

    /// The stream data of the object at `offset`, by its /Length (direct or an object of its own).
    static func streamData(at offset: Int, in bytes: [UInt8], objects: [Int: Int]) -> Range<Int>? {
        let head = dictionary(at: offset, in: bytes)
        guard head.upperBound < bytes.count, ByteSearch.matches(streamWord, in: bytes, at: head.upperBound),
              let (length, reference) = lengthEntry(in: bytes, range: head) else { return nil }
        var count = length
        if reference {
            guard let at = objects[length] else { return nil }
            // "N 0 obj" then the number.
            var i = at
            while i < bytes.count, !ByteSearch.matches(objWord, in: bytes, at: i) { i += 1 }
            i += 3
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
            guard let n = digits(in: bytes, from: i) else { return nil }
            count = n.value
        }
        var start = head.upperBound + 6
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        guard start + count <= bytes.count else { return nil }
        return start..<(start + count)
    }

    static func lengthEntry(in bytes: [UInt8], range: Range<Int>) -> (Int, Bool)? {
        guard let n = number(after: "/Length ", in: bytes, range: range) else { return nil }
        // "/Length N 0 R" names the object holding the length.
        guard let at = ByteSearch.firstIndex(of: Array("/Length ".utf8), in: bytes, within: range), let d = digits(in: bytes, from: at + 8) else { return nil }
        return (n, ByteSearch.matches(reference, in: bytes, at: d.end))
    }

    static func number(after key: String, in bytes: [UInt8], range: Range<Int>) -> Int? {
        guard let at = ByteSearch.firstIndex(of: Array(key.utf8), in: bytes, within: range) else { return nil }
        return digits(in: bytes, from: at + key.utf8.count)?.value
    }

    /// The name after `key`, up to white space or a delimiter.
    static func value(after key: String, in bytes: [UInt8], range: Range<Int>) -> [UInt8]? {
        guard let at = ByteSearch.firstIndex(of: Array(key.utf8), in: bytes, within: range) else { return nil }
        let start = at + key.utf8.count
        var end = start
        while end < range.upperBound, ![0x20, 0x0A, 0x0D, 0x2F, 0x3E, 0x5B, 0x28].contains(bytes[end]) { end += 1 }
        return Array(bytes[start..<end])
    }

    static func digits(in bytes: [UInt8], from start: Int) -> (value: Int, end: Int)? {
        var i = start, v = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, i - start < 12 { v = v * 10 + Int(bytes[i] - 0x30); i += 1 }
        return i > start ? (v, i) : nil
    }

    static let streamWord = Array("stream".utf8), endobjWord = Array("endobj".utf8), objWord = Array("obj".utf8)
    static let reference = Array(" 0 R".utf8)
}
