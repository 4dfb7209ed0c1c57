import OnTrackNumerics

/// A plan office's scorecard: for the targets due in a period, how many were achieved, missed,
/// are still open or could not be judged (and why); for the targets due later, where they stand now.
public struct Scorecard: Sendable {
    /// The counts of one group of targets.
    public struct Counts: Sendable, Hashable {
        public var targets = 0
        /// Targets whose year is in the period.
        public var due = 0
        public var achieved = 0
        public var missed = 0
        /// Due in the period, judged on the progress scale but not final (the target year has not
        /// passed yet).
        public var open = 0
        /// Due in the period and not judged, by reason.
        public var notJudged: [TargetAssessment.Reason: Int] = [:]
        /// Targets due after the period.
        public var later = 0
        /// Of those: achieved already or on track; behind (needs acceleration or worse); not judged.
        public var laterOnTrack = 0
        public var laterBehind = 0
        public var laterNotJudged = 0
        /// The Statistics Canada scores (−5…5) of the targets judged on the progress scale: 5 when
        /// achieved, else from the progress ratio R (a missed target keeps the score of its pace).
        public var scores: [Double] = []

        /// The mean score, the roll-up of Open SDG; nil when no target has a score.
        public var meanScore: Double? { scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count) }

        public var notJudgedTotal: Int { notJudged.values.reduce(0, +) }
        /// Achieved / (achieved + missed); nil when none was decided.
        public var shareMet: Double? { achieved + missed == 0 ? nil : Double(achieved) / Double(achieved + missed) }

        mutating func add(_ r: TargetAssessment, period: ClosedRange<Int>) {
            targets += 1
            let status = r.assessment.status
            if status.severityRank != nil,
               let score = ProgressMeasure().score(ratio: r.assessment.ratio, targetAchieved: status == .achieved) {
                scores.append(score)
            }
            if period.contains(r.target.targetYear) {
                due += 1
                switch status {
                case .achieved: achieved += 1
                case .missed: missed += 1
                case .onTrack, .needsAcceleration, .limitedProgress, .movingAway: open += 1
                default: notJudged[r.reason ?? .other, default: 0] += 1
                }
            } else if r.target.targetYear > period.upperBound {
                later += 1
                switch status {
                case .achieved, .onTrack: laterOnTrack += 1
                case .needsAcceleration, .limitedProgress, .movingAway, .missed: laterBehind += 1
                default: laterNotJudged += 1
                }
            }
        }
    }

    public var period: ClosedRange<Int>

    public init(period: ClosedRange<Int>) { self.period = period }

    /// The plan period of `targets`: the five years ending in the most common target year (the
    /// earlier on a tie), 2021–2025 for a 14th Five-Year Plan; nil without targets.
    public static func defaultPeriod(of targets: [Target]) -> ClosedRange<Int>? {
        let years = Dictionary(grouping: targets.map(\.targetYear), by: { $0 }).mapValues(\.count)
        guard let common = years.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { return nil }
        return (common - 4)...common
    }

    /// The counts of `results` (targets due before the period count only in `targets`).
    public func counts<S: Sequence>(_ results: S) -> Counts where S.Element == TargetAssessment {
        var c = Counts()
        for r in results { c.add(r, period: period) }
        return c
    }
}
