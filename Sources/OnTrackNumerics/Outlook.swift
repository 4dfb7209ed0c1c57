/// Where the projection says a target is heading, from the probability of meeting it.
public enum Outlook: String, Sendable, Hashable, CaseIterable, Codable {
    /// p_reach ≥ the `likely` threshold (0.8 by default).
    case likely
    /// Between the two thresholds.
    case uncertain
    /// p_reach ≤ the `unlikely` threshold (0.2 by default).
    case unlikely

    public var english: String { rawValue }

    public var chinese: String {
        switch self {
        case .likely: return "很可能达标"
        case .uncertain: return "不确定"
        case .unlikely: return "难以达标"
        }
    }
}

/// The cut-offs of ``Outlook`` on the probability of meeting the target.
public struct OutlookThresholds: Sendable, Hashable {
    public var likely: Double
    public var unlikely: Double

    public init(likely: Double = 0.8, unlikely: Double = 0.2) {
        self.likely = likely
        self.unlikely = unlikely
    }

    public static let standard = OutlookThresholds()

    /// 0 ≤ unlikely < likely ≤ 1.
    public var isValid: Bool { 0 <= unlikely && unlikely < likely && likely <= 1 }

    public func grade(_ probability: Double) -> Outlook {
        if probability >= likely { return .likely }
        if probability <= unlikely { return .unlikely }
        return .uncertain
    }
}
