/// The ideographic em box the layout places CJK text by: 0.88 em above the baseline and 0.12 em
/// below, the split CJK fonts (Noto CJK, Fandol, the GB2312 faces) share. Every vertical placement
/// of a text line goes through these two numbers.
public enum EmBox {
    public static let ascent = 0.88
    public static let descent = 0.12

    public static func ascent(_ size: Points) -> Points { size * ascent }
    public static func descent(_ size: Points) -> Points { size * descent }
}
