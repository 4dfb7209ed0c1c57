import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why a workbook could not be read: the message names the file (and sheet, and cell, where one is
/// to blame).
public struct XLSXReadError: Error, CustomStringConvertible, Sendable {
    /// Where: the file, `FILE[SHEET]!C5` for a cell, or `FILE:PART` for a part of the archive.
    public var place: String
    /// What is wrong.
    public var detail: String
    /// An error at `place` saying `detail`.
    public init(at place: String, _ detail: String) {
        self.place = place
        self.detail = detail
    }
    /// `place: detail`.
    public var message: String { "\(place): \(detail)" }
    public var description: String { message }
}

/// Reads one sheet of an Excel workbook (`.xlsx`) as CSV bytes, so that the panel and targets
/// readers of OnTrackIO (every layout: long, wide, WDI, SDMX, Open SDG) read it unchanged.
///
/// ZIPFoundation opens the archive (checking each part's CRC); Foundation's `XMLParser` reads
/// `xl/workbook.xml` and its relationships (the sheets' names and parts), `xl/sharedStrings.xml`
/// and the sheet. Cells: shared strings, inline strings, formula results (the cached value),
/// numbers (written in their shortest form: `2015`, not `2015.0`), booleans (`TRUE`, `FALSE`) and
/// errors (`#N/A`, as text). Cells left out of the file (`A1`, `C1`: no `B1`) are empty fields;
/// rows left out are blank lines, which the readers skip, so that line *n* of the CSV is row
/// *n* − 1 + ``Sheet/firstRow`` of the sheet. Dates are the serial numbers Excel stores.
public enum XLSXReader {
    /// The start of every ZIP archive, and so of every `.xlsx` file: `PK\u{3}\u{4}`.
    public static let magic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Whether `head` (the first bytes of a file) starts like a ZIP archive.
    public static func isZIP<C: Collection<UInt8>>(_ head: C) -> Bool {
        head.starts(with: magic)
    }

    /// One sheet read as CSV.
    public struct Sheet: Sendable {
        /// The sheet's name.
        public var name: String
        /// The sheet as UTF-8 CSV (RFC 4180 quoting), one line per row from the first row with a value.
        public var csv: [UInt8]
        /// The sheet row of the first CSV line (the header): 1 unless rows above it are empty.
        public var firstRow: Int
        /// For each line of ``csv`` (a cell with a line break spans several): where it starts, and
        /// the sheet row it belongs to.
        var lines: [(start: Int, row: Int)] = []

        /// The cell, such as `C5`, at `line` and `column` (1-based, in characters, as the readers'
        /// messages count them) of ``csv``; nil for line 0 (the file as a whole) or past the end.
        public func reference(line: Int, column: Int) -> String? {
            guard line >= 1, line <= lines.count, column >= 1 else { return nil }
            let (start, row) = lines[line - 1]
            var i = start, character = 1, field = 0, quoted = false
            while i < csv.count, character < column {
                let b = csv[i]
                if !quoted, b == 0x0A || b == 0x0D { break }
                if b == 0x22 { quoted.toggle() } else if b == 0x2C, !quoted { field += 1 }
                i += 1
                if i >= csv.count || csv[i] & 0xC0 != 0x80 { character += 1 }
            }
            return XLSXReader.columnName(field) + String(row)
        }
    }

    /// One cell with a value, as the sheet stores it.
    public struct Cell: Sendable, Equatable {
        /// What a cell holds. A formula cell holds its cached result.
        public enum Value: Sendable, Equatable {
            case text(String)
            case number(Double)
            case boolean(Bool)
            /// An error value such as `#N/A`.
            case error(String)
        }
        /// The sheet row, 1-based (`5` in `C5`).
        public var row: Int
        /// The column, 0-based (`2` for `C`).
        public var column: Int
        /// What the cell holds.
        public var value: Value
        /// The index of the cell's format in the workbook's styles (0: the default).
        public var style: Int

        /// The reference, such as `C5`.
        public var reference: String { XLSXReader.columnName(column) + String(row) }

        /// The value as a CSV field: numbers in their shortest form (`2015`, `0.1`), booleans as
        /// `TRUE`/`FALSE`, text and errors as they are.
        public var text: String {
            switch value {
            case .text(let s), .error(let s): return s
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : v.description
            }
        }
    }

    /// The cells with a value of the sheet called `sheet` (or the first), in row order, and the
    /// sheet's name.
    public static func cells(_ data: Data, file: String, sheet: String? = nil,
                             maximumPartSize: Int = maximumPartSize) throws -> (sheet: String, cells: [Cell]) {
        let book = try Book(data, file: file, limit: maximumPartSize)
        let (name, parser) = try book.parseSheet(sheet)
        return (name, parser.cells.sorted { ($0.row, $0.column) < ($1.row, $1.column) })
    }

    /// The largest part (a sheet's XML, once inflated) read: 2 GiB. A larger one — or a "ZIP bomb",
    /// a small file that inflates without end — is an error, not an exhausted machine.
    public static let maximumPartSize = 1 << 31

    /// The names of the sheets of the workbook in `data`, in order.
    public static func sheetNames(_ data: Data, file: String) throws -> [String] {
        let book = try Book(data, file: file)
        return book.sheets.map(\.name)
    }

    /// The sheet called `sheet` (or the first) of the workbook in `data`, as CSV. `file` names the
    /// workbook in messages. An unknown sheet is an error that lists the sheets there are.
    public static func read(_ data: Data, file: String, sheet: String? = nil, maximumPartSize: Int = maximumPartSize) throws -> Sheet {
        let book = try Book(data, file: file, limit: maximumPartSize)
        let (name, parser) = try book.parseSheet(sheet)
        let (csv, first, lines) = parser.csv()
        return Sheet(name: name, csv: csv, firstRow: first, lines: lines)
    }

    // MARK: - The archive

    /// The archive and its workbook part: sheet names and where each sheet is.
    struct Book {
        let archive: Archive
        let file: String
        /// The most bytes a part may inflate to.
        var limit = XLSXReader.maximumPartSize
        var sheets: [(name: String, part: String)] = []

        init(_ data: Data, file: String, limit: Int = XLSXReader.maximumPartSize) throws {
            self.file = file
            self.limit = limit
            guard isZIP(data.prefix(4)) else {
                throw XLSXReadError(at: "\(file)", "not an .xlsx workbook (it does not start as a ZIP archive does)")
            }
            do {
                archive = try Archive(data: data, accessMode: .read)
            } catch {
                throw XLSXReadError(at: "\(file)", "not a readable .xlsx workbook (a damaged ZIP archive: \(error))")
            }
            guard let workbook = try part("xl/workbook.xml") else {
                throw XLSXReadError(at: "\(file)", "a ZIP archive without xl/workbook.xml, so not an Excel workbook (.xlsx); .xls and .ods files are not read: save the sheet as .xlsx or CSV")
            }
            let w = WorkbookParser()
            try XLSXReader.parse(workbook, with: w, part: "\(file):xl/workbook.xml")
            var targets: [String: String] = [:]
            if let rels = try part("xl/_rels/workbook.xml.rels") {
                let r = RelationshipsParser()
                try XLSXReader.parse(rels, with: r, part: "\(file):xl/_rels/workbook.xml.rels")
                targets = r.targets
            }
            for (n, (name, rid)) in w.sheets.enumerated() {
                // Without relationships, the conventional part name.
                let target = rid.flatMap { targets[$0] } ?? "worksheets/sheet\(n + 1).xml"
                sheets.append((name, Self.resolve(target)))
            }
        }

        /// A relationship target of the workbook part as a path in the archive.
        static func resolve(_ target: String) -> String {
            var parts: [Substring] = target.hasPrefix("/") ? [] : ["xl"]
            for p in target.split(separator: "/") {
                if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(p) }
            }
            return parts.joined(separator: "/")
        }

        /// The bytes of the part `path`, or nil when the archive has none.
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            let tooLarge = XLSXReadError(at: file, "\(path) inflates to more than \(limit) bytes: too large to read (or a ZIP bomb); save the sheet as CSV")
            guard entry.uncompressedSize <= limit else { throw tooLarge }
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    // The declared size may lie: count what actually comes out.
                    guard data.count + chunk.count <= limit else { throw tooLarge }
                    data.append(chunk)
                }
            } catch let e as XLSXReadError {
                throw e
            } catch {
                throw XLSXReadError(at: "\(file)", "cannot read \(path) from the archive (damaged: \(error))")
            }
            return data
        }

        /// The sheet called `sheet` (or the first), parsed. An unknown sheet is an error that lists
        /// the sheets there are.
        func parseSheet(_ sheet: String?) throws -> (String, SheetParser) {
            guard !sheets.isEmpty else { throw XLSXReadError(at: file, "the workbook has no sheets") }
            let chosen: (name: String, part: String)
            if let sheet {
                guard let found = sheets.first(where: { $0.name == sheet })
                        ?? sheets.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                    throw XLSXReadError(at: "\(file)", "no sheet named '\(sheet)'; the sheets are \(sheets.map { "'\($0.name)'" }.joined(separator: ", "))")
                }
                chosen = found
            } else {
                chosen = sheets[0]
            }
            let place = "\(file)[\(chosen.name)]"
            guard let xml = try part(chosen.part) else {
                throw XLSXReadError(at: "\(place)", "the workbook names the part \(chosen.part), which it does not hold")
            }
            let parser = SheetParser(strings: try sharedStrings(), place: place)
            try XLSXReader.parse(xml, with: parser, part: "\(file):\(chosen.part)")
            if let error = parser.error { throw error }
            return (chosen.name, parser)
        }

        /// The shared-string table (empty when the workbook has none).
        func sharedStrings() throws -> [String] {
            guard let xml = try part("xl/sharedStrings.xml") else { return [] }
            let p = SharedStringsParser()
            try XLSXReader.parse(xml, with: p, part: "\(file):xl/sharedStrings.xml")
            return p.strings
        }
    }

    static func parse(_ data: Data, with delegate: some XMLParserDelegate, part: String) throws {
        // Streamed in pieces: given a document of more than 10 MB in one piece (XMLParser(data:)),
        // libxml2 stops with an internal error.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            // A sheet that stopped the parser on a bad cell says which.
            if let sheet = delegate as? SheetParser, let error = sheet.error { throw error }
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw XLSXReadError(at: "\(part)", "malformed XML near line \(parser.lineNumber): \(reason)")
        }
    }

    /// The name without its namespace prefix (`x:row` → `row`).
    static func local(_ name: String) -> Substring {
        name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? Substring(name)
    }

    /// Decodes the `_xHHHH_` escapes of OOXML strings (`_x000D_` is a carriage return).
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = ""
        var rest = Substring(s)
        while let r = rest.range(of: "_x") {
            out += rest[..<r.lowerBound]
            let after = rest[r.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }

    /// The column number (0-based) of a cell reference such as `C5`; nil if it has no letters.
    static func column(of ref: String) -> Int? {
        var n = 0
        var letters = 0
        for u in ref.utf8 {
            switch u {
            case 0x41...0x5A: n = n * 26 + Int(u - 0x40)
            case 0x61...0x7A: n = n * 26 + Int(u - 0x60)
            default:
                guard letters > 0 else { return nil }
                return n - 1
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters > 0 ? n - 1 : nil
    }

    /// The letters of column `c` (0-based): 0 → A, 26 → AA.
    public static func columnName(_ c: Int) -> String {
        var c = c + 1
        var s = ""
        while c > 0 {
            let r = (c - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            c = (c - 1) / 26
        }
        return s
    }
}

// MARK: - Parsers

private final class WorkbookParser: NSObject, XMLParserDelegate {
    var sheets: [(String, String?)] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard XLSXReader.local(elementName) == "sheet", let name = attributes["name"] else { return }
        let rid = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value
        sheets.append((name, rid))
    }
}

private final class RelationshipsParser: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard XLSXReader.local(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false, inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch XLSXReader.local(elementName) {
        case "si": inItem = true; current = ""
        case "t": inText = inItem
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch XLSXReader.local(elementName) {
        case "si": strings.append(XLSXReader.unescape(current)); inItem = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText, !inPhonetic { current += string }
    }
}

/// Collects the cells of a sheet, row by row, and writes them as CSV.
final class SheetParser: NSObject, XMLParserDelegate {
    let strings: [String]
    let place: String
    var error: XLSXReadError?
    /// The cells with a value, in the order of the file.
    private(set) var cells: [XLSXReader.Cell] = []
    private var row = 0
    private var column = -1
    private var style = 0
    private var type = ""
    private var value = ""
    private var inValue = false, inInline = false, inText = false, inPhonetic = false

    init(strings: [String], place: String) {
        self.strings = strings
        self.place = place
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch XLSXReader.local(elementName) {
        case "row":
            row = attributes["r"].flatMap { Int($0) } ?? row + 1
            column = -1
        case "c":
            column = attributes["r"].flatMap(XLSXReader.column(of:)) ?? column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t": inText = inInline
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch XLSXReader.local(elementName) {
        case "c":
            if let v = cellValue() { cells.append(XLSXReader.Cell(row: row, column: column, value: v, style: style)) }
            if error != nil { parser.abortParsing() }
        case "v": inValue = false
        case "is": inInline = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue || (inText && !inPhonetic) { value += string }
    }

    private func cellValue() -> XLSXReader.Cell.Value? {
        switch type {
        case "s":
            if value.isEmpty { return nil }
            guard let i = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(i) else {
                error = XLSXReadError(at: "\(place)!\(XLSXReader.columnName(column))\(row)", "the shared string \(value) does not exist (the workbook is damaged)")
                return nil
            }
            return strings[i].isEmpty ? nil : .text(strings[i])
        case "inlineStr", "str":
            let s = XLSXReader.unescape(value)
            return s.isEmpty ? nil : .text(s)
        case "b": return .boolean(value.trimmingCharacters(in: .whitespaces) == "1")
        case "e": return value.isEmpty ? nil : .error(value)
        case "d": return value.isEmpty ? nil : .text(value)
        default:
            let t = value.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            guard let v = Double(t), v.isFinite else { return .text(t) }
            return .number(v)
        }
    }

    /// The rows as CSV from the first row with a value; the sheet row of the first line.
    func csv() -> ([UInt8], Int, [(start: Int, row: Int)]) {
        var sorted: [(Int, [(Int, String)])] = []
        for c in cells.sorted(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
            if sorted.last?.0 == c.row { sorted[sorted.count - 1].1.append((c.column, c.text)) } else { sorted.append((c.row, [(c.column, c.text)])) }
        }
        guard let first = sorted.first else { return ([], 1, []) }
        var lines: [(start: Int, row: Int)] = []
        let headerWidth = (first.1.map(\.0).max() ?? 0) + 1
        var out: [UInt8] = []
        var previous = first.0 - 1
        for (r, cells) in sorted {
            // Rows left out of the file (or empty): blank lines, so that lines stay rows.
            for gap in previous + 1 ..< max(r, previous + 1) {
                lines.append((out.count, gap))
                out.append(0x0A)
            }
            previous = r
            lines.append((out.count, r))
            let width = max(headerWidth, (cells.map(\.0).max() ?? 0) + 1)
            var fields = [String](repeating: "", count: width)
            for (c, text) in cells where c < width { fields[c] = text }
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(0x2C) }
                if f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    out.append(0x22)
                    var afterCR = false
                    for b in f.utf8 {
                        // A line break inside the cell starts a line of the CSV (LF, CR, CRLF).
                        if (b == 0x0A && !afterCR) || b == 0x0D { lines.append((out.count + 1, r)) }
                        afterCR = b == 0x0D
                        out.append(b)
                        if b == 0x22 { out.append(0x22) }
                    }
                    out.append(0x22)
                } else {
                    out += f.utf8
                }
            }
            out.append(0x0A)
        }
        return (out, first.0, lines)
    }
}
