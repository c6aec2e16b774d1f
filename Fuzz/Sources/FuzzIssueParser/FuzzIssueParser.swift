import Foundation
import BulletinSource

/// Any bytes as an issue file: the parser must answer with an issue or a diagnostic, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIssueParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    if let source = try? SourceText(path: "fuzz.md", data: bytes) {
        _ = try? IssueParser.parse(source)
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzIssueParser_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzIssueParser_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v, fuzzIssueParser)
}
