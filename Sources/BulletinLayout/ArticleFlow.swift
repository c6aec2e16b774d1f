import BulletinCore
import BulletinModel
import LayoutSpec

/// Turns sections and articles into flow blocks: section headings and their 按语, article titles
/// (anchored for the TOC and bookmarks), paragraphs, subheadings of four levels, editor's notes,
/// list items, photos, tables, 附件 notes, the article's 注, page breaks and right-aligned source lines.
struct ArticleFlow {
    let styles: StyleSheet
    let typesetter: Typesetter
    let width: Points
    /// The photos of the issue, by the path written in the figure.
    let images: [String: ImageReference]

    /// Problems found while setting photos (low resolution).
    struct Note { var message: String; var span: SourceSpan? }

    /// The flow blocks of a run of model blocks (an article's text, a 按语, a 公文's 正文), with
    /// subheadings numbered through `numbering`.
    func blocks(of body: [Block], numbering: inout HeadingCounter) throws -> (blocks: [FlowBlock], notes: [Note]) {
        var blocks: [FlowBlock] = []
        var notes: [Note] = []
        for b in body { try add(b, numbering: &numbering, to: &blocks, notes: &notes) }
        return (blocks, notes)
    }

    private func paragraph(_ b: Block, _ e: ElementName, _ role: BoxRole) -> FlowBlock {
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        let r = runs(b.inlines, e)
        var p = styles.block(e, setter.lines(r, e, role: role), splittable: true)
        p.variant = { delta in setter.lines(r, e, role: role, lineDelta: delta) }
        return p
    }

    private func add(_ b: Block, numbering: inout HeadingCounter, to blocks: inout [FlowBlock], notes: inout [Note]) throws {
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        func block(_ e: ElementName, _ lines: [FlowLine], splittable: Bool, keep: Int = 0) -> FlowBlock {
            styles.block(e, lines, splittable: splittable, keep: keep)
        }
        switch b.kind {
        case .paragraph: blocks.append(paragraph(b, .body, .body))
        case .editorsNote: blocks.append(paragraph(b, .editorsNote, .editorsNote))
        case .subheading:
            let e = HeadingCounter.element(level: b.level)
            let text = numbering.numbered(b.plainText, level: b.level, auto: styles.spec.headingNumbering == .auto)
            let run = styles.run(text, e, source: b.inlines.first?.marks ?? [])
            blocks.append(block(e, setter.lines([run], e, role: .subheading), splittable: false, keep: 2))
        case .listItem:
            blocks.append(ListFlow(styles: styles, typesetter: typesetter, width: width).item(b, runs: runs(b.inlines, .listItem)))
        case .figure:
            guard let f = b.figure else { return }
            guard let image = images[f.path] else {
                throw LayoutProblem(message: "the image '\(f.path)' was not loaded", hint: "render the issue through Renderer, which reads its photos", span: b.span.value)
            }
            let figures = FigureFlow(styles: styles, typesetter: typesetter, width: width, setter: setter)
            let laid = figures.block(f, image: image, caption: runs(f.caption, .figureCaption, emphasis: true), rowsPerPage: rowsPerPage)
            blocks.append(laid.block)
            if laid.dpi < 150 {
                notes.append(Note(message: "image '\(f.path)' prints at \(Int(laid.dpi)) dpi, below 150 dpi: it will look blurred", span: b.span.value))
            }
        case .table:
            guard let t = b.table else { return }
            let tables = TableFlow(styles: styles, typesetter: typesetter, width: width)
            blocks += try tables.blocks(t, span: b.span.value, caption: runs(t.caption, .tableCaption, emphasis: false),
                                        cells: { runs($0, .tableCell) }, headerCells: { $0.map { styles.run($0.text, .tableCaption, size: styles.style(.tableCell).size, source: $0.marks) } })
        case .attachments:
            blocks.append(ListFlow(styles: styles, typesetter: typesetter, width: width).attachments(b.items.map { runs($0, .attachment) }))
        case .notes:
            for (i, item) in b.items.enumerated() {
                var r = runs(item, .footnote)
                r.insert(styles.run((i == 0 ? "注：" : "") + ArticleFlow.circled(i + 1), .footnote), at: 0)
                if i > 0 { r[0].text = ArticleFlow.circled(i + 1) }
                var p = block(.footnote, setter.lines(r, .footnote, role: .footnote), splittable: true)
                if i == 0 { p.spaceBefore = max(p.spaceBefore, 0) }
                blocks.append(p)
            }
        case .pageBreak:
            var p = FlowBlock(lines: [])
            p.breaksPage = true
            blocks.append(p)
        }
    }

    func blocks(for issue: Issue) throws -> (blocks: [FlowBlock], notes: [Note]) {
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        var blocks: [FlowBlock] = []
        var notes: [Note] = []
        var articleIndex = 0
        func block(_ e: ElementName, _ lines: [FlowLine], splittable: Bool, keep: Int = 0) -> FlowBlock {
            styles.block(e, lines, splittable: splittable, keep: keep)
        }
        func add(_ b: Block, numbering: inout HeadingCounter) throws {
            try self.add(b, numbering: &numbering, to: &blocks, notes: &notes)
        }

        var numbering = HeadingCounter()
        // The issue's 按语 is set apart from the 目录 above it by a row.
        let noteStart = blocks.count
        for b in issue.note ?? [] { try add(b, numbering: &numbering) }
        if blocks.count > noteStart { blocks[noteStart].spaceBefore = max(blocks[noteStart].spaceBefore, 1) }
        for (si, section) in issue.sections.enumerated() {
            if let t = section.title {
                var b = block(.sectionHeading, setter.lines([styles.run(t, .sectionHeading, source: marks(section.span.value))], .sectionHeading, role: .sectionHeading),
                              splittable: false, keep: 2)
                b.outline = (t, 1, "section-\(si + 1)")
                b.lines[0].anchor = "section-\(si + 1)"
                blocks.append(b)
            }
            // A 栏目's 按语 stays with its heading and the first article's title.
            for b in section.note ?? [] {
                let before = blocks.count
                try add(b, numbering: &numbering)
                for i in before..<blocks.count { blocks[i].splittable = false; blocks[i].keepWithNext = 2; blocks[i].variant = nil }
            }
            for article in section.articles {
                let dest = TableOfContents.destination(forArticle: articleIndex)
                var title = block(.articleTitle, setter.lines([styles.run(article.title, .articleTitle, source: marks(article.span.value?.title))],
                                                              .articleTitle, role: .articleTitle),
                                  splittable: false, keep: 2)
                title.lines[0].anchor = dest
                title.outline = (article.title, section.title == nil ? 1 : 2, dest)
                blocks.append(title)

                numbering = HeadingCounter(preset: article.blocks.filter { $0.kind == .subheading })
                for b in article.blocks { try add(b, numbering: &numbering) }
                if let source = article.source {
                    // The span points inside the （）; the run starts one column earlier, at the bracket.
                    let inner = article.span.value?.source
                    let open = inner.map { SourceSpan(line: $0.line, column: max(1, $0.column - 1)) }
                    var line = block(.sourceLine, setter.lines([styles.run("（\(source)）", .sourceLine, source: marks(open))], .sourceLine, role: .sourceLine),
                                     splittable: false)
                    line.keepWithPrevious = 2
                    blocks.append(line)
                }
                articleIndex += 1
            }
        }
        return (blocks, notes)
    }

    var rowsPerPage: Int {
        styles.spec.grid?.linesPerPage ?? max(1, Int((styles.spec.page.textHeight / styles.linePitch).rounded(.down)))
    }

    /// Runs of inline text: strong in the element's bold style, emphasis in 楷体, links kept.
    func runs(_ inlines: [Inline], _ e: ElementName, emphasis: Bool = true) -> [TextRun] {
        inlines.map { i in
            var r = styles.run(i.text, e, bold: emphasis && i.emphasis, source: i.marks)
            r.link = i.link
            if i.kai, let kai = styles.fonts["楷体"] { r.face = FontFace(family: kai.family, bold: r.face.bold) }
            if emphasis && i.emphasis, let hei = styles.fonts["黑体"], styles.style(e).font != "黑体" {
                // Bold in these documents is 黑体, not a synthetic bold of 仿宋.
                r.face = FontFace(family: hei.family, bold: false)
            }
            return r
        }
    }

    func marks(_ span: SourceSpan?) -> [SourceMark] {
        span?.marks ?? []
    }

    /// ① for 1 … ⑳ for 20, then （21）.
    static func circled(_ n: Int) -> String {
        guard (1...20).contains(n), let s = Unicode.Scalar(0x2460 + n - 1) else { return "（\(n)）" }
        return String(s)
    }
}

extension StyleSheet {
    /// A flow block of an element's lines with the element's spacing.
    func block(_ e: ElementName, _ lines: [FlowLine], splittable: Bool, keep: Int = 0) -> FlowBlock {
        let s = style(e)
        var b = FlowBlock(lines: lines, splittable: splittable, keepWithNext: keep)
        b.rowsPerLine = rowsPerLine(e)
        b.spaceBefore = rows(s.spaceBefore, e)
        b.spaceAfter = rows(s.spaceAfter, e)
        return b
    }
}
