import Foundation
import Synchronization
import SnapshotTesting
import BulletinCore
import BulletinLayout
import BulletinRender
import TextEngine

extension Snapshotting where Value == PageTree, Format == String {
    /// The laid-out issue as text: every box with its role, position in millimetres and text.
    public static var pageTree: Snapshotting<PageTree, String> {
        Snapshotting<String, String>.lines.pullback(PageTreeDump.text)
    }
}

extension Snapshotting where Value == PageTree, Format == Data {
    /// One page rendered to PNG by the same Cairo painter as the PDF, compared with a per-pixel
    /// tolerance and a share of pixels allowed to change. On failure the actual image and a diff
    /// image (changed pixels in red) are written next to the reference, and their paths printed.
    public static func page(_ number: Int, dpi: Double = 50, tolerance: ImageDiff = ImageDiff()) -> Snapshotting<PageTree, Data> {
        Snapshotting(pathExtension: "png", diffing: .pageImage(tolerance)) { tree in
            guard number >= 1, number <= tree.pages.count else { return Data() }
            return (try? BulletinPreview.shared.png(tree, page: number, dpi: dpi)) ?? Data()
        }
    }

    /// Every page, one PNG each: use with `assertSnapshots(of:as:)`, or call `assertPageSnapshots`.
    public static func pages(_ count: Int, dpi: Double = 50, tolerance: ImageDiff = ImageDiff()) -> [String: Snapshotting<PageTree, Data>] {
        Dictionary(uniqueKeysWithValues: (1...max(count, 1)).map { ("page-\($0)", page($0, dpi: dpi, tolerance: tolerance)) })
    }
}

extension Diffing where Value == Data {
    /// PNG images compared pixel by pixel with `tolerance`.
    public static func pageImage(_ tolerance: ImageDiff) -> Diffing<Data> {
        .diff(toData: { $0 }, fromData: { $0 }) { reference, actual in
            guard let a = RasterImage.decodePNG(reference) else { return ("the reference is not a PNG image", []) }
            guard let b = RasterImage.decodePNG(actual) else { return ("the page could not be rendered", []) }
            let result = tolerance.compare(a, b)
            if result.passed { return nil }
            var message = result.sizeMismatch
                ? "page size changed: \(a.width)×\(a.height) px → \(b.width)×\(b.height) px"
                : String(format: "%d of %d pixels changed (%.4f%%; allowed %.4f%%)", result.changedPixels, result.totalPixels,
                         100 * Double(result.changedPixels) / Double(result.totalPixels), 100 * tolerance.maxChangedShare)
            let base = SnapshotArtifacts.basePath()
            try? actual.write(to: URL(fileURLWithPath: base + ".actual.png"))
            message += "\nactual: \(base).actual.png"
            if let h = result.highlight {
                try? h.encodePNG().write(to: URL(fileURLWithPath: base + ".diff.png"))
                message += "\ndiff:   \(base).diff.png"
            }
            return (message, [.data(actual, name: "actual.png")])
        }
    }
}

/// Where a failing image snapshot's actual and diff images go: next to the reference when the
/// assertion went through `assertPageSnapshots`, else into `$SNAPSHOT_ARTIFACTS` or the temporary folder.
enum SnapshotArtifacts {
    /// Set by `assertPageSnapshots` around each page's assertion.
    static let referenceBase = Guarded<String?>(nil)

    static func basePath() -> String {
        if let r = referenceBase.withLock({ $0 }) { return r }
        let dir = ProcessInfo.processInfo.environment["SNAPSHOT_ARTIFACTS"] ?? NSTemporaryDirectory()
        return dir + "/bulletin-page-\(UUID().uuidString)"
    }
}

/// Asserts one PNG snapshot per page of `tree`, named `page-1`, `page-2`, …; a failing page leaves
/// `NAME.actual.png` and `NAME.diff.png` beside its reference.
public func assertPageSnapshots(
    of tree: PageTree,
    dpi: Double = 50,
    tolerance: ImageDiff = ImageDiff(),
    record: SnapshotTestingConfiguration.Record? = nil,
    fileID: StaticString = #fileID,
    file filePath: StaticString = #filePath,
    testName: String = #function,
    line: UInt = #line,
    column: UInt = #column
) {
    let fileUrl = URL(fileURLWithPath: "\(filePath)", isDirectory: false)
    let directory = fileUrl.deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        .appendingPathComponent(fileUrl.deletingPathExtension().lastPathComponent)
    let test = sanitized(testName)
    for n in 1...max(tree.pages.count, 1) {
        let base = directory.appendingPathComponent("\(test).page-\(n)").path
        SnapshotArtifacts.referenceBase.withLock { $0 = base }
        defer { SnapshotArtifacts.referenceBase.withLock { $0 = nil } }
        assertSnapshot(of: tree, as: .page(n, dpi: dpi, tolerance: tolerance), named: "page-\(n)", record: record,
                       fileID: fileID, file: filePath, testName: testName, line: line, column: column)
    }
}

/// The file-name form swift-snapshot-testing gives a test name.
private func sanitized(_ name: String) -> String {
    name.replacingOccurrences(of: "\\W+", with: "-", options: .regularExpression)
        .replacingOccurrences(of: "^-|-$", with: "", options: .regularExpression)
}
