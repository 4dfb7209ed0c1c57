/// Where a number comes from: a line of a shipped source text or a published page, with the exact
/// quoted text.
public struct SourceReference: Sendable, Hashable {
    /// Document title or number (e.g. 渝府发〔2021〕24号).
    public var document: String
    /// A file in the dataset's `sources/` folder, or a URL.
    public var location: String
    /// 1-based first line in `location` when it is a file.
    public var line: Int?
    /// Last line when the quote spans several lines.
    public var lineEnd: Int?
    public var quote: String

    public init(document: String = "", location: String, line: Int? = nil, lineEnd: Int? = nil, quote: String) {
        self.document = document
        self.location = location
        self.line = line
        self.lineEnd = lineEnd
        self.quote = quote
    }

    /// "file:line" or "file:line-end" or the URL.
    public var citation: String {
        guard let line else { return location }
        if let lineEnd, lineEnd != line { return "\(location):\(line)-\(lineEnd)" }
        return "\(location):\(line)"
    }
}
