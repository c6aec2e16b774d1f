import BulletinCore

/// Turns the merged YAML tree into a `LayoutSpecification`, checking every key and value.
enum LayoutDecoder {
    static let topKeys = ["name", "extends", "description", "page", "grid", "fonts", "defaults", "elements", "rules", "masthead", "toc", "folio", "typesetting"]
    static let styleKeys = ["font", "size", "weight", "colour", "color", "align", "indent", "hanging-indent", "space-before",
                            "space-after", "letter-spacing", "line-height", "fit"]

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
            }
        }

        let defaultsNode = top["defaults"]
        var base = ElementStyle(font: "仿宋", size: 16.pt, bold: false, colour: .black, align: .justify, indent: .zero,
                                hangingIndent: .zero, spaceBefore: .zero, spaceAfter: .zero, letterSpacing: .zero,
                                lineHeight: nil, fitWidth: false)
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

        var rules: [RuleName: RuleStyle] = [:]
        let rulesReader = try top["rules"].map { try MapReader($0, what: "rules") }
        try rulesReader?.checkKeys(RuleName.allCases.map(\.rawValue))
        for r in RuleName.allCases {
            rules[r] = try decodeRule(rulesReader?[r.rawValue], what: "rules.\(r.rawValue)")
        }

        var masthead = MastheadSpec(titleTop: 0.pt, kindGap: 6.mm, issueLineGap: 8.mm, publisherGap: 4.mm, ruleGap: 3.mm, afterRule: 8.mm)
        if let m = top["masthead"] {
            let r = try MapReader(m, what: "masthead")
            try r.checkKeys(["title-top", "kind-gap", "issue-line-gap", "publisher-gap", "rule-gap", "after-rule"])
            func len(_ k: String, _ v: inout Points) throws { if let n = r[k] { v = try absolute(n, "masthead.\(k)", allowNegative: false) } }
            try len("title-top", &masthead.titleTop); try len("kind-gap", &masthead.kindGap)
            try len("issue-line-gap", &masthead.issueLineGap); try len("publisher-gap", &masthead.publisherGap)
            try len("rule-gap", &masthead.ruleGap); try len("after-rule", &masthead.afterRule)
        }

        var typesetting = TypesettingSpec(punctuation: .fullWidth, cjkLatinSpacing: .em(0.25), halfWidthLatin: true)
        if let t = top["typesetting"] {
            let r = try MapReader(t, what: "typesetting")
            try r.checkKeys(["punctuation", "cjk-latin-spacing", "latin-width"])
            if let n = r["latin-width"] {
                switch try SpecParse.string(n, "typesetting.latin-width") {
                case "half": typesetting.halfWidthLatin = true
                case "proportional": typesetting.halfWidthLatin = false
                case let v: throw Diagnostic.error("typesetting.latin-width must be half or proportional, not '\(v)'", at: n.location)
                }
            }
            if let n = r["punctuation"] {
                let v = try SpecParse.string(n, "typesetting.punctuation")
                guard let p = PunctuationStyle(rawValue: v) else {
                    throw Diagnostic.error("typesetting.punctuation must be one of \(PunctuationStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\(v)'", at: n.location)
                }
                typesetting.punctuation = p
            }
            if let n = r["cjk-latin-spacing"] { typesetting.cjkLatinSpacing = try length(n, "typesetting.cjk-latin-spacing", allowNegative: false) }
        }

        var tocTitle = "目\u{3000}录", leader = "…", tocMinimum = 2
        if let t = top["toc"] {
            let r = try MapReader(t, what: "toc")
            try r.checkKeys(["title", "leader", "min-articles"])
            if let n = r["min-articles"] { tocMinimum = Int(try SpecParse.number(n, "toc.min-articles", range: 0...10_000)) }
            if let n = r["title"] { tocTitle = try SpecParse.string(n, "toc.title") }
            if let n = r["leader"] {
                leader = try SpecParse.string(n, "toc.leader")
                if leader.isEmpty { throw Diagnostic.error("toc.leader is empty", at: n.location) }
            }
        }

        var folioFormat = "— {n} —", folioOffset = 7.mm, folioInset = Length.em(1)
        if let f = top["folio"] {
            let r = try MapReader(f, what: "folio")
            try r.checkKeys(["format", "offset", "inset"])
            if let n = r["format"] {
                folioFormat = try SpecParse.string(n, "folio.format")
                if !folioFormat.contains("{n}") { throw Diagnostic.error("folio.format must contain {n} for the page number", at: n.location) }
            }
            if let n = r["offset"] { folioOffset = try absolute(n, "folio.offset", allowNegative: false) }
            if let n = r["inset"] { folioInset = try length(n, "folio.inset", allowNegative: false) }
        }

        return LayoutSpecification(name: name, files: [], page: page, grid: grid, fonts: fonts, elements: elements, rules: rules,
                                   masthead: masthead, typesetting: typesetting, tocTitle: tocTitle, tocLeader: leader, tocMinimumArticles: tocMinimum, folioFormat: folioFormat,
                                   folioOffset: folioOffset, folioInset: folioInset)
    }

    static func decodePage(_ n: SpecNode) throws -> PageSpec {
        let r = try MapReader(n, what: "page")
        try r.checkKeys(["paper", "width", "height", "margin-top", "margin-left", "text-width", "text-height", "mirror"])
        var p = PageSpec(width: 210.mm, height: 297.mm, marginTop: 37.mm, marginLeft: 28.mm, textWidth: 156.mm, textHeight: 225.mm, mirror: false)
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
        if p.marginLeft + p.textWidth > p.width + 0.01.pt {
            throw Diagnostic.error("the text block (left margin + text width) is wider than the page", at: r["text-width"]?.location ?? n.location)
        }
        if p.marginTop + p.textHeight > p.height + 0.01.pt {
            throw Diagnostic.error("the text block (top margin + text height) is taller than the page", at: r["text-height"]?.location ?? n.location)
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
        return s
    }

    static func decodeRule(_ n: SpecNode?, what: String) throws -> RuleStyle {
        var rule = RuleStyle(thickness: 0.35.mm, colour: .black, secondThickness: .zero, gap: .zero)
        guard let n else { return rule }
        let r = try MapReader(n, what: what)
        try r.checkKeys(["thickness", "colour", "color", "second-thickness", "gap"])
        if let v = r["thickness"] {
            rule.thickness = try absolute(v, "\(what).thickness", allowNegative: false)
            if rule.thickness.value <= 0 { throw Diagnostic.error("\(what).thickness must be greater than zero", at: v.location) }
        }
        if let v = r["second-thickness"] { rule.secondThickness = try absolute(v, "\(what).second-thickness", allowNegative: false) }
        if let v = r["gap"] { rule.gap = try absolute(v, "\(what).gap", allowNegative: false) }
        if let v = r["colour"] ?? r["color"] {
            let t = try SpecParse.string(v, "\(what).colour")
            guard let c = Colour(parsing: t) else { throw Diagnostic.error("\(what).colour '\(t)' is not a colour", at: v.location) }
            rule.colour = c
        }
        return rule
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
