import BulletinCore

/// Turns the merged YAML tree into a `LayoutSpecification`, checking every key and value.
enum LayoutDecoder {
    static let topKeys = ["name", "extends", "description", "page", "grid", "fonts", "defaults", "elements", "rules", "masthead", "toc", "folio", "typesetting", "print", "tables", "headings", "document", "gongwen"]
    static let styleKeys = ["font", "size", "weight", "colour", "color", "align", "indent", "hanging-indent", "space-before",
                            "space-after", "letter-spacing", "line-height", "fit", "min-size"]

    static func decode(_ root: SpecNode) throws -> LayoutSpecification {
        let top = try MapReader(root, what: "the layout")
        try top.checkKeys(topKeys)
        let name = try top["name"].map { try SpecParse.string($0, "name") } ?? "layout"

        guard let pageNode = top["page"] else { throw Diagnostic.error("the layout has no `page:` section", at: root.location) }
        let page = try decodePage(pageNode)
        let grid = try top["grid"].flatMap { try decodeGrid($0) }

        var fonts: [String: [String]] = [:]
        if let f = top["fonts"] {
            let r = try MapReader(f, what: "fonts")
            for e in r.entries {
                switch e.value.value {
                case .list(let items): fonts[e.key] = try items.map { try SpecParse.string($0, "a font name") }
                case .scalar(let s): fonts[e.key] = [s]
                default: throw Diagnostic.error("fonts.\(e.key) must be a list of family names", at: e.value.location)
                }
                if fonts[e.key]!.isEmpty { throw Diagnostic.error("fonts.\(e.key) lists no font", at: e.value.location) }
                if fonts[e.key]!.contains(where: { $0.isEmpty }) { throw Diagnostic.error("fonts.\(e.key) has an empty font name", at: e.value.location) }
            }
        }

        let defaultsNode = top["defaults"]
        var base = ElementStyle(font: "仿宋", size: 16.pt, bold: false, colour: .black, align: .justify, indent: .zero,
                                hangingIndent: .zero, spaceBefore: .zero, spaceAfter: .zero, letterSpacing: .zero,
                                lineHeight: nil, fitWidth: false, minimumSize: nil)
        if let d = defaultsNode { base = try decodeStyle(d, over: base, what: "defaults", fonts: fonts) }

        var elements: [ElementName: ElementStyle] = [:]
        let elementsReader = try top["elements"].map { try MapReader($0, what: "elements") }
        try elementsReader?.checkKeys(ElementName.allCases.map(\.rawValue))
        for e in ElementName.allCases {
            if let n = elementsReader?[e.rawValue] {
                elements[e] = try decodeStyle(n, over: base, what: "elements.\(e.rawValue)", fonts: fonts)
            } else {
                elements[e] = base
            }
        }
        for (e, s) in elements where fonts[s.font] == nil {
            let loc = elementsReader?[e.rawValue]?.child("font")?.location ?? defaultsNode?.location ?? root.location
            throw Diagnostic.error("element '\(e.rawValue)' uses font '\(s.font)', which the layout's `fonts:` does not define", at: loc,
                                   hint: "define it under `fonts:` or use one of: \(fonts.keys.sorted().joined(separator: ", "))")
        }

        // The text block must hold at least a few characters of body text a line, and a few lines.
        let body = elements[.body]!.size
        if page.textWidth < body * 4 {
            throw Diagnostic.error("page.text-width holds fewer than 4 characters of body text", at: pageNode.child("text-width")?.location ?? pageNode.location)
        }
        if page.textHeight < body * 4 {
            throw Diagnostic.error("page.text-height holds fewer than 4 lines of body text", at: pageNode.child("text-height")?.location ?? pageNode.location)
        }

        var document = DocumentKindName.bulletin
        if let d = top["document"] {
            let name = try SpecParse.string(d, "document")
            guard let kind = DocumentKindName(rawValue: name) else {
                throw Diagnostic.error("document must be one of \(DocumentKindName.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'", at: d.location,
                                       hint: "`document:` names what the layout sets; the masthead word is `kind:` in an issue")
            }
            document = kind
        }
        var rules: [RuleName: RuleStyle] = [:]
        let rulesReader = try top["rules"].map { try MapReader($0, what: "rules") }
        try rulesReader?.checkKeys(RuleName.allCases.map(\.rawValue))
        // The rules the document kind draws must be there; the others are read when given.
        for r in RuleName.allCases {
            if document.rules.contains(r) {
                rules[r] = try decodeRule(try required(try rulesReader ?? MapReader(root, what: "the layout"), r.rawValue, in: top["rules"] ?? root),
                                          what: "rules.\(r.rawValue)")
            } else if let n = rulesReader?[r.rawValue] {
                rules[r] = try decodeRule(n, what: "rules.\(r.rawValue)")
            }
        }

        // Every layout is merged onto the built-in one (LayoutLoader), so each value below is read
        // from a YAML file: the layouts are the only source of defaults.
        let m = try MapReader(try required(top, "masthead", in: root), what: "masthead")
        try m.checkKeys(["title-top", "kind-gap", "issue-line-gap", "publisher-gap", "rule-gap", "after-rule"])
        func gap(_ k: String) throws -> Points { try absolute(try required(m, k, in: m.node), "masthead.\(k)", allowNegative: false) }
        let masthead = MastheadSpec(titleTop: try gap("title-top"), kindGap: try gap("kind-gap"), issueLineGap: try gap("issue-line-gap"),
                                    publisherGap: try gap("publisher-gap"), ruleGap: try gap("rule-gap"), afterRule: try gap("after-rule"))

        let t = try MapReader(try required(top, "typesetting", in: root), what: "typesetting")
        try t.checkKeys(["punctuation", "cjk-latin-spacing", "latin-width"])
        let latinNode = try required(t, "latin-width", in: t.node)
        let halfWidthLatin: Bool
        switch try SpecParse.string(latinNode, "typesetting.latin-width") {
        case "half": halfWidthLatin = true
        case "proportional": halfWidthLatin = false
        case let v: throw Diagnostic.error("typesetting.latin-width must be half or proportional, not '\(v)'", at: latinNode.location)
        }
        let punctuationNode = try required(t, "punctuation", in: t.node)
        let punctuationName = try SpecParse.string(punctuationNode, "typesetting.punctuation")
        guard let punctuation = PunctuationStyle(rawValue: punctuationName) else {
            throw Diagnostic.error("typesetting.punctuation must be one of \(PunctuationStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\(punctuationName)'",
                                   at: punctuationNode.location)
        }
        let typesetting = TypesettingSpec(punctuation: punctuation,
                                          cjkLatinSpacing: try length(try required(t, "cjk-latin-spacing", in: t.node), "typesetting.cjk-latin-spacing", allowNegative: false),
                                          halfWidthLatin: halfWidthLatin)

        let toc = try MapReader(try required(top, "toc", in: root), what: "toc")
        try toc.checkKeys(["title", "leader", "min-articles"])
        let tocMinimum = Int(try SpecParse.number(try required(toc, "min-articles", in: toc.node), "toc.min-articles", range: 0...10_000))
        let tocTitle = try SpecParse.string(try required(toc, "title", in: toc.node), "toc.title")
        let leaderNode = try required(toc, "leader", in: toc.node)
        let leader = try SpecParse.string(leaderNode, "toc.leader")
        if leader.isEmpty { throw Diagnostic.error("toc.leader is empty", at: leaderNode.location) }

        let folio = try MapReader(try required(top, "folio", in: root), what: "folio")
        try folio.checkKeys(["format", "offset", "inset"])
        let formatNode = try required(folio, "format", in: folio.node)
        let folioFormat = try SpecParse.string(formatNode, "folio.format")
        if !folioFormat.contains("{n}") { throw Diagnostic.error("folio.format must contain {n} for the page number", at: formatNode.location) }
        let folioOffset = try absolute(try required(folio, "offset", in: folio.node), "folio.offset", allowNegative: false)
        let folioInset = try length(try required(folio, "inset", in: folio.node), "folio.inset", allowNegative: false)
        // The folio sits below the text block and inside it from the outer edge: on the page, or it is lost.
        if page.marginTop + page.textHeight + folioOffset > page.height {
            throw Diagnostic.error("folio.offset puts the page number below the bottom of the page", at: folio["offset"]?.location ?? folio.node.location)
        }
        if folioInset.resolve(em: 14.pt, linePitch: 28.pt) > page.textWidth / 2 {
            throw Diagnostic.error("folio.inset is more than half the text width", at: folio["inset"]?.location ?? folio.node.location)
        }

        let print = try MapReader(try required(top, "print", in: root), what: "print")
        try print.checkKeys(["duplex"])
        let duplex = try SpecParse.bool(try required(print, "duplex", in: print.node), "print.duplex")

        let tables = try MapReader(try required(top, "tables", in: root), what: "tables")
        try tables.checkKeys(["style"])
        let tableStyleNode = try required(tables, "style", in: tables.node)
        let tableStyleName = try SpecParse.string(tableStyleNode, "tables.style")
        guard let tableStyle = TableStyle(rawValue: tableStyleName) else {
            throw Diagnostic.error("tables.style must be one of \(TableStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\(tableStyleName)'", at: tableStyleNode.location)
        }
        let headings = try MapReader(try required(top, "headings", in: root), what: "headings")
        try headings.checkKeys(["numbering"])
        let numberingNode = try required(headings, "numbering", in: headings.node)
        let numberingName = try SpecParse.string(numberingNode, "headings.numbering")
        guard let numbering = HeadingNumbering(rawValue: numberingName) else {
            throw Diagnostic.error("headings.numbering must be one of \(HeadingNumbering.allCases.map(\.rawValue).joined(separator: ", ")), not '\(numberingName)'", at: numberingNode.location)
        }

        var gongwen: GongwenSpec?
        if document == .gongwen {
            let g = try MapReader(try required(top, "gongwen", in: root), what: "gongwen")
            try g.checkKeys(["sign-top", "sign-from-page-top", "number-lines", "separator-gap", "title-lines", "letter"])
            func lines(_ k: String) throws -> Int { Int(try SpecParse.number(try required(g, k, in: g.node), "gongwen.\(k)", range: 0...10)) }
            gongwen = GongwenSpec(signTop: try absolute(try required(g, "sign-top", in: g.node), "gongwen.sign-top", allowNegative: false),
                                  signFromPageTop: try SpecParse.bool(try required(g, "sign-from-page-top", in: g.node), "gongwen.sign-from-page-top"),
                                  numberLines: try lines("number-lines"),
                                  separatorGap: try absolute(try required(g, "separator-gap", in: g.node), "gongwen.separator-gap", allowNegative: false),
                                  titleLines: try lines("title-lines"),
                                  letter: try SpecParse.bool(try required(g, "letter", in: g.node), "gongwen.letter"))
        } else if let g = top["gongwen"] {
            throw Diagnostic.error("`gongwen:` is for layouts with `document: gongwen`", at: g.location)
        }

        var spec = LayoutSpecification(name: name, files: [], page: page, grid: grid, fonts: fonts, elements: elements, rules: rules,
                                   masthead: masthead, typesetting: typesetting, tocTitle: tocTitle, tocLeader: leader, tocMinimumArticles: tocMinimum, folioFormat: folioFormat,
                                   folioOffset: folioOffset, folioInset: folioInset)
        spec.duplex = duplex
        spec.tableStyle = tableStyle
        spec.document = document
        spec.gongwen = gongwen
        spec.headingNumbering = numbering
        return spec
    }

    static func decodePage(_ n: SpecNode) throws -> PageSpec {
        let r = try MapReader(n, what: "page")
        try r.checkKeys(["paper", "width", "height", "margin-top", "margin-left", "text-width", "text-height", "mirror"])
        // Read from the layouts (the built-in one sets A4 and GB/T 9704's block); nothing here is a default.
        var p = PageSpec(width: .zero, height: .zero, marginTop: .zero, marginLeft: .zero, textWidth: .zero, textHeight: .zero, mirror: false)
        for key in ["margin-top", "margin-left", "text-width", "text-height"] { _ = try required(r, key, in: n) }
        if let paper = r["paper"] {
            switch try SpecParse.string(paper, "page.paper").uppercased() {
            case "A4": (p.width, p.height) = (210.mm, 297.mm)
            case "A3": (p.width, p.height) = (297.mm, 420.mm)
            case "A5": (p.width, p.height) = (148.mm, 210.mm)
            case "B5": (p.width, p.height) = (176.mm, 250.mm)
            case let s: throw Diagnostic.error("unknown paper '\(s)'", at: paper.location, hint: "use A4, A3, A5, B5 or give width and height")
            }
        }
        func len(_ k: String, _ v: inout Points, positive: Bool) throws {
            guard let node = r[k] else { return }
            v = try absolute(node, "page.\(k)", allowNegative: false)
            if positive && v.value <= 0 { throw Diagnostic.error("page.\(k) must be greater than zero", at: node.location) }
        }
        try len("width", &p.width, positive: true); try len("height", &p.height, positive: true)
        try len("margin-top", &p.marginTop, positive: false); try len("margin-left", &p.marginLeft, positive: false)
        try len("text-width", &p.textWidth, positive: true); try len("text-height", &p.textHeight, positive: true)
        if let m = r["mirror"] { p.mirror = try SpecParse.bool(m, "page.mirror") }
        if p.width.value <= 0 || p.height.value <= 0 {
            throw Diagnostic.error("the page needs `paper:` or `width:` and `height:`", at: n.location)
        }
        if p.marginLeft + p.textWidth > p.width + 0.01.pt {
            throw Diagnostic.error("the text block (left margin + text width) is wider than the page", at: r["text-width"]?.location ?? n.location)
        }
        if p.marginTop + p.textHeight > p.height + 0.01.pt {
            throw Diagnostic.error("the text block (top margin + text height) is taller than the page", at: r["text-height"]?.location ?? n.location)
        }
        // PDF pages may be at most 14 400 units (200 inches, 5080 mm) on a side.
        if p.width.value > 14_400 || p.height.value > 14_400 {
            throw Diagnostic.error("the page is larger than PDF allows (5080 mm on a side)", at: r["width"]?.location ?? r["height"]?.location ?? r["paper"]?.location ?? n.location)
        }
        return p
    }

    static func decodeGrid(_ n: SpecNode) throws -> GridSpec? {
        if let s = n.scalar, ["none", "false", "off", ""].contains(s.lowercased()) { return nil }
        let r = try MapReader(n, what: "grid")
        try r.checkKeys(["chars-per-line", "lines-per-page"])
        guard let c = r["chars-per-line"], let l = r["lines-per-page"] else {
            throw Diagnostic.error("grid needs chars-per-line and lines-per-page (or `grid: none`)", at: n.location)
        }
        return GridSpec(charactersPerLine: Int(try SpecParse.number(c, "grid.chars-per-line", range: 1...200)),
                        linesPerPage: Int(try SpecParse.number(l, "grid.lines-per-page", range: 1...200)))
    }

    static func decodeStyle(_ n: SpecNode, over base: ElementStyle, what: String, fonts: [String: [String]]) throws -> ElementStyle {
        let r = try MapReader(n, what: what)
        try r.checkKeys(styleKeys)
        var s = base
        if let v = r["font"] {
            s.font = try SpecParse.string(v, "\(what).font")
            if !fonts.isEmpty && fonts[s.font] == nil {
                let near = nearestMatch(to: s.font, in: Array(fonts.keys))
                throw Diagnostic.error("unknown font family '\(s.font)' in \(what)", at: v.location,
                                       hint: near.map { "did you mean '\($0)'?" } ?? "defined families: \(fonts.keys.sorted().joined(separator: ", "))")
            }
        }
        if let v = r["size"] {
            let t = try SpecParse.string(v, "\(what).size")
            guard let p = ChineseFontSize.parse(t), p.value >= 1, p.value <= 500 else {
                throw Diagnostic.error("\(what).size '\(t)' is not a size", at: v.location,
                                       hint: "use points (16 or 16pt) or a Chinese size name: \(ChineseFontSize.table.prefix(8).map(\.name).joined(separator: " "))…")
            }
            s.size = p
        }
        if let v = r["weight"] {
            switch try SpecParse.string(v, "\(what).weight").lowercased() {
            case "bold", "粗": s.bold = true
            case "regular", "normal", "常规": s.bold = false
            case let w: throw Diagnostic.error("\(what).weight must be bold or regular, not '\(w)'", at: v.location)
            }
        }
        if let v = r["colour"] ?? r["color"] {
            let t = try SpecParse.string(v, "\(what).colour")
            guard let c = Colour(parsing: t) else {
                throw Diagnostic.error("\(what).colour '\(t)' is not a colour", at: v.location, hint: "use #RRGGBB, red or black")
            }
            s.colour = c
        }
        if let v = r["align"] {
            let t = try SpecParse.string(v, "\(what).align")
            guard let a = Alignment(rawValue: t.lowercased() == "centre" ? "center" : t.lowercased()) else {
                throw Diagnostic.error("\(what).align must be left, center, right or justify, not '\(t)'", at: v.location)
            }
            s.align = a
        }
        if let v = r["indent"] { s.indent = try length(v, "\(what).indent", allowNegative: false) }
        if let v = r["hanging-indent"] { s.hangingIndent = try length(v, "\(what).hanging-indent", allowNegative: false) }
        if let v = r["space-before"] { s.spaceBefore = try length(v, "\(what).space-before", allowNegative: false) }
        if let v = r["space-after"] { s.spaceAfter = try length(v, "\(what).space-after", allowNegative: false) }
        if let v = r["letter-spacing"] { s.letterSpacing = try length(v, "\(what).letter-spacing", allowNegative: true) }
        if let v = r["line-height"] { s.lineHeight = try length(v, "\(what).line-height", allowNegative: false) }
        if let v = r["fit"] { s.fitWidth = try SpecParse.bool(v, "\(what).fit") }
        if let v = r["min-size"] {
            let t = try SpecParse.string(v, "\(what).min-size")
            guard let p = ChineseFontSize.parse(t), p.value >= 1, p.value <= 500 else {
                throw Diagnostic.error("\(what).min-size '\(t)' is not a size", at: v.location)
            }
            s.minimumSize = p
        }
        return s
    }

    static func decodeRule(_ n: SpecNode, what: String) throws -> RuleStyle {
        let r = try MapReader(n, what: what)
        try r.checkKeys(["thickness", "colour", "color", "second-thickness", "gap"])
        // A rule is one black line unless it says more.
        var rule = RuleStyle(thickness: .zero, colour: .black, secondThickness: .zero, gap: .zero)
        let v = try required(r, "thickness", in: n)
        rule.thickness = try absolute(v, "\(what).thickness", allowNegative: false)
        if rule.thickness.value <= 0 { throw Diagnostic.error("\(what).thickness must be greater than zero", at: v.location) }
        if let v = r["second-thickness"] { rule.secondThickness = try absolute(v, "\(what).second-thickness", allowNegative: false) }
        if let v = r["gap"] { rule.gap = try absolute(v, "\(what).gap", allowNegative: false) }
        if let v = r["colour"] ?? r["color"] {
            let t = try SpecParse.string(v, "\(what).colour")
            guard let c = Colour(parsing: t) else { throw Diagnostic.error("\(what).colour '\(t)' is not a colour", at: v.location) }
            rule.colour = c
        }
        return rule
    }

    /// A key every layout has (the built-in layout defines it; a layout can change but not remove it).
    static func required(_ r: MapReader, _ key: String, in node: SpecNode) throws -> SpecNode {
        guard let v = r[key] else { throw Diagnostic.error("the layout has no `\(key):`", at: node.location) }
        return v
    }

    static func length(_ n: SpecNode, _ what: String, allowNegative: Bool) throws -> Length {
        let t = try SpecParse.string(n, what)
        guard let l = Length.parse(t) else {
            throw Diagnostic.error("\(what) '\(t)' is not a length", at: n.location, hint: "write a number with a unit: mm, cm, pt, em or line (e.g. 2em, 7mm)")
        }
        if !allowNegative {
            let negative: Bool
            switch l {
            case .absolute(let p): negative = p.value < 0
            case .em(let k), .lines(let k): negative = k < 0
            }
            if negative { throw Diagnostic.error("\(what) must not be negative", at: n.location) }
        }
        return l
    }

    static func absolute(_ n: SpecNode, _ what: String, allowNegative: Bool) throws -> Points {
        let l = try length(n, what, allowNegative: allowNegative)
        guard case .absolute(let p) = l else {
            throw Diagnostic.error("\(what) must be an absolute length (mm, cm or pt)", at: n.location)
        }
        return p
    }
}
