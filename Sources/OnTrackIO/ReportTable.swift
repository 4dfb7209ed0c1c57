/// A cell of an output table: text, or a number kept at full precision until formatting.
public enum Cell: Sendable, Hashable {
    case text(String)
    case number(Double?)
    case integer(Int?)

    /// Shortest text that reads back as the same Double (CSV and JSON); "" for a missing value.
    public var exact: String {
        switch self {
        case .text(let s): return s
        case .number(let v): return v.map(Self.shortest) ?? ""
        case .integer(let v): return v.map(String.init) ?? ""
        }
    }

    static func shortest(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }
}

/// A table of results: named columns, typed cells. Every output format is an encoding of it.
public struct ReportTable: Sendable {
    public var columns: [String]
    public var rows: [[Cell]]
    /// Decimal places for each numeric column in the human-readable table (default 2).
    public var displayDecimals: [String: Int]
    /// Longest text shown in a column of the human-readable table; longer text ends in "…".
    public var maxDisplayWidth: [String: Int]
    /// The columns in order of importance, most important first, for fitting the human-readable
    /// table to a terminal's width (see ``TableFit``): the last ones are left out first. Columns
    /// not named here count as less important than all that are, in table order.
    public var importance: [String]

    public init(columns: [String], rows: [[Cell]] = [], displayDecimals: [String: Int] = [:], maxDisplayWidth: [String: Int] = [:],
                importance: [String] = []) {
        self.columns = columns
        self.rows = rows
        self.displayDecimals = displayDecimals
        self.maxDisplayWidth = maxDisplayWidth
        self.importance = importance
    }
}
