import Foundation

/// A straight-line trend fitted by least squares, on the values or on their logarithms.
public struct TrendLine: Sendable, Hashable {
    /// What the line is fitted to.
    public enum Scale: String, Sendable, Hashable {
        /// `value = a + b·(t − t̄)`: constant change in points.
        case linear
        /// `log(value) = a + b·(t − t̄)`: constant percentage growth `e^b − 1`.
        case logarithmic
    }

    public let scale: Scale
    public let intercept: Double
    public let slope: Double
    /// The centring year t̄ (the mean of the fitted years), which keeps the fit well conditioned.
    public let origin: Double

    /// The fitted value in `year`.
    public func value(at year: Int) -> Double {
        let y = intercept + slope * (Double(year) - origin)
        return scale == .logarithmic ? exp(y) : y
    }

    /// The trend's annual change: `e^b − 1` (percent) on the log scale, `b` points on the linear.
    public var annualChange: AnnualChange {
        scale == .logarithmic ? .percent(expm1(slope)) : .points(slope)
    }

    /// Fits a trend to one series through ``LeastSquares`` (LAPACK `dgels`).
    ///
    /// - Throws: ``NumericsError/rankDeficient`` with fewer than two distinct years,
    ///   ``NumericsError/nonPositiveValue(_:)`` for a value ≤ 0 on the log scale.
    public static func fit(years: [Int], values: [Double], scale: Scale) throws(NumericsError) -> TrendLine {
        try fit(years: years, series: [values], scale: scale)[0]
    }

    /// Fits one trend per series for many series observed in the same `years` — one QR
    /// factorisation for the whole group.
    public static func fit(years: [Int], series: [[Double]], scale: Scale) throws(NumericsError) -> [TrendLine] {
        let m = years.count
        guard Set(years).count >= 2 else { throw .rankDeficient }
        let origin = Double(years.reduce(0, +)) / Double(m)
        var design = [Double](repeating: 1, count: 2 * m)
        for (i, t) in years.enumerated() { design[m + i] = Double(t) - origin }
        var rhs = [Double]()
        rhs.reserveCapacity(m * series.count)
        for values in series {
            precondition(values.count == m, "every series needs one value per year")
            for v in values {
                if scale == .logarithmic {
                    guard v > 0 else { throw .nonPositiveValue(v) }
                    rhs.append(log(v))
                } else {
                    rhs.append(v)
                }
            }
        }
        let x = try LeastSquares.solve(design: design, rows: m, columns: 2, rhs: rhs)
        return (0..<series.count).map { TrendLine(scale: scale, intercept: x[2 * $0], slope: x[2 * $0 + 1], origin: origin) }
    }
}
