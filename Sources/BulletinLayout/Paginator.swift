import BulletinCore

/// A flow line placed on a page row.
struct PlacedLine {
    var line: FlowLine
    var page: Int
    var row: Int
    var rows: Int
    /// First line of its block on this page, and whether that block is a heading.
    var startsBlock = false
    var heading = false
}

/// Places flow blocks on the rows of the body grid, page after page: titles keep with the lines
/// that follow them, and no paragraph leaves a single line alone at the foot or head of a page.
struct Paginator {
    let rowsPerPage: Int
    /// First free row of page 1 (below the masthead).
    let firstPageStartRow: Int

    struct Result {
        var lines: [PlacedLine]
        var pageCount: Int
        /// Row after the last line on the last page.
        var lastRow: Int
        var anchorPages: [String: Int]
        var outline: [(title: String, level: Int, destination: String, page: Int)]
    }

    func paginate(_ blocks: [FlowBlock]) -> Result {
        var placed: [PlacedLine] = []
        var page = 0
        var row = firstPageStartRow
        var anchors: [String: Int] = [:]
        var outline: [(String, Int, String, Int)] = []
        func topRow(_ p: Int) -> Int { p == 0 ? firstPageStartRow : 0 }
        func newPage() { page += 1; row = 0 }

        for (index, block) in blocks.enumerated() {
            let h = block.rowsPerLine
            if row > topRow(page) { row += block.spaceBefore }
            if row >= rowsPerPage { newPage() }

            if !block.splittable {
                var need = block.lines.count * h
                if block.keepWithNext > 0, index + 1 < blocks.count {
                    let next = blocks[index + 1]
                    need += next.spaceBefore + min(block.keepWithNext, next.lines.count) * next.rowsPerLine
                }
                if row + need > rowsPerPage && row > topRow(page) { newPage() }
            }

            var remaining = block.lines[...]
            var firstChunk = true
            while !remaining.isEmpty {
                let fit = max(0, (rowsPerPage - row) / h)
                var take = min(fit, remaining.count)
                if block.splittable && take < remaining.count {
                    // Orphan: never one first line alone at the foot of a page.
                    if firstChunk && take == 1 { take = 0 }
                    // Widow: never one last line alone at the head of the next page.
                    if take > 0 && remaining.count - take == 1 {
                        take -= 1
                        if firstChunk && take == 1 { take = 0 }
                    }
                }
                if take == 0 && row == topRow(page) { take = max(1, min(fit, remaining.count)) }
                for (k, line) in remaining.prefix(take).enumerated() {
                    placed.append(PlacedLine(line: line, page: page, row: row, rows: h, startsBlock: k == 0 && firstChunk,
                                             heading: !block.splittable && block.keepWithNext > 0))
                    if let a = line.anchor, anchors[a] == nil { anchors[a] = page }
                    row += h
                }
                if firstChunk, take > 0, let o = block.outline { outline.append((o.title, o.level, o.destination, page)) }
                remaining = remaining.dropFirst(take)
                if !remaining.isEmpty { newPage(); if take > 0 { firstChunk = false } }
            }
            row += block.spaceAfter
        }
        fillShortPages(&placed, pageCount: page + 1)
        return Result(lines: placed, pageCount: page + 1, lastRow: min(row, rowsPerPage), anchorPages: anchors, outline: outline)
    }

    /// A page of text that ends early, because a title or a paragraph's last lines moved on, still
    /// ends on the grid's last row: the empty rows go before the page's later titles, or else before
    /// its other blocks (a source line, a paragraph), never between a heading and what it heads, so
    /// everything stays on the grid. The first page (masthead), pages of the 目录 and the last page
    /// (where the 版记 goes) keep their space.
    func fillShortPages(_ placed: inout [PlacedLine], pageCount: Int) {
        guard pageCount > 2 else { return }
        for page in 1..<(pageCount - 1) {
            let indices = placed.indices.filter { placed[$0].page == page }
            guard let lastIndex = indices.last, let firstIndex = indices.first else { continue }
            if indices.contains(where: { Paginator.contentsRoles.contains(placed[$0].line.role) }) { continue }
            let empty = rowsPerPage - (placed[lastIndex].row + placed[lastIndex].rows)
            guard empty > 0 else { continue }
            let starts = indices.filter { i in
                i != firstIndex && placed[i].startsBlock && !placed[i - 1].heading
            }
            let headings = starts.filter { placed[$0].heading }
            let targets = headings.isEmpty ? starts : headings
            guard !targets.isEmpty else { continue }
            var add = [Int: Int]()
            for k in 0..<empty { add[targets[k % targets.count], default: 0] += 1 }
            var shift = 0
            for i in indices {
                shift += add[i] ?? 0
                placed[i].row += shift
            }
        }
    }

    static let contentsRoles: Set<BoxRole> = [.tocTitle, .tocSection, .tocEntry]
}
