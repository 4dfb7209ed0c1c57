import Foundation

/// One trend model fitted to one series.
public struct ModelFit: Sendable, Hashable {
    public var model: TrendModel
    /// a, b and c (zero for the two-coefficient models), on centred years t = year − origin.
    public var a: Double, b: Double, c: Double
    /// The residual sum of squares, on the scale of the fit (logarithms for ``TrendModel/logLinear``).
    public var rss: Double
    /// `(XᵀX)⁻¹` of the design.
    public var inverseGram: SymmetricMatrix3

    public init(model: TrendModel, a: Double, b: Double, c: Double = 0, rss: Double, inverseGram: SymmetricMatrix3) {
        self.model = model
        self.a = a
        self.b = b
        self.c = c
        self.rss = rss
        self.inverseGram = inverseGram
    }

    /// The fitted value at centred time τ, on the scale of the fit.
    public func fitted(at tau: Double) -> Double { a + b * tau + c * tau * tau }
}

/// The trend models fitted to one series, and the choice among them.
///
/// Built by ``TrendFitter`` (many series at once) or ``fit(years:values:)`` (one series, the same
/// code). The method is in `docs/panel.md`: least squares on centred years, the corrected Akaike
/// criterion with the log model's Jacobian, Student-t prediction intervals.
public struct TrendFits: Sendable, Hashable {
    /// The number of observations n.
    public var count: Int
    /// The centring year t̄, the mean of the observed years.
    public var origin: Double
    /// The earliest and latest observed years.
    public var firstYear: Int
    public var lastYear: Int
    /// Σ ln y when every value is positive (the log model's Jacobian term), else nil.
    public var sumOfLogs: Double?
    /// mean |y|, the scale of the floor on the residual sum of squares.
    public var meanAbsoluteValue: Double
    public var linear: ModelFit?
    public var logLinear: ModelFit?
    public var quadratic: ModelFit?

    public init(count: Int, origin: Double, firstYear: Int, lastYear: Int, sumOfLogs: Double?, meanAbsoluteValue: Double,
                linear: ModelFit?, logLinear: ModelFit?, quadratic: ModelFit?) {
        self.count = count
        self.origin = origin
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.sumOfLogs = sumOfLogs
        self.meanAbsoluteValue = meanAbsoluteValue
        self.linear = linear
        self.logLinear = logLinear
        self.quadratic = quadratic
    }

    /// The fewest observations for a projection.
    public static let minimumCount = 3

    /// Fits one series (years ascending and distinct, values finite); nil with fewer than
    /// ``minimumCount`` observations.
    public static func fit(years: [Int], values: [Double]) -> TrendFits? {
        precondition(years.count == values.count, "one value per year")
        let y32 = years.map { Int32($0) }
        return y32.withUnsafeBufferPointer { yp in
            values.withUnsafeBufferPointer { vp in
                TrendFitter(kernel: .loop).fit(years: yp, values: vp, ranges: [0..<years.count])[0]
            }
        }
    }

    public func fit(_ model: TrendModel) -> ModelFit? {
        switch model {
        case .linear: return linear
        case .logLinear: return logLinear
        case .quadratic: return quadratic
        }
    }

    /// The corrected Akaike criterion of `model` on the scale of the data; nil when undefined.
    public func aicc(_ model: TrendModel) -> Double? {
        guard let f = fit(model), count >= model.minimumCountForSelection else { return nil }
        let n = Double(count), k = Double(model.coefficientCount + 1)
        var value = n * log(max(f.rss, rssFloor(model)) / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
        if model == .logLinear {
            guard let s = sumOfLogs else { return nil }
            value += 2 * s
        }
        return value.isFinite ? value : nil
    }

    /// The residual sum of squares below which a fit counts as exact: n·(10⁻¹⁰·mean|y|)², or n·10⁻²⁰
    /// on the log scale (a relative error of 10⁻¹⁰ in every value).
    public func rssFloor(_ model: TrendModel) -> Double {
        let n = Double(count)
        let scale = meanAbsoluteValue > 0 ? meanAbsoluteValue : 1
        return model == .logLinear ? n * 1e-20 : n * (1e-10 * scale) * (1e-10 * scale)
    }

    /// The model a projection uses: with n ≥ 5 the smallest AICc (ties within 10⁻⁶ go to the
    /// default, then linear, then log-linear); with fewer the default. The default is log-linear when
    /// `preferLogLinear` (a compound path) and every value is positive, else linear. With
    /// `allowsLogLinear` false (annual growth rates, which may be negative) the log-linear model is
    /// never chosen.
    public func select(preferLogLinear: Bool, allowsLogLinear: Bool = true) -> ModelFit? {
        let preferred: TrendModel = preferLogLinear && allowsLogLinear && logLinear != nil ? .logLinear : .linear
        let order: [TrendModel] = preferred == .logLinear ? [.logLinear, .linear, .quadratic] : [.linear, .logLinear, .quadratic]
        var best: (model: TrendModel, aicc: Double)?
        for model in order where allowsLogLinear || model != .logLinear {
            guard let value = aicc(model) else { continue }
            if best == nil || value < best!.aicc - 1e-6 { best = (model, value) }
        }
        return fit(best?.model ?? preferred)
    }

    /// The forecast of `fit` in `year` with its 80 % prediction interval and the probability that
    /// the value lies in `meets`; nil when the numbers are not finite or there are no degrees of
    /// freedom left.
    public func forecast(_ fit: ModelFit, year: Int, meets: ValueInterval) -> Forecast? {
        let p = fit.model.coefficientCount
        let df = count - p
        guard df >= 1 else { return nil }
        let tau = Double(year) - origin
        let center = fit.fitted(at: tau)
        let h = fit.inverseGram.quadraticForm(at: tau)
        // A fit within rounding of perfect (a flat or exactly geometric series) has no spread: its
        // residuals are rounding noise, which differs between kernels and must not decide anything.
        let se = fit.rss <= rssFloor(fit.model) ? 0 : (fit.rss / Double(df) * (1 + h)).squareRoot()
        guard center.isFinite, se.isFinite else { return nil }
        let q = StudentT.quantile(0.9, degreesOfFreedom: df)
        var low = center - q * se, high = center + q * se
        var lo = meets.lower, hi = meets.upper
        var point = center
        if fit.model == .logLinear {
            point = exp(center)
            low = exp(low)
            high = exp(high)
            lo = lo > 0 ? log(lo) : -.infinity
            hi = hi > 0 ? log(hi) : -.infinity
        }
        let probability = StudentT.probability(center: center, se: se, degreesOfFreedom: df, lower: lo, upper: hi)
        guard point.isFinite, low.isFinite, high.isFinite, probability.isFinite else { return nil }
        return Forecast(model: fit.model, year: year, value: point, low: low, high: high,
                        probability: probability)
    }
}

/// A projected value with its 80 % prediction interval.
public struct Forecast: Sendable, Hashable {
    public var model: TrendModel
    public var year: Int
    /// The point forecast (the median for the log-linear model).
    public var value: Double
    public var low: Double
    public var high: Double
    /// The probability that the value meets the target.
    public var probability: Double
}

/// The values that meet a target: [lower, upper], either end possibly infinite.
public struct ValueInterval: Sendable, Hashable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Every value in the interval multiplied by a positive factor.
    public func scaled(by factor: Double) -> ValueInterval {
        precondition(factor > 0, "the factor must be positive")
        return ValueInterval(lower: lower * factor, upper: upper * factor)
    }
}
