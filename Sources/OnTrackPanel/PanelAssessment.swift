import OnTrackNumerics

/// The verdict on one target of a panel: the single-series assessment, and for value targets the
/// projection chosen among the trend models.
public struct PanelAssessment: Sendable {
    public var assessment: Assessment
    /// The number of observations the trend models were fitted to.
    public var fitCount: Int
    /// The projection in the target year with its 80 % interval and the probability of meeting the
    /// target, on the scale of ``assessment`` (an index for reductions); nil when none was made.
    public var forecast: Forecast?

    public init(assessment: Assessment, fitCount: Int, forecast: Forecast?) {
        self.assessment = assessment
        self.fitCount = fitCount
        self.forecast = forecast
    }
}
