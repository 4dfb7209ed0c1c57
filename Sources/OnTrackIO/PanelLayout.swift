import Foundation

/// Which year a period such as `2015-16` or `2014/2015` stands for.
public enum PeriodYear: String, Sendable, CaseIterable {
    /// The year it starts in (as sdg-build reads Open SDG years): `2015-16` is 2015.
    case first
    /// The year it ends in: `2015-16` is 2016.
    case last
}

/// The public shape a panel's header was recognised as (said on stderr and in docs/panel.md).
public enum PanelShape: String, Sendable {
    /// `series_id` (or `indicator_id`), `year`, `value`; or wide with a `series_id` column.
    case plain = "plain"
    /// SDMX-CSV: `TIME_PERIOD`, `OBS_VALUE`, the key columns; attributes left out of the id.
    case sdmx = "SDMX-CSV"
    /// Open SDG data CSV: `Year`, disaggregation columns, `Value`.
    case openSDG = "Open SDG"
    /// Any other long file: the id is made of its text columns.
    case long = "long"
    /// World Bank WDI or Databank wide export: the id from `Country Code` and `Indicator Code` (or `Series Code`).
    case worldBank = "World Bank"
    /// Any other wide file: the id is the first column.
    case wide = "wide"
}

/// How the columns of a panel are named and used: the options of `assess --panel` that the header
/// is read with.
public struct PanelColumnOptions: Sendable {
    public var layout: PanelLayout
    /// Columns whose values, joined with ":", make the series id; empty: recognised from the header.
    public var idColumns: [String]
    /// The year column of a long panel; nil: `year`, else `TIME_PERIOD`.
    public var yearColumn: String?
    /// The value column of a long panel; nil: `value`, else `OBS_VALUE`.
    public var valueColumn: String?
    public var periodYear: PeriodYear

    public init(layout: PanelLayout = .auto, idColumns: [String] = [], yearColumn: String? = nil,
                valueColumn: String? = nil, periodYear: PeriodYear = .first) {
        self.layout = layout
        self.idColumns = idColumns
        self.yearColumn = yearColumn
        self.valueColumn = valueColumn
        self.periodYear = periodYear
    }
}

/// The decision on a panel's header: layout, id, year and value columns (see docs/panel.md,
/// "Bring your own data").
///
/// - Layout (auto): long when `--year-column` or `--value-column` is given, or when the header has a
///   year column (`year`, `TIME_PERIOD`) and a value column (`value`, `OBS_VALUE`); else wide when two
///   or more header cells are years (`2005`, `2005 [YR2005]`); else long when there is a year column
///   (and the error asks for `--value-column`); else wide. A long file with a `year` column is never
///   read as wide.
/// - Id (no `--id-columns`): `series_id`, else `indicator_id`; wide: `Country Code` with `Indicator Code`
///   or `Series Code` (World Bank), else the first column; long: every other column except the year and
///   value, SDMX structure and attribute columns (`DATAFLOW`, `FREQ`, `OBS_STATUS`, `UNIT_MULT`, …),
///   Open SDG's non-disaggregation columns (`GeoCode`, `Observation status`, …) and — outside SDMX,
///   with `--value-column` — columns whose first data cell is a number (other measures, as
///   gapminder's `pop`), unless their name ends in `code` or `id`. A row whose
///   id cells are all empty (Open SDG's headline) is the series `headline`.
struct ColumnMapping: Sendable {
    var layout: PanelLayout
    var ids: [Int]
    var year = -1
    var value = -1
    var shape: PanelShape
    /// The id of a row whose id cells are all empty; nil: such a row is rejected.
    var emptyID: String?

    /// Column names compared: trimmed, lower case, an SDMX label after ": " dropped ("REF_AREA: Reference area").
    static func key(_ name: String) -> String {
        var s = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let r = s.range(of: ": "), !s[..<r.lowerBound].contains(" ") { s = String(s[..<r.lowerBound]) }
        return s
    }

    /// SDMX-CSV columns that are no part of a series key: the structure, the frequency (the reader
    /// takes annual periods only) and the common observation attributes.
    static let sdmxNonKey: Set<String> = [
        "dataflow", "structure", "structure_id", "structure_name", "action", "last update", "freq",
        "obs_status", "obs_flag", "obs_conf", "conf_status", "obs_pre_break", "obs_com", "comment_obs", "obs_comment",
        "unit_mult", "decimals", "time_format", "time_per_collect", "time_detail", "nature", "source_detail",
        "base_per", "upper_bound", "lower_bound", "comment_ts", "title", "embargo_time",
    ]
    /// Open SDG columns that are not disaggregations (`ColumnRoles.defaultNonDisaggregation`, less Units and Series).
    static let openSDGNonKey: Set<String> = ["geocode", "progress", "observation status", "unit multiplier"]

    /// The lines a World Bank Databank export ends with: rows of empty cells, then
    /// "Data from database: …" and "Last Updated: …" (alone or followed by empty cells).
    static func isWorldBankFooter(_ spans: [ByteSpan], _ text: (ByteSpan) -> String) -> Bool {
        guard spans.dropFirst().allSatisfy(\.isEmpty) else { return false }
        if spans[0].isEmpty { return true }
        let first = text(spans[0])
        return first.hasPrefix("Data from database:") || first.hasPrefix("Last Updated:")
    }

    static func resolve(names: [String], firstRow: [String]?, options: PanelColumnOptions,
                        fail: (String) -> LocatedError) throws(LocatedError) -> ColumnMapping {
        let keys = names.map(key)
        let listed = names.joined(separator: ", ")
        func column(_ name: String) -> Int? { keys.firstIndex(of: key(name)) }
        func named(_ name: String?, _ what: String) throws(LocatedError) -> Int? {
            guard let name else { return nil }
            guard let c = column(name) else { throw fail("no \(what) column '\(name)' (the header has: \(listed))") }
            return c
        }
        let explicitYear = try named(options.yearColumn, "year")
        let explicitValue = try named(options.valueColumn, "value")
        let year = explicitYear ?? column("year") ?? column("time_period")
        let value = explicitValue ?? column("value") ?? column("obs_value")
        let yearHeaders = names.filter { RowFormat.year(ofHeader: $0.trimmingCharacters(in: .whitespaces)) != nil }.count

        var layout = options.layout
        if layout == .auto {
            if explicitYear != nil || explicitValue != nil { layout = .long }
            else if year != nil, value != nil { layout = .long }
            else if yearHeaders >= 2 { layout = .wide }
            else if year != nil { layout = .long }
            else { layout = .wide }
        }

        var mapping = ColumnMapping(layout: layout, ids: [], shape: layout == .long ? .long : .wide)
        if !options.idColumns.isEmpty {
            for name in options.idColumns {
                guard let c = column(name) else { throw fail("no id column '\(name)' (the header has: \(listed))") }
                mapping.ids.append(c)
            }
        } else if let c = column("series_id") ?? column("indicator_id") {
            mapping.ids = [c]
            mapping.shape = .plain
        } else if layout == .wide {
            if let country = column("country code") {
                mapping.ids = [country] + [column("indicator code") ?? column("series code")].compactMap { $0 }
                mapping.shape = .worldBank
            } else if let series = column("indicator code") ?? column("series code") {
                mapping.ids = [series]
                mapping.shape = .worldBank
            } else {
                mapping.ids = [0]
            }
        } else {
            let sdmx = column("time_period") != nil || column("obs_value") != nil
            mapping.shape = sdmx ? .sdmx : (year.map { names[$0].trimmingCharacters(in: .whitespaces) == "Year" } == true
                                            && value.map { names[$0].trimmingCharacters(in: .whitespaces) == "Value" } == true ? .openSDG : .long)
            mapping.ids = keys.indices.filter { i in
                if i == year || i == value || keys[i].isEmpty { return false }
                if sdmxNonKey.contains(keys[i]) || openSDGNonKey.contains(keys[i]) { return false }
                // Beside a chosen value column, other numeric columns are other measures (gapminder's pop),
                // unless named as codes or ids (numeric country codes).
                if !sdmx, explicitValue != nil, !keys[i].hasSuffix("code"), !keys[i].hasSuffix("id"),
                   let row = firstRow, i < row.count, Double(row[i].trimmingCharacters(in: .whitespaces)) != nil { return false }
                return true
            }
            mapping.emptyID = "headline"
        }

        switch layout {
        case .long:
            guard let year else {
                throw fail("no year column for the long layout (the header has: \(listed)); name it with --year-column")
            }
            guard let value else {
                // The likely value: a column whose first data cell is a number.
                let numeric = names.indices.filter { i in
                    guard i != year, let row = firstRow, i < row.count else { return false }
                    return Double(row[i].trimmingCharacters(in: .whitespaces)) != nil
                }
                let hint = numeric.map { names[$0] }
                throw fail("no value column for the long layout (the header has: \(listed)); name it with --value-column\(hint.isEmpty ? "" : ", e.g. --value-column \(hint[0])")")
            }
            mapping.year = year
            mapping.value = value
            mapping.ids.removeAll { $0 == year || $0 == value }
            // --id-columns that named only the year and value columns leave no id: say so rather
            // than read every row under an empty id (found by the fuzzer).
            if mapping.ids.isEmpty, mapping.emptyID == nil, !options.idColumns.isEmpty {
                throw fail("--id-columns \(options.idColumns.joined(separator: ",")) names only the year and value columns (\(names[year]), \(names[value])); give the columns that tell series apart (the header has: \(listed))")
            }
        case .wide, .auto:
            break
        }
        return mapping
    }
}

/// The year of a period cell that is not a plain year: `2015-16`, `2015-2016`, `2014/2015`, `2014/15`
/// (a span of two consecutive years), or a sub-annual period (`2020-Q1`, `2020Q1`, `2020-01`, `2020M01`,
/// `2020-S1`, `2020-W05`, `2020-01-31`), which the reader does not take.
enum PeriodCell: Equatable {
    case year(Int32)
    case subAnnual
    case invalid

    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, last: Bool) -> PeriodCell {
        var s = start, e = end
        while s < e, p[s] == 0x20 { s += 1 }
        while e > s, p[e - 1] == 0x20 { e -= 1 }
        func digit(_ i: Int) -> Int? { p[i] >= 0x30 && p[i] <= 0x39 ? Int(p[i] - 0x30) : nil }
        func number(_ a: Int, _ b: Int) -> Int? {
            var v = 0
            for i in a..<b { guard let d = digit(i) else { return nil }; v = v * 10 + d }
            return v
        }
        guard e - s >= 5, let first = number(s, s + 4), first >= 1 else { return .invalid }
        var i = s + 4
        let separator = p[i]
        i += separator == 0x2D || separator == 0x2F ? 1 : 0
        let rest = e - i
        // A span: YYYY-YY or YYYY-YYYY (or with /), the second year the one after the first.
        if separator == 0x2D || separator == 0x2F, rest == 2 || rest == 4, let second = number(i, e) {
            let next = first + 1
            if (rest == 2 && second == next % 100) || (rest == 4 && second == next) {
                return .year(Int32(last ? next : first))
            }
            if separator == 0x2D, rest == 2, (1...12).contains(second) { return .subAnnual } // 2020-01, a month
            return .invalid
        }
        // Sub-annual: a letter (Q, M, S, H, W, B, D) and a number, or a date.
        if rest >= 2, rest <= 3, [0x51, 0x71, 0x4D, 0x6D, 0x53, 0x73, 0x48, 0x68, 0x57, 0x77, 0x42, 0x62].contains(p[i]),
           number(i + 1, e) != nil {
            return .subAnnual
        }
        if separator == 0x2D, rest == 5, p[i + 2] == 0x2D, number(i, i + 2) != nil, number(i + 3, e) != nil { return .subAnnual }
        return .invalid
    }
}
