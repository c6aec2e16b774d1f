import BulletinCore

/// Something that takes rows on a page.
protocol OnPageRows {
    var page: Int { get }
    var row: Int { get }
    var rows: Int { get }
}

extension Array where Element: OnPageRows {
    /// The row after the last of them on each of `pageCount` pages.
    func endRows(pageCount: Int) -> [Int] {
        var ends = Array<Int>(repeating: 0, count: pageCount)
        for l in self { ends[l.page] = Swift.max(ends[l.page], l.row + l.rows) }
        return ends
    }
}

/// A flow line placed on a page row.
struct PlacedLine: OnPageRows {
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
        func endRows() -> [Int] { lines.endRows(pageCount: pageCount) }
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
    /// shorter: a setting that fills the page wins at once, else the one that fills it most. Trials
    /// are placed as slots; only the setting kept is placed line by line.
    private func fill(_ page: Int, blocks: [FlowBlock], result: Result) -> (blocks: [FlowBlock], result: Result)? {
        let ends = result.endRows()
        var candidates: [Int] = []
        for l in result.lines.reversed() where l.page == page || l.page == page - 1 {
            if blocks[l.block].variant != nil, !candidates.contains(l.block) { candidates.append(l.block) }
        }
        /// The page's new end when `block` is set as `lines`, if that helps without touching the pages before.
        func end(setting block: Int, as lines: [FlowLine]) -> Int? {
            let newEnds = slots(blocks, replacing: (block, lines)).endRows()
            guard newEnds.count > page, newEnds[page] > ends[page], (0..<page).allSatisfy({ newEnds[$0] == ends[$0] }) else { return nil }
            return newEnds[page]
        }
        var best: (block: Int, lines: [FlowLine], end: Int)?
        search: for b in candidates {
            for delta in [1, -1] {
                // A setting is worked out (a paragraph's whole line search again) only when a trial
                // with stand-in lines shows it would help: the trial comes out the same either way.
                if let standIn = Paginator.standIn(for: blocks[b], lineDelta: delta) {
                    guard let e = end(setting: b, as: standIn) else { continue }
                    if e < rowsPerPage, let best, e <= best.end { continue }
                }
                guard let lines = blocks[b].variant?(delta), let e = end(setting: b, as: lines) else { continue }
                // A setting that fills the page exactly wins at once (a page can end past its last
                // row, under a photo or block taller than the rows left).
                if e == rowsPerPage { best = (b, lines, e); break search }
                if best == nil || e > best!.end { best = (b, lines, e) }
            }
        }
        guard let best else { return nil }
        var kept = blocks
        kept[best.block].lines = best.lines
        kept[best.block].variant = nil
        return (kept, place(kept))
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
    func keepRows(_ blocks: [FlowBlock], from index: Int, replacing: (block: Int, lines: [FlowLine])? = nil) -> Int {
        var need = 0
        var i = index
        var keep = 0
        while i < blocks.count {
            var b = blocks[i]
            if let replacing, replacing.block == i { b.lines = replacing.lines }
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

    /// Where one line goes: its block, its place in the block, its page and rows. Placing needs no
    /// more than this, so the trials that fill a page copy no lines.
    struct Slot: OnPageRows {
        var block: Int
        var index: Int
        var page: Int
        var row: Int
        var rows: Int
    }

    struct Slots {
        var slots: [Slot]
        var pageCount: Int
        var lastRow: Int

        /// The row after the last line of each page.
        func endRows() -> [Int] { slots.endRows(pageCount: pageCount) }
    }

    /// Places every line on a page row.
    func place(_ blocks: [FlowBlock]) -> Result {
        let placed = slots(blocks)
        var anchors: [String: Int] = [:]
        var outline: [(String, Int, String, Int)] = []
        var seen = Set<Int>()
        var lines: [PlacedLine] = []
        lines.reserveCapacity(placed.slots.count)
        for slot in placed.slots {
            let line = blocks[slot.block].lines[slot.index]
            lines.append(PlacedLine(line: line, page: slot.page, row: slot.row, rows: slot.rows, block: slot.block))
            if let a = line.anchor, anchors[a] == nil { anchors[a] = slot.page }
            if seen.insert(slot.block).inserted, let o = blocks[slot.block].outline { outline.append((o.title, o.level, o.destination, slot.page)) }
        }
        return Result(lines: lines, pageCount: placed.pageCount, lastRow: placed.lastRow, anchorPages: anchors, outline: outline)
    }

    /// The slot of every line, `replacing` a block's lines by others (a trial setting) when given.
    func slots(_ blocks: [FlowBlock], replacing: (block: Int, lines: [FlowLine])? = nil) -> Slots {
        func lines(_ index: Int) -> [FlowLine] { replacing?.block == index ? replacing!.lines : blocks[index].lines }
        func height(_ index: Int) -> Int { lines(index).reduce(0) { $0 + blocks[index].rows(of: $1) } }
        var placed: [Slot] = []
        var page = 0
        var row = firstPageStartRow
        /// Photos that did not fit where they fell: they open the next page.
        var deferred: [Int] = []
        func put(_ index: Int) {
            for (i, line) in lines(index).enumerated() {
                placed.append(Slot(block: index, index: i, page: page, row: row, rows: blocks[index].rows(of: line)))
                row += blocks[index].rows(of: line)
            }
            row += blocks[index].spaceAfter
        }
        func newPage() {
            page += 1; row = 0
            let waiting = deferred
            deferred = []
            for f in waiting {
                if row > 0 && row + height(f) > rowsPerPage { deferred.append(f); continue }
                put(f)
            }
        }
        /// A new page for `block`, bringing along the lines before it that it keeps with.
        func newPageCarrying(_ block: FlowBlock) {
            newPage()
            if block.keepWithPrevious > 0 {
                row = max(row, carryOver(&placed, to: page, lines: block.keepWithPrevious, roles: { lines($0.block)[$0.index].role }))
            }
        }

        for (index, block) in blocks.enumerated() {
            if block.breaksPage {
                // Only before something: a break at the very end would leave a blank last page.
                let more = ((index + 1)..<blocks.count).contains { !blocks[$0].breaksPage && !lines($0).isEmpty }
                if more, row > topRow(page) { newPage() }
                continue
            }
            if row > topRow(page) { row += block.spaceBefore }
            if row >= rowsPerPage {
                newPageCarrying(block)
            }

            if block.floats {
                // A photo that does not fit goes to the top of the next page; the text goes on here.
                if row + height(index) > rowsPerPage && row > topRow(page) { deferred.append(index); continue }
                put(index)
                continue
            }
            if block.isHeading {
                if row + keepRows(blocks, from: index, replacing: replacing) > rowsPerPage && row > topRow(page) { newPage() }
            } else if !block.splittable {
                if row + height(index) > rowsPerPage && row > topRow(page) {
                    newPageCarrying(block)
                }
            }

            let blockLines = lines(index)
            var remaining = blockLines.indices[...]
            var firstChunk = true
            while !remaining.isEmpty {
                // Lines that fit on the rows left.
                var fit = 0
                var used = row
                for i in remaining {
                    let h = block.rows(of: blockLines[i])
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
                for i in remaining.prefix(take) {
                    placed.append(Slot(block: index, index: i, page: page, row: row, rows: block.rows(of: blockLines[i])))
                    row += block.rows(of: blockLines[i])
                }
                remaining = remaining.dropFirst(take)
                if !remaining.isEmpty {
                    newPage()
                    if take > 0 {
                        firstChunk = false
                        // A table's header again above the rows that continue here.
                        if block.headerLines > 0 {
                            for i in blockLines.indices.prefix(block.headerLines) {
                                placed.append(Slot(block: index, index: i, page: page, row: row, rows: block.rows(of: blockLines[i])))
                                row += block.rows(of: blockLines[i])
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
        return Slots(slots: placed, pageCount: page + 1, lastRow: min(row, rowsPerPage))
    }

    /// Moves the last `lines` lines placed (of the block before) to the top of `page`, so that what
    /// comes next does not open the page alone; the block keeps at least two lines behind, or moves
    /// whole (with a heading just above it). Returns the next free row.
    private func carryOver(_ placed: inout [Slot], to page: Int, lines wanted: Int, roles: (Slot) -> BoxRole) -> Int {
        guard let last = placed.last, last.page == page - 1 else { return 0 }
        let block = last.block
        let onPage = placed.indices.filter { placed[$0].page == page - 1 && placed[$0].block == block }
        // Only the lines at the very end of what was placed move (a photo may have been put after them).
        guard let lastOnPage = onPage.last, lastOnPage == placed.count - 1 else { return 0 }
        let total = placed.filter { $0.block == block }.count
        var move = min(wanted, onPage.count)
        if onPage.count - move == 1 { move = onPage.count }
        if move == onPage.count, onPage.count == total, let first = onPage.first, first > 0,
           placed[first - 1].page == page - 1, roles(placed[first - 1]).isHeading {
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
