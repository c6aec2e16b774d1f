import Foundation
import Synchronization
import CWordBreak

/// Where words start in Chinese text, from ICU's dictionary word break iterator: titles are broken
/// between words only. Offsets are UTF-8 bytes of the text given.
public enum WordSegmenter {
    /// Loads ICU's dictionary break engine for Chinese (its first use takes about a millisecond and
    /// a half; ICU keeps it for the process and builds it once even when asked from two threads).
    static func load() { _ = wordStarts("预先载入分词词典") }

    /// Whether loading it has been started.
    private static let started = Atomic<Bool>(false)

    /// Loads it on another thread, for a layout that may break a title between words soon; nothing
    /// when it was loaded ahead (`FontSystem.loadConfigurationAhead`) or is being loaded.
    public static func loadInBackground() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        DispatchQueue.global(qos: .userInitiated).async { load() }
    }

    static func wordStarts(_ text: String) -> [Int] {
        let utf16 = Array(text.utf16)
        guard !utf16.isEmpty else { return [0] }
        var starts = [Int32](repeating: 0, count: utf16.count + 2)
        let n = utf16.withUnsafeBufferPointer { buf in
            bulletin_word_starts(buf.baseAddress, Int32(buf.count), &starts, Int32(starts.count))
        }
        guard n > 0 else { return Array(0...text.utf8.count) }
        // UTF-16 offsets → UTF-8 offsets.
        var utf8At = [Int](repeating: 0, count: utf16.count + 1)
        var u16 = 0, u8 = 0
        for s in text.unicodeScalars {
            utf8At[u16] = u8
            u16 += s.utf16.count
            u8 += s.utf8.count
        }
        utf8At[utf16.count] = u8
        return starts.prefix(Int(min(n, Int32(starts.count)))).map { utf8At[min(Int($0), utf16.count)] }
    }
}
