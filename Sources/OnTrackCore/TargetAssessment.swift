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
}
