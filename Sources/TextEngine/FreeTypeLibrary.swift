import CPangoCairo
import BulletinCore

/// A FreeType library and the lock every use of it takes: FreeType allows one thread at a time per
/// library, and Cairo may release a face (FT_Done_Face) from whichever thread drops its font.
final class FreeTypeLibrary {
    private let library: FT_Library?
    private let lock = Guarded<Void>(())

    init() {
        var lib: FT_Library?
        FT_Init_FreeType(&lib)
        library = lib
    }

    deinit {
        if let library { FT_Done_FreeType(library) }
    }

    /// A Cairo font face over a face of a font file (for drawing PNG pages, which need no subset).
    func makeCairoFace(file: String, index: Int) -> OpaquePointer? {
        guard let library else { return nil }
        var ft: FT_Face?
        var status: FT_Error = 0
        lock.withLock { _ in status = FT_New_Face(library, file, FT_Long(index), &ft) }
        guard status == 0, let ft, let face = cairo_ft_font_face_create_for_ft_face(ft, 0) else {
            if let ft { done(ft) }
            return nil
        }
        let storage = Unmanaged.passRetained(FaceStorage(face: ft, library: self)).toOpaque()
        cairo_font_face_set_user_data(face, bulletin_face_storage_key(), storage) { p in
            if let p { Unmanaged<FaceStorage>.fromOpaque(p).release() }
        }
        return face
    }

    func done(_ face: FT_Face) {
        lock.withLock { _ in _ = FT_Done_Face(face) }
    }
}

/// Owns a FreeType face; released by Cairo when it drops the font face.
private final class FaceStorage {
    let face: FT_Face
    let library: FreeTypeLibrary
    init(face: FT_Face, library: FreeTypeLibrary) { self.face = face; self.library = library }
    deinit { library.done(face) }
}
