/// The verdicts of `assess --panel` as a ``ReportTable``, for the table format (a terminal, or
/// `--format table`): read back from the TSV that ``PanelWriter`` writes, so that the panel's columns
/// keep one definition. Meant for what a person reads, not for millions of rows (those go to a file
/// as CSV, TSV or JSON, streamed).
public enum PanelTable {
    /// The columns of the terminal table; `--wide` shows all of ``PanelWriter/columns``.
    public static let tableColumns = [
        "target_id", "series_id", "status", "latest_year", "latest", "aim", "target_year", "gap_to_path", "required_from_latest",
        "actual_rate", "rate_unit", "ratio", "projected", "p_reach", "outlook",
    ]

    /// ``tableColumns`` by importance, for a terminal narrower than the table (see ``TableFit``):
    /// the target, its verdict and outlook, the series (cut with … when long), where it stands.
    public static let tableImportance = [
        "target_id", "status", "outlook", "latest", "aim", "p_reach", "series_id", "target_year", "latest_year", "gap_to_path",
        "projected", "required_from_latest", "actual_rate", "rate_unit", "ratio",
    ]

    /// Columns of whole numbers (years, counts).
    static let integers: Set = ["baseline_year", "target_year", "latest_year", "n_fit", "reach_year"]
    /// Columns of text; the others are numbers.
    static let texts: Set = ["target_id", "series_id", "form", "status", "direction", "method", "rate_unit", "model", "outlook",
                             "reach", "explanation", "explanation_zh"]

    /// The table of `tsv`, a header and rows as ``PanelWriter`` writes them in ``PanelWriter/Format/tsv``.
    public static func table(tsv: String) -> ReportTable {
        var lines = tsv.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else { return ReportTable(columns: PanelWriter.columns, importance: tableImportance) }
        let columns = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var table = ReportTable(columns: columns, displayDecimals: ["ratio": 2, "p_reach": 2, "shortfall_pct": 1],
                                maxDisplayWidth: ["series_id": 40, "explanation": 60, "explanation_zh": 40],
                                importance: tableImportance)
        for line in lines.dropFirst() {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            table.rows.append(columns.indices.map { i in
                let text = i < cells.count ? cells[i] : ""
                if texts.contains(columns[i]) { return .text(text) }
                if integers.contains(columns[i]) { return .integer(Int(text)) }
                return .number(Double(text))
            })
        }
        return table
    }
}
