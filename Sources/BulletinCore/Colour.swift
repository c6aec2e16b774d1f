import Foundation

/// An sRGB colour; parsed from "#RRGGBB" or a small set of names.
public struct Colour: Hashable, Sendable, CustomStringConvertible {
    public var red: Double, green: Double, blue: Double
    public init(red: Double, green: Double, blue: Double) { self.red = red; self.green = green; self.blue = blue }

    public static let black = Colour(red: 0, green: 0, blue: 0)
    /// Word's standard red, what offices compare printed mastheads against.
    public static let red = Colour(red: 1, green: 0, blue: 0)

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "black", "黑": self = .black; return
        case "red", "红": self = .red; return
        default: break
        }
        guard t.hasPrefix("#"), t.count == 7, let v = Int(t.dropFirst(), radix: 16) else { return nil }
        self.init(red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255, blue: Double(v & 0xFF) / 255)
    }

    public var description: String {
        let c = [red, green, blue].map { Int(($0 * 255).rounded()) }
        return "#" + c.map { String(format: "%02X", $0) }.joined()
    }
}

