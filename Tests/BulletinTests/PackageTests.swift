import XCTest
import Foundation

/// The Debian package: built by Scripts/package-deb, unpacked into a scratch root with
/// `dpkg-deb -x` (libraries from the system), it renders the sample with no Layouts/ anywhere near
/// and carries its man page and completions.
final class PackageTests: XCTestCase {
    func testDebianPackageInstallsAndRendersTheSample() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb") else { return XCTFail("dpkg-deb is missing") }
        let dir = try temporaryDirectory()
        // The Fandol faces are left out here to keep the test offline and quick; --no-fandol is the
        // only difference from a release package.
        let build = try runProcess(repositoryRoot + "/Scripts/package-deb", ["--binary", builtBinary, "--out", dir, "--no-fandol"])
        XCTAssertEqual(build.status, 0, build.output)
        let debs = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix("_amd64.deb") }
        XCTAssertEqual(debs.count, 1, "\(debs)")
        let deb = dir + "/" + (debs.first ?? "")
        XCTAssertTrue(debs.first?.hasPrefix("bulletin_0.3.0") ?? false, "\(debs)")

        let info = try runProcess("/usr/bin/dpkg-deb", ["--info", deb])
        XCTAssertEqual(info.status, 0, info.output)
        for dependency in ["libpango-1.0-0", "libcairo2", "libharfbuzz-subset0", "fonts-noto-cjk"] {
            XCTAssertTrue(info.output.contains(dependency), "Depends lacks \(dependency): \(info.output)")
        }

        let root = dir + "/root"
        let unpack = try runProcess("/usr/bin/dpkg-deb", ["-x", deb, root])
        XCTAssertEqual(unpack.status, 0, unpack.output)
        for file in ["/usr/bin/bulletin", "/usr/share/man/man1/bulletin.1.gz", "/usr/share/bash-completion/completions/bulletin",
                     "/usr/share/zsh/vendor-completions/_bulletin", "/usr/share/fish/vendor_completions.d/bulletin.fish",
                     "/usr/share/doc/bulletin/copyright"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: root + file), "\(file) is not in the package")
        }

        let work = dir + "/empty"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/zhuanbao-2024-09.md", toPath: work + "/issue.md")
        let render = try runProcess(root + "/usr/bin/bulletin", ["render", "issue.md", "-o", "out.pdf"],
                                    environment: ["BULLETIN_HOME": work, "BULLETIN_LAYOUTS": work], in: work)
        XCTAssertEqual(render.status, 0, render.output)
        XCTAssertTrue(render.output.contains("out.pdf: 9 pages"), render.output)
        let pdfinfo = try runProcess("/usr/bin/env", ["pdfinfo", work + "/out.pdf"])
        XCTAssertTrue(pdfinfo.output.range(of: #"Pages:\s+9\n"#, options: .regularExpression) != nil, pdfinfo.output)
    }
}
