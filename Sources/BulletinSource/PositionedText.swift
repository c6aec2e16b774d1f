import BulletinCore

/// A line of the source after cleaning: its scalars, each with the column it stood at.
struct PositionedText {
    var scalars: [Unicode.Scalar] = []
    var columns: [SourceSpan] = []

    mutating func append(_ s: Unicode.Scalar, at span: SourceSpan) { scalars.append(s); columns.append(span) }

    var text: String { String(String.UnicodeScalarView(scalars)) }
    var isEmpty: Bool { scalars.isEmpty }

    /// The marks of the text from scalar `start` to `end`: one where it starts and one wherever the
    /// next scalar does not follow its neighbour in the file (a new line, a dropped character).
    func marks(_ range: Range<Int>) -> [SourceMark] {
        var out: [SourceMark] = []
        for i in range {
            let here = columns[i]
            if i == range.lowerBound || columns[i - 1].line != here.line || columns[i - 1].column + 1 != here.column {
                out.append(SourceMark(offset: i - range.lowerBound, line: here.line, column: here.column))
            }
        }
        return out
    }

    func trimmed() -> PositionedText {
        var lo = 0, hi = scalars.count
        while lo < hi, scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo, scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        return PositionedText(scalars: Array(scalars[lo..<hi]), columns: Array(columns[lo..<hi]))
    }
}

/// Joins the source lines of one paragraph: no space where either side is CJK, one space between
/// Latin words; every scalar keeps the place it was written.
func joinParagraphLines(_ lines: [PositionedText]) -> PositionedText {
    var out = PositionedText()
    for raw in lines {
        let line = raw.trimmed()
        guard let first = line.scalars.first else { continue }
        if let last = out.scalars.last, !CJKRanges.isWide(last), !CJKRanges.isWide(first) {
            let end = out.columns.last!
            out.append(" ", at: SourceSpan(line: end.line, column: end.column + 1))
        }
        out.scalars += line.scalars
        out.columns += line.columns
    }
    return out
}
