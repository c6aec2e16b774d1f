import BulletinCore

/// A length as written in a layout: absolute (mm, pt, cm) or relative to the element's
/// font size (em) or to the body grid's line pitch (line).
public enum Length: Hashable, Sendable {
    case absolute(Points)
    case em(Double)
    case lines(Double)

    public static let zero = Length.absolute(.zero)

    public func resolve(em size: Points, linePitch: Points) -> Points {
        switch self {
        case .absolute(let p): return p
        case .em(let k): return size * k
        case .lines(let k): return linePitch * k
        }
    }

    /// Parses "37mm", "16pt", "1.5cm", "2em", "1line", "0".
    public static func parse(_ text: String) -> Length? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "0" { return .zero }
        let units: [(String, (Double) -> Length)] = [
            ("lines", { .lines($0) }), ("line", { .lines($0) }), ("mm", { .absolute(Millimetres($0).points) }),
            ("cm", { .absolute(Millimetres($0 * 10).points) }), ("pt", { .absolute(Points($0)) }), ("em", { .em($0) }),
        ]
        for (suffix, make) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
            return make(v)
        }
        return nil
    }
}

/// The Chinese type sizes (字号) as Word, WPS and CTeX define them, so that users get what they compare with.
public enum ChineseFontSize {
    public static let table: [(name: String, points: Double)] = [
        ("初号", 42), ("小初", 36), ("一号", 26), ("小一", 24), ("二号", 22), ("小二", 18), ("三号", 16),
        ("小三", 15), ("四号", 14), ("小四", 12), ("五号", 10.5), ("小五", 9), ("六号", 7.5), ("小六", 6.5), ("七号", 5.5), ("八号", 5),
    ]

    /// "三号", "16pt", "16" → 16 pt.
    public static func parse(_ text: String) -> Points? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let hit = table.first(where: { $0.name == t }) { return Points(hit.points) }
        if let v = Double(t), v > 0 { return Points(v) }
        if case .absolute(let p)? = Length.parse(t), p.value > 0 { return p }
        return nil
    }
}
