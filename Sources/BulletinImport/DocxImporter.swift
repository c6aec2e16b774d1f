import Foundation
import BulletinCore
import BulletinModel
import BulletinSource

/// Reads a Word bulletin (.docx) into an issue through the same recognition as extracted text:
/// a paragraph is a line; a heading style (or outline level) or a centred bold line marks a title,
/// deeper headings subheadings; tables become tables and pictures photos, saved as files beside
/// the issue with the short centred line after a picture as its caption.
public struct DocxImporter {
    public init() {}

    public func importDocx(_ data: Data) -> ImportResult {
        let items: [DocxReader.Item]
        do { items = try DocxReader.read(data) } catch let f as DocxReader.Failure {
            var report = ImportReport()
            report.missing.append("a readable document: the file \(f.message)")
            return ImportResult(issue: nil, report: report)
        } catch {
            var report = ImportReport()
            report.missing.append("a readable document: \(error)")
            return ImportResult(issue: nil, report: report)
        }
        var lines: [TextImporter.Line] = []
        var files: [(path: String, data: Data)] = []
        var pictureProblems: [String] = []
        var k = 0
        while k < items.count {
            switch items[k] {
            case .paragraph(let raw, let level, let centred, let right, let bold):
                for piece in raw.split(separator: "\n") {
                    let text = TextCleanup.squeeze(String(piece).trimmingCharacters(in: .whitespaces))
                    guard !text.isEmpty else { continue }
                    var heading: Int? = level.map { $0 + 2 }
                    if heading == nil, centred, bold, text.count <= 40, !TextCleanup.endsSentence(text), !TableCaption.isCaption(text) { heading = 2 }
                    // A right-aligned line in （） is a source line; the assembler knows it by its brackets.
                    _ = right
                    lines.append(TextImporter.Line(text: text, indent: 0, level: heading, afterBlank: true, raw: String(piece)))
                }
            case .table(let rows):
                let cells = rows.map { $0.map { [Inline(TextCleanup.squeeze($0.replacingOccurrences(of: "\n", with: "")))] } }
                let columns = cells.map(\.count).max() ?? 0
                let table = Table(caption: [], alignments: Array(repeating: .none, count: columns), rows: cells, headerRows: rows.count > 1 ? 1 : 0)
                lines.append(TextImporter.Line(text: "", indent: 0, level: nil, afterBlank: true, payload: .table(table)))
            case .picture(let name, let bytes):
                // Only what `render` can print: a Word picture in EMF, WMF or another format is named for a look.
                if bytes.isEmpty {
                    pictureProblems.append("a picture (\(name)) is missing from the .docx and was left out; add it with ![图注](file)")
                    break
                }
                if case .failure(let problem) = ImageHeader.read([UInt8](bytes)) {
                    pictureProblems.append("a picture (\(name)) \(problem.message) and was left out; save it as JPEG or PNG and add it with ![图注](file)")
                    break
                }
                let path = "images/" + name
                files.append((path, bytes))
                // The short centred line right after a picture is its caption.
                var caption: [Inline] = []
                if k + 1 < items.count, case .paragraph(let text, nil, true, _, _) = items[k + 1], text.count <= 60, !TextCleanup.endsSentence(text) {
                    caption = [Inline(TextCleanup.squeeze(text))]
                    k += 1
                }
                lines.append(TextImporter.Line(text: "", indent: 0, level: nil, afterBlank: true, payload: .figure(Figure(path: path, caption: caption))))
            }
            k += 1
        }
        var result = TextImporter().importLines(lines, mode: .paragraphs)
        result.files = files
        result.report.needsLook += pictureProblems
        return result
    }
}
