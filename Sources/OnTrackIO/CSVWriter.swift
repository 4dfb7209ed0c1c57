/// Writes RFC 4180 CSV (LF line ends, fields quoted only when they must be).
public struct CSVWriter: Sendable {
    public private(set) var output = ""

    public init() {}

    /// Appends one record.
    public mutating func write(_ fields: [String]) {
        var first = true
        for f in fields {
            if !first { output += "," }
            first = false
            output += Self.escape(f)
        }
        output += "\n"
    }

    /// Quotes a field that holds a comma, quote, CR or LF, or starts or ends with a space.
    public static func escape(_ field: String) -> String {
        let needs = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " "
        guard needs else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
