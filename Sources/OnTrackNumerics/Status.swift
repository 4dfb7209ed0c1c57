/// The verdict on one target, in the order the rules are applied.
public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
    case notAssessable = "not_assessable"
    case notComparable = "not_comparable"
    case insufficientData = "insufficient_data"
    case noBaseline = "no_baseline"
    case achieved = "achieved"
    case onTrack = "on_track"
    case needsAcceleration = "needs_acceleration"
    case limitedProgress = "limited_progress"
    case movingAway = "moving_away"
    /// The target year (or the last year of the period) is observed and the target was not met.
    case missed

    /// Rank on the progress scale, 4 (achieved) down to 0 (moving away) and −1 (missed, final); nil
    /// for the verdicts that are not on the scale (nothing to judge).
    public var severityRank: Int? {
        switch self {
        case .achieved: return 4
        case .onTrack: return 3
        case .needsAcceleration: return 2
        case .limitedProgress: return 1
        case .movingAway: return 0
        case .missed: return -1
        case .notAssessable, .notComparable, .insufficientData, .noBaseline: return nil
        }
    }

    /// On the progress scale and at or below needs acceleration: behind the required pace, or missed.
    public var isBehind: Bool { (severityRank ?? 3) <= 2 }

    /// Whether this verdict is at or below `threshold` on the progress scale (for `--fail-on`).
    public func isAtOrBelow(_ threshold: Status) -> Bool {
        guard let mine = severityRank, let limit = threshold.severityRank else { return false }
        return mine <= limit
    }

    public var english: String {
        switch self {
        case .notAssessable: return "not assessable"
        case .notComparable: return "not comparable"
        case .insufficientData: return "insufficient data"
        case .noBaseline: return "no baseline"
        case .achieved: return "target achieved"
        case .onTrack: return "on track"
        case .needsAcceleration: return "needs acceleration"
        case .limitedProgress: return "limited progress"
        case .movingAway: return "moving away"
        case .missed: return "target missed"
        }
    }

    public var chinese: String {
        switch self {
        case .notAssessable: return "无法评估"
        case .notComparable: return "口径不可比"
        case .insufficientData: return "数据不足"
        case .noBaseline: return "无基期值"
        case .achieved: return "已实现"
        case .onTrack: return "符合进度"
        case .needsAcceleration: return "需加快"
        case .limitedProgress: return "进展有限"
        case .movingAway: return "背离目标"
        case .missed: return "未实现"
        }
    }
}
