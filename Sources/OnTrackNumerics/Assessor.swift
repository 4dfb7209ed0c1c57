import Foundation

/// Applies OnTrack's rules to one target and its observations.
///
/// Status rules, in order: not assessable (no numeric target, or no direction can be told); no
/// baseline; insufficient data (no comparable actual after the baseline; "not comparable" when the
/// only later actuals are on another definition); target achieved (the bound is already met);
/// otherwise the progress ratio `R = d·actual/|required|` graded by ``ProgressThresholds``.
/// Each ``TargetForm`` has its own rule; see the README's Method section.
public struct Assessor: Sendable {
    public var options: AssessmentOptions

    public init(options: AssessmentOptions = AssessmentOptions()) {
        self.options = options
    }

    /// Assesses `spec` against `observations` (comparable values, at most one per year; later
    /// duplicates win) and `nonComparable` values (series breaks: reported, never judged).
    public func assess(_ spec: TargetSpec, observations: [YearValue], nonComparable: [YearValue] = []) -> Assessment {
        let context: Context
        switch prepare(spec, observations: observations, nonComparable: nonComparable) {
        case .done(let verdict): return verdict
        case .ready(let c): context = c
        }
        switch spec.form {
        case .cumulative: return assessCumulative(context)
        case .averageGrowth: return assessAverageGrowth(context)
        default: return assessValue(context)
        }
    }

    /// The yearly path from baseline to target year with the actuals and the gap; empty when the
    /// target cannot be assessed.
    public func path(_ spec: TargetSpec, observations: [YearValue], nonComparable: [YearValue] = []) -> [PathPoint] {
        guard case .ready(let c) = prepare(spec, observations: observations, nonComparable: nonComparable) else { return [] }
        switch spec.form {
        case .cumulative: return cumulativePath(c)
        case .averageGrowth: return averageGrowthPath(c)
        default: return valuePath(c)
        }
    }

    // MARK: - Shared preparation

    struct Context {
        var spec: TargetSpec
        var bound: Bound
        var direction: Direction?
        var baseline: YearValue?
        /// Comparable observations up to as-of, sorted by year, one per year.
        var observations: [YearValue]
        var nonComparable: [YearValue]
        var verdict: Assessment
    }

    enum Preparation {
        case done(Assessment)
        case ready(Context)
    }

    func prepare(_ spec: TargetSpec, observations: [YearValue], nonComparable: [YearValue]) -> Preparation {
        var a = Assessment(status: .notAssessable)
        guard spec.form != .categorical, let bound = spec.bound else {
            a.notes.append("no numeric target to judge")
            return .done(a)
        }
        guard bound.center.isFinite, spec.baseline?.isFinite ?? true else {
            a.notes.append("the target or baseline is not a finite number")
            return .done(a)
        }
        guard spec.targetYear > spec.baselineYear else {
            a.notes.append("the target year \(spec.targetYear) is not after the baseline year \(spec.baselineYear)")
            return .done(a)
        }
        let obs = Self.clean(observations, asOf: options.asOf)
        let broken = Self.clean(nonComparable, asOf: options.asOf)

        // Baseline: as printed, else the observation of the baseline year, else the earliest one.
        var baseline: YearValue?
        if let b = spec.baseline {
            baseline = YearValue(spec.baselineYear, b)
        } else if let b = obs.first(where: { $0.year == spec.baselineYear }) {
            baseline = b
            a.baselineFromObservation = true
            a.notes.append("the document gives no baseline; the \(b.year) observation is used")
        } else if let b = obs.first, b.year < spec.targetYear {
            baseline = b
            a.baselineFromObservation = true
            a.notes.append("the document gives no baseline and none was published for \(spec.baselineYear); the earliest observation (\(b.year)) is used")
        }

        // Direction: explicit, the bound, the form, then baseline vs target.
        var direction: Direction?
        if let explicit = spec.direction {
            direction = explicit
            a.directionEvidence = .explicit
        } else if spec.form == .reduction {
            direction = .lowerIsBetter
            a.directionEvidence = .form
        } else if spec.form == .averageGrowth, case .atMost = bound {
            direction = .lowerIsBetter
            a.directionEvidence = .bound
        } else if spec.form == .averageGrowth, case .lessThan = bound {
            direction = .lowerIsBetter
            a.directionEvidence = .bound
        } else if spec.form == .averageGrowth {
            // An average-growth target sets a pace to keep: faster is better unless stated otherwise.
            direction = .higherIsBetter
            a.directionEvidence = .form
        } else if let (d, evidence) = Direction.infer(explicit: nil, bound: bound, baseline: baseline?.value) {
            direction = d
            a.directionEvidence = evidence
        }
        a.direction = direction
        a.baseline = baseline
        return .ready(Context(spec: spec, bound: bound, direction: direction, baseline: baseline,
                              observations: obs, nonComparable: broken, verdict: a))
    }

    /// Drops non-finite values and years after `asOf`, sorts by year, keeps the last value per year.
    static func clean(_ values: [YearValue], asOf: Int?) -> [YearValue] {
        // Fast path: already finite, strictly increasing in year and within as-of (as the batch
        // engine passes them).
        var ordered = true
        for (i, v) in values.enumerated() where !v.value.isFinite || (asOf.map { v.year > $0 } ?? false)
            || (i > 0 && values[i - 1].year >= v.year) {
            ordered = false
            break
        }
        if ordered { return values }
        var byYear: [Int: Double] = [:]
        for v in values where v.value.isFinite && (asOf.map { v.year <= $0 } ?? true) {
            byYear[v.year] = v.value
        }
        return byYear.keys.sorted().map { YearValue($0, byYear[$0]!) }
    }

    /// Status when nothing after the baseline can be judged.
    static func missingActual(_ c: Context) -> Status {
        let after = c.baseline?.year ?? c.spec.baselineYear
        return c.nonComparable.contains(where: { $0.year > after }) ? .notComparable : .insufficientData
    }

    /// The reason given with ``Status/insufficientData``.
    static func noActualNote(after year: Int) -> String {
        "no comparable actual after \(year) yet"
    }

    /// Grades a finite ratio, or explains why there is none.
    func grade(_ ratio: Double?, into a: inout Assessment) {
        if let r = ratio, r.isFinite {
            a.ratio = r
            a.status = options.thresholds.grade(r)
        } else {
            a.status = .notAssessable
            a.notes.append("the progress ratio is undefined")
        }
    }

    /// The years of a period target: its first year, the target year and their count, or nil (with
    /// a note) when the period is empty.
    static func period(_ c: Context, into a: inout Assessment) -> (start: Int, end: Int, years: Int)? {
        let start = c.spec.firstPeriodYear, end = c.spec.targetYear
        guard end >= start else {
            a.notes.append("the period \(start)–\(end) is empty")
            return nil
        }
        return (start, end, end - start + 1)
    }

    /// The verdict when no direction can be told and the target is not met.
    static func directionUnknown(_ a: inout Assessment) {
        a.status = .notAssessable
        a.notes.append("the direction (higher or lower is better) cannot be told from the data; set it on the indicator")
    }

    /// Returns `x` when finite, else nil.
    static func finite(_ x: Double?) -> Double? {
        guard let x, x.isFinite else { return nil }
        return x
    }
}
