/// Writes RFC 4180 CSV (LF line ends, fields quoted only when they must be).
public struct CSVWriter: Sendable {
    public private(set) var output = ""

    public init() {}

    /// Appends one record.
    public mutating func write(_ fields: [String]) {
        // A record of one empty field would be an empty line, which readers skip: quote it.
        if fields == [""] { output += "\"\"\n"; return }
        output += fields.map(Self.escape).joined(separator: ",")
        output += "\n"
    }

    /// Quotes a field that holds a comma, quote, CR or LF, or starts or ends with a space. Works on
    /// Unicode scalars: "\r\n" or a comma followed by a combining mark is one Character.
    public static func escape(_ field: String) -> String {
        let scalars = field.unicodeScalars
        let needs = scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || scalars.first == " " || scalars.last == " "
        guard needs else { return field }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for u in scalars {
            out.append(u)
            if u == "\"" { out.append("\"") }
        }
        out.append("\"")
        return String(out)
    }

    /// Formula neutralisation for CSV opened in a spreadsheet (OWASP "CSV injection"): a text cell
    /// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
    /// Excel, LibreOffice Calc and Google Sheets take as "this is text" instead of running the
    /// cell as a formula (`=HYPERLINK(…)`, `=cmd|…` DDE, `@SUM(…)`). Text that is just a number
    /// (`-12.5`, `+3`, `-1e5`) is left as it is: a spreadsheet reads it as that number, no formula.
    /// For text cells only: number cells are never changed.
    public static func neutralizingFormula(_ text: String) -> String {
        guard let first = text.utf8.first,
              first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D,
              !isPlainNumber(text.utf8) else { return text }
        return "'" + text
    }

    /// Whether `bytes` is a decimal number: an optional sign, digits with at most one point (at
    /// least one digit), an optional exponent.
    static func isPlainNumber<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var i = bytes.startIndex
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
        var digits = 0
        var point = false
        while i < bytes.endIndex {
            let b = bytes[i]
            if isDigit(b) { digits += 1 } else if b == UInt8(ascii: "."), !point { point = true } else { break }
            i = bytes.index(after: i)
        }
        guard digits > 0 else { return false }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
            var exponent = 0
            while i < bytes.endIndex, isDigit(bytes[i]) { exponent += 1; i = bytes.index(after: i) }
            guard exponent > 0 else { return false }
        }
        return i == bytes.endIndex
    }
}
