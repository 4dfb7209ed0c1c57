/// Cut-offs that grade the progress ratio `R = d·actual / |required|`.
///
/// The defaults are those of the Eurostat SDG progress method and Statistics Canada, as used by
/// Open SDG: R ≥ 0.95 on track, 0.60 ≤ R < 0.95 needs acceleration, 0 ≤ R < 0.60 limited progress,
/// R < 0 moving away.
public struct ProgressThresholds: Sendable, Hashable {
    public var onTrack: Double
    public var needsAcceleration: Double
    public var limitedProgress: Double

    public init(onTrack: Double = 0.95, needsAcceleration: Double = 0.60, limitedProgress: Double = 0) {
        self.onTrack = onTrack
        self.needsAcceleration = needsAcceleration
        self.limitedProgress = limitedProgress
    }

    public static let standard = ProgressThresholds()

    /// Whether the cut-offs are finite and ordered (onTrack > needsAcceleration > limitedProgress).
    public var isValid: Bool {
        onTrack.isFinite && needsAcceleration.isFinite && limitedProgress.isFinite
            && onTrack > needsAcceleration && needsAcceleration > limitedProgress
    }

    /// The grade of a finite ratio.
    public func grade(_ ratio: Double) -> Status {
        if ratio >= onTrack { return .onTrack }
        if ratio >= needsAcceleration { return .needsAcceleration }
        if ratio >= limitedProgress { return .limitedProgress }
        return .movingAway
    }
}
