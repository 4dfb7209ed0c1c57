/// A field of a CSV record with the place it starts.
public struct CSVField: Sendable, Hashable {
    public var text: String
    public var line: Int
    public var column: Int
}

/// A record (row) of a CSV file.
public struct CSVRecord: Sendable, Hashable {
    public var fields: [CSVField]
    /// Line where the record starts.
    public var line: Int
}

/// An RFC 4180 CSV reader over UTF-8 bytes: quoted fields with doubled quotes and line breaks,
/// LF, CRLF or CR line ends (as the panel readers), an optional byte-order mark, and exact line and column numbers for every
/// field, so that errors can point at the cell.
public enum CSVReader {
    /// Parses the whole input.
    ///
    /// - Parameter file: name used in error messages.
    /// - Throws: ``LocatedError`` for an unterminated quoted field, a quote inside an unquoted field,
    ///   text after a closing quote, or bytes that are not UTF-8.
    public static func parse(_ bytes: [UInt8], file: String) throws(LocatedError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [CSVField] = []
        var field: [UInt8] = []
        var i = 0
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1, recordLine = 1
        var quoted = false, afterQuote = false, inQuotes = false, empty = true

        func fail(_ message: String) -> LocatedError {
            LocatedError(file: file, line: line, column: column, message: message)
        }
        func finishField() throws(LocatedError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw LocatedError(file: file, line: fieldLine, column: fieldColumn, message: "the field is not valid UTF-8")
            }
            fields.append(CSVField(text: text, line: fieldLine, column: fieldColumn))
            field.removeAll(keepingCapacity: true)
            quoted = false; afterQuote = false
        }
        func advance(_ b: UInt8) {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }

        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < n, bytes[i + 1] == 0x22 {
                        field.append(0x22); advance(b); i += 1; advance(0x22); i += 1
                        continue
                    }
                    inQuotes = false; afterQuote = true
                } else {
                    field.append(b)
                }
                advance(b); i += 1
                continue
            }
            switch b {
            case 0x2C: // ,
                try finishField()
                empty = false
                advance(b); i += 1
                fieldLine = line; fieldColumn = column
            case 0x0D where i + 1 < n && bytes[i + 1] == 0x0A:
                i += 1 // CR of CRLF: let the LF end the record
            case 0x0A, 0x0D: // LF, or a lone CR (old Mac line ends): the record ends
                if !(empty && fields.isEmpty && field.isEmpty && !quoted) {
                    try finishField()
                    records.append(CSVRecord(fields: fields, line: recordLine))
                }
                fields.removeAll(keepingCapacity: true)
                empty = true
                advance(0x0A); i += 1
                fieldLine = line; fieldColumn = column; recordLine = line
            case 0x22: // "
                guard field.isEmpty, !quoted else {
                    throw fail(afterQuote ? "a quote follows a closing quote; double quotes inside a quoted field are written \"\"" : "a quote inside an unquoted field; quote the whole field and double the quote")
                }
                quoted = true; inQuotes = true; empty = false
                advance(b); i += 1
            default:
                if afterQuote { throw fail("text after the closing quote of a field") }
                field.append(b); empty = false
                advance(b); i += 1
            }
        }
        if inQuotes {
            throw LocatedError(file: file, line: fieldLine, column: fieldColumn, message: "the quoted field starting here is never closed")
        }
        if !(empty && fields.isEmpty && field.isEmpty) {
            try finishField()
            records.append(CSVRecord(fields: fields, line: recordLine))
        }
        return records
    }
}
