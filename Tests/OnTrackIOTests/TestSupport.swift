import Foundation
@testable import OnTrackIO

/// The package root, found from this file's path (Tests/OnTrackIOTests/TestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ontrack-io-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Parses `text` as CSV, returning the records.
func records(_ text: String, file: String = "t.csv") throws(LocatedError) -> [CSVRecord] {
    try CSVReader.parse(Array(text.utf8), file: file)
}

/// The error CSVReader raises on `bytes`, or nil when it parses.
func csvError(_ bytes: [UInt8], file: String = "t.csv") -> LocatedError? {
    do {
        _ = try CSVReader.parse(bytes, file: file)
        return nil
    } catch {
        return error
    }
}

func csvError(_ text: String, file: String = "t.csv") -> LocatedError? {
    csvError(Array(text.utf8), file: file)
}

/// A CSV line built from unquoted cells, with the 1-based column (in characters) where each cell
/// starts: 1 + the characters of the cells before it + one comma per cell before it.
struct Line {
    var cells: [String]
    init(_ cells: String...) { self.cells = cells }
    var text: String { cells.joined(separator: ",") }
    func column(_ index: Int) -> Int {
        1 + cells[..<index].reduce(0) { $0 + $1.count } + index
    }
}

/// The CSVTable of a header and lines (LF line ends, trailing newline).
func table(_ header: String, _ lines: [Line], file: String, required: [String] = []) throws(LocatedError) -> CSVTable {
    let text = ([header] + lines.map(\.text)).joined(separator: "\n") + "\n"
    return try CSVTable(bytes: Array(text.utf8), file: file, required: required)
}
