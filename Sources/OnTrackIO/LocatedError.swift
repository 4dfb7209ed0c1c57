/// An input problem with its place: file, 1-based line and 1-based column (in characters).
public struct LocatedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form compilers use, so editors can jump to it.
    public var description: String { "\(file):\(line):\(column): \(message)" }
    /// As compilers print it, so editors can jump to it: `file:line:column: error: message`.
    /// Without a position (line 0: the file as a whole) it is `file: error: message`.
    public var diagnostic: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}
