// Fuzz target `csv`: CSVReader (the RFC 4180 reader of dataset files) and CSVTable.
// Promises checked: every error has a place; a parse reads back the same after CSVWriter; the
// fast panel scanner (ByteScanner) splits valid CSV into the same records and fields.
import Foundation
@testable import OnTrackIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    let records: [CSVRecord]
    do {
        records = try CSVReader.parse(bytes, file: "f.csv")
    } catch {
        check(error.file == "f.csv" && error.line >= 1 && error.column >= 1 && !error.message.isEmpty, "an error without a place: \(error)")
        do {
            _ = try CSVTable(bytes: bytes, file: "f.csv", required: [])
            check(false, "CSVTable accepted what CSVReader rejected: \(error)")
        } catch let tableError {
            check(tableError == error, "CSVTable and CSVReader report different errors: \(tableError) vs \(error)")
        }
        return 0
    }
    let lines = max(lineCount(bytes), 1)
    var previous = 0
    for r in records {
        check(!r.fields.isEmpty, "a record without fields at line \(r.line)")
        check(r.line >= max(previous, 1) && r.line <= lines, "record line \(r.line) after \(previous), in \(lines) lines")
        check(r.fields[0].line == r.line, "a record's first field is not on its line")
        for f in r.fields { check(f.line >= r.line && f.column >= 1, "field place \(f.line):\(f.column) in a record at line \(r.line)") }
        previous = r.line
    }

    // Round trip: what CSVWriter writes reads back as the same fields (a BOM first, so that a
    // field starting with U+FEFF is not taken for one).
    var writer = CSVWriter()
    for r in records { writer.write(r.fields.map(\.text)) }
    let again = try? CSVReader.parse([0xEF, 0xBB, 0xBF] + Array(writer.output.utf8), file: "g.csv")
    check(again?.map { $0.fields.map(\.text) } == records.map { $0.fields.map(\.text) },
          "CSVWriter's output does not read back the same: \(writer.output.debugDescription)")

    // The table view: a header of unique names, or a duplicate-column error.
    if let head = records.first {
        let names = head.fields.map { $0.text.trimmingSpaces }
        do {
            let table = try CSVTable(bytes: bytes, file: "f.csv", required: Array(names.prefix(2)))
            check(Set(names).count == names.count, "CSVTable accepted a duplicated column: \(names)")
            check(table.rows.count == records.count - 1, "CSVTable lost rows")
            for row in table.rows {
                check((table.widthError(row) == nil) == (row.fields.count == names.count), "widthError is wrong for a row of \(row.fields.count)")
                for name in names { _ = table.text(name, in: row) }
            }
        } catch {
            check(Set(names).count < names.count, "CSVTable rejected a header with unique names: \(error)")
        }
    }

    // The fast scanner of the panel readers splits the same CSV into the same records and fields
    // (the BOM is removed by BlockSource before the scanner sees it). Line numbers are compared
    // without CRs: the scanner also counts a lone CR inside a quoted field as a line break.
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    let plain = Array(body)
    var scanned: [(line: Int, fields: [String])] = []
    plain.withUnsafeBufferPointer { p in
        var scanner = ByteScanner(p)
        var spans: [ByteSpan] = []
        while let record = scanner.next(into: &spans) {
            switch record {
            case .malformed(let line, _, _, let message):
                check(false, "ByteScanner rejects line \(line) of CSV that CSVReader reads: \(message)")
            case .fields(let line, _):
                if spans.count == 1, spans[0].isEmpty, !spans[0].quoted { continue } // a blank line
                scanned.append((line, spans.map { scanner.text($0) }))
            }
        }
    }
    check(scanned.map(\.fields) == records.map { $0.fields.map(\.text) },
          "ByteScanner and CSVReader split the same CSV differently: \(scanned.map(\.fields).prefix(3)) vs \(records.map { $0.fields.map(\.text) }.prefix(3))")
    check(plain.contains(0x0D) || scanned.map(\.line) == records.map(\.line), "ByteScanner and CSVReader number lines differently")
    return 0
}
