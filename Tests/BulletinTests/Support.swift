import Foundation
import XCTest
import BulletinCore
import LayoutSpec

/// The repository root, found from this file's path, so tests read `Layouts/` and `Examples/`.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func builtInLayouts() -> LayoutLoader { LayoutLoader(searchDirectories: [repositoryRoot + "/Layouts"]) }

func temporaryDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "bulletin-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A measurer whose every wide character advances by its size plus letter spacing, and every ASCII
/// character by half that; lines break at any character. Layout expectations then do not depend on fonts.
final class FixedMeasurer: TextMeasurer {
    func advance(_ s: Unicode.Scalar, _ r: TextRun) -> Points {
        (s.value < 0x80 ? r.size * 0.5 : r.size) + r.letterSpacing
    }

    func width(of runs: [TextRun]) -> Points {
        runs.reduce(Points.zero) { acc, r in r.text.unicodeScalars.reduce(acc) { $0 + advance($1, r) } }
    }

    func breakLines(_ runs: [TextRun], firstLineWidth: Points, width: Points) -> [LineSlice] {
        var lines: [LineSlice] = []
        var current: [TextRun] = []
        var currentWidth = Points.zero
        var limit = firstLineWidth
        for r in runs {
            var piece = ""
            for s in r.text.unicodeScalars {
                let a = advance(s, r)
                if currentWidth + a > limit + 0.001.pt, !(current.isEmpty && piece.isEmpty) {
                    if !piece.isEmpty { current.append(r.with(text: piece)) }
                    lines.append(LineSlice(runs: current, width: currentWidth))
                    current = []; piece = ""; currentWidth = .zero; limit = width
                }
                piece.unicodeScalars.append(s)
                currentWidth += a
            }
            if !piece.isEmpty { current.append(r.with(text: piece)) }
        }
        if !current.isEmpty { lines.append(LineSlice(runs: current, width: currentWidth)) }
        return lines
    }
}

extension Double {
    var rounded1: Double { (self * 10).rounded() / 10 }
}
