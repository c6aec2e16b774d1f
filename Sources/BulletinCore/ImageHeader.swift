/// What the start of a photo file says: JPEG or PNG, its size in pixels as stored, and (JPEG)
/// the EXIF orientation that turns it upright. Read from the bytes alone, so layout needs no decoder.
public struct ImageHeader: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable { case jpeg, png }
    public var format: Format
    public var width: Int
    public var height: Int
    /// EXIF orientation 1–8 (1 when absent).
    public var orientation: Int
    /// Colour components of a JPEG (1 grey, 3 colour); 3 for a PNG, which is decoded anyway.
    public var components: Int

    public enum Problem: Error, Equatable, Sendable {
        case notAnImage, corrupt(String), unsupported(String)
        public var message: String {
            switch self {
            case .notAnImage: return "is not a JPEG or PNG image"
            case .corrupt(let why): return "is damaged (\(why))"
            case .unsupported(let what): return "is \(what), which cannot be printed"
            }
        }
    }

    public init(format: Format, width: Int, height: Int, orientation: Int = 1, components: Int = 3) {
        self.format = format; self.width = width; self.height = height; self.orientation = orientation; self.components = components
    }

    /// Orientations 5–8 turn the picture a quarter.
    public var upright: (width: Int, height: Int) { orientation >= 5 ? (height, width) : (width, height) }

    public static func read(_ bytes: [UInt8]) -> Result<ImageHeader, Problem> {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if bytes.starts(with: [0xFF, 0xD8]) { return jpeg(bytes) }
        return .failure(.notAnImage)
    }

    static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    static func be32(_ b: [UInt8], _ i: Int) -> Int { be16(b, i) << 16 | be16(b, i + 2) }

    static func png(_ b: [UInt8]) -> Result<ImageHeader, Problem> {
        guard b.count >= 33, Array(b[12..<16]) == Array("IHDR".utf8) else { return .failure(.corrupt("no IHDR chunk")) }
        let w = be32(b, 16), h = be32(b, 20)
        guard w > 0, h > 0, w <= 30_000, h <= 30_000 else { return .failure(.corrupt("size \(w)×\(h)")) }
        // The image data must be there: a PNG cut short ends before its IEND chunk.
        guard b.suffix(12).starts(with: [0, 0, 0, 0]) && Array(b.suffix(8).prefix(4)) == Array("IEND".utf8) else {
            return .failure(.corrupt("the file is cut short"))
        }
        return .success(ImageHeader(format: .png, width: w, height: h, orientation: 1))
    }

    static func jpeg(_ b: [UInt8]) -> Result<ImageHeader, Problem> {
        var i = 2
        var orientation = 1
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return .failure(.corrupt("bad marker at byte \(i)")) }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            let length = be16(b, i + 2)
            guard length >= 2, i + 2 + length <= b.count else { return .failure(.corrupt("the file is cut short")) }
            let body = i + 4
            switch marker {
            case 0xE1 where length >= 16 && Array(b[body..<body + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0]:
                orientation = exifOrientation(Array(b[(body + 6)..<(i + 2 + length)])) ?? 1
            case 0xC0, 0xC1, 0xC2:
                guard length >= 8 else { return .failure(.corrupt("short frame header")) }
                let h = be16(b, body + 1), w = be16(b, body + 3)
                let components = Int(b[body + 5])
                // 12-bit JPEGs (extended, SOF1) are not something a PDF's DCT filter reads.
                guard b[body] == 8 else { return .failure(.unsupported("a \(b[body])-bit JPEG")) }
                guard w > 0, h > 0 else { return .failure(.corrupt("size \(w)×\(h)")) }
                guard components == 1 || components == 3 else {
                    return .failure(.unsupported(components == 4 ? "a CMYK JPEG" : "a JPEG with \(components) colour components"))
                }
                // The scan that follows must end the file properly (FF D9), or the photo is cut short.
                guard b.count >= 2, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else { return .failure(.corrupt("the file is cut short")) }
                return .success(ImageHeader(format: .jpeg, width: w, height: h, orientation: (1...8).contains(orientation) ? orientation : 1,
                                                 components: components))
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                return .failure(.unsupported("a lossless or arithmetic-coded JPEG"))
            case 0xDA, 0xD9:
                return .failure(.corrupt("no frame header before the image data"))
            default: break
            }
            i += 2 + length
        }
        return .failure(.corrupt("the file is cut short"))
    }

    /// The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block.
    static func exifOrientation(_ t: [UInt8]) -> Int? {
        guard t.count >= 8 else { return nil }
        let little = t[0] == 0x49 && t[1] == 0x49
        func u16(_ i: Int) -> Int? { i + 2 <= t.count ? (little ? Int(t[i]) | Int(t[i + 1]) << 8 : be16(t, i)) : nil }
        func u32(_ i: Int) -> Int? {
            guard i + 4 <= t.count else { return nil }
            return little ? Int(t[i]) | Int(t[i + 1]) << 8 | Int(t[i + 2]) << 16 | Int(t[i + 3]) << 24 : be32(t, i)
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for k in 0..<min(count, 256) {
            let entry = ifd + 2 + k * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112 { return u16(entry + 8) }
        }
        return nil
    }
}
