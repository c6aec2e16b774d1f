import BulletinCore

/// The body as handed to the Markdown parser: the cleaned lines joined with newlines, with
/// zero-width spaces put beside `*` runs that touch CJK punctuation (see `EmphasisFlanking`), and
/// for every line the file position of each scalar, so that a cmark position (line, UTF-8 byte
/// column) finds the place the writer typed.
struct BodyText {
    let text: String
    private let lines: [[UInt8]]
    private let columns: [[SourceSpan]]
    /// For each line, the scalar index at each UTF-8 byte.
    private let scalarAtByte: [[Int]]
    let firstLine: Int

    init(lines cleaned: [PositionedText], firstLine: Int) {
        self.firstLine = firstLine
        var fed: [[UInt8]] = []
        var columns: [[SourceSpan]] = []
        var scalarAtByte: [[Int]] = []
        for (i, raw) in cleaned.enumerated() {
            let line = EmphasisFlanking.prepared(raw, fallback: SourceSpan(line: firstLine + i, column: 1))
            var bytes: [UInt8] = []
            var table: [Int] = []
            bytes.reserveCapacity(line.scalars.count * 3)
            table.reserveCapacity(line.scalars.count * 3)
            for (k, s) in line.scalars.enumerated() {
                UTF8.encode(s) { bytes.append($0); table.append(k) }
            }
            fed.append(bytes)
            columns.append(line.columns)
            scalarAtByte.append(table)
        }
        lines = fed
        self.columns = columns
        self.scalarAtByte = scalarAtByte
        text = fed.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    /// The file position of cmark's (line, byte column), both 1-based; nil for cmark's 0:0.
    func span(line: Int, column: Int) -> SourceSpan? {
        guard line >= 1, line <= lines.count else { return nil }
        let i = line - 1
        let byte = column - 1
        if byte >= 0, byte < scalarAtByte[i].count { return columns[i][scalarAtByte[i][byte]] }
        // Past the end of the line (an empty line, a position after the last character).
        if let last = columns[i].last { return SourceSpan(line: last.line, column: last.column + 1) }
        return SourceSpan(line: firstLine + i, column: 1)
    }

    /// The text of a line as fed to the parser.
    func line(_ line: Int) -> String {
        guard line >= 1, line <= lines.count else { return "" }
        return String(decoding: lines[line - 1], as: UTF8.self)
    }
}

/// CommonMark decides whether `**` opens or closes from the characters beside it, and counts CJK
/// punctuation as punctuation: `**会议强调，**要把` leaves the closing `**` (after "，", before a
/// Han character) unable to close, and the asterisks would print. A bold lead-in ending in a mark is
/// the commonest use of bold in these documents, so before parsing a zero-width space goes between
/// such a `*` run and the mark beside it (the space is neither blank nor punctuation, so the run
/// can open or close as the writer meant); the spaces are taken out of the parsed text again.
enum EmphasisFlanking {
    static let marker: Unicode.Scalar = "\u{200B}"

    static func prepared(_ line: PositionedText, fallback: SourceSpan) -> PositionedText {
        let s = line.scalars
        guard s.contains("*") else { return line }
        var out = PositionedText()
        var i = 0
        while i < s.count {
            guard s[i] == "*" else { out.append(s[i], at: line.columns[i]); i += 1; continue }
            // `\*` is an escaped asterisk, not a delimiter.
            var slashes = 0
            while i - slashes - 1 >= 0, s[i - slashes - 1] == "\\" { slashes += 1 }
            if slashes % 2 == 1 { out.append(s[i], at: line.columns[i]); i += 1; continue }
            var j = i
            while j < s.count, s[j] == "*" { j += 1 }
            let before = i > 0 ? s[i - 1] : nil
            let after = j < s.count ? s[j] : nil
            let cjk = [before, after].contains { $0.map { $0.value > 0x7F } ?? false }
            // A mark before the run and a character after it: the run should be able to close.
            if cjk, let b = before, isPunctuation(b), let a = after, !isBlank(a), !isPunctuation(a) {
                out.append(marker, at: line.columns[i])
            }
            for k in i..<j { out.append(s[k], at: line.columns[k]) }
            // A character before the run and a mark after it: the run should be able to open.
            if cjk, let a = after, isPunctuation(a), let b = before, !isBlank(b), !isPunctuation(b) {
                out.append(marker, at: line.columns[j])
            }
            i = j
        }
        return out
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.properties.generalCategory != .uppercaseLetter && (33...47 ~= s.value || 58...64 ~= s.value || 91...96 ~= s.value || 123...126 ~= s.value) }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// Text with the inserted spaces taken out.
    static func strip(_ text: String) -> String {
        text.unicodeScalars.contains(marker) ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != marker })) : text
    }
}
