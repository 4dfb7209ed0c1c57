/// The condition a target sets on a value.
public enum Bound: Sendable, Hashable {
    /// A plain number: reach it in the better direction.
    case reach(Double)
    /// ≥ value.
    case atLeast(Double)
    /// > value.
    case moreThan(Double)
    /// ≤ value.
    case atMost(Double)
    /// < value.
    case lessThan(Double)
    /// 左右 / 约: about the value, within a relative tolerance.
    case about(Double)
    /// Between two values, inclusive.
    case range(Double, Double)

    /// The written value (the midpoint of a range).
    public var center: Double {
        switch self {
        case .reach(let v), .atLeast(let v), .moreThan(let v), .atMost(let v), .lessThan(let v), .about(let v): return v
        case .range(let lo, let hi): return (lo + hi) / 2
        }
    }

    /// The value a path aims at: the written value, or for a range the end that must be reached
    /// in the better direction (the low end when higher is better, the high end when lower is).
    public func aim(_ direction: Direction?) -> Double {
        guard case .range(let lo, let hi) = self else { return center }
        switch direction {
        case .higherIsBetter: return lo
        case .lowerIsBetter: return hi
        case nil: return (lo + hi) / 2
        }
    }

    /// Whether `value` meets the bound.
    ///
    /// - Parameters:
    ///   - direction: for ``reach(_:)``, ``about(_:)`` and ``range(_:_:)``, overshooting in the better
    ///     direction still meets the target; with no direction the value must be within the band.
    ///   - tolerance: relative tolerance of ``about(_:)`` (0.05 = ±5 % of the value).
    public func isMet(by value: Double, direction: Direction?, tolerance: Double) -> Bool {
        switch self {
        case .atLeast(let t): return value >= t
        case .moreThan(let t): return value > t
        case .atMost(let t): return value <= t
        case .lessThan(let t): return value < t
        case .reach(let t):
            switch direction {
            case .higherIsBetter: return value >= t
            case .lowerIsBetter: return value <= t
            case nil: return value == t
            }
        case .about(let t):
            let band = abs(t) * tolerance
            switch direction {
            case .higherIsBetter: return value >= t - band
            case .lowerIsBetter: return value <= t + band
            case nil: return abs(value - t) <= band
            }
        case .range(let lo, let hi):
            switch direction {
            case .higherIsBetter: return value >= lo
            case .lowerIsBetter: return value <= hi
            case nil: return value >= lo && value <= hi
            }
        }
    }

    /// The symbol as written in plan tables: ≥ > ≤ < 左右, a range as "a–b", nothing for a plain target.
    public var symbol: String {
        switch self {
        case .reach: return ""
        case .atLeast: return "≥"
        case .moreThan: return ">"
        case .atMost: return "≤"
        case .lessThan: return "<"
        case .about: return "≈"
        case .range: return "range"
        }
    }
}

extension Bound {
    /// The values that meet the bound, as ``isMet(by:direction:tolerance:)`` judges them (strict and
    /// non-strict bounds give the same interval: they differ on a set of probability zero).
    public func satisfyingInterval(direction: Direction?, tolerance: Double) -> ValueInterval {
        let up = Double.infinity, down = -Double.infinity
        switch self {
        case .atLeast(let t), .moreThan(let t): return ValueInterval(lower: t, upper: up)
        case .atMost(let t), .lessThan(let t): return ValueInterval(lower: down, upper: t)
        case .reach(let t):
            switch direction {
            case .higherIsBetter: return ValueInterval(lower: t, upper: up)
            case .lowerIsBetter: return ValueInterval(lower: down, upper: t)
            case nil: return ValueInterval(lower: t, upper: t)
            }
        case .about(let t):
            let band = abs(t) * tolerance
            switch direction {
            case .higherIsBetter: return ValueInterval(lower: t - band, upper: up)
            case .lowerIsBetter: return ValueInterval(lower: down, upper: t + band)
            case nil: return ValueInterval(lower: t - band, upper: t + band)
            }
        case .range(let lo, let hi):
            switch direction {
            case .higherIsBetter: return ValueInterval(lower: lo, upper: up)
            case .lowerIsBetter: return ValueInterval(lower: down, upper: hi)
            case nil: return ValueInterval(lower: lo, upper: hi)
            }
        }
    }

    /// A reduction ("降低14%") restated on the index with the baseline year = 100: a cut of at least
    /// X % becomes an index of at most 100 − X, and so on.
    public var reductionIndexBound: Bound {
        let cut = 100 - center
        switch self {
        case .reach, .atLeast: return .atMost(cut)
        case .moreThan: return .lessThan(cut)
        case .atMost: return .atLeast(cut)
        case .lessThan: return .moreThan(cut)
        case .about: return .about(cut)
        case .range(let lo, let hi): return .range(100 - hi, 100 - lo)
        }
    }
}
