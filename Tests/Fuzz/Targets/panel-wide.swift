// Fuzz target `panel-wide`: PanelReader with --panel-layout wide, through a pipe as from stdin.
// See fuzzPanel in Tests/Fuzz/Support.swift for the promises checked.
import Foundation
@testable import OnTrackIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzPanel(inputBytes(data, size), layout: .wide)
    return 0
}
