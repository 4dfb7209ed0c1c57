/// A value observed in a year.
public struct YearValue: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double
    public init(_ year: Int, _ value: Double) {
        self.year = year
        self.value = value
    }
}

/// Everything the rules need to know about one target, with no provenance attached.
public struct TargetSpec: Sendable, Hashable {
    public var form: TargetForm
    /// The condition on the value; nil when the target has no number (e.g. 国家下达).
    public var bound: Bound?
    public var targetYear: Int
    /// The baseline as printed; nil when the document gives none ("—").
    public var baseline: Double?
    public var baselineYear: Int
    /// First year of the period for cumulative and average-growth targets (default baselineYear + 1).
    public var periodStart: Int?
    /// Explicit direction; nil means "infer from the bound or from baseline vs target".
    public var direction: Direction?
    /// Path override; nil means the form's default.
    public var method: PathMethod?

    public init(form: TargetForm, bound: Bound?, targetYear: Int, baseline: Double?, baselineYear: Int,
                periodStart: Int? = nil, direction: Direction? = nil, method: PathMethod? = nil) {
        self.form = form
        self.bound = bound
        self.targetYear = targetYear
        self.baseline = baseline
        self.baselineYear = baselineYear
        self.periodStart = periodStart
        self.direction = direction
        self.method = method
    }

    /// The first year of the period.
    public var firstPeriodYear: Int { periodStart ?? baselineYear + 1 }
}

/// Which value stands in for a baseline the document does not print.
public enum BaselineRule: String, Sendable, Hashable, CaseIterable {
    /// Statistics Canada's rule: the first observation at or after the baseline year.
    case firstAtOrAfter = "first-after"
    /// The observation of the baseline year, else the earliest observation (OnTrack before 0.3),
    /// which can lie decades before the baseline year.
    case earliest
}

/// Settings of the rules.
public struct AssessmentOptions: Sendable, Hashable {
    public var thresholds: ProgressThresholds
    /// Cut-offs of the outlook on the probability of meeting the target.
    public var outlook: OutlookThresholds
    /// Relative tolerance of "about" (左右/约) targets: 0.05 accepts ±5 % of the target value.
    public var aboutTolerance: Double
    /// Ignore observations after this year (back-testing).
    public var asOf: Int?
    /// The year the assessment is made in: a target year before it has passed, and without a
    /// comparable value for it the verdict is `insufficient_data`, never a guess. With ``asOf`` the
    /// assessment is made as of the year after it. nil: only a later observation tells that the
    /// target year has passed.
    public var evaluationYear: Int?
    /// Force one path method on every level, share, rate and ratio target.
    public var method: PathMethod?
    /// The stand-in for a baseline the document does not print.
    public var baselineRule: BaselineRule

    public init(thresholds: ProgressThresholds = .standard, outlook: OutlookThresholds = .standard,
                aboutTolerance: Double = 0.05, asOf: Int? = nil, evaluationYear: Int? = nil,
                method: PathMethod? = nil, baselineRule: BaselineRule = .firstAtOrAfter) {
        self.thresholds = thresholds
        self.outlook = outlook
        self.aboutTolerance = aboutTolerance
        self.asOf = asOf
        self.evaluationYear = evaluationYear
        self.method = method
        self.baselineRule = baselineRule
    }

    /// The year the assessment is made in: the year after ``asOf``, else ``evaluationYear``.
    public var effectiveEvaluationYear: Int? { asOf.map { $0 + 1 } ?? evaluationYear }
}
