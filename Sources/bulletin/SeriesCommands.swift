import ArgumentParser
import Foundation
import BulletinKit
import BulletinImport
import BulletinBatch

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start the next issue of a series kept as SERIES/YYYY/NN.md: numbers counted on, masthead and 报/送 copied.")

    @Argument(help: "The series folder (holding YYYY/NN.md files).")
    var series: String

    @Option(help: "The new issue's date, YYYY-MM-DD (default: today).")
    var date: String?

    func run() throws {
        do {
            let day: IssueDate
            if let date {
                guard case .success(let d) = IssueDate.parse(date) else { throw ValidationError("--date must be a real date YYYY-MM-DD, not '\(date)'") }
                day = d
            } else {
                let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
                day = IssueDate(year: c.year!, month: c.month!, day: c.day!)
            }
            guard PathName.isFolder(series) else {
                throw Diagnostic.error("no such folder: \(series)", hint: "a series is a folder holding YYYY/NN.md issue files")
            }
            let folder = SeriesFolder(path: series)
            let renderer = Renderer(concurrency: 1)
            if let document = folder.files().first(where: { renderer.isGongwen($0) }) {
                throw Diagnostic.error("\(document) is a 公文 (its layout sets document: gongwen); `new` continues a bulletin's numbered issues only",
                                       hint: "start a 公文 from Examples/gongwen-tongzhi.md")
            }
            let (file, issue) = try folder.next(date: day)
            if FileManager.default.fileExists(atPath: file) {
                throw Diagnostic.error("\(file) already exists; nothing was written", hint: "the series already has this issue; edit it instead")
            }
            try OutputFolder.make(PathName.directory(file), option: "the series folder")
            try OutputFile.write(Data(IssueWriter.markdown(issue).utf8), to: file)
            print("\(file): \(issue.issueLine), \(issue.date.chinese)")
        } catch let e as ValidationError {
            throw e
        } catch {
            throw Report.fail(error)
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Work with batch reports.",
                                                    subcommands: [Merge.self])

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "merge", abstract: "Join the JSON reports of a sharded batch into one, in input order.")

        @Argument(help: "The shards' reports (batch --report of each shard).")
        var reports: [String]

        @Option(name: .shortAndLong, help: "The merged report (default: standard output).")
        var output: String = "-"

        func run() throws {
            do {
                var merged = BatchSummary()
                var seen: [String: String] = [:]
                var shards: [(index: Int, count: Int, path: String)] = []
                var batches: [String] = []
                for path in reports {
                    let data = try InputFile.read(path, what: "a batch report", maxBytes: 1_000_000_000)
                    let part: BatchSummary
                    do { part = try JSONDecoder().decode(BatchSummary.self, from: data) } catch {
                        throw Diagnostic.error("\(path) is not a batch report (bulletin batch --report)")
                    }
                    guard part.countsMatchOutcomes else {
                        throw Diagnostic.error("\(path): its counts (rendered \(part.rendered), skipped \(part.skipped), failed \(part.failed), \(part.pages) pages) are not those of the issues it lists",
                                               hint: "merge the reports batch --report wrote, unedited")
                    }
                    let kn = (part.shard ?? "").split(separator: "/").compactMap { Int($0) }
                    guard kn.count == 2 else {
                        throw Diagnostic.error("\(path) is not the report of a shard (batch --shard K/N --report)", hint: "an unsharded batch's report needs no merge")
                    }
                    shards.append((kn[0], kn[1], path))
                    if let b = part.batch { batches.append(b) }
                    // Each issue belongs to one shard: one seen twice means a report given twice or two runs mixed.
                    for o in part.outcomes {
                        if let other = seen[o.input] {
                            throw Diagnostic.error("\(o.input) is in both \(other) and \(path)", hint: "merge the reports of one run's shards, each once")
                        }
                        seen[o.input] = path
                    }
                    merged = merged.merged(with: part)
                }
                // One run's shards, each once and none missing: a merged report must not look complete when it is not.
                if Set(batches).count > 1 {
                    throw Diagnostic.error("the reports are of different batches (their inputs differ)", hint: "merge the reports of one run's shards, each once")
                }
                let counts = Set(shards.map(\.count))
                if counts.count > 1 {
                    throw Diagnostic.error("the reports are of runs split differently (\(shards.map { "\($0.path): \($0.index)/\($0.count)" }.joined(separator: ", ")))")
                }
                let n = counts.first ?? 0
                for (k, group) in Dictionary(grouping: shards, by: \.index) where group.count > 1 {
                    throw Diagnostic.error("shard \(k)/\(n) is given twice (\(group.map(\.path).joined(separator: ", ")))")
                }
                let missing = (1...max(1, n)).filter { k in !shards.contains { $0.index == k } }
                if !missing.isEmpty {
                    throw Diagnostic.error("shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing: the merged report would not cover the batch",
                                           hint: "give the reports of all \(n) shards")
                }
                merged.shard = "\(n)"
                merged.batch = batches.first
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try OutputPlan.check(outputs: [(output, "-o")], inputs: reports)
                try OutputFile.write(try encoder.encode(merged), to: output, inputs: reports)
                if output != "-" { print("\(output): \(merged.line)") }
            } catch {
                throw Report.fail(error)
            }
        }
    }
}

struct Volume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume",
        abstract: "Bind a year of issues into one PDF (合订本): a cover, one 目录 for the year, every issue from a right-hand page, one bookmark tree.")

    @Argument(help: "The year's folder (SERIES/2024), or the issue files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The volume's PDF.")
    var output: String

    @Option(help: "Page numbers: continuous (through the volume) or per-issue (as each issue printed them).")
    var folios: String = "continuous"

    @Option(help: "The volume's title (default: the bulletin's name).")
    var title: String?

    @OptionGroup var limits: LimitOptions

    func validate() throws {
        if output.isEmpty { throw ValidationError("-o needs a file name") }
        if let t = title, t.trimmingCharacters(in: .whitespaces).isEmpty || t.count > 60 {
            throw ValidationError("--title must be 1 to 60 characters")
        }
        if VolumeLayout.Folios(rawValue: folios) == nil { throw ValidationError("--folios must be continuous or per-issue, not '\(folios)'") }
    }

    func run() throws {
        do {
            let items = try BatchInputs.collect(inputs)
            if items.isEmpty { throw Diagnostic.error("no issue files found in \(inputs.joined(separator: " "))") }
            try OutputPlan.check(outputs: [(output, "-o")], inputs: items.map(\.input))
            let renderer = Renderer(concurrency: 1)
            // A 期号 twice or missing is bound as it is, but said, as batch says it.
            var said = SeriesCheck.problems(items.map(\.input))
            if inputs.count == 1, let year = Int(PathName.lastComponent(InstallLocation.absolute(inputs[0]))), (1949...9999).contains(year) {
                said += SeriesCheck.otherYears(items.map(\.input), year: year)
            }
            for warning in said { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
            if let document = items.first(where: { renderer.isGongwen($0.input) }) {
                throw Diagnostic.error("\(document.input) is a 公文 (its layout sets document: gongwen); a volume binds a bulletin's issues only",
                                       hint: "leave 公文 out of the volume's inputs")
            }
            let options = RenderOptions(limits: RenderLimits(parse: limits.parseLimits, maxPages: limits.maxPages * max(1, items.count)),
                                        creationEpoch: try RenderOptions.creationEpoch())
            let result = try renderer.volume(items.map { .file($0.input) }, title: title, folios: VolumeLayout.Folios(rawValue: folios)!, options: options)
            if result.tree.pages.count > limits.maxPages * max(1, items.count) {
                throw Diagnostic.error("the volume comes out at \(result.tree.pages.count) pages, more than \(limits.maxPages) per issue", hint: "raise it with --max-pages N")
            }
            Report.warnings(result.diagnostics)
            try OutputFile.write(try renderer.pdf(result), to: output, inputs: items.map(\.input))
            print("\(output): \(items.count) issues, \(result.tree.pages.count) pages")
        } catch {
            throw Report.fail(error)
        }
    }
}
