import ArgumentParser
import Foundation
import BulletinKit

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
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
        if out == "" { throw ValidationError("--out needs a folder name") }
    }

    func run() throws {
        let folder = out ?? (PathName.deletingExtension(issue) + "-preview")
        let renderer = Renderer(concurrency: 1)
        var watched = [issue]
        func renderOnce() -> Bool {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                let options = RenderOptions(layout: layout, limits: limits.renderLimits, prepareInBackground: false)
                let result = try renderer.render(.file(issue), options: options)
                Report.warnings(result.diagnostics)
                watched = [issue] + result.layoutFiles.filter { !$0.hasPrefix(LayoutLoader.builtinPrefix) }
                // Nothing the preview writes may replace what it reads.
                for input in watched where OutputPlan.isPageImage(input, in: folder) {
                    throw Diagnostic.error("the preview folder \(folder) would overwrite its input \(input)", hint: "give another folder with --out")
                }
                try OutputFolder.make(folder, option: "--out")
                // 36 pages at a time (one contact sheet each: contact-sheet.png, contact-sheet-2.png, …):
                // a long issue never holds all its page images in memory at once.
                let count = result.tree.pages.count
                var sheets = 0
                for first in stride(from: 0, to: count, by: 36) {
                    let indexes = Array(first..<min(first + 36, count))
                    let pngs = try renderer.png(result, pages: indexes, dpi: dpi)
                    for (k, data) in pngs.enumerated() { try OutputFile.write(data, to: "\(folder)/page-\(indexes[k] + 1).png", inputs: watched) }
                    let sheet = RasterImage.contactSheet(pngs.compactMap(RasterImage.decodePNG), height: 360, columns: 6)
                    let data = sheet.encodePNG()
                    guard !data.isEmpty else { throw Diagnostic.error("could not encode the contact sheet of pages \(first + 1)…") }
                    sheets += 1
                    try OutputFile.write(data, to: folder + (sheets == 1 ? "/contact-sheet.png" : "/contact-sheet-\(sheets).png"), inputs: watched)
                }
                PageImages.removeBeyond(count, in: folder)
                var extra = sheets + 1
                while unlink(folder + "/contact-sheet-\(extra).png") == 0 { extra += 1 }
                let pages = result.tree.pages
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
