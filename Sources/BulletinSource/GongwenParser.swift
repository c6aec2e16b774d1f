import Foundation
import Yams
import BulletinCore
import BulletinModel

/// Reads a 公文 file: YAML front matter with the 版头 and 版记 fields, then the 正文 in the same
/// Markdown as a bulletin's body (`###`–`######` are the four heading levels). A `# ` heading starts
/// the text of an attachment (`# 附件1` or the attachment's name); the front matter's
/// `attachments:` lists their names for the 附件说明.
public enum GongwenParser {
    static let schema = FrontMatter.Schema(
        known: ["layout", "copy-number", "secrecy", "secrecy-period", "urgency", "issuer", "sign", "number", "signers", "title",
                "addressee", "attachments", "signature", "date", "seal", "remark", "cc", "printer", "print-date"],
        required: ["issuer", "number", "title", "date"])

    public static func parse(_ source: SourceText, warnings: DiagnosticSink = DiagnosticSink(), limits: ParseLimits = .standard) throws -> Gongwen {
        let lines = source.lines
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---",
              let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw Diagnostic.error("the file must start with YAML front matter between `---` lines", at: source.location(line: 1),
                                   hint: "begin with `---`, the fields (issuer, number, title, date, …), then `---`")
        }
        let fm = try FrontMatter(yaml: lines[1..<close].joined(separator: "\n"), source: source, firstLine: 2,
                                 headerLocation: source.location(line: 1), schema: schema)
        var problems = fm.problems
        func field<T>(_ f: () throws -> T?) -> T? {
            do { return try f() } catch let d as Diagnostic { problems.append(d); return nil } catch { return nil }
        }
        let issuers = field { try fm.list("issuer") } ?? []
        let number = field { try fm.string("number") }
        if let number, let problem = DocumentNumber.problem(number), let (node, _) = fm.fields["number"] {
            problems.append(.error(problem.message, at: fm.location(of: node), hint: problem.hint))
        }
        let copyNumber = field { try fm.string("copy-number") }
        if let c = copyNumber, !(c.count == 6 && c.allSatisfy { $0.isASCII && $0.isNumber }), let (node, _) = fm.fields["copy-number"] {
            problems.append(.error("'copy-number' (份号) is six Arabic digits, not '\(c)'", at: fm.location(of: node), hint: "for example `copy-number: \"000123\"`"))
        }
        let title = field { try fm.string("title") }
        let date = field { try fm.date("date") }
        let printDate = field { try fm.date("print-date") }
        let attachmentNames = field { try fm.list("attachments") } ?? []
        let g = (layout: field { try fm.string("layout") }, secrecy: field { try fm.string("secrecy") },
                 period: field { try fm.string("secrecy-period") }, urgency: field { try fm.string("urgency") },
                 sign: field { try fm.string("sign") }, signers: field { try fm.list("signers") } ?? [],
                 addressee: field { try fm.string("addressee") }, signature: field { try fm.list("signature") } ?? [],
                 seal: field { try fm.string("seal") }, remark: field { try fm.string("remark") }, cc: field { try fm.list("cc") } ?? [],
                 printer: field { try fm.string("printer") })
        if !problems.isEmpty {
            throw DiagnosticList(problems.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) })
        }
        guard let number, let title, let date, !issuers.isEmpty else { throw Diagnostic.error("incomplete front matter", at: source.location(line: 1)) }

        // The 正文, then each attachment's text from its `# ` heading.
        let body = Array(lines[(close + 1)...])
        var parts: [(heading: String?, start: Int, lines: [String])] = [(nil, close + 2, [])]
        for (i, line) in body.enumerated() {
            if line.hasPrefix("# ") {
                parts.append((String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces), close + 2 + i + 1, []))
            } else {
                parts[parts.count - 1].lines.append(line)
            }
        }
        let main = try blocks(parts[0].lines, firstLine: parts[0].start, source: source, warnings: warnings, limits: limits)
        var attachments = attachmentNames.map { GongwenAttachment(name: $0) }
        for (k, part) in parts.dropFirst().enumerated() {
            let text = try blocks(part.lines, firstLine: part.start, source: source, warnings: warnings, limits: limits)
            // `# 附件1`, `# 附件1：名称` or `# 名称`: matched by number, else by name, else the next one.
            let heading = part.heading ?? ""
            let byNumber = Int(heading.dropFirst(2).prefix { $0.isNumber }).map { $0 - 1 }
            let index = (heading.hasPrefix("附件") ? byNumber : nil) ?? attachments.firstIndex { heading.contains($0.name) } ?? k
            if index < attachments.count { attachments[index].body = text }
            else { attachments.append(GongwenAttachment(name: heading, body: text)) }
        }
        if main.isEmpty {
            throw Diagnostic.error("the document has no text (正文)", at: source.location(line: close + 1), hint: "write the text after the front matter")
        }
        // The 主送 is printed above the text from the front matter: typed again as the first
        // paragraph, it would print twice.
        if let addressee = g.addressee, let first = main.first, first.kind == .paragraph {
            let text = first.plainText.trimmingCharacters(in: .whitespaces)
            let bare = addressee.trimmingCharacters(in: CharacterSet(charactersIn: "：: "))
            if text == bare || text == bare + "：" || text == bare + ":" {
                warnings.report(.warning("the first paragraph repeats the 主送 (addressee: \(addressee)); it would print twice",
                                         at: first.span.value.map { $0.location(in: source.path) },
                                         hint: "delete that paragraph: the 主送 line comes from `addressee:`"))
            }
        }
        return Gongwen(layout: g.layout, copyNumber: copyNumber, secrecy: g.secrecy, secrecyPeriod: g.period, urgency: g.urgency,
                       issuers: issuers, sign: g.sign, number: number, signers: g.signers, title: title, addressee: g.addressee,
                       body: main, attachments: attachments, signature: g.signature.isEmpty ? issuers : g.signature, date: date,
                       seal: g.seal, remark: g.remark, cc: g.cc, printer: g.printer, printDate: printDate, span: fm.spans)
    }

    /// Blocks of a Markdown part, read as one article's text.
    static func blocks(_ lines: [String], firstLine: Int, source: SourceText, warnings: DiagnosticSink, limits: ParseLimits) throws -> [Block] {
        guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return [] }
        let result = try MarkdownBody.parse(lines: ["## 正文", ""] + lines, firstLine: firstLine - 2, source: source, warnings: warnings, limits: limits)
        var out: [Block] = []
        for (i, article) in result.sections.flatMap(\.articles).enumerated() {
            if i > 0 { out.append(Block.subheading(article.title)) }
            out += article.blocks
            if let s = article.source { out.append(.paragraph([Inline("（\(s)）")])) }
        }
        return out
    }
}

/// 发文字号: 机关代字 + year in 六角括号 + serial number without leading zeros + 号 (苏工发〔2024〕9号).
public enum DocumentNumber {
    public static func problem(_ n: String) -> (message: String, hint: String)? {
        let hint = "write it as 机关代字〔2024〕9号: the year in 〔〕, the number without leading zeros"
        guard let open = n.firstIndex(of: "〔"), let close = n.firstIndex(of: "〕"), open < close else {
            let wrong = ["[", "［", "（", "(", "【"].first { n.contains($0) }
            return ("发文字号 '\(n)' must put the year in 六角括号 〔〕" + (wrong.map { ", not \($0)" } ?? ""), hint)
        }
        let year = n[n.index(after: open)..<close]
        guard year.count == 4, year.allSatisfy({ $0.isASCII && $0.isNumber }) else { return ("发文字号 '\(n)' must give the full year in 〔〕", hint) }
        let serial = n[n.index(after: close)...]
        guard serial.hasSuffix("号") else { return ("发文字号 '\(n)' must end with 号", hint) }
        let digits = serial.dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return ("发文字号 '\(n)' must number the document in Arabic digits", hint) }
        if digits.hasPrefix("0") { return ("发文字号 '\(n)' must not have leading zeros (虚位)", hint) }
        if n[..<open].isEmpty { return ("发文字号 '\(n)' must start with the issuer's 机关代字", hint) }
        return nil
    }
}
