import Foundation

/// Applies OnTrack's rules to one target and its observations: the one engine behind every command.
///
/// Status rules, in order: not assessable (no numeric target, or no direction can be told); no
/// baseline; insufficient data (no comparable actual after the baseline, or a target year that has
/// passed without one; "not comparable" when the only later actuals are on another definition);
/// once the target year (the whole period) is observed, achieved or missed; before, target achieved
/// when the bound is already met, otherwise the progress ratio `R = d·actual/|required|` graded by
/// ``ProgressThresholds``. Each ``TargetForm`` has its own rule; see the README's Method section.
///
/// Then the projection (``Projector``): the trend models of ``TrendFits`` fitted to the points of
/// ``fitWindow(_:years:)``, the outlook from the probability of meeting the target, and an
/// ``Explanation`` when the status and the projection point different ways.
public struct Assessor: Sendable {
    public var options: AssessmentOptions

    public init(options: AssessmentOptions = AssessmentOptions()) {
        self.options = options
    }

    /// The trend fits of a target: computed by the assessor, or given by a caller that fitted many
    /// series at once (``TrendFitter``) to the points of ``fitWindow(_:years:)``.
    public enum Fits: Sendable {
        case compute
        case given(TrendFits?)
    }

    /// Assesses `spec` against `observations` (comparable values, at most one per year; later
    /// duplicates win) and `nonComparable` values (series breaks: reported, never judged).
    public func assess(_ spec: TargetSpec, observations: [YearValue], nonComparable: [YearValue] = [],
                       fits: Fits = .compute) -> Assessment {
        var context: Context
        switch prepare(spec, observations: observations, nonComparable: nonComparable) {
        case .done(let verdict): return verdict
        case .ready(let c): context = c
        }
        switch fits {
        case .given(let f): context.fits = f
        case .compute:
            let window = fitWindow(spec, years: context.observations.map(\.year))
            if window.count >= TrendFits.minimumCount {
                let points = context.observations[window]
                context.fits = TrendFits.fit(years: points.map(\.year), values: points.map(\.value))
            }
        }
        var a: Assessment
        switch spec.form {
        case .cumulative: a = assessCumulative(context)
        case .averageGrowth: a = assessAverageGrowth(context)
        default: a = assessValue(context)
        }
        finish(&a, context)
        a.dropNonFinite()
        return a
    }

    /// The positions in `years` (the comparable observations up to as-of, ascending) of the points
    /// a target's projection is fitted to; empty when nothing is projected because the data reach
    /// the target year (value targets) or the whole period is observed (【】, *).
    /// - value targets: the observations from the baseline year used on;
    /// - cumulative targets: the flows from the baseline year to the last flow observed without a
    ///   gap from the period's first year;
    /// - average-growth targets: the annual rates observed without a gap from the period's first year.
    /// Inlinable so that the batch engine's call on a slice of `Int32` years is specialised (a
    /// generic call through witness tables cost 4 % of a panel run).
    @inlinable
    public func fitWindow<C: RandomAccessCollection>(_ spec: TargetSpec, years: C) -> Range<Int>
    where C.Element: BinaryInteger, C.Index == Int {
        let lo = years.startIndex, hi = years.endIndex
        guard spec.bound != nil, spec.form != .categorical, lo < hi else { return lo..<lo }
        let tT = spec.targetYear
        func firstAtOrAfter(_ y: Int) -> Int {
            var i = lo
            while i < hi, Int(years[i]) < y { i += 1 }
            return i
        }
        // The year of the baseline: printed, or the stand-in observation of the rule.
        var from = spec.baselineYear
        if spec.baseline == nil, options.baselineRule == .earliest,
           !years.contains(where: { Int($0) == spec.baselineYear }) {
            from = Int(years[lo])
        }
        switch spec.form {
        case .cumulative, .averageGrowth:
            let start = spec.firstPeriodYear
            var end = firstAtOrAfter(start), year = start
            while end < hi, Int(years[end]) == year, year <= tT { end += 1; year += 1 }
            // Nothing to project without a flow, or once the whole period is in.
            guard year > start, year <= tT else { return lo..<lo }
            let begin = spec.form == .cumulative ? firstAtOrAfter(min(from, start)) : firstAtOrAfter(start)
            return begin..<end
        default:
            // Nothing to project once the data reach the target year.
            if Int(years[hi - 1]) >= tT { return lo..<lo }
            return firstAtOrAfter(from)..<hi
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
        /// The trend models fitted to the points of ``fitWindow(_:years:)``.
        var fits: TrendFits?
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

        // Baseline: as printed, else the observation of the baseline year, else the rule's stand-in:
        // the first observation after the baseline year (Statistics Canada), or the earliest one.
        // A running total's stand-in must come before its period.
        var baseline: YearValue?
        let latestStandIn = spec.form == .cumulative ? spec.firstPeriodYear - 1 : spec.targetYear - 1
        if let b = spec.baseline {
            baseline = YearValue(spec.baselineYear, b)
        } else if let b = obs.first(where: { $0.year == spec.baselineYear }) {
            baseline = b
            a.baselineFromObservation = true
            a.notes.append("the document gives no baseline; the \(b.year) observation is used")
        } else {
            let standIn = options.baselineRule == .firstAtOrAfter ? obs.first(where: { $0.year > spec.baselineYear }) : obs.first
            if let b = standIn, b.year <= latestStandIn {
                baseline = b
                a.baselineFromObservation = true
                a.baselineRule = options.baselineRule
                a.notes.append(options.baselineRule == .firstAtOrAfter
                    ? "the document gives no baseline and none was published for \(spec.baselineYear); the first later observation (\(b.year)) is used (Statistics Canada's rule)"
                    : "the document gives no baseline and none was published for \(spec.baselineYear); the earliest observation (\(b.year)) is used (--baseline-rule earliest)")
            }
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

    /// Whether the target year has passed by `observations` (a later year is observed) or by the
    /// evaluation year.
    func hasPassed(_ year: Int, observations: [YearValue]) -> Bool {
        if let last = observations.last, last.year > year { return true }
        if let now = options.effectiveEvaluationYear, now > year { return true }
        return false
    }

    /// The outlook and the explanation, once the status and the projection are known.
    func finish(_ a: inout Assessment, _ c: Context) {
        guard let p = a.projection else { return }
        if let probability = p.probability { a.outlook = options.outlook.grade(probability) }
        let bound = c.spec.form == .reduction ? c.bound.reductionIndexBound : c.bound
        // Does the projection meet the target? By its value, within the rounding slack its
        // probability allows, so that the two never disagree on an exact fit.
        let meets = Projector.meetsWithinRounding(p.value) {
            bound.isMet(by: $0, direction: a.direction, tolerance: options.aboutTolerance)
        }
        a.explanation = Explanation.make(a, form: c.spec.form, targetYear: c.spec.targetYear, projectionMeets: meets)
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

    /// The reason given when the target year has passed without a comparable value.
    /// Not judged: the target year (a year of the period) has passed without a comparable value.
    /// The pace figures stay, as of `latest`: never a guess.
    static func unobserved(_ a: inout Assessment, ratio: Double?, targetYear: Int, latest: Int, period: Bool) {
        a.ratio = ratio
        a.status = .insufficientData
        a.targetYearUnobserved = true
        a.notes.append(unobservedNote(targetYear, latest: latest, period: period))
    }

    /// The verdict of a period target (【】, *) without a value for the period's first year.
    static func noValueInPeriod(_ c: Context, start: Int, passed: Bool, into a: inout Assessment) {
        a.status = c.nonComparable.contains(where: { $0.year >= start }) ? .notComparable : .insufficientData
        if a.status == .notComparable {
            a.notes.append("later values are on another definition (series break)")
        } else if passed {
            a.targetYearUnobserved = true
            a.notes.append(unobservedNote(c.spec.targetYear))
        } else {
            a.notes.append(noActualNote(after: start - 1))
        }
    }

    /// For a period (【】, *), `latest` is the last year observed without a gap, and the first
    /// missing year is named when it is not the target year.
    static func unobservedNote(_ targetYear: Int, latest: Int? = nil, period: Bool = false) -> String {
        var base = "the target year \(targetYear) has passed without a comparable value: not judged"
        if period, let latest, latest + 1 < targetYear {
            base = "the period to \(targetYear) has passed without a comparable value for \(latest + 1): not judged"
        }
        return latest.map { base + "; the figures are as of \($0)" } ?? base
    }

    /// How far `value` fell short of `aim`: in the target's unit (positive = short of it, in the
    /// better direction) and in % of the aim.
    static func shortfall(aim: Double, value: Double, direction: Direction?, into a: inout Assessment) {
        let short = (direction?.sign ?? 1) * (aim - value)
        a.shortfall = finite(direction == nil ? abs(aim - value) : short)
        a.shortfallPercent = aim != 0 ? finite((a.shortfall ?? 0) / abs(aim) * 100) : nil
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
