import Foundation
import BulletinCore

/// The text of an issue file after the byte-level checks: valid UTF-8, no BOM, LF line ends.
public struct SourceText: Sendable {
    public let path: String
    public let lines: [String]

    /// Decodes bytes, accepting a UTF-8 BOM and CRLF; text that is not UTF-8 is an error that names the likely encoding.
    public init(path: String, data: Data) throws {
        self.path = path
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = SourceText.firstInvalidUTF8(bytes)
            throw Diagnostic.error("file is not valid UTF-8", at: SourceLocation(file: path, line: line, column: column),
                                   hint: "it is probably GB18030/GBK (common for files saved by WPS or older Word); convert it with `iconv -f GB18030 -t UTF-8`")
        }
        lines = SourceText.lines(text, loneCarriageReturnBreaks: true)
    }

    public init(path: String, text: String) {
        self.path = path
        lines = SourceText.lines(text, loneCarriageReturnBreaks: false)
    }

    /// Splits at LF and CRLF (and a lone CR when asked), over the bytes: Foundation's
    /// `replacingOccurrences` took a third of the parse stage.
    static func lines(_ text: String, loneCarriageReturnBreaks: Bool) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var lines: [String] = []
            var start = 0, i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b == 0x0A {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    i += 1; start = i
                } else if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    i += 2; start = i
                } else if b == 0x0D, loneCarriageReturnBreaks {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    i += 1; start = i
                } else {
                    i += 1
                }
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<n]), as: UTF8.self))
            return lines
        }
    }

    public func location(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len: Int
            switch b {
            case 0x00...0x7F: len = 1
            case 0xC2...0xDF: len = 2
            case 0xE0...0xEF: len = 3
            case 0xF0...0xF4: len = 4
            default: return (line, column)
            }
            if i + len > bytes.count { return (line, column) }
            if len > 1, !bytes[(i + 1)..<(i + len)].allSatisfy({ $0 & 0xC0 == 0x80 }) { return (line, column) }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += len
        }
        return (line, column)
    }
}
