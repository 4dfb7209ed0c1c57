import Foundation

/// A field of a record as a span of bytes in its buffer.
struct ByteSpan: Sendable {
    var start: Int
    var end: Int
    /// True when the field was quoted; `start..<end` is then the text between the quotes, with any
    /// doubled quotes still doubled (see ``ByteScanner/text(_:)``).
    var quoted: Bool

    var isEmpty: Bool { start == end }
}

/// The fast path of OnTrack's CSV reading for large inputs: records and fields as spans over a byte
/// buffer, with no String made for a field unless it is asked for.
///
/// Same dialect as ``CSVReader`` (RFC 4180: quoted fields with doubled quotes and line breaks), with
/// LF, CRLF or a lone CR (old Mac files) ending a line. A malformed record (text after a closing
/// quote, a quote inside an unquoted field, an unterminated quote) is reported with its position and
/// skipped to the end of its line, so one bad row never stops a million good ones.
/// ``BlockSource/lastRecordEnd(_:)`` follows the same rules, so blocks always split where this
/// scanner would end a record.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    /// The 1-based line of ``position`` relative to the start of the buffer.
    private(set) var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) {
        self.bytes = bytes
        position = start
    }

    var atEnd: Bool { position >= bytes.count }

    /// The outcome of reading one record.
    enum Record {
        case fields(line: Int, start: Int)
        case malformed(line: Int, start: Int, at: Int, message: String)
    }

    static let strayQuote = "a quote inside an unquoted field; quote the whole field and double the quote"

    /// Reads the next record's fields into `fields`; nil at the end of the buffer.
    mutating func next(into fields: inout [ByteSpan]) -> Record? {
        // Overwrite the spans in place: records mostly have the same width, and emptying the array
        // every record costs more than the parsing.
        var used = 0
        func put(_ span: ByteSpan) {
            if used < fields.count { fields[used] = span } else { fields.append(span) }
            used += 1
        }
        defer { if fields.count > used { fields.removeSubrange(used...) } }
        let n = bytes.count
        guard position < n else { return nil }
        let recordLine = line, recordStart = position
        var i = position
        while true {
            if i < n, bytes[i] == 0x22 {
                // Quoted field: up to the closing quote that is not doubled.
                var j = i + 1
                var closed = false
                while j < n {
                    let b = bytes[j]
                    if b <= 0x22 {
                        if b == 0x22 {
                            if j + 1 < n, bytes[j + 1] == 0x22 { j += 2; continue }
                            closed = true
                            break
                        }
                        if b == 0x0A || (b == 0x0D && (j + 1 >= n || bytes[j + 1] != 0x0A)) { line += 1 }
                    }
                    j += 1
                }
                guard closed else {
                    position = n
                    return .malformed(line: recordLine, start: recordStart, at: i, message: "the quoted field is not closed")
                }
                put(ByteSpan(start: i + 1, end: j, quoted: true))
                i = j + 1
                if i >= n { position = n; return .fields(line: recordLine, start: recordStart) }
                let c = bytes[i]
                if c == 0x2C { i += 1; continue }
                if c == 0x0A || c == 0x0D { endLine(at: i); return .fields(line: recordLine, start: recordStart) }
                skipLine(from: i)
                return .malformed(line: recordLine, start: recordStart, at: i, message: "text after the closing quote")
            }
            // Unquoted field: up to the next comma or line end. Bytes above "," (digits, letters,
            // ".", "-", UTF-8) take one comparison.
            var j = i
            while j < n {
                let b = bytes[j]
                if b <= 0x2C, b == 0x2C || b == 0x0A || b == 0x0D || b == 0x22 { break }
                j += 1
            }
            put(ByteSpan(start: i, end: j, quoted: false))
            if j >= n { position = n; return .fields(line: recordLine, start: recordStart) }
            let b = bytes[j]
            if b == 0x2C { i = j + 1; continue }
            if b == 0x22 {
                skipLine(from: j)
                return .malformed(line: recordLine, start: recordStart, at: j, message: Self.strayQuote)
            }
            endLine(at: j)
            return .fields(line: recordLine, start: recordStart)
        }
    }

    /// Moves to `next`, past `lines` records of one line each read by someone else.
    mutating func skip(to next: Int, lines: Int) {
        position = next
        line += lines
    }

    /// Moves past the line end (LF, CRLF or CR) at `i`.
    private mutating func endLine(at i: Int) {
        position = bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A ? i + 2 : i + 1
        line += 1
    }

    /// Moves past the end of the line holding `start` (quotes do not matter any more: the record is
    /// already malformed, and a stray quote must not swallow the records after it).
    private mutating func skipLine(from start: Int) {
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D { endLine(at: i); return }
            i += 1
        }
        position = bytes.count
    }

    /// Why a field cannot be an identifier, with the offset of its first bad byte: a control
    /// character (C0, DEL or C1, NUL included) or bytes that are not UTF-8. Nil when it can.
    func identifierProblem(_ span: ByteSpan, name: String) -> (at: Int, reason: String)? {
        var k = span.start
        let end = span.end
        while k < end {
            let b = bytes[k]
            if b < 0x80 {
                if b < 0x20 || b == 0x7F {
                    return (k, "the \(name) holds the control character \(Self.codePoint(UInt32(b))); ids may not contain control characters")
                }
                k += 1
                continue
            }
            // One UTF-8 sequence: the lead byte fixes the length and the range of the second byte.
            var count = 0, low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: count = 1
            case 0xE0: count = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: count = 2
            case 0xED: count = 2; high = 0x9F
            case 0xF0: count = 3; low = 0x90
            case 0xF1...0xF3: count = 3
            case 0xF4: count = 3; high = 0x8F
            default: return (k, "the \(name) is not valid UTF-8")
            }
            guard k + count < end else { return (k, "the \(name) is not valid UTF-8") }
            for m in 1...count {
                let c = bytes[k + m]
                let (lo, hi) = m == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard c >= lo, c <= hi else { return (k, "the \(name) is not valid UTF-8") }
            }
            if b == 0xC2, bytes[k + 1] <= 0x9F { // U+0080–U+009F
                return (k, "the \(name) holds the control character \(Self.codePoint(UInt32(bytes[k + 1]))); ids may not contain control characters")
            }
            k += count + 1
        }
        return nil
    }

    private static func codePoint(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The text of a field, quotes undoubled, invalid UTF-8 repaired.
    func text(_ span: ByteSpan) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        if span.quoted, slice.contains(0x22) {
            var out = [UInt8]()
            var k = span.start
            while k < span.end {
                out.append(bytes[k])
                k += bytes[k] == 0x22 ? 2 : 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The 1-based column, in characters, of the byte at `offset` on its line.
    func column(at offset: Int) -> Int {
        var lineStart = min(offset, bytes.count)
        while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        var column = 1
        for k in lineStart..<min(offset, bytes.count) where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The record's text (for a rejects file), without its line end.
    func recordText(from start: Int) -> String {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
