/// A CSV file read by header name: columns may come in any order; unknown columns are ignored.
public struct CSVTable: Sendable {
    public var file: String
    public var header: [String]
    public var rows: [CSVRecord]
    private var index: [String: Int]
    /// Line and column of each header cell.
    private var headerFields: [CSVField]

    /// Reads a table; the first record is the header.
    ///
    /// - Throws: ``LocatedError`` for malformed CSV, an empty file, or a missing required column.
    public init(bytes: [UInt8], file: String, required: [String]) throws(LocatedError) {
        let records = try CSVReader.parse(bytes, file: file)
        guard let head = records.first else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the file is empty; expected a header row")
        }
        self.file = file
        self.headerFields = head.fields
        self.header = head.fields.map { $0.text.trimmingSpaces }
        self.rows = Array(records.dropFirst())
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            if index[name] != nil {
                throw LocatedError(file: file, line: head.line, column: head.fields[i].column, message: "duplicate column \(name)")
            }
            index[name] = i
        }
        self.index = index
        for name in required where index[name] == nil {
            throw LocatedError(file: file, line: head.line, column: 1,
                               message: "missing column \(name) (the header has: \(header.joined(separator: ", ")))")
        }
    }

    public func has(_ column: String) -> Bool { index[column] != nil }

    /// The field of `column` in `row`, or nil when the column is absent or the row is short.
    public func field(_ column: String, in row: CSVRecord) -> CSVField? {
        guard let i = index[column], i < row.fields.count else { return nil }
        return row.fields[i]
    }

    /// The trimmed text of `column` in `row` ("" when absent).
    public func text(_ column: String, in row: CSVRecord) -> String {
        field(column, in: row)?.text.trimmingSpaces ?? ""
    }

    /// An error pointing at `column` of `row` (or at the row start when the cell is missing).
    public func error(_ message: String, column: String, in row: CSVRecord) -> LocatedError {
        let f = field(column, in: row)
        return LocatedError(file: file, line: f?.line ?? row.line, column: f?.column ?? 1, message: message)
    }

    /// Whether a row's cell count matches the header.
    public func widthError(_ row: CSVRecord) -> LocatedError? {
        guard row.fields.count != header.count else { return nil }
        return LocatedError(file: file, line: row.line, column: row.fields.last?.column ?? 1,
                            message: "the row has \(row.fields.count) fields but the header has \(header.count)")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{3000}" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
