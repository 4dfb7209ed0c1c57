import Foundation

/// Rules for targets on the average of annual growth rates over a period (the * targets, e.g. GDP
/// growth "6左右*" over 2021–2025).
public enum AverageGrowth {
    /// The average annual rate needed in the years left so that the whole period averages `target`:
    /// `((1+g*)^n / Π(1+gᵢ))^(1/(n−k)) − 1`, where `observed` holds the k rates gᵢ seen so far
    /// (fractions) and `periodYears` is n.
    ///
    /// - Throws: ``NumericsError/noSolution(_:)`` when no year is left (k ≥ n) and
    ///   ``NumericsError/nonPositiveValue(_:)`` for a rate ≤ −100 %.
    public static func requiredRemaining(target: Double, periodYears n: Int, observed: [Double]) throws(NumericsError) -> Double {
        guard target.isFinite else { throw .nonFinite }
        let k = observed.count
        guard n > k else { throw .noSolution("the period has no years left (\(k) of \(n) observed)") }
        guard target > -1 else { throw .nonPositiveValue(1 + target) }
        var logDone = 0.0
        for g in observed {
            guard g.isFinite else { throw .nonFinite }
            guard g > -1 else { throw .nonPositiveValue(1 + g) }
            logDone += log1p(g)
        }
        return expm1((Double(n) * log1p(target) - logDone) / Double(n - k))
    }
}
