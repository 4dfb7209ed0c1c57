import Foundation

/// When a target is reached if the indicator keeps its current pace, and how late that is.
public enum Schedule: Sendable, Hashable {
    /// The latest value already meets the target.
    case met
    /// The target is first met in this year at the current pace.
    case reached(year: Int)
    /// The current pace runs away from the target, or stands still short of it.
    case never

    /// The longest horizon looked at: beyond it a target counts as never reached.
    public static let horizon = 100

    /// The year `latest` reaches `aim` in the better `direction` if it keeps changing by `pace` a year
    /// (a compound rate for ``AnnualChange/Unit/percent``, units a year for points).
    public static func project(latest: YearValue, aim: Double, pace: AnnualChange, direction: Direction) -> Schedule {
        let gap = aim - latest.value
        if direction.sign * gap <= 0 { return .met }
        let years: Double
        switch pace.unit {
        case .points:
            guard pace.value != 0, (pace.value > 0) == (gap > 0) else { return .never }
            years = gap / pace.value
        case .percent:
            guard latest.value > 0, aim > 0, pace.value > -1, pace.value != 0 else { return .never }
            let growth = log1p(pace.value)
            guard (growth > 0) == (aim > latest.value) else { return .never }
            years = log(aim / latest.value) / growth
        }
        guard years.isFinite, years <= Double(horizon) else { return .never }
        // The first whole year in which the value is at or past the aim (a hair of slack for rounding).
        return .reached(year: latest.year + Int((years - 1e-9).rounded(.up)))
    }

    /// Years late against `targetYear` (negative: early; nil when never reached).
    public func yearsBehind(targetYear: Int, latestYear: Int) -> Int? {
        switch self {
        case .met: return min(0, latestYear - targetYear)
        case .reached(let year): return year - targetYear
        case .never: return nil
        }
    }

    /// The year the target is met (the latest year when already met); nil when never.
    public func year(latestYear: Int) -> Int? {
        switch self {
        case .met: return latestYear
        case .reached(let year): return year
        case .never: return nil
        }
    }
}
