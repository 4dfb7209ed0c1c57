import OnTrackNumerics
import OnTrackPanel

/// How far to trust the verdicts and the projections: every vintage replayed — the panel assessed
/// with the data up to each year — and scored against what the later actuals show.
///
/// Works on a panel and its targets; a dataset is first turned into one
/// (``DatasetAssessor/panel(_:)``), so datasets and panels are back-tested by the same code.
public struct Backtest: Sendable {
    /// What the later actuals show for a target.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The target year has been observed and the target was met.
        case met
        /// The target year has been observed and the target was missed.
        case missed
        /// The target year is still ahead; the latest actual is on or ahead of the path.
        case onCourse = "on_course"
        /// The target year is still ahead; the latest actual is behind the path.
        case offCourse = "off_course"

        /// Met or on course.
        public var isGood: Bool { self == .met || self == .onCourse }
    }

    /// One target scored at one vintage.
    public struct Case: Sendable {
        /// The target's position in the panel's targets.
        public var target: Int
        public var vintage: Int
        public var early: Assessment
        public var later: Assessment
        public var outcome: Outcome
        /// True when the early verdict was a warning (at or below the threshold).
        public var warned: Bool
        /// Later actuals (after the vintage, up to the target year) checked against the early
        /// projection's 80 % interval for their year: how many, and how many inside.
        public var intervalChecks: Int
        public var intervalHits: Int
        /// The naive forecast "the actual rate since the baseline carried forward meets the target":
        /// 1 when the early verdict was achieved or R ≥ 1, else 0; nil without a ratio.
        public var naiveRate: Double? {
            if early.status == .achieved { return 1 }
            return early.ratio.map { $0 >= 1 ? 1 : 0 }
        }
    }

    /// Scores of a set of cases.
    public struct Scores: Sendable, Hashable {
        public var cases: Int
        public var warnings: Int
        /// Warnings whose outcome was bad / all warnings.
        public var precision: Double?
        /// Bad outcomes that were warned of / all bad outcomes.
        public var recall: Double?
        /// Verdicts that agreed with the outcome (warning ↔ bad) / all cases.
        public var agreement: Double?
        /// Later actuals inside the 80 % interval / all later actuals checked (ideal 0.8).
        public var pi80Coverage: Double?
        public var intervalChecks: Int
        /// Cases with a probability and a final outcome (met or missed): the Brier scores' base.
        public var brierCases: Int
        /// Mean (p_reach − met)² over the cases with a final outcome.
        public var brier: Double?
        /// The same for the actual-rate rule (1 when R ≥ 1 or achieved, else 0).
        public var brierNaiveRate: Double?
        /// The same for "always on track" (1).
        public var brierAlwaysOnTrack: Double?
    }

    /// The vintages replayed, the cases, and the scores per vintage and overall.
    public struct Result: Sendable {
        public var vintages: [Int]
        public var cases: [Case]
        public var byVintage: [(vintage: Int, scores: Scores)]
        public var overall: Scores
        /// Target-vintage pairs not scored (due by the vintage, off the progress scale then, or no
        /// later actual).
        public var unscored: Int
    }

    /// Verdicts at or below this status count as warnings.
    public var threshold: Status
    /// The rules; `asOf` is set per vintage.
    public var options: AssessmentOptions
    /// The vintages to replay; nil: from the earliest baseline year + 2 to the latest observed year − 1.
    public var vintages: [Int]?

    public init(threshold: Status = .needsAcceleration, options: AssessmentOptions = AssessmentOptions(), vintages: [Int]? = nil) {
        self.threshold = threshold
        self.options = options
        self.vintages = vintages
    }

    /// The default vintages of a panel: the earliest baseline year + 2 through the latest year − 1.
    public static func defaultVintages(_ panel: Panel, _ targets: PanelTargets) -> [Int] {
        guard let first = targets.specs.map(\.baselineYear).min(), let last = panel.years.max() else { return [] }
        let from = first + 2, to = Int(last) - 1
        return from <= to ? Array(from...to) : []
    }

    /// Replays every vintage of `panel`.
    public func run(_ panel: Panel, _ targets: PanelTargets, workers: Int = 1) -> Result {
        let years = vintages ?? Self.defaultVintages(panel, targets)
        // The outcome is what the data show: no evaluation year, so a target year not yet in the data
        // is judged by the latest gap (on or off course), not set aside.
        var late = options
        late.asOf = nil
        late.evaluationYear = nil
        let after = PanelAssessor(options: late, workers: workers).assessAll(panel, targets)
        let assessor = Assessor(options: late)
        // The later actuals of each target on the assessment's scale, by year (the path's actuals).
        var actuals: [[Int: Double]] = []
        actuals.reserveCapacity(targets.count)
        for t in 0..<targets.count {
            let s = Int(targets.series[t])
            guard s >= 0 else { actuals.append([:]); continue }
            let obs = panel.range(of: s).map { YearValue(Int(panel.years[$0]), panel.values[$0]) }
            var byYear: [Int: Double] = [:]
            for p in assessor.path(targets.specs[t], observations: obs) { if let v = p.actual { byYear[p.year] = v } }
            actuals.append(byYear)
        }
        var cases: [Case] = []
        var byVintage: [(Int, Scores)] = []
        var unscored = 0
        for v in years {
            var early = options
            early.asOf = v
            let before = PanelAssessor(options: early, workers: workers).assessAll(panel, targets)
            var these: [Case] = []
            for t in 0..<targets.count {
                let spec = targets.specs[t], e = before[t], l = after[t]
                // A target due by the vintage was already decided then: nothing to forecast.
                // …and a vintage less than two years after the baseline has too little to go on.
                guard spec.targetYear > v, v >= spec.baselineYear + 2, e.status.severityRank != nil,
                      let outcome = Self.outcome(l, after: v, targetYear: spec.targetYear) else { unscored += 1; continue }
                var checks = 0, hits = 0
                if let p = e.projection, p.low != nil {
                    for (year, value) in actuals[t] where year > v && year <= spec.targetYear {
                        guard let b = p.band(at: year), let lo = b.low, let hi = b.high else { continue }
                        checks += 1
                        let slack = 1e-9 * max(1, abs(value))
                        if value >= lo - slack && value <= hi + slack { hits += 1 }
                    }
                }
                these.append(Case(target: t, vintage: v, early: e, later: l, outcome: outcome,
                                  warned: e.status.isAtOrBelow(threshold), intervalChecks: checks, intervalHits: hits))
            }
            byVintage.append((v, Self.scores(these)))
            cases += these
        }
        return Result(vintages: years, cases: cases, byVintage: byVintage, overall: Self.scores(cases), unscored: unscored)
    }

    /// The outcome from the full data: met or missed once the target year is observed, else the
    /// sign of the latest gap to the path; nil without an actual after `asOf`.
    static func outcome(_ a: Assessment, after asOf: Int, targetYear: Int) -> Outcome? {
        guard let latest = a.latest, latest.year > asOf else { return nil }
        if a.status == .missed { return .missed }
        if a.status == .achieved, latest.year >= targetYear { return .met }
        guard a.status.severityRank != nil else { return nil }
        if a.status == .achieved { return .onCourse }
        guard let gap = a.gapToPath, let d = a.direction else {
            return a.status.isAtOrBelow(.needsAcceleration) ? .offCourse : .onCourse
        }
        return d.sign * gap >= 0 ? .onCourse : .offCourse
    }

    /// The scores of `cases`.
    public static func scores(_ cases: [Case]) -> Scores {
        let warned = cases.filter(\.warned)
        let bad = cases.filter { !$0.outcome.isGood }
        let hits = warned.filter { !$0.outcome.isGood }.count
        let agree = cases.filter { $0.warned != $0.outcome.isGood }.count
        func ratio(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }
        let checks = cases.reduce(0) { $0 + $1.intervalChecks }, inside = cases.reduce(0) { $0 + $1.intervalHits }
        // Brier scores on the cases with a probability and a final outcome, the same set for all three.
        let final = cases.filter { ($0.outcome == .met || $0.outcome == .missed) && $0.early.projection?.probability != nil }
        func brier(_ forecast: (Case) -> Double?) -> Double? {
            var sum = 0.0, n = 0
            for c in final {
                guard let p = forecast(c) else { continue }
                let o: Double = c.outcome == .met ? 1 : 0
                sum += (p - o) * (p - o)
                n += 1
            }
            return n == 0 ? nil : sum / Double(n)
        }
        return Scores(cases: cases.count, warnings: warned.count, precision: ratio(hits, warned.count),
                      recall: ratio(hits, bad.count), agreement: ratio(agree, cases.count),
                      pi80Coverage: ratio(inside, checks), intervalChecks: checks, brierCases: final.count,
                      brier: brier { $0.early.projection?.probability },
                      brierNaiveRate: brier { $0.naiveRate ?? 0 },
                      brierAlwaysOnTrack: brier { _ in 1 })
    }

    /// Counts of early verdict × outcome.
    public struct Confusion: Sendable {
        /// counts[verdict][outcome]
        public var counts: [Status: [Outcome: Int]]
        public var total: Int
    }

    public static func confusion(_ cases: [Case]) -> Confusion {
        var counts: [Status: [Outcome: Int]] = [:]
        for c in cases { counts[c.early.status, default: [:]][c.outcome, default: 0] += 1 }
        return Confusion(counts: counts, total: cases.count)
    }
}
