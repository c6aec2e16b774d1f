import Foundation
import BulletinKit

// One renderer for the whole program; it is safe to share between threads.
let renderer = Renderer()

// Parse, lay out and check the issue. Errors (and warnings under `strict`) throw a
// RenderFailure that lists every diagnostic with its file, line and column.
let result = try renderer.render(.file("Examples/zhuanbao-2024-09.md"), options: RenderOptions(strict: true))
for warning in result.diagnostics { print(warning) }

// The PDF, in memory: send it over the network, store it, or write it to a file.
let pdf: Data = try renderer.pdf(result)
print("PDF: \(pdf.count) bytes, \(result.tree.pages.count) pages")

// PNG images of the pages, also in memory, painted by the same code as the PDF.
let pages: [Data] = try renderer.png(result, pages: [0, 1], dpi: 72)
print("PNG: page 1 is \(pages[0].count) bytes, page 2 is \(pages[1].count) bytes")
