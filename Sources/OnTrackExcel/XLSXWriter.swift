import CXLSXWriter
import Foundation
import OnTrackCharts
import OnTrackIO
import OnTrackNumerics

/// Why a workbook could not be written.
public struct XLSXWriteError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the row and column when one is to blame.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Writes one table as an Excel workbook (`.xlsx`) through libxlsxwriter, row by row.
///
/// The sheet has a bold header row that stays in view (frozen) and carries an autofilter; numbers
/// are number cells with 16 significant digits (libxlsxwriter writes `%.16G`; Excel shows 15, so a
/// number can differ from the CSV's shortest round-trip text in its 17th digit), integers whole
/// numbers without a decimal part, a missing or
/// non-finite number is an empty cell, never NaN or infinity; text is always a string cell, which
/// Excel never evaluates, so a cell such as `=HYPERLINK(…)` opens as the text it is. With
/// `forSpreadsheet` a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return also
/// gets a leading `'`, as in CSV (``CSVWriter/neutralizingFormula(_:)``), so that it stays text even
/// when someone edits the cell and presses Enter. Cells of a `status` column (or one whose name ends
/// in `_status`) that hold a status are filled with the charts' colour of that status
/// (``StatusPalette``), in the text colour that reads on it. Column widths follow the content,
/// capped at ``maximumWidth`` characters.
///
/// The workbook goes to a private temporary file (Debian's libxlsxwriter 1.1.4 cannot write to
/// memory); ``finish()`` closes it and returns its bytes, which the caller writes atomically.
/// With `constantMemory`, libxlsxwriter flushes each row to its own temporary file as soon as the
/// next one starts, so memory stays flat however many rows are written (text is then written inline
/// rather than in a shared-string table).
public final class XLSXSheetWriter {
    /// The most rows a worksheet holds, the header included.
    public static let maximumRows = 1_048_576
    /// The longest text a cell holds, in characters.
    public static let maximumTextLength = 32_767
    /// The widest a column is made, in characters.
    public static let maximumWidth = 60.0

    /// The header row: one name per column.
    public let columns: [String]
    private let forSpreadsheet: Bool
    private let path: String
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let headerFormat: UnsafeMutablePointer<lxw_format>?
    private var statusFormats: [Status: UnsafeMutablePointer<lxw_format>] = [:]
    private let statusColumns: Set<Int>
    private var widths: [Double]
    /// Rows written, the header included.
    public private(set) var rowCount = 1

    /// Starts a workbook with one sheet named `sheetName` (cut to Excel's 31 characters, with the
    /// characters Excel refuses in a sheet name replaced) and the header row `columns`.
    public init(columns: [String], sheetName: String = "ontrack", constantMemory: Bool = false, forSpreadsheet: Bool = false) throws {
        guard !columns.isEmpty, columns.count <= 16_384 else {
            throw XLSXWriteError("a worksheet holds 1 to 16,384 columns (got \(columns.count))")
        }
        self.columns = columns
        self.forSpreadsheet = forSpreadsheet
        var template = Array((NSTemporaryDirectory() + "/ontrack-xlsx-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw XLSXWriteError("cannot make a temporary file: \(String(cString: strerror(errno)))") }
        close(fd)
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 1)
        guard let book = workbook_new_opt(path, &options) else {
            unlink(path)
            throw XLSXWriteError("libxlsxwriter could not start a workbook")
        }
        workbook = book
        guard let sheet = workbook_add_worksheet(book, Self.sheetName(sheetName)) else {
            workbook_close(book)
            unlink(path)
            throw XLSXWriteError("libxlsxwriter could not add a worksheet")
        }
        self.sheet = sheet
        headerFormat = workbook_add_format(book)
        if let headerFormat { format_set_bold(headerFormat) }
        statusColumns = Set(columns.indices.filter { columns[$0].lowercased() == "status" || columns[$0].lowercased().hasSuffix("_status") })
        widths = columns.map { Self.width(of: $0) + 2 }  // room for the autofilter's arrow
        for (c, name) in columns.enumerated() {
            try check(worksheet_write_string(sheet, 0, lxw_col_t(c), text(name), headerFormat), row: 0, column: c)
        }
    }

    deinit {
        if let workbook {
            workbook_close(workbook)
            unlink(path)
        }
    }

    /// Appends one row; it must have one cell per column.
    public func append(_ row: [Cell]) throws {
        guard row.count == columns.count else {
            throw XLSXWriteError("a row has \(row.count) cells for \(columns.count) columns")
        }
        guard rowCount < Self.maximumRows else {
            throw XLSXWriteError("more than \(Self.maximumRows - 1) rows: an Excel worksheet holds at most \(Self.maximumRows) rows; write CSV instead (-o FILE.csv)")
        }
        let r = lxw_row_t(rowCount)
        for (c, cell) in row.enumerated() {
            let col = lxw_col_t(c)
            switch cell {
            case .text(let s):
                guard !s.isEmpty else { continue }
                guard s.unicodeScalars.count <= Self.maximumTextLength else {
                    throw XLSXWriteError("row \(rowCount + 1), column '\(columns[c])': text longer than Excel's \(Self.maximumTextLength) characters per cell")
                }
                let format = statusColumns.contains(c) ? Status(rawValue: s).map(statusFormat) : nil
                try check(worksheet_write_string(sheet, r, col, text(s), format ?? nil), row: rowCount, column: c)
                widths[c] = max(widths[c], Self.width(of: s) + (format == nil ? 0 : 1))
            case .number(let v):
                guard let v, v.isFinite else { continue }
                try check(worksheet_write_number(sheet, r, col, v, nil), row: rowCount, column: c)
                widths[c] = max(widths[c], min(Double(Cell.number(v).exact.count), 12) + 1)
            case .integer(let v):
                guard let v else { continue }
                try check(worksheet_write_number(sheet, r, col, Double(v), nil), row: rowCount, column: c)
                widths[c] = max(widths[c], Double(String(v).count) + 1)
            }
        }
        rowCount += 1
    }

    /// Sets the widths, freezes the header and its filter, closes the workbook and returns its bytes.
    public func finish() throws -> [UInt8] {
        guard let book = workbook else { throw XLSXWriteError("the workbook is already closed") }
        for (c, w) in widths.enumerated() {
            _ = worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), min(w, Self.maximumWidth), nil)
        }
        worksheet_freeze_panes(sheet, 1, 0)
        _ = worksheet_autofilter(sheet, 0, 0, lxw_row_t(rowCount - 1), lxw_col_t(columns.count - 1))
        workbook = nil
        let closed = workbook_close(book)
        defer { unlink(path) }
        guard closed == LXW_NO_ERROR else {
            throw XLSXWriteError("libxlsxwriter could not write the workbook: \(String(cString: lxw_strerror(closed)))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XLSXWriteError("cannot read back the workbook written to \(path)")
        }
        return [UInt8](data)
    }

    /// A whole table as workbook bytes.
    public static func bytes(_ table: ReportTable, sheetName: String = "ontrack", forSpreadsheet: Bool = false) throws -> [UInt8] {
        let writer = try XLSXSheetWriter(columns: table.columns, sheetName: sheetName, forSpreadsheet: forSpreadsheet)
        for row in table.rows { try writer.append(row) }
        return try writer.finish()
    }

    // MARK: - Internals

    private func text(_ s: String) -> String {
        forSpreadsheet ? CSVWriter.neutralizingFormula(s) : s
    }

    private func statusFormat(_ s: Status) -> UnsafeMutablePointer<lxw_format>? {
        if let f = statusFormats[s] { return f }
        guard let book = workbook, let f = workbook_add_format(book) else { return nil }
        format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
        format_set_bg_color(f, Self.rgb(StatusPalette.colour(s)))
        format_set_font_color(f, Self.rgb(StatusPalette.ink(s)))
        statusFormats[s] = f
        return f
    }

    private func check(_ error: lxw_error, row: Int, column: Int) throws {
        guard error == LXW_NO_ERROR else {
            throw XLSXWriteError("row \(row + 1), column '\(columns[column])': \(String(cString: lxw_strerror(error)))")
        }
    }

    /// `#rrggbb` as libxlsxwriter's 0xRRGGBB.
    static func rgb(_ hex: String) -> lxw_color_t {
        lxw_color_t(hex.drop(while: { $0 == "#" }), radix: 16) ?? 0
    }

    /// Roughly the characters a text takes in Excel's default font (wide characters count two).
    static func width(of s: String) -> Double {
        let longestLine = s.split(whereSeparator: \.isNewline).map { DisplayWidth.of(String($0)) }.max() ?? 0
        return Double(longestLine)
    }

    /// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`, not empty.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "'")).isEmpty ? "Sheet1" : cleaned
    }
}
