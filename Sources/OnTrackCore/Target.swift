import OnTrackNumerics

/// 约束性 (binding) or 预期性 (indicative).
public enum Binding: String, Sendable, Hashable, CaseIterable, Codable {
    case binding = "约束性"
    case indicative = "预期性"
}

/// One target of one plan for one indicator. An indicator may have several targets from several
/// documents; they are never merged.
public struct Target: Sendable, Hashable, Identifiable {
    public var id: String
    public var indicatorID: String
    public var form: TargetForm
    /// nil when there is no numeric target (国家下达, categorical).
    public var bound: Bound?
    /// The target cell as written (`＞【500】`, `6左右*`).
    public var targetText: String
    public var baseline: Double?
    public var baselineText: String
    public var baselineYear: Int
    public var targetYear: Int
    public var periodStart: Int?
    public var binding: Binding?
    public var method: PathMethod?
    public var source: SourceReference
    /// The unit as written in the statement when it differs from the indicator's (e.g. 万亿元 for
    /// 亿元); empty otherwise. `note` then records the conversion.
    public var unit: String
    public var note: String
    /// true when the bound is not a target but a pace to compare with (a series without a target,
    /// judged by the no-target method against the on-track growth rate); charts label it so.
    public var boundIsPace: Bool

    public init(id: String, indicatorID: String, form: TargetForm, bound: Bound?, targetText: String,
                baseline: Double?, baselineText: String = "", baselineYear: Int, targetYear: Int,
                periodStart: Int? = nil, binding: Binding? = nil, method: PathMethod? = nil,
                source: SourceReference, unit: String = "", note: String = "", boundIsPace: Bool = false) {
        self.id = id
        self.indicatorID = indicatorID
        self.form = form
        self.bound = bound
        self.targetText = targetText
        self.baseline = baseline
        self.baselineText = baselineText
        self.baselineYear = baselineYear
        self.targetYear = targetYear
        self.periodStart = periodStart
        self.binding = binding
        self.method = method
        self.source = source
        self.unit = unit
        self.note = note
        self.boundIsPace = boundIsPace
    }

    /// A what-if target: one the user set, citing no source (a dataset row with an empty
    /// `source_file`). It is assessed and charted like any other; `validate` warns about it.
    public var isWhatIf: Bool { source.location.isEmpty }

    /// The rules' view of this target.
    public func spec(direction: Direction?) -> TargetSpec {
        TargetSpec(form: form, bound: bound, targetYear: targetYear, baseline: baseline, baselineYear: baselineYear,
                   periodStart: periodStart, direction: direction, method: method)
    }
}
