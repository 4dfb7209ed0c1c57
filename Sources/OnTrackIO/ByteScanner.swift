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
/// Same dialect as ``CSVReader`` (RFC 4180: quoted fields with doubled quotes and line breaks, LF or
/// CRLF). A malformed record (text after a closing quote, an unterminated quote) is reported with its
/// position and skipped, so one bad row never stops a million good ones.
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
                    if b == 0x22 {
                        if j + 1 < n, bytes[j + 1] == 0x22 { j += 2; continue }
                        closed = true
                        break
                    }
                    if b == 0x0A { line += 1 }
                    j += 1
                }
                guard closed else {
                    position = n
                    return .malformed(line: recordLine, start: recordStart, at: i, message: "the quoted field is not closed")
                }
                put(ByteSpan(start: i + 1, end: j, quoted: true))
                i = j + 1
                if i < n, bytes[i] == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                if i >= n || bytes[i] == 0x0A {
                    position = i + 1
                    if i < n { line += 1 }
                    return .fields(line: recordLine, start: recordStart)
                }
                if bytes[i] == 0x2C { i += 1; continue }
                let bad = i
                skipRecord(from: i)
                return .malformed(line: recordLine, start: recordStart, at: bad, message: "text after the closing quote")
            }
            // Unquoted field: up to the next comma or line end.
            var j = i
            while j < n {
                let b = bytes[j]
                if b == 0x2C || b == 0x0A { break }
                j += 1
            }
            var end = j
            if end > i, bytes[end - 1] == 0x0D, j >= n || bytes[j] == 0x0A { end -= 1 }
            put(ByteSpan(start: i, end: end, quoted: false))
            if j >= n || bytes[j] == 0x0A {
                position = j + 1
                if j < n { line += 1 }
                return .fields(line: recordLine, start: recordStart)
            }
            i = j + 1
        }
    }

    /// Moves past the end of the current record (outside quotes).
    private mutating func skipRecord(from start: Int) {
        var i = start
        var inQuotes = false
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { inQuotes.toggle() }
            if b == 0x0A {
                line += 1
                if !inQuotes { position = i + 1; return }
            }
            i += 1
        }
        position = bytes.count
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
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var column = 1
        for k in lineStart..<min(offset, bytes.count) where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The record's text (for a rejects file), without its line end.
    func recordText(from start: Int) -> String {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
