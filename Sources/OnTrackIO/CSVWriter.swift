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
}
