// Fuzz target `number`: NumberParsing (the panel readers' numbers, years and missing-value words).
// The input is one cell. Promises checked against independent references: a number is read exactly
// as Swift's Double(String) (correctly rounded) reads it, and only decimal numbers are read; a year
// is what Int(String) reads; the missing-value words are exactly those of docs/panel.md.
import Foundation
@testable import OnTrackIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    // Also the cell in the middle of a row, to catch reads outside start..<end.
    let row = Array("x,".utf8) + bytes + Array(",y".utf8)
    let text = String(decoding: bytes, as: UTF8.self)
    let isText = String(validating: bytes, as: UTF8.self) != nil

    let value = bytes.withUnsafeBufferPointer { NumberParsing.double($0, 0, bytes.count) }
    let valueInRow = row.withUnsafeBufferPointer { NumberParsing.double($0, 2, 2 + bytes.count) }
    check(value?.bitPattern == valueInRow?.bitPattern, "the number depends on the bytes around the cell: \(text.debugDescription)")
    let decimal = CSVWriter.isPlainNumber(bytes)
    if let value {
        check(decimal, "\(text.debugDescription) is not a decimal number but reads as \(value)")
        let reference = Double(text)
        check(reference != nil && (reference!.bitPattern == value.bitPattern), "\(text.debugDescription) reads as \(value), Double(String) gives \(String(describing: reference))")
    } else if decimal && bytes.count < 64 {
        check(false, "the decimal \(text.debugDescription) is not read (Double(String) gives \(String(describing: Double(text))))")
    }

    let year = bytes.withUnsafeBufferPointer { NumberParsing.integer($0, 0, bytes.count) }
    let yearInRow = row.withUnsafeBufferPointer { NumberParsing.integer($0, 2, 2 + bytes.count) }
    check(year == yearInRow, "the integer depends on the bytes around the cell: \(text.debugDescription)")
    if let year {
        check(isText && Int(text) == year, "\(text.debugDescription) reads as the integer \(year), Int(String) gives \(String(describing: Int(text)))")
    } else if isText, let reference = Int(text) {
        // Longer than 18 digits (with leading zeros) is refused by design; shorter must be read.
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.count
        check(digits > 18, "\(text.debugDescription) is the integer \(reference) but is not read")
    }

    // docs/panel.md: empty, NA, NaN, N/A, null, .. and - (any case) are missing; nothing else is.
    let missing = bytes.withUnsafeBufferPointer { NumberParsing.isMissing($0, 0, bytes.count) }
    let missingInRow = row.withUnsafeBufferPointer { NumberParsing.isMissing($0, 2, 2 + bytes.count) }
    check(missing == missingInRow, "missing depends on the bytes around the cell: \(text.debugDescription)")
    let words: Set<String> = ["", "na", "nan", "n/a", "null", "..", "-"]
    let lower = String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    let expected = isText && words.contains(lower)
    check(missing == expected, "\(text.debugDescription) (bytes \(bytes)) is \(missing ? "" : "not ")taken for a missing value")
    return 0
}
