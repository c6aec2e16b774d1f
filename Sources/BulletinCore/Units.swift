/// A length in PostScript points (1/72 inch), the unit Cairo and PDF use.
public struct Points: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var value: Double
    public init(_ value: Double) { self.value = value }

    public static let zero = Points(0)
    public static func < (a: Points, b: Points) -> Bool { a.value < b.value }
    public static func + (a: Points, b: Points) -> Points { Points(a.value + b.value) }
    public static func - (a: Points, b: Points) -> Points { Points(a.value - b.value) }
    public static func * (a: Points, k: Double) -> Points { Points(a.value * k) }
    public static func * (k: Double, a: Points) -> Points { Points(a.value * k) }
    public static func / (a: Points, k: Double) -> Points { Points(a.value / k) }
    public static func / (a: Points, b: Points) -> Double { a.value / b.value }
    public static func += (a: inout Points, b: Points) { a.value += b.value }
    public static func -= (a: inout Points, b: Points) { a.value -= b.value }
    public static prefix func - (a: Points) -> Points { Points(-a.value) }

    public var millimetres: Millimetres { Millimetres(value * 25.4 / 72) }
    public var description: String { "\(value)pt" }

    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(Double.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(value)
    }
}

/// A length in millimetres, the unit GB/T 9704 states page geometry in.
public struct Millimetres: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func < (a: Millimetres, b: Millimetres) -> Bool { a.value < b.value }
    public var points: Points { Points(value * 72 / 25.4) }
    public var description: String { "\(value)mm" }
}

public extension Double {
    var pt: Points { Points(self) }
    var mm: Points { Millimetres(self).points }
}

public extension Int {
    var pt: Points { Points(Double(self)) }
    var mm: Points { Millimetres(Double(self)).points }
}

public struct Point: Hashable, Sendable {
    public var x: Points
    public var y: Points
    public init(x: Points, y: Points) { self.x = x; self.y = y }
}

public struct Size: Hashable, Sendable {
    public var width: Points
    public var height: Points
    public init(width: Points, height: Points) { self.width = width; self.height = height }
}

public struct Rect: Hashable, Sendable {
    public var x: Points, y: Points, width: Points, height: Points
    public init(x: Points, y: Points, width: Points, height: Points) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Points { x + width }
    public var maxY: Points { y + height }
}
