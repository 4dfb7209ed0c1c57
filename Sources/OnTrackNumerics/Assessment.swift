/// The verdict on one target and the figures behind it.
///
/// Every number is finite or absent: a rule that cannot produce a finite number leaves the field nil
/// and says why in ``notes``.
public struct Assessment: Sendable, Hashable {
    public var status: Status
    public var direction: Direction?
    public var directionEvidence: Direction.Evidence?
    /// "compound", "linear", "cumulative" or "average"; nil when no path was drawn.
    public var method: String?
    /// The baseline used and its year (after any substitution; an index of 100 for reductions).
    public var baseline: YearValue?
    /// True when the baseline came from an observation because the document gives none.
    public var baselineFromObservation = false
    /// The rule that chose the stand-in baseline, when ``baselineFromObservation``.
    public var baselineRule: BaselineRule?
    /// The value aimed at in the target year (a range's binding end; an index for reductions).
    public var aim: Double?
    /// The latest actual (running total for cumulative targets; average rate so far for
    /// average-growth targets; an index for reductions).
    public var latest: YearValue?
    /// The value on the path in the latest year.
    public var expectedAtLatest: Double?
    /// latest − expected.
    public var gapToPath: Double?
    /// (latest − expected) / |expected| × 100.
    public var gapToPathPercent: Double?
    public var requiredFromBaseline: AnnualChange?
    public var requiredFromLatest: AnnualChange?
    public var actualChange: AnnualChange?
    /// The progress ratio R.
    public var ratio: Double?
    /// Where the indicator is heading: the projection to the target year with its 80 % interval,
    /// the probability of meeting the target and the reach year; nil when nothing can be projected
    /// (and once the target year is observed).
    public var projection: Projection?
    /// The projection's verdict: likely, uncertain or unlikely to meet the target; nil without a
    /// probability, and for final verdicts.
    public var outlook: Outlook?
    /// Why status and projection point different ways, in both languages; nil when they agree.
    public var explanation: Explanation?
    /// For a missed target: how far the value in the target year fell short of the aim, in the
    /// target's unit (positive = short) and in % of the aim.
    public var shortfall: Double?
    public var shortfallPercent: Double?
    /// The target year (or the period) has passed without a comparable value for it.
    public var targetYearUnobserved = false
    public var cumulative: CumulativeProgress?
    public var notes: [String] = []

    public init(status: Status) { self.status = status }

    /// The projected value in the target year.
    public var projected: Double? { projection?.value }
    /// projected − aim.
    public var projectionGap: Double? {
        guard let p = projection?.value, let aim else { return nil }
        let g = p - aim
        return g.isFinite ? g : nil
    }
}

/// The running position of a cumulative (【】) target.
public struct CumulativeProgress: Sendable, Hashable {
    public var periodStart: Int
    public var periodYears: Int
    public var yearsObserved: Int
    public var runningSum: Double
    public var expectedRunningSum: Double
    /// Target total − running sum.
    public var remaining: Double
    /// remaining / years left; nil when no year is left.
    public var averageNeeded: Double?
    /// The latest single-year flow.
    public var latestFlow: Double
}

/// One year of a target's path.
public struct PathPoint: Sendable, Hashable {
    public var year: Int
    public var expected: Double?
    public var actual: Double?
    public var gap: Double?
    /// A value observed this year on another definition (a series break), shown but not judged.
    public var notComparable: Double?
}

extension Assessment {
    /// Every number finite or absent, whatever the input (values near 1e±308 overflow in ratios,
    /// rates and projections): a non-finite field becomes nil, and the note says so once.
    mutating func dropNonFinite() {
        var dropped: [String] = []
        func check(_ x: inout Double?, _ name: String) {
            if let v = x, !v.isFinite { x = nil; dropped.append(name) }
        }
        func check(_ c: inout AnnualChange?, _ name: String) {
            if let v = c, !(v.value.isFinite && v.display.isFinite) { c = nil; dropped.append(name) }
        }
        func check(_ y: inout YearValue?, _ name: String) {
            if let v = y, !v.value.isFinite { y = nil; dropped.append(name) }
        }
        check(&baseline, "baseline")
        check(&aim, "target")
        check(&latest, "latest")
        check(&expectedAtLatest, "expected value")
        check(&gapToPath, "gap to the path")
        check(&gapToPathPercent, "gap to the path in %")
        check(&requiredFromBaseline, "required rate")
        check(&requiredFromLatest, "rate required from the latest value")
        check(&actualChange, "actual rate")
        check(&ratio, "progress ratio")
        check(&shortfall, "shortfall")
        check(&shortfallPercent, "shortfall in %")
        if let p = projection {
            if !(p.value.isFinite && (p.low ?? 0).isFinite && (p.high ?? 0).isFinite && (p.probability ?? 0).isFinite) {
                projection = nil
                outlook = nil
                explanation = nil
                dropped.append("projection")
            }
        }
        if let c = cumulative, !(c.runningSum.isFinite && c.expectedRunningSum.isFinite && c.remaining.isFinite
                                  && (c.averageNeeded ?? 0).isFinite && c.latestFlow.isFinite) {
            cumulative = nil
            dropped.append("running total")
        }
        if !dropped.isEmpty {
            notes.append("not a finite number, left out: " + dropped.joined(separator: ", "))
        }
    }
}
