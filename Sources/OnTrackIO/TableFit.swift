/// Fits the human-readable table (``OutputFormat/table``) to a terminal's width: the least
/// important columns are left out, and a free-text column may be cut short with "…" rather than
/// left out. Pure: the width is given; the CLI finds it (``terminalWidth(columnsVariable:window:)``).
///
/// Columns are taken in the table's order of ``ReportTable/importance`` (then the columns it does
/// not name, in table order). Each is kept when it still fits beside those kept before it;
/// otherwise a free-text column (one with a ``ReportTable/maxDisplayWidth``) is kept cut to the
/// room left when that is at least ``minimumTextWidth`` (and its header's width); otherwise it is
/// left out and the next, less important column is tried. The most important column is always
/// kept. The columns kept stay in the table's order.
///
/// Widths are display widths (``DisplayWidth``): a CJK character takes two columns.
public enum TableFit {
    /// What ``fit(_:width:)`` made of a table.
    public struct Result: Sendable {
        /// The table with only the columns kept (in its own order), and cut text columns' limits.
        public var table: ReportTable
        /// The columns left out, in the table's order.
        public var dropped: [String]
        /// The free-text columns kept but cut shorter than the table would show them.
        public var shortened: [String]
        /// The display width of the widest line of the fitted table.
        public var width: Int
    }

    /// A free-text column is not cut narrower than this (nor than its header): below it, it is
    /// left out instead.
    public static let minimumTextWidth = 12

    /// The width assumed when neither `COLUMNS` nor the terminal tells one.
    public static let defaultWidth = 80

    /// `table` fitted to `width` display columns (see ``TableFit``).
    public static func fit(_ table: ReportTable, width: Int) -> Result {
        let (header, _, widths) = TextTableEncoding.rendered(table)
        let total = widths.reduce(0, +) + TextTableEncoding.gap * max(widths.count - 1, 0)
        guard total > width, !table.columns.isEmpty else {
            return Result(table: table, dropped: [], shortened: [], width: total)
        }
        let ranked = table.importance.compactMap { table.columns.firstIndex(of: $0) }
        let order = ranked + table.columns.indices.filter { !ranked.contains($0) }
        var kept = Set<Int>()
        var limits: [String: Int] = [:]
        var used = 0
        for i in order {
            let gap = kept.isEmpty ? 0 : TextTableEncoding.gap
            let room = width - used - gap
            if widths[i] <= room {
                kept.insert(i)
                used += gap + widths[i]
            } else if isFreeText(i, in: table), room >= max(minimumTextWidth, DisplayWidth.of(header[i])) {
                kept.insert(i)
                limits[table.columns[i]] = room
                used += gap + room
            } else if kept.isEmpty {
                // The most important column stays, cut if it is free text, however narrow the terminal.
                kept.insert(i)
                if isFreeText(i, in: table) {
                    let floor = max(minimumTextWidth, DisplayWidth.of(header[i]))
                    if floor < widths[i] { limits[table.columns[i]] = floor }
                }
                used += min(widths[i], limits[table.columns[i]] ?? widths[i])
            }
        }
        let keptColumns = table.columns.indices.filter(kept.contains).map { table.columns[$0] }
        var fitted = AssessmentReport.select(table, columns: keptColumns)
        for (column, limit) in limits { fitted.maxDisplayWidth[column] = limit }
        let shortened = keptColumns.filter { limits[$0] != nil }
        return Result(table: fitted, dropped: table.columns.filter { !keptColumns.contains($0) }, shortened: shortened,
                      width: TextTableEncoding.rendered(fitted).widths.reduce(0, +) + TextTableEncoding.gap * max(keptColumns.count - 1, 0))
    }

    /// Whether column `i` of `t` is free text that may be cut: it has a display limit and holds text only.
    static func isFreeText(_ i: Int, in t: ReportTable) -> Bool {
        guard t.maxDisplayWidth[t.columns[i]] != nil else { return false }
        return t.rows.allSatisfy { row in if case .text = row[i] { return true } else { return false } }
    }

    /// The terminal's width: `COLUMNS` when it is a positive number (as most programs, so that
    /// `COLUMNS=120 ontrack …` overrides), else the window's width from the terminal (`window`,
    /// from `ioctl(TIOCGWINSZ)`; nil or 0 when unknown), else ``defaultWidth``.
    public static func terminalWidth(columnsVariable: String?, window: Int?) -> Int {
        if let text = columnsVariable, let n = Int(text), n > 0 { return n }
        if let window, window > 0 { return window }
        return defaultWidth
    }
}
