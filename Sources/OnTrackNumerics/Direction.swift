/// Which way an indicator should move.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"

    /// +1 when higher is better, −1 when lower is better: the `d` of the progress ratio.
    public var sign: Double { self == .higherIsBetter ? 1 : -1 }

    /// Where a direction came from, so that the output can say so.
    public enum Evidence: String, Sendable, Hashable {
        case explicit, bound, baselineVersusTarget, form
    }

    /// Infers the direction from the data, never from a silent default: an explicit value first,
    /// then the bound (≥, > mean higher; ≤, < mean lower), then the sign of target − baseline.
    /// Returns nil when none of these tells (e.g. an "about" target equal to its baseline).
    public static func infer(explicit: Direction?, bound: Bound, baseline: Double?) -> (Direction, Evidence)? {
        if let explicit { return (explicit, .explicit) }
        switch bound {
        case .atLeast, .moreThan: return (.higherIsBetter, .bound)
        case .atMost, .lessThan: return (.lowerIsBetter, .bound)
        case .reach, .about, .range: break
        }
        guard let baseline else { return nil }
        let t = bound.center
        if t > baseline { return (.higherIsBetter, .baselineVersusTarget) }
        if t < baseline { return (.lowerIsBetter, .baselineVersusTarget) }
        return nil
    }
}
