import BulletinCore
import BulletinModel
import LayoutSpec

/// A 公文 on the page (GB/T 9704-2012): the 版头 on page 1 (份号, 密级, 紧急程度, the red 标志, the
/// 发文字号 with 签发人 for a 上行文, the red separator), then on the body grid the title on
/// balanced lines, 主送机关, 正文 with its four heading levels, 附件说明, 署名 and 成文日期 (kept
/// with the last lines of text), 附注, each attachment from a page of its own, and the 版记 at the
/// foot of the last (even) page. It uses the bulletin's grid, line breaker, paginator and painter;
/// only the page furniture is its own.
public struct GongwenLayout {
    let layout: IssueLayout
    /// The seal's image (印章), when the document has one.
    let seal: ImageReference?
    public init(layout: IssueLayout, seal: ImageReference? = nil) { self.layout = layout; self.seal = seal }

    var styles: StyleSheet { layout.styles }
    var typesetter: Typesetter { layout.typesetter }
    var spec: LayoutSpecification { styles.spec }
    var pitch: Points { styles.linePitch }
    var width: Points { spec.page.textWidth }
    var cell: Points { styles.characterPitch }

    public func layout(_ doc: Gongwen) throws -> IssueLayout.Result {
        guard let g = spec.gongwen else { throw LayoutProblem(message: "the layout is not a 公文 layout (document: gongwen)", hint: nil, span: nil) }
        let left = layout.left(1)
        var head: [Box] = []
        // 份号, 密级★保密期限, 紧急程度: one a line from the 版心's first line.
        var row = 0
        for (text, e) in [(doc.copyNumber, ElementName.copyNumber),
                          (doc.secrecy.map { s in doc.secrecyPeriod.map { s + "★" + $0 } ?? s }, .secrecy), (doc.urgency, .urgency)] {
            guard let text else { continue }
            head.append(box(text, e, role: .classification, x: left, baseline: baseline(row: row, size: styles.style(e).size)))
            row += 1
        }
        // The 标志, its em-box top `sign-top` below the 版心's (信函: the page's) top.
        let signRun = fitted(doc.signText, .issuerSign)
        let signTop = (g.signFromPageTop ? .zero : spec.page.marginTop) + g.signTop
        let signLine = typesetter.singleLine([signRun])
        head.append(Box(role: .mastheadTitle, line: signLine, origin: Point(x: left + (width - signLine.width) / 2, y: signTop + EmBox.ascent(signRun.size))))
        let signBottom = signTop + signRun.size
        // The 发文字号 `number-lines` lines below (信函: under the first rule), with 签发人 on its line for a 上行文.
        let numberSize = styles.style(.documentNumber).size
        var separatorY: Points
        if g.letter {
            let ruleY = signBottom + g.separatorGap
            head += doubleRule(y: ruleY, thickFirst: true)
            let numberTop = ruleY + 3.pt + numberSize * 7 / 8
            head.append(box(doc.number, .documentNumber, role: .issueLine, x: left + width - typesetter.naturalWidth([styles.run(doc.number, .documentNumber)]),
                            baseline: numberTop + EmBox.ascent(numberSize)))
            separatorY = numberTop + numberSize
            head += doubleRule(y: spec.page.height - 20.mm, thickFirst: false)
        } else {
            let numberTop = signBottom + pitch * Double(g.numberLines)
            let numberBaseline = numberTop + EmBox.ascent(numberSize)
            if doc.signers.isEmpty {
                let line = typesetter.singleLine([styles.run(doc.number, .documentNumber)])
                head.append(Box(role: .issueLine, line: line, origin: Point(x: left + (width - line.width) / 2, y: numberBaseline)))
            } else {
                // 上行文: 发文字号 左空一字; 签发人：names 右空一字, two names a line.
                head.append(box(doc.number, .documentNumber, role: .issueLine, x: left + cell, baseline: numberBaseline))
                let label = typesetter.singleLine([styles.run("签发人：", .signer)])
                let names = stride(from: 0, to: doc.signers.count, by: 2).map { doc.signers[$0..<min($0 + 2, doc.signers.count)].joined(separator: "　") }
                let widest = names.map { typesetter.naturalWidth([styles.run($0, .signerName)]) }.max() ?? .zero
                let namesX = left + width - cell - widest
                for (i, n) in names.enumerated() {
                    let y = numberBaseline - pitch * Double(names.count - 1 - i)
                    if i == 0 { head.append(Box(role: .publisher, line: label, origin: Point(x: namesX - label.width, y: y))) }
                    head.append(box(n, .signerName, role: .publisher, x: namesX, baseline: y))
                }
            }
            separatorY = numberTop + numberSize + g.separatorGap
            let rule = spec.rule(.separator)
            head.append(Box(role: .mastheadRule, content: .rule(Rect(x: left, y: separatorY, width: width, height: rule.thickness), rule.colour)))
            separatorY += rule.thickness
        }

        // Below the 版头, on the grid: the title `title-lines` lines under it.
        let firstRow = Int(((separatorY - spec.page.marginTop) / pitch).rounded(.up)) + g.titleLines - 1
        guard firstRow < layout.rowsPerPage - 3 else {
            throw LayoutProblem(message: "the 版头 leaves no room for the text on page 1", hint: "shorten the 标志 or the 发文字号", span: doc.span.value?["issuer"])
        }
        var flow: [FlowBlock] = []
        let setter = LineSetter(styles: styles, typesetter: typesetter, width: width)
        var title = styles.block(.documentTitle, setter.lines([styles.run(doc.title, .documentTitle, source: doc.span.value?["title"]?.marks ?? [])], .documentTitle, role: .articleTitle),
                                 splittable: false, keep: 2)
        title.spaceBefore = 0
        flow.append(title)
        if let to = doc.addressee {
            var b = styles.block(.addressee, setter.lines([styles.run(to + "：", .addressee)], .addressee, role: .body), splittable: true)
            b.spaceBefore = 1
            flow.append(b)
        }
        let articles = ArticleFlow(styles: styles, typesetter: typesetter, width: width, images: [:])
        var numbering = HeadingCounter(preset: doc.body.filter { $0.kind == .subheading })
        let body = try articles.blocks(of: doc.body, numbering: &numbering)
        if doc.addressee == nil, var first = body.blocks.first { first.spaceBefore = max(first.spaceBefore, 1); flow.append(first); flow += body.blocks.dropFirst() }
        else { flow += body.blocks }
        // 附件说明: a line below the text, 左空二字, numbered when there are several, no closing mark.
        if !doc.attachments.isEmpty {
            var note = ListFlow(styles: styles, typesetter: typesetter, width: width).attachments(doc.attachments.map { [styles.run($0.name, .attachment)] })
            note.spaceBefore = 1
            flow.append(note)
        }
        flow.append(signatureBlock(doc))
        if let remark = doc.remark {
            flow.append(styles.block(.remark, setter.lines([styles.run("（\(remark)）", .remark)], .remark, role: .body), splittable: true))
        }
        // Each attachment from a page of its own: 附件N in 黑体 on line 1, its title centred on line 3.
        for (i, a) in doc.attachments.enumerated() where !a.body.isEmpty {
            var pageBreak = FlowBlock(lines: [])
            pageBreak.breaksPage = true
            flow.append(pageBreak)
            let label = doc.attachments.count > 1 ? "附件\(i + 1)" : "附件"
            flow.append(styles.block(.attachmentHeading, setter.lines([styles.run(label, .attachmentHeading)], .attachmentHeading, role: .sectionHeading), splittable: false, keep: 2))
            var t = styles.block(.attachmentTitle, setter.lines([styles.run(a.name, .attachmentTitle)], .attachmentTitle, role: .articleTitle), splittable: false, keep: 2)
            t.spaceBefore = 1
            flow.append(t)
            var n = HeadingCounter(preset: a.body.filter { $0.kind == .subheading })
            var text = try articles.blocks(of: a.body, numbering: &n).blocks
            if !text.isEmpty { text[0].spaceBefore = max(text[0].spaceBefore, 1) }
            flow += text
        }

        let result = Paginator(rowsPerPage: layout.rowsPerPage, firstPageStartRow: firstRow).paginate(flow)
        // Page 1 must show some of the 正文 (GB/T 9704 §7.3.3).
        let bodyRoles: Set<BoxRole> = [.body, .subheading, .listItem]
        if !result.lines.contains(where: { $0.page == 0 && bodyRoles.contains($0.line.role) && !($0.line.line.text.hasSuffix("：") && $0.block == 1) }) {
            throw LayoutProblem(message: "page 1 shows none of the text (正文): the title and 主送机关 fill it",
                                hint: "shorten the title or the 主送机关 (a long 主送 list can go into the 版记)", span: doc.span.value?["title"])
        }
        var pages = layout.place(result, firstPage: head, firstRow: firstRow)
        try addRecord(doc, to: &pages, lastRow: result.lastRow, letter: g.letter)
        for i in pages.indices where pages[i].showsFolio && !(g.letter && i == 0) {
            pages[i].boxes.append(Folio(styles: styles, typesetter: typesetter).box(page: pages[i].number, blockLeft: layout.left(pages[i].number), blockBottom: layout.blockBottom))
        }
        let tree = PageTree(pageSize: Size(width: spec.page.width, height: spec.page.height), pages: pages,
                            outline: [OutlineEntry(title: doc.title, level: 1, destination: "title", page: 1)],
                            articlePages: [1], fonts: typesetter.measurer.fontTable)
        if let t = tree.pages.first?.boxes.firstIndex(where: { $0.role == .articleTitle }) {
            var withAnchor = tree
            withAnchor.pages[0].boxes[t].anchor = "title"
            return IssueLayout.Result(tree: withAnchor, breakNotes: typesetter.warnings, glyphNotes: typesetter.glyphNotes)
        }
        return IssueLayout.Result(tree: tree, breakNotes: typesetter.warnings, glyphNotes: typesetter.glyphNotes)
    }

    /// 署名 右空二字, the date on the next line starting two characters right of it (when the date is
    /// longer, the date 右空二字 and the 署名 moved left to keep the two-character step), a line
    /// below the text; kept with two lines of it, so it never stands alone on a page.
    func signatureBlock(_ doc: Gongwen) -> FlowBlock {
        let names = doc.signature.map { typesetter.singleLine([styles.run($0, .signature)]) }
        let date = typesetter.singleLine([styles.run(doc.date.chinese, .documentDate)])
        let widest = names.map(\.width).max() ?? .zero
        var dateX = width - cell * 2 - widest + cell * 2
        if dateX + date.width > width - cell * 2 { dateX = width - cell * 2 - date.width }
        var nameX = dateX - cell * 2
        if seal != nil {
            // With a seal: the date 右空四字, the 署名 centred over it (GB/T 9704 §7.3.5.1).
            dateX = width - cell * 4 - date.width
            nameX = dateX + (date.width - widest) / 2
        }
        var lines = names.map { FlowLine(role: .sourceLine, line: $0, x: nameX + (widest - $0.width), size: styles.style(.signature).size) }
        lines.append(FlowLine(role: .sourceLine, line: date, x: dateX, size: styles.style(.documentDate).size))
        if let seal, !lines.isEmpty {
            // The seal (42 mm across, as round seals are) centred on the date, over the 署名 and the
            // date, its top within a line of the text above: red ink over black, drawn last.
            let side = 42.mm
            let upright = seal.uprightSize
            let h = side * Double(upright.height) / Double(max(1, upright.width))
            // The 署名 and date sit below the seal's centre ("居印章中心偏下"): its centre a little above
            // the 署名's line. Extras are placed from the block's left and the date line's top.
            let centreY = styles.style(.documentDate).size / 2 - pitch * 1.2
            lines[lines.count - 1].extras.append(Box(role: .figure, content: .image(seal, Rect(x: dateX + date.width / 2 - side / 2, y: centreY - h / 2,
                                                                                            width: side, height: h))))
        }
        var b = FlowBlock(lines: lines, splittable: false)
        b.spaceBefore = 1
        b.keepWithPrevious = 2
        return b
    }

    /// The 版记 at the foot of the last page — on an even page when printed on both sides, after an
    /// unnumbered blank page when needed (then the 版记 page carries no number either): a thick rule,
    /// 抄送 (左右各空一字, wrapped lines under the first name), a thin rule, 印发机关 左空一字 and
    /// 印发日期 右空一字, the last thick rule on the 版心's bottom edge. 信函格式: 抄送 only, no rules.
    func addRecord(_ doc: Gongwen, to pages: inout [Page], lastRow: Int, letter: Bool) throws {
        guard !doc.cc.isEmpty || doc.printer != nil else { return }
        let size = styles.style(.record).size
        let outer = spec.rule(.recordOuter), inner = spec.rule(.recordInner)
        // Entries (抄送, 印发), each a list of printed lines, each line its pieces.
        var entries: [[[(text: ComposedLine, x: Points)]]] = []
        if !doc.cc.isEmpty {
            let label = typesetter.singleLine([styles.run("抄送：", .record)])
            let text = doc.cc.joined(separator: "，") + (doc.cc.last?.hasSuffix("。") == true ? "" : "。")
            let measure = width - cell * 2 - label.width
            let lines = typesetter.compose([styles.run(text, .record)], firstLineWidth: measure, width: measure, justify: true)
            entries.append(lines.enumerated().map { i, line in [(line, cell + label.width)] + (i == 0 ? [(label, cell)] : []) })
        }
        if !letter, let printer = doc.printer {
            let date = typesetter.singleLine([styles.run((doc.printDate ?? doc.date).chinese + "印发", .record)])
            entries.append([[(typesetter.singleLine([styles.run(printer, .record)]), cell), (date, width - cell - date.width)]])
        }
        let lineHeight = pitch * 0.8
        let lineCount = entries.reduce(0) { $0 + $1.count }
        let height = lineHeight * Double(lineCount) + (letter ? .zero : outer.thickness * 2 + inner.thickness * Double(max(0, entries.count - 1)))
        var index = pages.count - 1
        let used = spec.page.marginTop + pitch * Double(lastRow)
        if used + pitch * 0.5 > layout.blockBottom - height || (spec.duplex && pages.count % 2 == 1) {
            let blank = spec.duplex && pages.count % 2 == 0
            if blank { pages.append(Page(number: pages.count + 1, showsFolio: false)) }
            pages.append(Page(number: pages.count + 1, showsFolio: !blank))
            index = pages.count - 1
        }
        let left = layout.left(index + 1)
        var y = layout.blockBottom
        var boxes: [Box] = []
        if !letter { y -= outer.thickness; boxes.append(Box(role: .distributionRule, content: .rule(Rect(x: left, y: y, width: width, height: outer.thickness), outer.colour))) }
        for (k, entry) in entries.enumerated().reversed() {
            for pieces in entry.reversed() {
                let top = y - lineHeight
                let baseline = top + (lineHeight - size) / 2 + EmBox.ascent(size)
                for piece in pieces { boxes.append(Box(role: .distributionText, line: piece.text, origin: Point(x: left + piece.x, y: baseline))) }
                y = top
            }
            if !letter {
                let rule = k == 0 ? outer : inner
                y -= rule.thickness
                boxes.append(Box(role: .distributionRule, content: .rule(Rect(x: left, y: y, width: width, height: rule.thickness), rule.colour)))
            }
        }
        pages[index].boxes += boxes
    }

    func baseline(row: Int, size: Points) -> Points {
        spec.page.marginTop + pitch * Double(row) + EmBox.ascent(size)
    }

    func box(_ text: String, _ e: ElementName, role: BoxRole, x: Points, baseline: Points) -> Box {
        Box(role: role, line: typesetter.singleLine([styles.run(text, e)]), origin: Point(x: x, y: baseline))
    }

    /// A run that fits the 版心's width: letter spacing off first, then smaller, down to the element's `min-size`.
    func fitted(_ text: String, _ e: ElementName) -> TextRun {
        var run = styles.run(text, e)
        let floor = styles.style(e).minimumSize ?? run.size
        while typesetter.naturalWidth([run]) > width, run.size > floor {
            run = styles.run(text, e, size: max(floor, run.size - 1.pt))
        }
        return run
    }

    /// 信函格式's red double rule, 170 mm wide and centred: thick over thin (top) or thin over thick (bottom).
    func doubleRule(y: Points, thickFirst: Bool) -> [Box] {
        let rule = spec.rule(.separator)
        let w = 170.mm
        let x = (spec.page.width - w) / 2
        let thick = rule.thickness * 2, thin = rule.thickness * 0.6
        let (a, b) = thickFirst ? (thick, thin) : (thin, thick)
        return [Box(role: .mastheadRule, content: .rule(Rect(x: x, y: y, width: w, height: a), rule.colour)),
                Box(role: .mastheadRule, content: .rule(Rect(x: x, y: y + a + 1.pt, width: w, height: b), rule.colour))]
    }
}
