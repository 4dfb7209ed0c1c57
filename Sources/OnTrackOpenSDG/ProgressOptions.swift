import OnTrackNumerics

/// A disaggregation named by a progress option: a column and its value.
public struct FieldValue: Sendable, Hashable {
    public var field: String
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}

/// One entry of `progress_calculation_options`: which rows form the series, and how it is measured.
/// A missing setting is nil (the measure's default applies).
public struct SeriesOptions: Sendable, Hashable {
    public var series: String?
    public var unit: String?
    public var disaggregation: [FieldValue]
    /// `positive` gives higher is better; anything else (and nothing) lower is better.
    public var direction: Direction?
    public var baseYear: Int?
    public var targetYear: Int?
    public var target: Double?
    public var limit: Double?
    /// Whether the limit was written as an integer (the components file repeats it as written).
    public var limitIsInteger: Bool
    /// `progress_thresholds: {high, med, low}`: cut-offs replacing the method's defaults.
    public var thresholds: [String: Double]

    public init(series: String? = nil, unit: String? = nil, disaggregation: [FieldValue] = [], direction: Direction? = nil,
                baseYear: Int? = nil, targetYear: Int? = nil, target: Double? = nil, limit: Double? = nil,
                limitIsInteger: Bool = true, thresholds: [String: Double] = [:]) {
        self.series = series
        self.unit = unit
        self.disaggregation = disaggregation
        self.direction = direction
        self.baseYear = baseYear
        self.targetYear = targetYear
        self.target = target
        self.limit = limit
        self.limitIsInteger = limitIsInteger
        self.thresholds = thresholds
    }

    /// Reads one entry (a mapping); unknown keys are ignored.
    public init(_ value: ConfigValue) {
        self.init()
        series = value["series"].flatMap(Self.nonNull)?.text
        unit = value["unit"].flatMap(Self.nonNull)?.text
        disaggregation = (value["disaggregation"]?.list ?? []).compactMap { d in
            guard let field = d["field"]?.text, let v = d["value"].flatMap(Self.nonNull)?.text else { return nil }
            return FieldValue(field: field, value: v)
        }
        if let d = value["direction"].flatMap(Self.nonNull) {
            direction = d.text == "positive" ? .higherIsBetter : .lowerIsBetter
        }
        baseYear = value["base_year"]?.integer
        targetYear = value["target_year"]?.integer
        target = value["target"]?.number
        if let l = value["limit"], let n = l.number {
            limit = n
            if case .double = l { limitIsInteger = false }
        }
        for (k, v) in value["progress_thresholds"]?.map ?? [:] {
            if let n = v.number { thresholds[k] = n }
        }
    }

    static func nonNull(_ v: ConfigValue) -> ConfigValue? { v == .null ? nil : v }

    /// What the progress measure needs.
    public var spec: ProgressSeriesSpec {
        ProgressSeriesSpec(target: target, targetYear: targetYear, baseYear: baseYear, direction: direction, limit: limit)
    }

    /// The values that name the series, in sdg-build's order: series, unit, then each
    /// disaggregation's value.
    public var nameParts: [String] {
        var p: [String] = []
        if let series { p.append(series) }
        if let unit { p.append(unit) }
        p += disaggregation.map(\.value)
        return p
    }
}

/// The tree of `progress_calculation_options`: series, and groups whose members are averaged first.
public indirect enum ProgressEntry: Sendable, Hashable {
    case series(SeriesOptions)
    case group([ProgressEntry])

    /// Reads the list; a missing or empty list is one entry with every default (the headline).
    public static func entries(_ value: ConfigValue?) -> [ProgressEntry] {
        guard let list = value?.list, !list.isEmpty else { return [.series(SeriesOptions())] }
        return list.map(entry)
    }

    static func entry(_ value: ConfigValue) -> ProgressEntry {
        if let members = value["group"]?.list { return .group(members.map(entry)) }
        return .series(SeriesOptions(value))
    }

    /// Every series, depth first, in configuration order.
    public var allSeries: [SeriesOptions] {
        switch self {
        case .series(let s): return [s]
        case .group(let members): return members.flatMap(\.allSeries)
        }
    }
}

/// sdg-build's key of a series in the components file: the indicator id and the series' name parts
/// joined with " / ", at most ``maximumLength`` characters. A longer key has its longest parts cut to
/// the same length (with "…" written as "..."), the characters left over going to the last of them.
public enum SeriesTag {
    public static let maximumLength = 122

    public static func make(indicator: String, parts: [String], maximumLength: Int = maximumLength) -> String {
        let full = ([indicator] + parts).joined(separator: " / ")
        guard full.count > maximumLength, !parts.isEmpty else { return full }
        let budget = maximumLength - indicator.count - 3 * parts.count
        let lengths = parts.map(\.count)
        // The largest common length the parts can be cut to.
        var cap = lengths.max() ?? 0
        while cap > 0, lengths.reduce(0, { $0 + min($1, cap) }) > budget { cap -= 1 }
        var widths = lengths.map { min($0, cap) }
        var left = budget - widths.reduce(0, +)
        for i in widths.indices.reversed() where left > 0 && lengths[i] > widths[i] {
            widths[i] += 1
            left -= 1
        }
        let cut = zip(parts, widths).map { part, width in
            part.count <= width ? part : String(part.prefix(max(0, width - 3))) + "..."
        }
        return ([indicator] + cut).joined(separator: " / ")
    }
}
