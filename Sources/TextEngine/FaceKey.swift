import BulletinCore

/// A face of a font file (the file and its index in it): what the PDF embeds, and what raster pages
/// draw with.
struct FaceKey: Hashable, Sendable {
    var file: String
    var index: Int
}

extension FontKey {
    /// The face this font is a size of.
    var face: FaceKey { FaceKey(file: file, index: index) }
}
