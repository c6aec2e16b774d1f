import Foundation
import CPangoCairo

/// PDF syntax written straight into bytes: numbers as PDF reads them, strings, names, and deflated
/// streams. Numbers are written by hand (Foundation's formatting took most of Cairo's content
/// streams' time before) and always the same way, so equal input gives equal bytes.
struct PDFBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func space() { bytes.append(0x20) }

    /// An integer.
    mutating func append(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(ascii: "0") + UInt8(m % 10); m /= 10; n += 1 } while m > 0
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// A real number to `PDFBytes.places` decimal places, without trailing zeros ("12.5", "-0.125", "3").
    mutating func append(_ v: Double) {
        // (Nothing drawn is at an infinite place; 0 keeps the file readable if a caller slips.)
        let scaled = v.isFinite && abs(v) < 1e12 ? PDFBytes.rounded(v) : 0
        let units = Int(scaled.rounded())
        if units == 0 { bytes.append(UInt8(ascii: "0")); return }
        if units < 0 { bytes.append(UInt8(ascii: "-")) }
        let m = units.magnitude
        append(Int(m / 1000))
        var fraction = m % 1000
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var div: UInt = 100
        while fraction != 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / div))
            fraction %= div
            div /= 10
        }
    }

    /// `v` in thousandths, as `append(_: Double)` writes it.
    static func rounded(_ v: Double) -> Double { (v * 1000).rounded() }

    /// What a reader takes `v` for once written.
    static func asWritten(_ v: Double) -> Double { rounded(v) / 1000 }

    /// A name (`/Name`), characters outside PDF's regular ones written as #XX.
    mutating func name(_ s: String) {
        bytes.append(UInt8(ascii: "/"))
        for b in s.utf8 {
            let regular = b > 0x20 && b < 0x7F && !"#/()<>[]{}%".utf8.contains(b)
            if regular { bytes.append(b) } else { bytes.append(UInt8(ascii: "#")); hex(b) }
        }
    }

    /// A text string: a literal for ASCII, else UTF-16BE with a byte-order mark, in hex.
    mutating func text(_ s: String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { literal(Array(s.utf8)); return }
        bytes.append(UInt8(ascii: "<")); hex(0xFE); hex(0xFF)
        for u in s.utf16 { hex(UInt8(u >> 8)); hex(UInt8(u & 0xFF)) }
        bytes.append(UInt8(ascii: ">"))
    }

    /// A byte string as a literal, with ( ) \ escaped.
    mutating func literal(_ b: [UInt8]) {
        bytes.append(UInt8(ascii: "("))
        for c in b {
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case 0x0A: bytes.append(contentsOf: Array("\\n".utf8))
            case 0x0D: bytes.append(contentsOf: Array("\\r".utf8))
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: ")"))
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    mutating func hex(_ b: UInt8) {
        bytes.append(PDFBytes.hexDigits[Int(b >> 4)])
        bytes.append(PDFBytes.hexDigits[Int(b & 0xF)])
    }

    /// A two-byte code in hex, without brackets.
    mutating func hex16(_ v: UInt32) { hex(UInt8((v >> 8) & 0xFF)); hex(UInt8(v & 0xFF)) }

    /// UTF-16BE of `scalars`, in hex, without brackets.
    mutating func utf16Hex(_ scalars: [UInt32]) {
        for s in scalars {
            guard let u = Unicode.Scalar(s) else { continue }
            for unit in String(Character(u)).utf16 { hex16(UInt32(unit)) }
        }
    }

    /// How a stream is deflated.
    enum Packing {
        /// zlib's default: content streams, maps, pictures, which repeat themselves.
        case text
        /// Huffman coding alone, for font programs: charstrings hardly repeat, so matching strings
        /// bought a body face 5 % of its size for three times the time (14 ms against 5).
        case fontProgram
    }

    /// `data` deflated (zlib), as a FlateDecode stream holds it.
    static func deflate(_ data: [UInt8], _ packing: Packing = .text) -> [UInt8] {
        var stream = z_stream()
        let strategy = packing == .text ? Z_DEFAULT_STRATEGY : Z_HUFFMAN_ONLY
        var status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8, strategy, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not start (status \(status))")
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))))
        status = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in
                stream.next_in = UnsafeMutablePointer(mutating: i.baseAddress)
                stream.avail_in = uInt(i.count)
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(o.count)
                return CPangoCairo.deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "zlib could not deflate \(data.count) bytes (status \(status))")
        out.removeSubrange(Int(stream.total_out)...)
        return out
    }
}
