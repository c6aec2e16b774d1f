import Foundation
import BulletinCore
import BulletinModel

/// "附件：1. 甲" with "2. 乙" on the next line — one paragraph to CommonMark, which joins the
/// lines: the attachment notes of GB/T 9704 §7.3.5, one entry a line, without the numbers (the
/// layout numbers them when there are several).
enum Attachments {
    static let labels = ["附件：", "附件:"]

    static func isAttachments(_ text: String) -> Bool { labels.contains { text.hasPrefix($0) } }

    /// The entries from the paragraph's lines (each line's runs), label and numbers taken off.
    static func items(lines: [[Inline]]) -> [[Inline]] {
        var out: [[Inline]] = []
        for (i, var line) in lines.enumerated() {
            if i == 0, let first = line.first, let label = labels.first(where: { first.text.hasPrefix($0) }) {
                line[0].text = String(first.text.dropFirst(label.count))
            }
            if let first = line.first {
                line[0].text = strippedNumber(first.text)
            }
            line = line.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            if !line.isEmpty { out.append(line) }
        }
        return out
    }

    /// "1. 甲", "1．甲", "1、甲", "（1）甲" → "甲".
    static func strippedNumber(_ text: String) -> String {
        let t = text.drop { $0 == " " || $0 == "　" }
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let mark = t.dropFirst(digits.count).first, ".．、)）".contains(mark) {
            return String(t.dropFirst(digits.count + 1).drop { $0 == " " || $0 == "　" })
        }
        return String(t)
    }
}

/// `![…](photo.jpg "width=60%")`: the share of the text width.
enum FigureWidth {
    static func parse(_ title: String) -> Double? {
        let t = title.trimmingCharacters(in: .whitespaces).lowercased()
        guard t.hasPrefix("width="), t.hasSuffix("%"), let n = Double(t.dropFirst(6).dropLast()), n.isFinite else { return nil }
        return n / 100
    }
}

/// A figure's file is read relative to the issue file and must stay inside the issue's folder.
public enum FigurePath {
    public static func resolved(_ path: String, issueFile: String) -> String {
        if path.hasPrefix("/") { return path }
        let dir = PathName.directory(issueFile)
        return (dir.isEmpty ? "." : dir) + "/" + path
    }

    public static func problem(_ path: String, issueFile: String) -> Diagnostic? {
        if path.isEmpty { return .error("an image needs a file name") }
        if path.contains("://") {
            return .error("image '\(path)' is not a local file", hint: "download it into the issue's folder and write its file name")
        }
        let full = resolved(path, issueFile: issueFile)
        let folder = URL(fileURLWithPath: PathName.directory(issueFile).isEmpty ? "." : PathName.directory(issueFile)).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: full).standardizedFileURL.resolvingSymlinksInPath().path
        guard target == folder || target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
            return .error("image '\(path)' is outside the issue's folder", hint: "copy it into the folder of the issue file (or a folder inside it)")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else {
            return .error("image '\(path)' does not exist", hint: "image paths are read from the issue file's folder")
        }
        if isDir.boolValue { return .error("image '\(path)' is a directory") }
        return nil
    }
}

/// "表1 …", "表 2：…", "表一 …": a paragraph that names the table after it.
public enum TableCaption {
    public static func isCaption(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("表"), t.count <= 60 else { return false }
        let rest = t.dropFirst().drop { $0 == " " || $0 == "　" }
        guard let c = rest.first else { return false }
        return c.isNumber || "一二三四五六七八九十".contains(c)
    }
}
