import Foundation
import LayoutSpec

/// Any bytes as a layout file: the loader must answer with a layout or a diagnostic, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayoutLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let text = String(data: Data(bytes: data, count: size), encoding: .utf8) {
        _ = try? LayoutLoader.decode(yaml: text, file: "fuzz.yaml")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzLayoutLoader_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzLayoutLoader_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v, fuzzLayoutLoader)
}
