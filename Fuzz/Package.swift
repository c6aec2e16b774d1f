// swift-tools-version:6.0
import PackageDescription
import Foundation

// A path dependency is known by its folder's name, which depends on where the project was cloned.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// libFuzzer targets, kept out of the main package: they have no `main` of their own (libFuzzer
// provides it), so they only link when built with -sanitize=fuzzer. Run them with Scripts/fuzz.
let package = Package(
    name: "bulletin-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzIssueParser", dependencies: ["FuzzDriver", .product(name: "BulletinKit", package: parent)]),
        .executableTarget(name: "FuzzLayoutLoader", dependencies: ["FuzzDriver", .product(name: "BulletinKit", package: parent)]),
    ],
    swiftLanguageModes: [.v5]
)
