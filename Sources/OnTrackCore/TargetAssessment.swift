import OnTrackNumerics

/// A target of a dataset with its indicator, the observations behind its verdict, and the verdict.
public struct TargetAssessment: Sendable {
    public var target: Target
    public var indicator: Indicator
    public var assessment: Assessment
    /// The comparable observations used, one per year, after the conflict rule.
    public var used: [Observation]
    /// Observations on another definition, shown but not judged.
    public var notComparable: [Observation]

    public init(target: Target, indicator: Indicator, assessment: Assessment, used: [Observation], notComparable: [Observation]) {
        self.target = target
        self.indicator = indicator
        self.assessment = assessment
        self.used = used
        self.notComparable = notComparable
    }

    /// Why a target could not be judged on the progress scale; nil when it was judged.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The target is set by the State Council and not printed (国家下达).
        case setByState = "set_by_state"
        /// The source prints no target value (an empty table cell).
        case blankInSource = "blank_in_source"
        /// A qualitative target: nothing numeric to judge.
        case categorical
        /// Neither the document nor an observation gives a starting value.
        case noBaseline = "no_baseline"
        /// No comparable actual after the baseline year yet.
        case noActualYet = "no_actual_yet"
        /// The target year (or the period) has passed without a comparable value for it.
        case targetYearUnobserved = "target_year_unobserved"
        /// The later actuals are on another definition.
        case seriesBreak = "series_break"
        /// Another rule stopped the assessment; the note says which.
        case other

        public var english: String {
            switch self {
            case .setByState: return "set by the State Council (国家下达)"
            case .blankInSource: return "no target value printed in the source"
            case .categorical: return "qualitative target"
            case .noBaseline: return "no baseline"
            case .noActualYet: return "no actual yet"
            case .targetYearUnobserved: return "target year not observed"
            case .seriesBreak: return "series break"
            case .other: return "see note"
            }
        }
    }

    /// The reason for a verdict off the progress scale (not assessable, no baseline, insufficient
    /// data, not comparable); nil for achieved, on track, needs acceleration, limited progress,
    /// moving away and missed.
    public var reason: Reason? {
        switch assessment.status {
        case .achieved, .onTrack, .needsAcceleration, .limitedProgress, .movingAway, .missed: return nil
        case .noBaseline: return .noBaseline
        case .insufficientData: return assessment.targetYearUnobserved ? .targetYearUnobserved : .noActualYet
        case .notComparable: return .seriesBreak
        case .notAssessable:
            guard target.bound == nil else { return .other }
            if target.targetText.contains("国家下达") { return .setByState }
            if target.targetText == "（空白）" || target.targetText.isEmpty { return .blankInSource }
            return .categorical
        }
    }
}
