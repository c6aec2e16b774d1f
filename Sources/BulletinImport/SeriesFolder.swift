import Foundation
import BulletinCore
import BulletinModel
import BulletinSource

/// A bulletin's issues kept as `SERIES/YYYY/NN.md`: finds the latest issue and scaffolds the next
/// one — 总期号 + 1, 期号 + 1 within the year (or 1 in a later year), the masthead and 版记 of the
/// latest issue, and one empty article to fill in.
public struct SeriesFolder {
    public let path: String
    public init(path: String) { self.path = path }

    /// The series' issue files, YYYY/*.md, by year and name.
    public func files() -> [String] {
        var out: [String] = []
        let years = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.count == 4 && Int($0) != nil }.sorted()
        for y in years {
            let dir = path + "/" + y
            for f in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where f.hasSuffix(".md") { out.append(dir + "/" + f) }
        }
        return out
    }

    /// Every issue of the series, with its file, in issue order.
    public func issues() throws -> [(file: String, issue: Issue)] {
        let out = try files().map { ($0, try IssueParser.parse(fileAt: $0)) }
        return out.sorted { ($0.1.year, $0.1.number, $0.0) < ($1.1.year, $1.1.number, $1.0) }
    }

    /// The next issue after the latest one, dated `date`, and the file it belongs in.
    public func next(date: IssueDate) throws -> (file: String, issue: Issue) {
        guard let latest = try issues().last?.issue else {
            throw Diagnostic.error("no issues found in \(path) (they are kept as YYYY/NN.md)", hint: "put the latest issue at \(path)/\(date.year)/01.md first")
        }
        if date.year < latest.year || (date.year == latest.year && (date.month, date.day) < (latest.date.month, latest.date.day)) {
            throw Diagnostic.error("the date \(date.iso) is before the latest issue's (\(latest.date.iso))")
        }
        var next = Issue(layout: latest.layout, title: latest.title, kind: latest.kind, year: date.year,
                         number: date.year > latest.year ? 1 : latest.number + 1, total: latest.total.map { $0 + 1 },
                         publisher: latest.publisher, date: date, classification: latest.classification,
                         sections: [Section(title: nil, articles: [Article(title: "文章标题", blocks: [.paragraph([Inline("在此写正文。")])], source: "来源单位")])],
                         distribution: latest.distribution, copies: latest.copies)
        next.note = nil
        let file = String(format: "%@/%d/%02d.md", path, date.year, next.number)
        return (file, next)
    }
}
