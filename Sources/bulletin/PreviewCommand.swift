import ArgumentParser
import Foundation
import BulletinKit

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

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard dpi.isFinite, dpi >= 1, dpi <= 2400 else { throw ValidationError("--dpi must be between 1 and 2400, not \(dpi)") }
    }

    func run() throws {
        let folder = out ?? (PathName.deletingExtension(issue) + "-preview")
        let renderer = Renderer(concurrency: 1)
        var watched = [issue]
        func renderOnce() -> Bool {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                let options = RenderOptions(layout: layout, limits: limits.renderLimits)
                let result = try renderer.render(.file(issue), options: options)
                Report.warnings(result.diagnostics)
                watched = [issue] + result.layoutFiles.filter { !$0.hasPrefix(LayoutLoader.builtinPrefix) }
                try OutputFolder.make(folder, option: "--out")
                let pages = try renderer.png(result, dpi: dpi)
                for (i, data) in pages.enumerated() { try OutputFile.write(data, to: "\(folder)/page-\(i + 1).png") }
                PageImages.removeBeyond(pages.count, in: folder)
                // Contact sheets of 36 pages each (contact-sheet.png, contact-sheet-2.png, …), so a long
                // issue never makes one image too large to write.
                let images = pages.compactMap(RasterImage.decodePNG)
                var sheets = 0
                for start in stride(from: 0, to: images.count, by: 36) {
                    let sheet = RasterImage.contactSheet(Array(images[start..<min(start + 36, images.count)]), height: 360, columns: 6)
                    let data = sheet.encodePNG()
                    guard !data.isEmpty else { throw Diagnostic.error("could not encode the contact sheet of pages \(start + 1)…") }
                    sheets += 1
                    try OutputFile.write(data, to: folder + (sheets == 1 ? "/contact-sheet.png" : "/contact-sheet-\(sheets).png"))
                }
                var extra = sheets + 1
                while unlink(folder + "/contact-sheet-\(extra).png") == 0 { extra += 1 }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                print(String(format: "%@: %d pages, contact sheet %@/contact-sheet.png (%.0f ms)", issue, pages.count, folder, ms))
                fflush(nil)
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
        fflush(nil)
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
