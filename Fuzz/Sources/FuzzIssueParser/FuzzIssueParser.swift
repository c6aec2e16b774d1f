import Foundation
import FuzzDriver
import BulletinKit

/// Any bytes as an issue file: the parser must answer with an issue or a diagnostic, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIssueParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let source = try? SourceText(path: "fuzz.md", data: bytes) {
        _ = try? IssueParser.parse(source)
    }
    return 0
}

@_cdecl("FuzzIssueParser_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzIssueParser)
}
