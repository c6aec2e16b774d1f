import Foundation
import BulletinCore

/// The 期号 of a series in one batch: issues of one bulletin and year should run 1, 2, 3 … with
/// none twice and none missing. Read from the front matter's lines alone (title, kind, year,
/// number), so checking a large archive costs little.
public enum SeriesCheck {
    public static func problems(_ inputs: [String]) -> [Diagnostic] {
        var series: [String: [(number: Int, file: String)]] = [:]
        for path in inputs where path.hasSuffix(".md") {
            guard let fields = frontMatter(path), let title = fields["title"], let year = fields["year"],
                  let number = fields["number"].flatMap({ Int($0) }) else { continue }
            series["\(title)\(fields["kind"] ?? "") \(year)年", default: []].append((number, path))
        }
        var out: [Diagnostic] = []
        for (name, issues) in series.sorted(by: { $0.key < $1.key }) where issues.count > 1 {
            let sorted = issues.sorted { ($0.number, $0.file) < ($1.number, $1.file) }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                if a.number == b.number {
                    out.append(.warning("\(name)第\(a.number)期 appears twice: \(a.file) and \(b.file)", hint: "check the `number:` of one of them"))
                } else if b.number > a.number + 1 {
                    let missing = b.number - a.number == 2 ? "第\(a.number + 1)期 is missing" : "第\(a.number + 1)–\(b.number - 1)期 are missing"
                    out.append(.warning("\(name): \(missing) (between \(a.file) and \(b.file))"))
                }
            }
        }
        return out
    }

    /// Issues bound into a year's volume (a folder named for the year) whose `year:` is another.
    public static func otherYears(_ inputs: [String], year: Int) -> [Diagnostic] {
        inputs.compactMap { path in
            guard let y = frontMatter(path)?["year"].flatMap({ Int($0) }), y != year else { return nil }
            return .warning("\(path) says year \(y), but it is bound in the \(year) volume")
        }
    }

    /// `key: value` lines between the first two `---` lines (plain scalars only; quotes taken off).
    static func frontMatter(_ path: String) -> [String: String]? {
        // Opening a FIFO waits for a writer: only regular files are read (the render reports the rest).
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 16_384), as: UTF8.self)
        let lines = head.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "---" else { return nil }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            if line == "---" { return fields }
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("-"), !line.hasPrefix("#") else { continue }
            let key = String(line[..<colon])
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, (value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'")) {
                value = String(value.dropFirst().dropLast())
            }
            if !value.isEmpty { fields[key] = value }
        }
        return nil
    }
}
