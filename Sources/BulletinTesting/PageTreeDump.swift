import BulletinCore
import BulletinLayout

/// A stable, readable text form of a laid-out issue: per page, every box with its role, position and
/// width in millimetres (0.1 mm) and its text, then the outline. A moved margin or a changed line
/// break shows up as a small diff naming the boxes that moved.
public enum PageTreeDump {
    public static func text(_ tree: PageTree) -> String {
        var out: [String] = []
        out.append("page size \(mm(tree.pageSize.width)) × \(mm(tree.pageSize.height)) mm, \(tree.pages.count) pages")
        out.append("articles on pages \(tree.articlePages.map(String.init).joined(separator: " "))")
        for page in tree.pages {
            out.append("")
            out.append("page \(page.number)")
            for box in page.boxes {
                let f = box.frame
                var line = "  \(pad(box.role.rawValue, 18)) x \(pad(mm(f.x), 6)) y \(pad(mm(f.y), 6)) w \(pad(mm(f.width), 6))"
                switch box.content {
                case .text(let runs, _, _, _):
                    let size = runs.map(\.size.value).max() ?? 0
                    line += " \(fmt(size))pt  \(runs.map(\.text).joined())"
                case .rule(let r, let c):
                    line += " h \(mm(r.height)) \(c)"
                case .image(let i, let r):
                    line += " h \(mm(r.height)) \(i.format.rawValue) \(i.pixelWidth)×\(i.pixelHeight) \(PathName.lastComponent(i.path))"
                }
                if let a = box.anchor { line += "  ⚓\(a)" }
                if let l = box.link { line += "  → \(l)" }
                out.append(line)
            }
        }
        if !tree.outline.isEmpty {
            out.append("")
            out.append("outline")
            for o in tree.outline {
                out.append(String(repeating: "  ", count: o.level) + "\(o.title) → page \(o.page)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func mm(_ p: Points) -> String {
        let v = (p.millimetres.value * 10).rounded() / 10
        return String(format: "%.1f", v == 0 ? 0 : v)
    }

    static func fmt(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
