import BulletinCore

/// A flow line placed on a page row.
struct PlacedLine {
    var line: FlowLine
    var page: Int
    var row: Int
    var rows: Int
    /// Index of the flow block the line belongs to.
    var block: Int
}

/// Places flow blocks on the rows of the body grid, page after page, the way a typesetter would:
/// every line on a grid row and no blank row inside running text. A heading keeps with at least
/// two lines of what follows it (through a run of headings), a source line with at least two lines
/// of its article, and no paragraph leaves one line alone at the foot or head of a page. A page
/// those rules leave short is filled by setting a paragraph on it one line longer or shorter
/// (`FlowBlock.variant`); when no paragraph can, the empty rows stay at the foot of the page.
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

        /// The row after the last line of each page.
        func endRows() -> [Int] {
            var ends = Array(repeating: 0, count: pageCount)
            for l in lines { ends[l.page] = max(ends[l.page], l.row + l.rows) }
            return ends
        }
    }

    func topRow(_ page: Int) -> Int { page == 0 ? firstPageStartRow : 0 }

    /// Paginates, then fills the pages that keep rules left short, page by page from the front.
    func paginate(_ input: [FlowBlock]) -> Result {
        var blocks = input
        var result = place(blocks)
        var page = 0
        while page < result.pageCount - 1 {
            // Fill step by step: each step sets one paragraph a line longer or shorter and must
            // bring the page's end lower without touching the pages before.
            while result.endRows()[page] < rowsPerPage, let better = fill(page, blocks: blocks, result: result) {
                blocks = better.blocks
                result = better.result
            }
            page += 1
        }
        return result
    }

    /// Tries the paragraphs on `page` (and the page before, for a shorter one) one line longer or
    /// shorter: a setting that fills the page wins at once, else the one that fills it most.
    private func fill(_ page: Int, blocks: [FlowBlock], result: Result) -> (blocks: [FlowBlock], result: Result)? {
        let ends = result.endRows()
        var candidates: [Int] = []
        for l in result.lines.reversed() where l.page == page || l.page == page - 1 {
            if blocks[l.block].variant != nil, !candidates.contains(l.block) { candidates.append(l.block) }
        }
        var best: (blocks: [FlowBlock], result: Result, end: Int)?
        for b in candidates {
            for delta in [1, -1] {
                // A setting is worked out (a paragraph's whole line search again) only when a trial
                // with stand-in lines shows it would help: the trial comes out the same either way.
                if let standIn = Paginator.standIn(for: blocks[b], lineDelta: delta) {
                    var trial = blocks
                    trial[b].lines = standIn
                    trial[b].variant = nil
                    let newEnds = place(trial).endRows()
                    guard newEnds.count > page, newEnds[page] > ends[page],
                          (0..<page).allSatisfy({ newEnds[$0] == ends[$0] }) else { continue }
                    if newEnds[page] < rowsPerPage, let best, newEnds[page] <= best.end { continue }
                }
                guard let lines = blocks[b].variant?(delta) else { continue }
                var trial = blocks
                trial[b].lines = lines
                trial[b].variant = nil
                let r = place(trial)
                let newEnds = r.endRows()
                guard newEnds.count > page, newEnds[page] > ends[page],
                      (0..<page).allSatisfy({ newEnds[$0] == ends[$0] }) else { continue }
                if newEnds[page] == rowsPerPage { return (trial, r) }
                if best == nil || newEnds[page] > best!.end { best = (trial, r, newEnds[page]) }
            }
        }
        return best.map { ($0.blocks, $0.result) }
    }

    /// Lines standing in for `block` set `delta` lines longer or shorter, before that setting is
    /// worked out. Placing looks at a block's lines only for how many there are, their rows and
    /// roles, so a trial with these places every line as the real setting would (its anchors
    /// aside); nil when the block's lines differ in rows.
    static func standIn(for block: FlowBlock, lineDelta delta: Int) -> [FlowLine]? {
        guard var last = block.lines.last, block.lines.count + delta >= 1,
              block.lines.allSatisfy({ $0.rows == last.rows && $0.role == last.role }) else { return nil }
        if delta < 0 { return Array(block.lines.dropLast(-delta)) }
        last.anchor = nil
        return block.lines + Array(repeating: last, count: delta)
    }

    /// Lines a heading at `index` needs on its page: itself, the headings right after it, and the
    /// first lines of the text they head.
    func keepRows(_ blocks: [FlowBlock], from index: Int) -> Int {
        var need = 0
        var i = index
        var keep = 0
        while i < blocks.count {
            let b = blocks[i]
            if i > index { need += b.spaceBefore }
            if b.isHeading {
                need += b.height
                keep = b.keepWithNext
                i += 1
                continue
            }
            // A paragraph split after its first lines must leave two behind as well (no widow),
            // so a short one comes along whole; a table keeps its header with its first row, and a
            // photo comes whole.
            var first = b.splittable && b.lines.count <= keep + 1 ? b.lines.count : min(keep, b.lines.count)
            if b.headerLines > 0 { first = min(b.lines.count, b.headerLines + 1) }
            if !b.splittable { first = b.lines.count }
            need += b.height(ofFirst: first)
            break
        }
        return need
    }

    /// Places every line on a page row.
    func place(_ blocks: [FlowBlock]) -> Result {
        var placed: [PlacedLine] = []
        var page = 0
        var row = firstPageStartRow
        /// Photos that did not fit where they fell: they open the next page.
        var deferred: [Int] = []
        func put(_ index: Int) {
            for line in blocks[index].lines {
                placed.append(PlacedLine(line: line, page: page, row: row, rows: blocks[index].rows(of: line), block: index))
                row += blocks[index].rows(of: line)
            }
            row += blocks[index].spaceAfter
        }
        func newPage() {
            page += 1; row = 0
            let waiting = deferred
            deferred = []
            for f in waiting {
                if row > 0 && row + blocks[f].height > rowsPerPage { deferred.append(f); continue }
                put(f)
            }
        }

        for (index, block) in blocks.enumerated() {
            if block.breaksPage {
                // Only before something: a break at the very end would leave a blank last page.
                let more = blocks[(index + 1)...].contains { !$0.breaksPage && !$0.lines.isEmpty }
                if more, row > topRow(page) { newPage() }
                continue
            }
            if row > topRow(page) { row += block.spaceBefore }
            if row >= rowsPerPage {
                newPage()
                if block.keepWithPrevious > 0 { row = max(row, carryOver(&placed, to: page, lines: block.keepWithPrevious)) }
            }

            if block.floats {
                // A photo that does not fit goes to the top of the next page; the text goes on here.
                if row + block.height > rowsPerPage && row > topRow(page) { deferred.append(index); continue }
                put(index)
                continue
            }
            if block.isHeading {
                if row + keepRows(blocks, from: index) > rowsPerPage && row > topRow(page) { newPage() }
            } else if !block.splittable {
                if row + block.height > rowsPerPage && row > topRow(page) {
                    newPage()
                    if block.keepWithPrevious > 0 { row = max(row, carryOver(&placed, to: page, lines: block.keepWithPrevious)) }
                }
            }

            var remaining = block.lines[...]
            var firstChunk = true
            while !remaining.isEmpty {
                // Lines that fit on the rows left.
                var fit = 0
                var used = row
                for line in remaining {
                    let h = block.rows(of: line)
                    if used + h > rowsPerPage { break }
                    used += h
                    fit += 1
                }
                var take = fit
                if block.splittable && take < remaining.count {
                    if block.headerLines > 0 {
                        // A table leaves no header without a row under it.
                        if firstChunk && take <= block.headerLines { take = 0 }
                    } else {
                        // Orphan: never one first line alone at the foot of a page.
                        if firstChunk && take == 1 { take = 0 }
                        // Widow: never one last line alone at the head of the next page.
                        if take > 0 && remaining.count - take == 1 {
                            take -= 1
                            if firstChunk && take == 1 { take = 0 }
                        }
                    }
                }
                if take == 0 && row == topRow(page) { take = max(1, min(fit, remaining.count)) }
                for line in remaining.prefix(take) {
                    placed.append(PlacedLine(line: line, page: page, row: row, rows: block.rows(of: line), block: index))
                    row += block.rows(of: line)
                }
                remaining = remaining.dropFirst(take)
                if !remaining.isEmpty {
                    newPage()
                    if take > 0 {
                        firstChunk = false
                        // A table's header again above the rows that continue here.
                        if block.headerLines > 0 {
                            for line in block.lines.prefix(block.headerLines) {
                                placed.append(PlacedLine(line: line, page: page, row: row, rows: block.rows(of: line), block: index))
                                row += block.rows(of: line)
                            }
                        }
                    }
                }
            }
            row += block.spaceAfter
        }
        while !deferred.isEmpty {
            let before = deferred.count
            newPage()
            if deferred.count == before, let f = deferred.first {
                // Taller than a whole page: it goes on a page of its own all the same.
                deferred.removeFirst()
                put(f)
            }
        }

        var anchors: [String: Int] = [:]
        var outline: [(String, Int, String, Int)] = []
        var seen = Set<Int>()
        for l in placed {
            if let a = l.line.anchor, anchors[a] == nil { anchors[a] = l.page }
            if seen.insert(l.block).inserted, let o = blocks[l.block].outline { outline.append((o.title, o.level, o.destination, l.page)) }
        }
        return Result(lines: placed, pageCount: page + 1, lastRow: min(row, rowsPerPage), anchorPages: anchors, outline: outline)
    }

    /// Moves the last `lines` lines placed (of the block before) to the top of `page`, so that what
    /// comes next does not open the page alone; the block keeps at least two lines behind, or moves
    /// whole (with a heading just above it). Returns the next free row.
    private func carryOver(_ placed: inout [PlacedLine], to page: Int, lines wanted: Int) -> Int {
        guard let last = placed.last, last.page == page - 1 else { return 0 }
        let block = last.block
        let onPage = placed.indices.filter { placed[$0].page == page - 1 && placed[$0].block == block }
        // Only the lines at the very end of what was placed move (a photo may have been put after them).
        guard let lastOnPage = onPage.last, lastOnPage == placed.count - 1 else { return 0 }
        let total = placed.filter { $0.block == block }.count
        var move = min(wanted, onPage.count)
        if onPage.count - move == 1 { move = onPage.count }
        if move == onPage.count, onPage.count == total, let first = onPage.first, first > 0,
           placed[first - 1].page == page - 1, placed[first - 1].line.role.isHeading {
            // The whole block moves: the heading above it goes with it.
            let headingBlock = placed[first - 1].block
            move += placed.filter { $0.block == headingBlock && $0.page == page - 1 }.count
        }
        guard move > 0, move <= placed.count else { return 0 }
        var row = 0
        for i in (placed.count - move)..<placed.count {
            placed[i].page = page
            placed[i].row = row
            row += placed[i].rows
        }
        return row
    }
}

extension BoxRole {
    /// Headings keep with what follows them.
    var isHeading: Bool { self == .sectionHeading || self == .articleTitle || self == .subheading }
}
