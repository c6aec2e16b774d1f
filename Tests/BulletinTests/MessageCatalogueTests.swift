import XCTest
import Foundation
@testable import BulletinCore

/// Diagnostics in Chinese for a `zh_*` locale, from the one message catalogue.
final class MessageCatalogueTests: XCTestCase {
    let corpus = repositoryRoot + "/Tests/BadInputs"

    func testLocaleChoosesTheLanguage() {
        XCTAssertEqual(MessageCatalogue.language(environment: ["LANG": "zh_CN.UTF-8"]), .chinese)
        XCTAssertEqual(MessageCatalogue.language(environment: ["LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]), .english)
        XCTAssertEqual(MessageCatalogue.language(environment: ["LC_MESSAGES": "zh_TW"]), .chinese)
        XCTAssertEqual(MessageCatalogue.language(environment: [:]), .english)
    }

    func testADiagnosticReadsInChinese() {
        let d = Diagnostic.error("unknown front matter key 'publsher'", at: SourceLocation(file: "a.md", line: 6, column: 1),
                                 hint: "did you mean 'publisher'?")
        XCTAssertEqual(d.description(in: .chinese), "a.md:6:1: 错误：未知的刊物信息字段“publsher”\n  提示：是不是想写“publisher”？")
        XCTAssertEqual(d.description(in: .english), "a.md:6:1: error: unknown front matter key 'publsher'\n  hint: did you mean 'publisher'?")
    }

    func testChineseTemplatesUseOnlyTheirEnglishPlaceholders() {
        func placeholders(_ s: String) -> Set<String> {
            Set(s.matches(of: /\{[0-9]+\}/).map { String($0.output) })
        }
        for e in MessageCatalogue.entries {
            XCTAssertTrue(placeholders(e.chinese).isSubset(of: placeholders(e.english)), "\(e.english) → \(e.chinese)")
            XCTAssertFalse(e.chinese.isEmpty, e.english)
        }
    }

    /// Every error and hint the bad-input corpus produces has a Chinese form, and under a Chinese
    /// locale the command line prints it.
    func testEveryCorpusDiagnosticHasAChineseForm() throws {
        let table = try String(contentsOfFile: corpus + "/expected.tsv", encoding: .utf8)
        var missing: [String] = []
        var checked = 0
        for line in table.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3, f[1] != "0" else { continue }
            let dir = try temporaryDirectory()
            var args = ["render", f[0], "-o", dir + "/out.pdf"]
            let extra = f.count > 3 ? f[3].split(separator: " ").map { $0 == "{DIR}" ? dir : String($0) } : []
            if extra.first == "-o" { args = ["render", f[0]] + extra } else { args += extra }
            let english = try runProcess(builtBinary, args, environment: ["LC_ALL": "C.UTF-8"], in: corpus).output
            for l in english.split(separator: "\n").map(String.init) {
                var text: String?
                if let r = l.range(of: "error: ") ?? l.range(of: "warning: ") { text = String(l[r.upperBound...]) }
                if l.hasPrefix("  hint: ") { text = String(l.dropFirst("  hint: ".count)) }
                guard let text else { continue }
                checked += 1
                if MessageCatalogue.chinese(text) == nil { missing.append("\(f[0]): \(text)") }
            }
            let chinese = try runProcess(builtBinary, args, environment: ["LC_ALL": "zh_CN.UTF-8"], in: corpus).output
            XCTAssertTrue(chinese.contains("错误：") || chinese.contains("警告："), "\(f[0]): \(chinese)")
        }
        XCTAssertGreaterThan(checked, 40)
        XCTAssertEqual(missing, [], "messages without a Chinese form")
    }
}
