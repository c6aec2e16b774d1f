import Foundation
import FuzzDriver
import BulletinKit

/// Any bytes as a layout file: the loader must answer with a layout or a diagnostic, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayoutLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let text = String(data: Data(bytes: data, count: size), encoding: .utf8) {
        _ = try? LayoutLoader.decode(yaml: text, file: "fuzz.yaml")
    }
    return 0
}

@_cdecl("FuzzLayoutLoader_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzLayoutLoader)
}
