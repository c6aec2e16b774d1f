import ArgumentParser
import Foundation
import BulletinKit
import BulletinImport

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a back issue (extracted text, pdftotext output, a PDF with text, .docx, .doc/.wps) into an issue file.",
        discussion: """
        Recognises the masthead, the 目录 (dropped: render makes its own), 栏目, articles, paragraphs split \
        at page breaks, source lines and the 报/送 block, and prints what it recognised and what needs a \
        look. Exits 1 naming the required fields it could not find.
        """)

    @Argument(help: "The back issue (.txt, .md, .pdf, .docx, .doc, .wps); leave out with --batch.")
    var file: String?

    @Option(name: .shortAndLong, help: "The issue file to write (default: the input's name with .md).")
    var output: String?

    @Option(help: "Import every back issue under this folder (recursively).")
    var batch: String?

    @Option(help: "With --batch: the folder to write the issue files into, mirroring the input folders.")
    var out: String?

    @Flag(help: "Replace issue files that already exist (an imported issue is often edited by hand afterwards).")
    var force = false

    func validate() throws {
        if batch == nil && file == nil { throw ValidationError("give a file to import, or --batch FOLDER --out FOLDER") }
        if batch != nil && file != nil { throw ValidationError("give either a file or --batch, not both") }
        if batch != nil && (out ?? "").isEmpty { throw ValidationError("--batch needs --out FOLDER") }
        if batch != nil && output != nil { throw ValidationError("-o names one output; with --batch use --out FOLDER") }
        if let o = output, o.isEmpty { throw ValidationError("-o needs a file name") }
        if let o = output, !o.lowercased().hasSuffix(".md") { throw ValidationError("-o names the issue file to write, ending in .md, not '\(o)'") }
        if batch == nil && out != nil { throw ValidationError("--out is for --batch; name one output with -o") }
    }

    func run() throws {
        if let batch, let out { try runBatch(batch, out); return }
        let input = file!
        let target = output ?? Import.defaultOutput(for: input)
        do {
            let result = try Import.importFile(input)
            FileHandle.standardError.write(Data((result.report.text + "\n").utf8))
            guard let issue = result.issue else {
                throw Diagnostic.error("\(input): could not find \(result.report.missing.joined(separator: ", "))",
                                       hint: "fill them in by hand in an issue file, or check that the file is a bulletin")
            }
            if !force, FileManager.default.fileExists(atPath: target) {
                throw Diagnostic.error("\(target) already exists; nothing was written", hint: "give another name with -o, or --force to replace it")
            }
            try Import.write(issue, files: result.files, to: target, input: input, force: force)
            print("\(target): \(issue.articles.count) articles")
        } catch let d as Diagnostic {
            throw Report.fail(d)
        }
    }

    static func defaultOutput(for input: String) -> String {
        let base = PathName.deletingExtension(input)
        return PathName.pathExtension(input).lowercased() == "md" ? base + ".imported.md" : base + ".md"
    }

    static let extensions = ["txt", "text", "md", "pdf", "docx", "doc", "wps"]

    /// Reads one back issue in whatever form it comes.
    static func importFile(_ path: String) throws -> ImportResult {
        let data = try InputFile.read(path, what: "a back issue", maxBytes: ParseLimits.standard.maxSourceBytes * (path.lowercased().hasSuffix(".docx") || path.lowercased().hasSuffix(".pdf") ? 8 : 1),
                                      limitHint: "an issue's text is at most 8 MB (a .docx or PDF 64 MB); split the file into its issues")
        switch PathName.pathExtension(path).lowercased() {
        case "docx":
            return DocxImporter().importDocx(data)
        case "doc", "wps":
            return DocxImporter().importDocx(try LegacyWord.convert(path))
        case "pdf":
            let text = try PDFText.extract(path)
            return TextImporter().importText(text)
        default:
            guard let text = String(data: data, encoding: .utf8) else {
                if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
                    throw Diagnostic.error("\(path) is UTF-16 text, not UTF-8", hint: "convert it with `iconv -f UTF-16 -t UTF-8`")
                }
                throw Diagnostic.error("\(path) is not UTF-8 text", hint: "convert it with `iconv -f GB18030 -t UTF-8`")
            }
            if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" && $0 != "\u{0C}" }) {
                throw Diagnostic.error("\(path) holds control characters: it is not a text file")
            }
            return TextImporter().importText(text)
        }
    }

    /// The issue file and its photos, beside it in `images/NAME/` (NAME: the issue file's name), so
    /// issues imported into one folder never share or overwrite each other's photos. A photo file
    /// that exists already is replaced only with `force`; nothing is written until that is checked.
    static func write(_ issue: Issue, files: [(path: String, data: Data)], to target: String, input: String, force: Bool) throws {
        let dir = PathName.directory(target)
        let own = "images/" + PathName.deletingExtension(PathName.lastComponent(target)) + "/"
        var moved: [String: String] = [:]
        for f in files where f.path.hasPrefix("images/") { moved[f.path] = own + f.path.dropFirst("images/".count) }
        let placed = files.map { (path: (dir.isEmpty ? "" : dir + "/") + (moved[$0.path] ?? $0.path), data: $0.data) }
        if !force, let existing = placed.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            throw Diagnostic.error("\(existing.path) already exists; nothing was written", hint: "give another name with -o, or --force to replace it")
        }
        // Every path is checked before anything is written: a bad one leaves no photo behind.
        try OutputPlan.check(outputs: [(target, "-o")] + placed.map { ($0.path, "-o") }, inputs: [input])
        if !dir.isEmpty { try OutputFolder.make(dir, option: "-o") }
        var issue = issue
        for s in issue.sections.indices {
            for a in issue.sections[s].articles.indices {
                for b in issue.sections[s].articles[a].blocks.indices {
                    if let path = issue.sections[s].articles[a].blocks[b].figure?.path, let to = moved[path] {
                        issue.sections[s].articles[a].blocks[b].figure!.path = to
                    }
                }
            }
        }
        for f in placed {
            try OutputFolder.make(PathName.directory(f.path), option: "-o")
            try OutputFile.write(f.data, to: f.path, inputs: [input])
        }
        try OutputFile.write(Data(IssueWriter.markdown(issue).utf8), to: target, inputs: [input])
    }

    func runBatch(_ folder: String, _ out: String) throws {
        let root = InstallLocation.absolute(folder)
        guard PathName.isFolder(root), let walker = FileManager.default.enumerator(atPath: root) else {
            throw Report.fail(Diagnostic.error("\(folder) is not a folder that can be read", hint: "give the folder holding the back issues"))
        }
        // Files under --out are this import's own output, never back issues.
        let outside = InstallLocation.absolute(out) + "/"
        let found = (walker.allObjects as? [String] ?? []).filter { Import.extensions.contains(PathName.pathExtension($0).lowercased()) }
        let files = found.filter { !(InstallLocation.absolute(root + "/" + $0) + "/").hasPrefix(outside) }.sorted()
        if files.isEmpty {
            throw Report.fail(found.isEmpty
                ? Diagnostic.error("no back issues in \(folder) (\(Import.extensions.sorted().map { "." + $0 }.joined(separator: ", ")))")
                : Diagnostic.error("every back issue in \(folder) is inside --out \(out): nothing to import", hint: "give --out a folder outside the inputs"))
        }
        // Two inputs that would write one issue file (03.txt and 03.docx): neither is imported blind.
        let targets = Dictionary(grouping: files) { PathName.deletingExtension($0) }.filter { $0.value.count > 1 }
        if let clash = targets.sorted(by: { $0.key < $1.key }).first {
            throw Report.fail(Diagnostic.error("\(clash.value.joined(separator: " and ")) would both be imported as \(out)/\(clash.key).md; nothing was written",
                                               hint: "rename one of them, or import them one by one with -o"))
        }
        var failed = 0
        for (n, relative) in files.enumerated() {
            let input = root + "/" + relative
            let target = out + "/" + PathName.deletingExtension(relative) + ".md"
            do {
                let result = try Import.importFile(input)
                guard let issue = result.issue else {
                    throw Diagnostic.error("could not find \(result.report.missing.joined(separator: ", "))")
                }
                try OutputFolder.make(PathName.directory(target), option: "--out")
                if !force, FileManager.default.fileExists(atPath: target) {
                    throw Diagnostic.error("\(target) already exists (use --force to replace it)")
                }
                try Import.write(issue, files: result.files, to: target, input: input, force: force)
                let look = result.report.needsLook.count + result.report.notes.count
                print("[\(n + 1)/\(files.count)] imported \(relative) → \(target): \(issue.articles.count) articles" + (look > 0 ? ", \(look) to look at" : ""))
            } catch let d as Diagnostic {
                failed += 1
                print("[\(n + 1)/\(files.count)] FAILED \(relative): \(d.message)")
            } catch {
                failed += 1
                print("[\(n + 1)/\(files.count)] FAILED \(relative): \(error)")
            }
        }
        print("imported \(files.count - failed), failed \(failed)")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Text of a PDF through poppler's pdftotext; a PDF without a text layer is a scan.
enum PDFText {
    static func extract(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        do { try p.run() } catch { throw Diagnostic.error("reading a PDF needs pdftotext", hint: "install it with `apt-get install poppler-utils`") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            // pdftotext exits 1 for a file it cannot open, 3 for one it may not copy text from.
            let said = String(decoding: (p.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            if said.contains("password") || said.contains("ncrypt") || p.terminationStatus == 3 {
                throw Diagnostic.error("\(path) is a password-protected PDF", hint: "save an unprotected copy first (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`)")
            }
            throw Diagnostic.error("\(path) is not a PDF pdftotext can read (damaged, or not a PDF)")
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw Diagnostic.error("\(path) has no text layer (a scanned PDF)", hint: "run OCR on it first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`), then import the result")
        }
        return text
    }
}

/// .doc and .wps go through LibreOffice, when it is installed, into .docx.
enum LegacyWord {
    static func convert(_ path: String) throws -> Data {
        let office = ["soffice", "libreoffice"].first { name in
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
        }
        guard let office else {
            throw Diagnostic.error("\(path): reading .doc and .wps files needs LibreOffice", hint: "install it with `apt-get install libreoffice-writer`, or save the file as .docx in Word or WPS")
        }
        let dir = NSTemporaryDirectory() + "bulletin-import-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [office, "--headless", "--convert-to", "docx", "--outdir", dir, path]
        p.standardOutput = Pipe(); p.standardError = Pipe()
        try p.run(); p.waitUntilExit()
        let converted = dir + "/" + PathName.deletingExtension(PathName.lastComponent(path)) + ".docx"
        guard p.terminationStatus == 0, let data = FileManager.default.contents(atPath: converted) else {
            throw Diagnostic.error("\(path): LibreOffice could not convert it to .docx")
        }
        return data
    }
}
