import Foundation

/// Growth rates between two values: compound (geometric) for levels, percentage points for shares,
/// rates and ratios.
public enum Growth {
    /// The constant annual rate that takes `start` to `end` in `years`: `(end/start)^(1/years) − 1`,
    /// as a fraction (0.042 = 4.2 % a year).
    ///
    /// - Throws: ``NumericsError/nonPositiveValue(_:)`` when either value is ≤ 0 (the rate is
    ///   undefined), ``NumericsError/nonPositiveSpan(_:)`` when `years` ≤ 0,
    ///   ``NumericsError/nonFinite`` when the rate overflows.
    public static func compoundRate(from start: Double, to end: Double, years: Int) throws(NumericsError) -> Double {
        guard start.isFinite, end.isFinite else { throw .nonFinite }
        guard years > 0 else { throw .nonPositiveSpan(years) }
        guard start > 0 else { throw .nonPositiveValue(start) }
        guard end > 0 else { throw .nonPositiveValue(end) }
        // expm1/log keep precision for rates near zero.
        let rate = expm1(log(end / start) / Double(years))
        // 1e-300 → 1e308 overflows: no finite rate, no answer.
        guard rate.isFinite, (rate * 100).isFinite else { throw .nonFinite }
        return rate
    }

    /// The constant annual change in points that takes `start` to `end` in `years`: `(end − start)/years`.
    public static func pointsPerYear(from start: Double, to end: Double, years: Int) throws(NumericsError) -> Double {
        guard start.isFinite, end.isFinite else { throw .nonFinite }
        guard years > 0 else { throw .nonPositiveSpan(years) }
        let rate = (end - start) / Double(years)
        guard rate.isFinite else { throw .nonFinite }
        return rate
    }

    /// `value · (1 + rate)^years`, for fractional years too.
    public static func compound(_ value: Double, rate: Double, years: Double) -> Double {
        value * exp(log1p(rate) * years)
    }

    /// The geometric mean of annual rates, `(Π(1 + gᵢ))^(1/k) − 1`.
    ///
    /// - Throws: ``NumericsError/noSolution(_:)`` for an empty list, ``NumericsError/nonPositiveValue(_:)``
    ///   when a rate is ≤ −100 % (the chained index would not be positive).
    public static func geometricMean(of rates: [Double]) throws(NumericsError) -> Double {
        guard !rates.isEmpty else { throw .noSolution("no annual rates to average") }
        var logSum = 0.0
        for g in rates {
            guard g.isFinite else { throw .nonFinite }
            guard g > -1 else { throw .nonPositiveValue(1 + g) }
            logSum += log1p(g)
        }
        let mean = expm1(logSum / Double(rates.count))
        guard mean.isFinite, (mean * 100).isFinite else { throw .nonFinite }
        return mean
    }
}
