import ArgumentParser
import Foundation
import BulletinCore
import BulletinModel
import BulletinSource
import BulletinRender
import BulletinLayout
import LayoutSpec
import TextEngine

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render an issue to PNG pages and a contact sheet; with --watch, again on every change.")

    @Argument(help: "The issue file (.md or .json).")
    var issue: String

    @Option(help: "Folder for the PNG pages and contact-sheet.png (default: ISSUE-preview).")
    var out: String?

    @Option(help: "Resolution of the pages.")
    var dpi: Double = 72

    @Option(help: "Layout name or path; overrides the issue's `layout:`.")
    var layout: String?

    @Flag(help: "Re-render when the issue or its layout files change.")
    var watch = false

    func run() throws {
        let folder = out ?? ((issue as NSString).deletingPathExtension + "-preview")
        let issueDir = (issue as NSString).deletingLastPathComponent
        let dir = issueDir.isEmpty ? "." : issueDir
        let renderer = Renderer(fontFolders: Renderer.standardFontFolders(issueDirectory: dir))
        var watched = [issue]
        func renderOnce() -> Bool {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                let warnings = DiagnosticSink()
                let parsed = try IssueParser.parse(fileAt: issue, warnings: warnings)
                Report.warnings(warnings.items)
                let spec = try LayoutLoader.standard(issueDirectory: dir)
                    .load(layout ?? parsed.layout ?? "zhuanbao", relativeTo: layout == nil ? dir : FileManager.default.currentDirectoryPath)
                watched = [issue] + spec.files
                let tree = try renderer.layout(parsed, spec: spec)
                let pages = try renderer.writePNGs(tree, to: folder, dpi: dpi)
                let images = pages.compactMap { FileManager.default.contents(atPath: $0).flatMap(RasterImage.decodePNG) }
                let sheet = RasterImage.contactSheet(images, height: 360, columns: 6)
                try AtomicFile.write(to: folder + "/contact-sheet.png") { temp in
                    try sheet.encodePNG().write(to: URL(fileURLWithPath: temp))
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                print(String(format: "%@: %d pages, contact sheet %@/contact-sheet.png (%.0f ms)", issue, pages.count, folder, ms))
                fflush(stdout)
                return true
            } catch {
                _ = Report.fail(error)
                return false
            }
        }
        let ok = renderOnce()
        guard watch else {
            if !ok { throw ExitCode(1) }
            return
        }
        print("watching \(watched.joined(separator: ", ")) — Ctrl-C to stop")
        fflush(stdout)
        var stamps = modificationDates(watched)
        while true {
            Thread.sleep(forTimeInterval: 0.3)
            let now = modificationDates(watched)
            if now != stamps {
                _ = renderOnce()
                stamps = modificationDates(watched)
            }
        }
    }

    private func modificationDates(_ paths: [String]) -> [String: Date] {
        var out: [String: Date] = [:]
        for p in paths {
            out[p] = (try? FileManager.default.attributesOfItem(atPath: p)[.modificationDate] as? Date) ?? .distantPast
        }
        return out
    }
}
