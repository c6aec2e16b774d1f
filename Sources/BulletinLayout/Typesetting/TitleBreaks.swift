import BulletinCore

/// Where a title (or a wrapped 目录 entry) may be broken: between words only, so each line keeps
/// its words whole (GB/T 9704 §7.3.1, 词意完整). Words come from the measurer's dictionary
/// segmenter; on top of it a one-character word stays with its neighbours (者 in 劳动者, 高 in
/// 高素质), a quoted phrase of four characters or fewer stays whole, and a number keeps its unit.
enum TitleBreaks {
    /// How strict the breaks are: words as described, then with one-character words free, then
    /// anywhere the line-breaking rules allow.
    enum Strictness: CaseIterable { case words, singleCharactersFree, anywhere }

    /// 化 性 者 们 式 型 率 度 感 制: characters that end a word and do not start one.
    static let suffixes: Set<UInt32> = Set("化性者们式型率度感制".unicodeScalars.map(\.value))

    /// For each unit, whether a line may start there.
    static func allowed(_ units: [Unit], text: [UInt8], wordStarts: [Int], strictness: Strictness) -> [Bool] {
        var allowed = units.map(\.breakBefore)
        guard strictness != .anywhere, !units.isEmpty else { return allowed }
        let starts = Set(wordStarts)
        let unitAt = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1.byteOffset, $0) })
        for i in units.indices where allowed[i] && !starts.contains(units[i].byteOffset) { allowed[i] = false }

        // Words of one Han character are not left or started alone. The segmenter splits many words
        // into single characters (设|区|市, 办公|室): a run of them is read as one word; a lone one
        // joins a longer word beside it (办公室, 劳动者, 生命线), both when it stands between two
        // (培养高素质), and the next word when it has no longer neighbour (对13个).
        if strictness == .words {
            let sorted = Array(Set(wordStarts + [text.count])).sorted()
            struct Segment { var first: Int; var end: Int; var han: Int; var allHan: Bool }
            var segments: [Segment] = []
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                guard let first = unitAt[a] else { continue }
                var k = first, han = 0, allHan = true
                while k < units.count, units[k].byteOffset < b {
                    if units[k].cls == .ideograph { han += 1 } else { allHan = false }
                    k += 1
                }
                segments.append(Segment(first: first, end: k, han: han, allHan: allHan))
            }
            func single(_ i: Int) -> Bool { segments[i].allHan && segments[i].han == 1 }
            func long(_ i: Int) -> Bool { i >= 0 && i < segments.count && segments[i].allHan && segments[i].han >= 2 }
            var i = 0
            while i < segments.count {
                guard single(i) else { i += 1; continue }
                var j = i
                while j + 1 < segments.count, single(j + 1) { j += 1 }
                if j > i {
                    // A run of single characters: one word.
                    for k in (i + 1)...j { allowed[segments[k].first] = false }
                } else {
                    let left = long(i - 1), right = long(i + 1)
                    if left { allowed[segments[i].first] = false }                                   // joins the word before
                    if right || !left, i + 1 < segments.count { allowed[segments[i + 1].first] = false } // joins the word after
                }
                i = j + 1
            }
        }
        // Bound suffixes end the word before them (信息化, 积极性, 劳动者, 新模式): the segmenter
        // often splits them off, and a title line starting with one reads as a broken word.
        if strictness == .words {
            for i in units.indices.dropFirst() where units[i - 1].cls == .ideograph && TitleBreaks.suffixes.contains(units[i].scalar) {
                allowed[i] = false
            }
        }
        // A quoted phrase of four characters or fewer stays whole.
        var open: Int?
        for i in units.indices {
            if units[i].cls == .opening { open = i }
            if units[i].cls == .closing, let o = open {
                if i - o - 1 <= 4 { for k in (o + 1)...i { allowed[k] = false } }
                open = nil
            }
        }
        // A number keeps its unit (13个, 2024年).
        for i in units.indices.dropFirst() where units[i - 1].cls == .digit && units[i].cls == .ideograph { allowed[i] = false }
        return allowed
    }
}
