import Foundation
import CPangoCairo
import BulletinCore

/// The body face cut down, on a second thread while the issue is laid out, to every glyph the
/// issue's characters can shape to (their glyphs closed over the face's substitutions). Cutting it
/// down once the pages were known took a tenth of writing the PDF; the PDF takes this one when it
/// holds every glyph drawn, else cuts the face down as before. The same thread first loads ICU's
/// dictionary, which the first title broken between words would load on the layout's thread.
/// Only values cross threads: the job opens the font file itself and gathers the text there.
public final class EarlySubset: Sendable {
    let face: FaceKey
    private let outcome = Guarded<SubsetResult?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts cutting down the face `system` sets `family` in to the glyphs the text `texts` gives
    /// (on the job's thread) can shape to (see `characters(of:)`); nil when the family has no face
    /// of its own.
    public static func start(_ family: FontFace, in system: FontSystem, texts: @escaping @Sendable () -> [String]) -> EarlySubset? {
        guard let entry = system.matchedFace(forFamily: family.family, bold: family.bold) else { return nil }
        return EarlySubset(face: FaceKey(file: entry.file, index: Int(entry.index)), texts: texts)
    }

    private init(face: FaceKey, texts: @escaping @Sendable () -> [String]) {
        self.face = face
        let job = (file: face.file, index: UInt32(face.index), texts: texts)
        DispatchQueue.global(qos: .userInitiated).async { [outcome, finished] in
            // First, for layout: the first title broken between words would load ICU's dictionary.
            WordSegmenter.load()
            var result: SubsetResult?
            if let blob = hb_blob_create_from_file_or_fail(job.file) {
                let own = hb_face_create(blob, job.index)
                hb_blob_destroy(blob)
                result = FontSubsetter.subset(own!, characters: EarlySubset.characters(of: job.texts()))
                hb_face_destroy(own)
            }
            outcome.withLock { $0 = result }
            finished.signal()
            #if canImport(Glibc)
            // The subsetter's working memory sat in this thread's own malloc arena, which keeps freed
            // pages: glibc hands free pages of every arena back now, before the PDF is made (the
            // render's peak memory).
            malloc_trim(0)
            #endif
        }
    }

    /// The cut-down face, once it is done; nil when HarfBuzz could not cut it down.
    func result() -> SubsetResult? {
        finished.wait()
        finished.signal()
        return outcome.withLock { $0 }
    }

    /// The characters an issue's glyphs can come from: its source text and layout, and what the
    /// tool writes itself (the issue line and dates, leaders, folios, list bullets and note marks:
    /// ASCII, general punctuation, the CJK marks, ①–⑳ and ●, and the words of
    /// 2024年第9期（总第39期）and 二〇二四年九月).
    static func characters(of texts: [String]) -> Set<UInt32> {
        var set = Set<UInt32>()
        for text in texts + ["年月日第期总共印份〇零一二三四五六七八九十"] { for s in text.unicodeScalars { set.insert(s.value) } }
        for range in [0x20...0x7E, 0x2000...0x206F, 0x2460...0x24FF, 0x25A0...0x25FF, 0x3000...0x303F, 0xFF01...0xFF5E] { for v in range { set.insert(UInt32(v)) } }
        return set
    }
}
