import XCTest
import Foundation
import BulletinKit
import BulletinCore
import TextEngine
import BulletinRender

/// Photos end to end: the JPEG goes into the PDF byte for byte, PNG pages show it, EXIF turns it,
/// and a broken or missing file is an error at the figure's line:column.
final class PhotoTests: XCTestCase {
    static let renderer = Renderer()
    static let options = RenderOptions(layoutDirectories: [repositoryRoot + "/Layouts"], fontFolders: [repositoryRoot + "/Fonts"])
    let header = "---\ntitle: 测试简报\nkind: 简报\nyear: 2024\nnumber: 9\npublisher: 测试办公室\ndate: 2024-07-09\n---\n"

    /// An issue with `body` in a scratch folder holding copies of the example photos.
    func issue(_ body: String) throws -> String {
        let dir = try temporaryDirectory()
        for name in ["meeting.jpg", "workshop.jpg", "small.jpg"] {
            try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples/images/" + name, toPath: dir + "/" + name)
        }
        try (header + "## 标题\n\n" + body).write(toFile: dir + "/issue.md", atomically: true, encoding: .utf8)
        return dir + "/issue.md"
    }

    func testTheJPEGIsEmbeddedAsItIs() throws {
        let path = try issue("正文。\n\n![会议现场](meeting.jpg)\n\n后文。")
        let dir = PathName.directory(path)
        let result = try Self.renderer.render(.file(path), options: Self.options)
        try OutputFile.write(try Self.renderer.pdf(result), to: dir + "/out.pdf")
        let list = try runProcess("/usr/bin/env", ["pdfimages", "-list", dir + "/out.pdf"])
        XCTAssertEqual(list.status, 0, list.output)
        let rows = list.output.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        XCTAssertEqual(rows.count, 1, list.output)
        XCTAssertEqual(rows.first?[2], "image")
        XCTAssertEqual(rows.first?[3], "1600")
        XCTAssertEqual(rows.first?[4], "1000")
        XCTAssertEqual(rows.first?[8], "jpeg", "DCT-encoded, not re-encoded")
        // The stream is the file's bytes.
        let extracted = try runProcess("/usr/bin/env", ["pdfimages", "-j", dir + "/out.pdf", dir + "/x"])
        XCTAssertEqual(extracted.status, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/x-000.jpg"), FileManager.default.contents(atPath: dir + "/meeting.jpg"))
    }

    func testAPNGPageShowsThePhoto() throws {
        let path = try issue("![会议现场](meeting.jpg)")
        let result = try Self.renderer.render(.file(path), options: Self.options)
        let figure = try XCTUnwrap(result.tree.pages.flatMap(\.boxes).first { $0.role == .figure })
        let page = try XCTUnwrap(result.tree.pages.firstIndex { $0.boxes.contains(figure) })
        let png = try Self.renderer.png(result, dpi: 30)[page]
        let image = try XCTUnwrap(RasterImage.decodePNG(png))
        // The middle of the photo's top band is the synthetic sky (blue), not paper.
        let f = figure.frame
        let scale = 30.0 / 72
        let p = image.pixel(Int((f.x + f.width / 2).value * scale), Int((f.y + f.height * 0.05).value * scale))
        let r = Int((p >> 16) & 0xFF), b = Int(p & 0xFF)
        XCTAssertLessThan(r, 200)
        XCTAssertGreaterThan(b, r, "sky blue at the photo's top")
    }

    func testEXIFOrientationIsRead() throws {
        var jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Examples/images/small.jpg")))
        XCTAssertEqual(try ImageHeader.read(jpeg).get(), ImageHeader(format: .jpeg, width: 240, height: 160, orientation: 1))
        // An APP1 Exif segment after SOI: big-endian TIFF, IFD0 with one entry, Orientation = 6.
        let tiff: [UInt8] = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        jpeg.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload, at: 2)
        let h = try ImageHeader.read(jpeg).get()
        XCTAssertEqual(h.orientation, 6)
        XCTAssertTrue(h.upright == (160, 240))
    }

    func testBrokenAndMissingPhotosAreErrorsAtTheirPlace() throws {
        let path = try issue("正文。\n\n![甲](cut.jpg)\n\n![乙](text.jpg)\n")
        let dir = PathName.directory(path)
        let jpeg = try Data(contentsOf: URL(fileURLWithPath: dir + "/meeting.jpg"))
        try jpeg.prefix(jpeg.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.jpg"))
        try Data("not a photo".utf8).write(to: URL(fileURLWithPath: dir + "/text.jpg"))
        XCTAssertThrowsError(try Self.renderer.render(.file(path), options: Self.options)) { error in
            let errors = (error as? RenderFailure)?.diagnostics.filter { $0.severity == .error }.map(\.description) ?? []
            XCTAssertEqual(errors, [
                "\(path):13:1: error: image 'cut.jpg' is damaged (the file is cut short)\n  hint: save the photo again as JPEG or PNG",
                "\(path):15:1: error: image 'text.jpg' is not a JPEG or PNG image\n  hint: save the photo again as JPEG or PNG",
            ])
        }
    }

    func testALowResolutionPhotoIsAWarningAtItsLine() throws {
        let path = try issue("![小图](small.jpg)\n")
        let result = try Self.renderer.render(.file(path), options: Self.options)
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .warning }.map(\.description),
                       ["\(path):11:1: warning: image 'small.jpg' prints at 39 dpi, below 150 dpi: it will look blurred\n  hint: use a photo with more pixels, or print it smaller with \"width=NN%\""])
    }

    /// A photo stored on its side with EXIF orientation 6 is drawn turned a quarter clockwise: the
    /// stored top (sky) is on the right of the printed photo, the stored bottom (stage) on the left.
    func testAPhotoIsTurnedUprightByItsEXIFOrientation() throws {
        let path = try issue("![侧放](turned.jpg \"width=40%\")")
        var jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Examples/images/meeting.jpg")))
        let tiff: [UInt8] = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        jpeg.insert(contentsOf: [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload, at: 2)
        try Data(jpeg).write(to: URL(fileURLWithPath: PathName.directory(path) + "/turned.jpg"))
        let result = try Self.renderer.render(.file(path), options: Self.options)
        let figure = try XCTUnwrap(result.tree.pages.flatMap(\.boxes).first { $0.role == .figure })
        XCTAssertGreaterThan(figure.frame.height, figure.frame.width, "1600×1000 on its side prints upright, taller than wide")
        let page = try XCTUnwrap(result.tree.pages.firstIndex { $0.boxes.contains(figure) })
        let image = try XCTUnwrap(RasterImage.decodePNG(try Self.renderer.png(result, dpi: 30)[page]))
        let f = figure.frame, scale = 30.0 / 72
        func colour(atX fx: Double) -> (r: Int, b: Int) {
            let p = image.pixel(Int((f.x + f.width * fx).value * scale), Int((f.y + f.height * 0.5).value * scale))
            return (Int((p >> 16) & 0xFF), Int(p & 0xFF))
        }
        let right = colour(atX: 0.95), left = colour(atX: 0.05)
        XCTAssertGreaterThan(right.b, right.r, "sky on the right")
        XCTAssertGreaterThan(left.r, left.b, "stage on the left")
        // The PDF turns it the same way (poppler draws the page).
        let dir = PathName.directory(path)
        try OutputFile.write(try Self.renderer.pdf(result), to: dir + "/turned.pdf")
        let drawn = try runProcess("/usr/bin/env", ["pdftoppm", "-r", "30", "-f", "\(page + 1)", "-l", "\(page + 1)", "-png", "-singlefile", dir + "/turned.pdf", dir + "/turned"])
        XCTAssertEqual(drawn.status, 0, drawn.output)
        let pdfPage = try XCTUnwrap(RasterImage.decodePNG(try Data(contentsOf: URL(fileURLWithPath: dir + "/turned.png"))))
        for (fx, sky) in [(0.95, true), (0.05, false)] {
            let p = pdfPage.pixel(Int((f.x + f.width * fx).value * scale), Int((f.y + f.height * 0.5).value * scale))
            let r = Int((p >> 16) & 0xFF), b = Int(p & 0xFF)
            XCTAssertEqual(b > r, sky, "PDF at \(fx): r \(r) b \(b)")
        }
    }
}
