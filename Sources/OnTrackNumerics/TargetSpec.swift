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

/// Settings of the rules.
public struct AssessmentOptions: Sendable, Hashable {
    public var thresholds: ProgressThresholds
    /// Relative tolerance of "about" (左右/约) targets: 0.05 accepts ±5 % of the target value.
    public var aboutTolerance: Double
    /// Ignore observations after this year (back-testing).
    public var asOf: Int?
    /// Force one path method on every level, share, rate and ratio target.
    public var method: PathMethod?
    /// Project value targets (level, share, rate, ratio, reduction) by the trend of their actuals.
    /// The batch engine turns this off and supplies its own projection (model choice, interval,
    /// probability); statuses and rates do not depend on it.
    public var projectsValueTargets: Bool

    public init(thresholds: ProgressThresholds = .standard, aboutTolerance: Double = 0.05, asOf: Int? = nil,
                method: PathMethod? = nil, projectsValueTargets: Bool = true) {
        self.thresholds = thresholds
        self.aboutTolerance = aboutTolerance
        self.asOf = asOf
        self.method = method
        self.projectsValueTargets = projectsValueTargets
    }
}
