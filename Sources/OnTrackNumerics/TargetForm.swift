/// The mathematical form of a target: which rule judges it.
public enum TargetForm: String, Sendable, Hashable, CaseIterable, Codable {
    /// An amount or count; compound growth.
    case level
    /// A share of a whole, in %; percentage points.
    case share
    /// A rate in % (unemployment, coverage); percentage points.
    case rate
    /// A ratio such as "1.84∶1", read as 1.84; points.
    case ratio
    /// A cut of X % from the baseline year ("单位GDP能耗降低14%"): an index 100 → 100−X.
    case reduction
    /// A total summed over the period (【】).
    case cumulative
    /// An average of annual growth rates over the period (*).
    case averageGrowth = "average_growth"
    /// No number to judge ("国家下达", qualitative).
    case categorical

    /// The path method used unless overridden: compound for levels and reduction indices, linear
    /// (percentage points) otherwise.
    public var defaultMethod: PathMethod {
        switch self {
        case .level, .reduction, .cumulative: return .compound
        case .share, .rate, .ratio, .averageGrowth, .categorical: return .linear
        }
    }

    /// A value in the target year (level, share, rate, ratio, reduction), as opposed to a total or an
    /// average over the period, or no number at all.
    public var isValueInTargetYear: Bool {
        switch self {
        case .level, .share, .rate, .ratio, .reduction: return true
        case .cumulative, .averageGrowth, .categorical: return false
        }
    }
}
