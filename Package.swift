// swift-tools-version:6.0
import PackageDescription

// The folders follow the pipeline: source → model → layout → pages → PDF/PNG.
// Only `TextEngine` talks to C (Pango, Cairo, fontconfig) and `CommonMark` to cmark-gfm, which it
// turns into a tree of Swift values at once; everything above them is plain Swift.
let package = Package(
    name: "bulletin",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bulletin", targets: ["bulletin"]),
        .library(name: "BulletinKit", targets: ["BulletinKit"]),
        .library(name: "BulletinTesting", targets: ["BulletinTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev", "libfontconfig-dev", "libharfbuzz-dev", "libfreetype-dev", "libicu-dev", "zlib1g-dev"])]
        ),
        .target(name: "BulletinCore", dependencies: ["Yams"]),
        .target(name: "BulletinModel", dependencies: ["BulletinCore"]),
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // GitHub's CommonMark parser (tables, footnotes, source positions) behind Swift values.
        .target(name: "CommonMark", dependencies: ["CMarkGFM"]),
        .target(name: "BulletinSource", dependencies: ["BulletinModel", "BulletinCore", "CommonMark", "Yams"]),
        .target(name: "LayoutSpec", dependencies: ["BulletinCore", "Yams"]),
        // Back issues in: extracted text and .docx read back into the model, written as our Markdown.
        .target(name: "BulletinImport", dependencies: ["BulletinModel", "BulletinSource", "BulletinCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // ICU's word break iterator behind plain C types: its headers clash with Foundation's own ICU.
        .target(name: "CWordBreak", linkerSettings: [.linkedLibrary("icuuc")]),
        // libjpeg behind one C function (its errors jump with longjmp, which Swift cannot catch): photos in PNG pages.
        .target(name: "CJPEGDecode", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "TextEngine", dependencies: ["CPangoCairo", "CWordBreak", "CJPEGDecode", "BulletinCore"]),
        .target(name: "BulletinLayout", dependencies: ["BulletinModel", "LayoutSpec", "BulletinCore"]),
        .target(name: "BulletinRender", dependencies: ["BulletinLayout", "BulletinSource", "TextEngine", "LayoutSpec", "BulletinModel", "BulletinCore"]),
        .target(
            name: "BulletinKit",
            dependencies: ["BulletinCore", "BulletinModel", "BulletinSource", "LayoutSpec", "BulletinLayout", "BulletinRender", "TextEngine"]
        ),
        // prctl(PR_SET_PDEATHSIG) behind a plain C function: batch workers die with their batch.
        .target(name: "CProcess"),
        .target(
            name: "BulletinBatch",
            dependencies: ["CProcess", "BulletinRender", "BulletinSource", "LayoutSpec", "TextEngine", "BulletinModel", "BulletinCore"]
        ),
        .target(
            name: "BulletinTesting",
            dependencies: [
                "BulletinRender", "BulletinLayout", "BulletinSource", "LayoutSpec", "TextEngine", "BulletinModel", "BulletinCore",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ]
        ),
        .executableTarget(
            name: "bulletin",
            dependencies: [
                "BulletinKit", "BulletinBatch", "BulletinImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The README's library example, compiled and run by the tests.
        .executableTarget(name: "library-example", dependencies: ["BulletinKit"], path: "Examples/LibraryUse"),
        .testTarget(
            name: "BulletinTests",
            dependencies: ["BulletinKit", "BulletinSource", "BulletinRender", "BulletinLayout", "LayoutSpec", "BulletinModel", "TextEngine", "BulletinTesting", "BulletinBatch", "BulletinImport",
                           .product(name: "SnapshotTesting", package: "swift-snapshot-testing")],
            exclude: ["__Snapshots__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
