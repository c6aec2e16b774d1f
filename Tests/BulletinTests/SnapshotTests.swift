import XCTest
import Foundation
import SnapshotTesting
import BulletinCore
import BulletinLayout
import BulletinTesting
import TextEngine

/// Page-tree and PNG snapshots of every example, and the behaviour of the snapshot strategies.
final class SnapshotTests: XCTestCase {
    static let examples = ["zhuanbao-2024-09", "jianbao-multi-section", "single-article", "long-toc", "punctuation", "features-2024-11"]
    static let dpi = 40.0

    func tree(_ example: String, layout: String? = nil) throws -> PageTree {
        try BulletinPreview.shared.layout(issueAt: repositoryRoot + "/Examples/\(example).md", layout: layout,
                                          layoutDirectories: [repositoryRoot + "/Layouts"])
    }

    func testExamplePageTrees() throws {
        for example in Self.examples {
            assertSnapshot(of: try tree(example), as: .pageTree, named: example)
        }
    }

    func testSamplePages() throws {
        assertPageSnapshots(of: try tree("zhuanbao-2024-09"), dpi: Self.dpi)
    }

    func testMultiSectionPages() throws {
        assertPageSnapshots(of: try tree("jianbao-multi-section"), dpi: Self.dpi)
    }

    /// Photos, a table, lists, heading levels, notes and 附件 (issue 12's example).
    func testFeaturePages() throws {
        assertPageSnapshots(of: try tree("features-2024-11"), dpi: Self.dpi)
    }

    func testSingleArticlePages() throws {
        assertPageSnapshots(of: try tree("single-article"), dpi: Self.dpi)
    }

    func testLongContentsPages() throws {
        assertPageSnapshots(of: try tree("long-toc"), dpi: Self.dpi)
    }

    func testPunctuationPages() throws {
        assertPageSnapshots(of: try tree("punctuation"), dpi: Self.dpi)
    }

    /// A layout whose left margin moved by `shift`, written to a temporary folder.
    func layoutWithLeftMargin(_ margin: String) throws -> String {
        let dir = try temporaryDirectory()
        let path = dir + "/moved.yaml"
        try "extends: \(repositoryRoot)/Layouts/zhuanbao.yaml\npage:\n  margin-left: \(margin)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    var referenceDirectory: String { repositoryRoot + "/Tests/BulletinTests/__Snapshots__/SnapshotTests" }

    func testMovedMarginFailsBothSnapshotsAndRevertingPasses() throws {
        let moved = try tree("zhuanbao-2024-09", layout: try layoutWithLeftMargin("30mm"))
        let treeFailure = verifySnapshot(of: moved, as: .pageTree, named: "zhuanbao-2024-09", record: .never,
                                         snapshotDirectory: referenceDirectory, testName: "testExamplePageTrees()")
        let message = try XCTUnwrap(treeFailure, "the page tree should differ")
        // The diff names the boxes that moved, with their old and new positions.
        XCTAssertTrue(message.contains("−  body") || message.contains("-  body"), message)
        XCTAssertTrue(message.contains("x 28.0"), message)
        XCTAssertTrue(message.contains("x 30.0"), message)

        let pngFailure = verifySnapshot(of: moved, as: .page(2, dpi: Self.dpi), named: "page-2", record: .never,
                                        snapshotDirectory: referenceDirectory, testName: "testSamplePages()")
        let pngMessage = try XCTUnwrap(pngFailure, "the page image should differ")
        XCTAssertTrue(pngMessage.contains("pixels changed"), pngMessage)
        let diffPath = try XCTUnwrap(pngMessage.components(separatedBy: "diff:   ").last?.components(separatedBy: "\n").first)
        let diff = try XCTUnwrap(FileManager.default.contents(atPath: diffPath).flatMap(RasterImage.decodePNG), "diff image at \(diffPath)")
        XCTAssertTrue(diff.pixels.contains(0xFFFF_0000), "changed pixels are highlighted in red")

        let reverted = try tree("zhuanbao-2024-09", layout: try layoutWithLeftMargin("28mm"))
        XCTAssertNil(verifySnapshot(of: reverted, as: .pageTree, named: "zhuanbao-2024-09", record: .never,
                                    snapshotDirectory: referenceDirectory, testName: "testExamplePageTrees()"))
        XCTAssertNil(verifySnapshot(of: reverted, as: .page(2, dpi: Self.dpi), named: "page-2", record: .never,
                                    snapshotDirectory: referenceDirectory, testName: "testSamplePages()"))
    }

    /// Moves one body line of page 2 down by `distance`.
    func shiftingOneLine(_ tree: PageTree, by distance: Points) -> PageTree {
        var t = tree
        let i = t.pages[1].boxes.firstIndex { $0.role == .body }!
        if case .text(let runs, let o, let w, let p) = t.pages[1].boxes[i].content {
            t.pages[1].boxes[i].content = .text(runs: runs, origin: Point(x: o.x, y: o.y + distance), width: w, positions: p)
        }
        return t
    }

    func testToleranceIgnoresAntiAliasingNoiseAndCatchesAHalfMillimetreShift() throws {
        let base = try tree("zhuanbao-2024-09")
        let preview = BulletinPreview.shared
        let reference = try XCTUnwrap(RasterImage.decodePNG(try preview.png(base, page: 2, dpi: 50)))
        let diff = ImageDiff()

        // One pixel of different anti-aliasing: passes.
        var onePixel = reference
        let k = onePixel.pixels.firstIndex { $0 != 0xFFFF_FFFF }!
        onePixel.pixels[k] = onePixel.pixels[k] == 0xFF00_0000 ? 0xFF80_8080 : 0xFF00_0000
        XCTAssertTrue(diff.compare(reference, onePixel).passed)

        // A line drawn a fraction of a pixel off (what another rasteriser does to edges): passes.
        let subpixel = try XCTUnwrap(RasterImage.decodePNG(try preview.png(shiftingOneLine(base, by: Millimetres(0.02).points), page: 2, dpi: 50)))
        let noise = diff.compare(reference, subpixel)
        XCTAssertTrue(noise.passed, "\(noise.changedPixels) pixels changed")

        // The same line 0.5 mm lower: fails.
        let shifted = try XCTUnwrap(RasterImage.decodePNG(try preview.png(shiftingOneLine(base, by: Millimetres(0.5).points), page: 2, dpi: 50)))
        let moved = diff.compare(reference, shifted)
        XCTAssertFalse(moved.passed)
        XCTAssertGreaterThan(moved.changedPixels, 100)
    }
}
