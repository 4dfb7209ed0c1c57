import Foundation
import ArgumentParser
import OnTrackIO

extension OutputOptions {
    /// Whether a table is fitted to the terminal: the table format, written to standard output
    /// that is a terminal (not with -o, not piped), and no `--wide`.
    var fitsTerminal: Bool {
        !wide && output == nil && resolvedFormat == .table && isatty(STDOUT_FILENO) == 1
    }

    /// `table` with the least important columns left out until it fits the terminal's width
    /// (``TableFit``), saying on stderr which were left out; `table` itself when it is not fitted
    /// (``fitsTerminal``) or fits already.
    func fittedToTerminal(_ table: ReportTable) -> ReportTable {
        guard fitsTerminal else { return table }
        let width = TableFit.terminalWidth(columnsVariable: ProcessInfo.processInfo.environment["COLUMNS"],
                                           window: Self.windowWidth())
        let fit = TableFit.fit(table, width: width)
        if !fit.dropped.isEmpty {
            printError("note: \(fit.dropped.count) column(s) left out to fit \(width) columns: \(fit.dropped.joined(separator: ", ")); --wide shows them all")
        }
        return fit.table
    }

    /// The width of the terminal on standard output, from ioctl(TIOCGWINSZ); nil when unknown.
    static func windowWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}

/// The columns of `--columns a,b,c` (in that order), checked against those the output has:
/// an unknown name is an error that lists them. nil without `--columns`.
func selectedColumns(_ text: String?, available: [String]) throws -> [String]? {
    guard let text else { return nil }
    let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if let unknown = names.first(where: { !available.contains($0) }) {
        throw ValidationError("--columns: no column '\(unknown)'; the columns are \(available.joined(separator: ", "))")
    }
    guard !names.isEmpty else { throw ValidationError("--columns needs at least one column name") }
    return names
}

extension OutputOptions {
    /// Writes a report table as `assess` does for datasets and Open SDG repositories: the columns
    /// of `--columns` (`columns`) in every format, as given, never fitted; else, in the table
    /// format, the `compact` columns (every column with `--wide`) fitted to the terminal.
    func emitReport(_ table: ReportTable, columns: String?, compact: [String], sheet: String) throws {
        if let selected = try selectedColumns(columns, available: table.columns) {
            try emit(table: AssessmentReport.select(table, columns: selected), sheet: sheet, fitting: false)
        } else if resolvedFormat == .table, !wide {
            try emit(table: AssessmentReport.select(table, columns: compact), sheet: sheet)
        } else {
            try emit(table: table, sheet: sheet)
        }
    }
}
