import BulletinCore
import TextEngine

/// Compares two page images with a per-pixel tolerance and a share of pixels allowed to differ, so
/// anti-aliasing noise passes and a moved line does not.
public struct ImageDiff {
    /// A pixel counts as changed when a colour channel differs by more than this share of full scale.
    public var perPixelTolerance: Double
    /// At most this share of the page's pixels may change.
    public var maxChangedShare: Double

    public init(perPixelTolerance: Double = 0.1, maxChangedShare: Double = 0.0002) {
        self.perPixelTolerance = perPixelTolerance; self.maxChangedShare = maxChangedShare
    }

    public struct Result {
        public var changedPixels: Int
        public var totalPixels: Int
        public var sizeMismatch: Bool
        public var passed: Bool
        /// The actual image, faded, with changed pixels in red.
        public var highlight: RasterImage?
    }

    public func compare(_ reference: RasterImage, _ actual: RasterImage) -> Result {
        guard reference.width == actual.width, reference.height == actual.height else {
            return Result(changedPixels: actual.pixels.count, totalPixels: actual.pixels.count, sizeMismatch: true, passed: false, highlight: nil)
        }
        let limit = Int((perPixelTolerance * 255).rounded())
        var changed = 0
        var highlight = actual
        for i in actual.pixels.indices {
            let a = reference.pixels[i], b = actual.pixels[i]
            var worst = 0
            for shift in [16, 8, 0] {
                let d = abs(Int((a >> UInt32(shift)) & 0xFF) - Int((b >> UInt32(shift)) & 0xFF))
                worst = max(worst, d)
            }
            if worst > limit {
                changed += 1
                highlight.pixels[i] = 0xFFFF_0000
            } else {
                // Fade unchanged pixels so the red stands out.
                let r = (b >> 16) & 0xFF, g = (b >> 8) & 0xFF, bl = b & 0xFF
                func fade(_ c: UInt32) -> UInt32 { 255 - (255 - c) / 4 }
                highlight.pixels[i] = 0xFF00_0000 | fade(r) << 16 | fade(g) << 8 | fade(bl)
            }
        }
        let allowed = Int((Double(actual.pixels.count) * maxChangedShare).rounded(.down))
        return Result(changedPixels: changed, totalPixels: actual.pixels.count, sizeMismatch: false,
                      passed: changed <= allowed, highlight: changed > 0 ? highlight : nil)
    }
}
