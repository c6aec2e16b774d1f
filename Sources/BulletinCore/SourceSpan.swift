/// Where a piece of the model came from in its issue file: 1-based line and column (columns count
/// Unicode scalars, as editors do for CJK text). The file itself is the render's, not the span's,
/// so a model decoded from JSON simply has no spans.
public struct SourceSpan: Codable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
    public func location(in file: String) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
    /// The marks of a text written on one line from here.
    public var marks: [SourceMark] { [SourceMark(offset: 0, line: line, column: column)] }
}

/// Where the source lines of a run of text start: the text of one paragraph is joined from several
/// lines of the file, so a character's place is found from the last mark at or before it.
public struct SourceMark: Codable, Hashable, Sendable {
    /// Offset in Unicode scalars from the start of the text.
    public var offset: Int
    public var line: Int
    public var column: Int
    public init(offset: Int, line: Int, column: Int) { self.offset = offset; self.line = line; self.column = column }
}

public extension Array where Element == SourceMark {
    /// The place of the scalar at `offset` of the text these marks describe.
    func span(atScalarOffset offset: Int) -> SourceSpan? {
        guard let mark = last(where: { $0.offset <= offset }) ?? first else { return nil }
        return SourceSpan(line: mark.line, column: mark.column + Swift.max(0, offset - mark.offset))
    }

    /// The marks of `self` shifted so that scalar `start` becomes offset 0 (for a slice of the text).
    func sliced(fromScalar start: Int) -> [SourceMark] {
        guard let head = span(atScalarOffset: start) else { return [] }
        return [SourceMark(offset: 0, line: head.line, column: head.column)]
            + filter { $0.offset > start }.map { SourceMark(offset: $0.offset - start, line: $0.line, column: $0.column) }
    }
}

/// Source positions riding on the model and on text runs. Positions say where content was written,
/// not what it is: two issues with the same content are equal wherever their text stood in the file.
/// A model without positions (decoded from JSON, built by a program) simply holds nil, and the key
/// is left out of the JSON form.
public struct Positions<Value>: Hashable {
    public var value: Value?
    public init(_ value: Value?) { self.value = value }
    public static func == (a: Positions, b: Positions) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

// Coding and sending are the value's, given where it has them: a type whose parameter has no
// requirements is set up at run time without looking any conformance up, which every text run's
// first use in a process would otherwise pay for.
extension Positions: Sendable where Value: Sendable {}

extension Positions: Codable where Value: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        value = c.decodeNil() ? nil : try c.decode(Value.self)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

public extension KeyedDecodingContainer {
    /// A missing `span` key means no positions.
    func decode<V: Codable>(_ type: Positions<V>.Type, forKey key: Key) throws -> Positions<V> {
        try decodeIfPresent(type, forKey: key) ?? Positions(nil)
    }
}

public extension KeyedEncodingContainer {
    /// No positions, no `span` key.
    mutating func encode<V: Codable>(_ value: Positions<V>, forKey key: Key) throws {
        if value.value != nil { try encodeIfPresent(value.value, forKey: key) }
    }
}
