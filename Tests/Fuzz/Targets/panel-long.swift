// Fuzz target `panel-long`: PanelReader with --panel-layout long, through a pipe as from stdin.
// See fuzzPanel in Tests/Fuzz/Support.swift for the promises checked.
import Foundation
@testable import OnTrackIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzPanel(inputBytes(data, size), layout: .long)
    return 0
}
