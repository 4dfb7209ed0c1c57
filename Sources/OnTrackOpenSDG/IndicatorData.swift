import Foundation
import OnTrackIO
import OnTrackNumerics

/// The columns that play a part in selecting a series (`indicator_options` of `config_data.yml`).
public struct ColumnRoles: Sendable, Hashable {
    /// Columns that are not disaggregations: never required to be empty for the headline.
    public var nonDisaggregation: Set<String>
    /// Observation attributes (footnotes and the like): ignored.
    public var observationAttributes: Set<String>
    public var series = "Series"
    public var unit = "Units"
    /// A column whose values, where present, replace `Value` for the progress measure.
    public var progress = "Progress"
    public var year = "Year"
    public var value = "Value"

    public init(nonDisaggregation: Set<String> = ColumnRoles.defaultNonDisaggregation, observationAttributes: Set<String> = []) {
        self.nonDisaggregation = nonDisaggregation
        self.observationAttributes = observationAttributes
    }

    public static let defaultNonDisaggregation: Set<String> = [
        "Year", "Units", "Series", "Value", "GeoCode", "Progress", "Observation status", "Unit multiplier", "Unit measure",
    ]
}

/// One series picked out of an indicator's data: its values by year, and what the selection had to
/// say.
public struct SelectedSeries: Sendable, Hashable {
    /// The series' values, ascending by year (a year written as a period, `2015-16`, is its first
    /// year). A year given twice stays twice: the measure reports it.
    public var observations: [YearValue]
    public var notes: [String]
}

/// The CSV data of one indicator (`data/indicator_ID.csv`): a header and rows of text.
public struct IndicatorData: Sendable {
    public var file: String
    public var header: [String]
    public var rows: [[String]]

    public init(file: String, header: [String], rows: [[String]]) {
        self.file = file
        self.header = header
        self.rows = rows
    }

    /// Reads a CSV file with OnTrack's RFC 4180 reader.
    public static func read(_ path: String) throws -> IndicatorData {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OpenSDGError(path: path, message: "cannot be read")
        }
        let records: [CSVRecord]
        do { records = try CSVReader.parse([UInt8](data), file: path) } catch {
            throw OpenSDGError(path: "\(path):\(error.line):\(error.column)", message: error.message)
        }
        guard let first = records.first else { return IndicatorData(file: path, header: [], rows: []) }
        let header = first.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        let rows = records.dropFirst().map { r -> [String] in
            var cells = r.fields.map(\.text)
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            return cells
        }
        return IndicatorData(file: path, header: header, rows: rows)
    }

    /// The texts pandas reads as missing values.
    static let missing: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA",
        "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    static func isMissing(_ s: String) -> Bool { missing.contains(s) }

    /// The rows of one series, as sdg-build selects them:
    /// - observation attributes and `GeoCode` are set aside; where a `Progress` column exists its
    ///   values replace `Value` (rows without one drop out);
    /// - with a `unit` or `series`, the rows with that value in `Units` or `Series`;
    /// - with a `disaggregation`, the rows with each named value, and empty cells in every other
    ///   disaggregation column; without one, the headline: every disaggregation column empty;
    /// - values and options compared after translation (both may be translation keys);
    /// - a column named but absent, or a value found nowhere, selects nothing;
    /// - what is left must be one series: one value of `Series` and of `Units`.
    /// A file with only `Year` and `Value` is the series as it is.
    public func select(_ options: SeriesOptions, roles: ColumnRoles, translate: (String) -> String) -> SelectedSeries {
        var notes: [String] = []
        guard let yearColumn = header.firstIndex(of: roles.year) else {
            return SelectedSeries(observations: [], notes: ["\(file): no \(roles.year) column"])
        }
        guard let valueColumn = header.firstIndex(of: roles.value) ?? (header.count == 2 ? 1 : nil) else {
            return SelectedSeries(observations: [], notes: ["\(file): no \(roles.value) column"])
        }
        let progressColumn = header.firstIndex(of: roles.progress)
        var candidates = Array(rows.indices)

        if header.count > 2 {
            let ignored = roles.observationAttributes.union(["GeoCode"])
            // Disaggregation columns: every column that is neither a role nor ignored.
            let disaggregations = header.indices.filter { !roles.nonDisaggregation.contains(header[$0]) && !ignored.contains(header[$0]) }
            func column(_ name: String) -> Int? {
                header.firstIndex(of: name) ?? header.firstIndex { translate($0) == translate(name) }
            }
            func keep(_ name: String, equal value: String) {
                guard let c = column(name) else {
                    notes.append("no column \(name) in the data")
                    candidates = []
                    return
                }
                let wanted = translate(value)
                let before = candidates.count
                candidates = candidates.filter { translate(rows[$0][c]) == wanted }
                if before > 0, candidates.isEmpty { notes.append("no row with \(name) = \(value)") }
            }
            if let unit = options.unit { keep(roles.unit, equal: unit) }
            if let series = options.series { keep(roles.series, equal: series) }
            var named = Set<Int>()
            for d in options.disaggregation {
                keep(d.field, equal: d.value)
                if let c = column(d.field) { named.insert(c) }
            }
            let mustBeEmpty = disaggregations.filter { !named.contains($0) }
            candidates = candidates.filter { r in mustBeEmpty.allSatisfy { Self.isMissing(rows[r][$0]) } }
            // One series left?
            for name in [roles.series, roles.unit] {
                guard let c = header.firstIndex(of: name) else { continue }
                let distinct = Set(candidates.map { rows[$0][c] })
                if distinct.count > 1 {
                    notes.append("the rows hold \(distinct.count) values of \(name) (\(distinct.sorted().prefix(3).joined(separator: "; "))…): name one")
                    return SelectedSeries(observations: [], notes: notes)
                }
            }
        }

        var observations: [YearValue] = []
        var unreadable = 0
        for r in candidates {
            let row = rows[r]
            let raw = progressColumn.map { row[$0] } ?? row[valueColumn]
            if Self.isMissing(raw.trimmingCharacters(in: .whitespaces)) { continue }
            guard let year = Self.year(row[yearColumn]), let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                unreadable += 1
                continue
            }
            observations.append(YearValue(year, value))
        }
        if unreadable > 0 { notes.append("\(unreadable) row(s) with a year or value that is not a number left out") }
        observations.sort { $0.year < $1.year }
        return SelectedSeries(observations: observations, notes: notes)
    }

    /// A year: the first four characters of a period such as `2015-16`, `2014/2015` or `2024 Q1`.
    static func year(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let y = Int(t) { return y }
        if t.count > 4, let y = Int(t.prefix(4)) { return y }
        if let d = Double(t), d == d.rounded(), abs(d) < 1e6 { return Int(d) }
        return nil
    }
}
