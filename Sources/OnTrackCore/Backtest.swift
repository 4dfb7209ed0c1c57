import OnTrackNumerics

/// How far to trust an early warning: the verdicts of an earlier vintage (`asOf`) against what the
/// later actuals show.
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

    /// One target scored: the early verdict and the outcome.
    public struct Case: Sendable {
        public var early: TargetAssessment
        public var later: TargetAssessment
        public var outcome: Outcome
        /// True when the early verdict was a warning (at or below the threshold).
        public var warned: Bool
    }

    public var asOf: Int
    /// Verdicts at or below this status count as warnings.
    public var threshold: Status
    public var options: AssessmentOptions

    public init(asOf: Int, threshold: Status = .needsAcceleration, options: AssessmentOptions = AssessmentOptions()) {
        self.asOf = asOf
        self.threshold = threshold
        self.options = options
    }

    /// The scored cases and the number of targets left out (due by `asOf`, no verdict on the
    /// progress scale as of `asOf`, or no actual after `asOf`).
    public func run(_ dataset: Dataset) -> (cases: [Case], unscored: Int) {
        var early = options
        early.asOf = asOf
        var late = options
        late.asOf = nil
        let before = DatasetAssessor(options: early).assess(dataset)
        let after = DatasetAssessor(options: late).assess(dataset)
        var cases: [Case] = []
        for (e, l) in zip(before, after) {
            // A target due by `asOf` was already decided then: nothing to forecast.
            guard e.target.targetYear > asOf, e.assessment.status.severityRank != nil,
                  let outcome = Self.outcome(l, after: asOf) else { continue }
            cases.append(Case(early: e, later: l, outcome: outcome, warned: e.assessment.status.isAtOrBelow(threshold)))
        }
        return (cases, before.count - cases.count)
    }

    /// The outcome from the full data: met or missed once the target year is observed, else the
    /// sign of the latest gap to the path; nil without an actual after `asOf`.
    static func outcome(_ l: TargetAssessment, after asOf: Int) -> Outcome? {
        let a = l.assessment
        guard let latest = a.latest, latest.year > asOf, a.status.severityRank != nil else { return nil }
        if latest.year >= l.target.targetYear {
            return a.status == .achieved ? .met : .missed
        }
        if a.status == .achieved { return .onCourse }
        guard let gap = a.gapToPath, let d = a.direction else {
            return a.status.isAtOrBelow(.needsAcceleration) ? .offCourse : .onCourse
        }
        return d.sign * gap >= 0 ? .onCourse : .offCourse
    }

    /// Counts of early verdict × outcome.
    public struct Confusion: Sendable {
        /// counts[verdict][outcome]
        public var counts: [Status: [Outcome: Int]]
        public var total: Int
        /// Warnings whose outcome was bad / all warnings; nil without warnings.
        public var precision: Double?
        /// Bad outcomes that were warned of / all bad outcomes; nil without bad outcomes.
        public var recall: Double?
        /// Verdicts that agreed with the outcome (warning ↔ bad) / all cases.
        public var accuracy: Double?
    }

    public static func confusion(_ cases: [Case]) -> Confusion {
        var counts: [Status: [Outcome: Int]] = [:]
        for c in cases { counts[c.early.assessment.status, default: [:]][c.outcome, default: 0] += 1 }
        let warned = cases.filter(\.warned)
        let bad = cases.filter { !$0.outcome.isGood }
        let hits = warned.filter { !$0.outcome.isGood }.count
        let agree = cases.filter { $0.warned != $0.outcome.isGood }.count
        return Confusion(counts: counts, total: cases.count,
                         precision: warned.isEmpty ? nil : Double(hits) / Double(warned.count),
                         recall: bad.isEmpty ? nil : Double(hits) / Double(bad.count),
                         accuracy: cases.isEmpty ? nil : Double(agree) / Double(cases.count))
    }
}
