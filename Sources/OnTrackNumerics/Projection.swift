import Foundation

/// Where a target is heading: the projected value in the target year, its 80 % prediction interval,
/// the probability of meeting the target and the year the trend first meets it.
///
/// Made by the one projection engine (``Assessor``, through ``Projector``) for every form and every
/// command. With at least three points the projection is a trend model chosen by ``TrendFits``;
/// with fewer it carries the actual rate since the baseline forward (``Basis/actualRate``), which has
/// no interval and no probability.
public struct Projection: Sendable, Hashable {
    /// How the projection was made.
    public enum Basis: String, Sendable, Hashable, CaseIterable {
        /// A fitted trend model (``Projection/model``).
        case trend
        /// Fewer than three points: the actual annual change since the baseline carried forward
        /// (the flow's growth for cumulative targets, the average rate so far for average growth).
        case actualRate = "actual_rate"
        /// Fewer than three flows and no growth to carry: the latest flow held constant.
        case latestFlow = "latest_flow"
    }

    public var basis: Basis
    /// The trend model, for ``Basis/trend``.
    public var model: TrendModel?
    /// The number of observations behind the projection (fitted points, or 2 for a rate).
    public var points: Int
    /// The first and last year of the data the projection rests on.
    public var fromYear: Int
    public var toYear: Int
    /// The target year.
    public var year: Int
    /// The projected value in the target year, on the assessment's scale (the running total for
    /// cumulative targets, the period average in % for average growth, an index for reductions).
    public var value: Double
    /// The 80 % prediction interval of ``value``; nil for ``Basis/actualRate`` and ``Basis/latestFlow``.
    public var low: Double?
    public var high: Double?
    /// The probability that the target is met in the target year; nil without an interval.
    public var probability: Double?
    /// When the trend first meets the target (years ahead or behind schedule); nil when not told
    /// (average-growth targets, caps on a running total).
    public var reach: Schedule?

    /// The label of the model column: the trend model, or the basis when no model was fitted.
    public var label: String { model?.rawValue ?? basis.rawValue }

    let curve: Curve

    /// The projection in `year` (between the latest actual and the target year) with its 80 %
    /// interval, on the assessment's scale: the value for value targets, the running total for
    /// cumulative targets, the annual rate (%) for average-growth targets. Charts draw it as a fan.
    public func band(at year: Int) -> Band? { curve.band(at: year) }

    /// A projected value with its 80 % interval (absent for rate-based projections).
    public struct Band: Sendable, Hashable {
        public var year: Int
        public var value: Double
        public var low: Double?
        public var high: Double?
    }

    /// What ``band(at:)`` evaluates.
    enum Curve: Sendable, Hashable {
        /// A value target's trend; values divided by `scale` (level / 100 for reductions, else 1).
        case trend(TrendFits, ModelFit, scale: Double)
        /// A value carried forward: compound (`percent`) or by points from `latest`.
        case rate(YearValue, AnnualChange)
        /// A running total plus the fitted flows after `lastYear`.
        case flows(TrendFits, ModelFit, running: Double, lastYear: Int)
        /// A running total plus flows growing from `flow` by `growth` a year after `lastYear`.
        case flowGrowth(running: Double, flow: Double, growth: Double, lastYear: Int)
        /// Annual rates (%) from a trend.
        case rates(TrendFits, ModelFit)
        /// Annual rates (%) held at `rate`.
        case constantRate(Double)

        func band(at year: Int) -> Band? {
            switch self {
            case .trend(let fits, let fit, let scale):
                guard let f = fits.forecast(fit, year: year, meets: .all) else { return nil }
                return Band(year: year, value: f.value / scale, low: f.low / scale, high: f.high / scale)
            case .rate(let latest, let change):
                let v = Projector.carry(latest, change, to: year)
                return v.isFinite ? Band(year: year, value: v) : nil
            case .flows(let fits, let fit, let running, let lastYear):
                guard year > lastYear else { return Band(year: year, value: running, low: running, high: running) }
                guard let s = Projector.sumOfFlows(fits, fit, years: (lastYear + 1)...year, meets: .all) else { return nil }
                return Band(year: year, value: running + s.value, low: running + s.low, high: running + s.high)
            case .flowGrowth(let running, let flow, let growth, let lastYear):
                var sum = running, f = flow
                if year > lastYear { for _ in (lastYear + 1)...year { f *= 1 + growth; sum += f } }
                return sum.isFinite ? Band(year: year, value: sum) : nil
            case .rates(let fits, let fit):
                guard let f = fits.forecast(fit, year: year, meets: .all) else { return nil }
                return Band(year: year, value: f.value, low: f.low, high: f.high)
            case .constantRate(let r):
                return Band(year: year, value: r)
            }
        }
    }
}

extension Projection.Band {
    init(year: Int, value: Double) { self.init(year: year, value: value, low: nil, high: nil) }
}

extension ValueInterval {
    /// Every value.
    static let all = ValueInterval(lower: -.infinity, upper: .infinity)
}

/// The projection engine: one function per target form, all built on ``TrendFits``.
///
/// The formulas are in the README's Method section ("Projection"): value targets use the chosen
/// model's Student-t forecast; cumulative targets sum the fitted flows (exact for the linear and
/// quadratic models, a Fenton–Wilkinson lognormal for the log-linear one); average-growth targets
/// chain the fitted rates (delta method on ln(1 + r)). Everything is closed form: no simulation,
/// so the output is deterministic.
public enum Projector {
    /// The longest horizon for the reach year: beyond it a target counts as never reached.
    public static var horizon: Int { Schedule.horizon }

    // MARK: - Value targets

    /// Projects a value target (level, share, rate, ratio, reduction) to `targetYear`.
    /// - Parameters:
    ///   - fits: the trend models fitted to the raw observations (nil with fewer than 3).
    ///   - compound: the target's path is compound (the log-linear model is the default).
    ///   - meets: the values that meet the target, on the assessment's scale.
    ///   - scale: raw value = assessment value × scale (level / 100 for reductions, else 1).
    ///   - latest: the latest actual, on the assessment's scale; `actual`: the actual change since
    ///     the baseline, used only without a trend.
    static func value(fits: TrendFits?, compound: Bool, meets: ValueInterval, scale: Double, targetYear: Int,
                      latest: YearValue, baselineYear: Int, actual: AnnualChange?,
                      isMet: (Double) -> Bool, direction: Direction?) -> Projection? {
        if let fits, let fit = fits.select(preferLogLinear: compound),
           let f = fits.forecast(fit, year: targetYear, meets: meets.scaled(by: scale)) {
            let curve = Projection.Curve.trend(fits, fit, scale: scale)
            let reach = trendReach(from: latest, direction: direction, isMet: isMet, monotone: fit.model != .quadratic,
                                   value: { year in curve.band(at: year)?.value })
            return Projection(basis: .trend, model: fit.model, points: fits.count, fromYear: fits.firstYear,
                              toYear: fits.lastYear, year: targetYear, value: f.value / scale, low: f.low / scale,
                              high: f.high / scale, probability: f.probability, reach: reach, curve: curve)
        }
        guard let actual else { return nil }
        let v = carry(latest, actual, to: targetYear)
        guard v.isFinite else { return nil }
        let reach = direction.map { Schedule.project(latest: latest, aim: aimFor(meets, $0), pace: actual, direction: $0) }
        return Projection(basis: .actualRate, model: nil, points: 2, fromYear: baselineYear, toYear: latest.year,
                          year: targetYear, value: v, low: nil, high: nil, probability: nil,
                          reach: reach, curve: .rate(latest, actual))
    }

    /// `latest` carried to `year` at `change` a year.
    static func carry(_ latest: YearValue, _ change: AnnualChange, to year: Int) -> Double {
        let years = Double(year - latest.year)
        return change.unit == .percent ? Growth.compound(latest.value, rate: change.value, years: years)
                                       : latest.value + change.value * years
    }

    /// The binding end of `meets` in `direction` (for the reach year of a rate projection).
    static func aimFor(_ meets: ValueInterval, _ d: Direction) -> Double {
        d == .higherIsBetter ? (meets.lower.isFinite ? meets.lower : meets.upper) : (meets.upper.isFinite ? meets.upper : meets.lower)
    }

    /// The first year after the latest actual in which the trend's value meets the target; `.met`
    /// when the latest actual already does; `.never` when the trend moves away or stalls within the
    /// horizon. A monotone trend that does not meet the target in its first year and moves the wrong
    /// way is never reached.
    static func trendReach(from latest: YearValue, direction: Direction?, isMet: (Double) -> Bool, monotone: Bool,
                           value: (Int) -> Double?) -> Schedule? {
        guard let d = direction else { return nil }
        if isMet(latest.value) { return .met }
        var previous: Double?
        for year in (latest.year + 1)...(latest.year + horizon) {
            guard let v = value(year) else { return nil }
            if meetsWithinRounding(v, isMet) { return .reached(year: year) }
            if monotone, let p = previous, d.sign * (v - p) <= 0 { return .never }
            previous = v
        }
        return .never
    }

    /// Whether a projected value meets the target within a relative 10⁻⁹, the slack the
    /// probability gives an exact fit (a flat series sitting on its bound meets it; rounding noise
    /// in a fitted value decides nothing).
    static func meetsWithinRounding(_ v: Double, _ isMet: (Double) -> Bool) -> Bool {
        let slack = 1e-9 * max(1, abs(v))
        return isMet(v) || isMet(v + slack) || isMet(v - slack)
    }

    // MARK: - Cumulative targets (【】)

    /// Projects a running total: the flows after `lastYear` from the fitted flow model (≥ 3 flows),
    /// else grown at the flow's actual rate since the baseline, else held at the latest flow.
    static func cumulative(fits: TrendFits?, running: Double, lastYear: Int, latestFlow: Double, growth: Double?,
                           baselineYear: Int, targetYear: Int, meets: ValueInterval, direction: Direction?,
                           isMet: (Double) -> Bool) -> Projection? {
        let years = (lastYear + 1)...targetYear
        if let fits, let fit = fits.select(preferLogLinear: true),
           let s = sumOfFlows(fits, fit, years: years, meets: ValueInterval(lower: meets.lower - running, upper: meets.upper - running)) {
            let curve = Projection.Curve.flows(fits, fit, running: running, lastYear: lastYear)
            let reach: Schedule? = direction == .higherIsBetter
                ? trendReach(from: YearValue(lastYear, running), direction: direction, isMet: isMet, monotone: false,
                             value: { year in curve.band(at: year)?.value })
                : nil
            return Projection(basis: .trend, model: fit.model, points: fits.count, fromYear: fits.firstYear, toYear: fits.lastYear,
                              year: targetYear, value: running + s.value, low: running + s.low, high: running + s.high,
                              probability: s.probability, reach: reach, curve: curve)
        }
        let curve = Projection.Curve.flowGrowth(running: running, flow: latestFlow, growth: growth ?? 0, lastYear: lastYear)
        guard let v = curve.band(at: targetYear)?.value else { return nil }
        let reach: Schedule? = direction == .higherIsBetter
            ? trendReach(from: YearValue(lastYear, running), direction: direction, isMet: isMet, monotone: false,
                         value: { year in curve.band(at: year)?.value })
            : nil
        return Projection(basis: growth == nil ? .latestFlow : .actualRate, model: nil, points: growth == nil ? 1 : 2,
                          fromYear: growth == nil ? lastYear : baselineYear, toYear: lastYear, year: targetYear, value: v,
                          low: nil, high: nil, probability: nil, reach: reach, curve: curve)
    }

    /// The sum S of the flows in `years` under `fit`: its point value, 80 % interval and P(S ∈ meets).
    ///
    /// Linear and quadratic flows: S is linear in the coefficients, so Ŝ = Σ x_jᵀβ̂ and
    /// Var = s²(hᵀ(XᵀX)⁻¹h + m) with h = Σ x_j and m the number of years — exact, Student t with
    /// n − p degrees of freedom. Log-linear flows: S is a sum of correlated lognormals; it is matched
    /// to one lognormal by its first two moments (Fenton–Wilkinson), with the covariance
    /// s²(x_jᵀ(XᵀX)⁻¹x_k + δ_jk) of the log flows, and Student t quantiles on the log scale. The
    /// point value is the sum of the yearly medians, the line a chart draws.
    static func sumOfFlows(_ fits: TrendFits, _ fit: ModelFit, years: ClosedRange<Int>, meets: ValueInterval) -> (value: Double, low: Double, high: Double, probability: Double)? {
        let p = fit.model.coefficientCount
        let df = fits.count - p
        guard df >= 1 else { return nil }
        let taus = years.map { Double($0) - fits.origin }
        let exact = fit.rss <= fits.rssFloor(fit.model)
        let s2 = exact ? 0 : fit.rss / Double(df)
        let q = StudentT.quantile(0.9, degreesOfFreedom: df)
        let g = fit.inverseGram
        func probability(center: Double, se: Double, lo: Double, hi: Double) -> Double {
            StudentT.probability(center: center, se: se, degreesOfFreedom: df, lower: lo, upper: hi)
        }
        if fit.model != .logLinear {
            var h = (0.0, 0.0, 0.0), point = 0.0
            for t in taus {
                h.0 += 1; h.1 += t; h.2 += t * t
                point += fit.fitted(at: t)
            }
            let se = (s2 * (g.bilinear(h, h) + Double(taus.count))).squareRoot()
            guard point.isFinite, se.isFinite else { return nil }
            let pr = probability(center: point, se: se, lo: meets.lower, hi: meets.upper)
            return (point, point - q * se, point + q * se, pr)
        }
        // Log-linear: moments of S = Σ exp(L_j), L ~ N(μ, C).
        let mu = taus.map { fit.fitted(at: $0) }
        let m = taus.count
        var mean = 0.0, second = 0.0, medians = 0.0
        for j in 0..<m {
            let xj = (1.0, taus[j], 0.0)
            let cjj = s2 * (g.bilinear(xj, xj) + 1)
            mean += exp(mu[j] + cjj / 2)
            medians += exp(mu[j])
            for k in 0..<m {
                let xk = (1.0, taus[k], 0.0)
                let ckk = s2 * (g.bilinear(xk, xk) + 1)
                let cjk = s2 * (g.bilinear(xj, xk) + (j == k ? 1 : 0))
                second += exp(mu[j] + mu[k] + (cjj + ckk + 2 * cjk) / 2)
            }
        }
        guard mean > 0, second.isFinite, medians.isFinite else { return nil }
        // An exact fit has no spread; the moments' ratio would only be rounding noise.
        let sigma2 = s2 == 0 ? 0 : max(0, log(second / (mean * mean)))
        let sigma = sigma2.squareRoot(), center = log(mean) - sigma2 / 2
        let lo = meets.lower > 0 ? log(meets.lower) : -.infinity
        let hi = meets.upper > 0 ? log(meets.upper) : -.infinity
        let pr = probability(center: center, se: sigma, lo: lo, hi: hi)
        let low = sigma == 0 ? medians : exp(center - q * sigma), high = sigma == 0 ? medians : exp(center + q * sigma)
        guard low.isFinite, high.isFinite else { return nil }
        return (medians, min(low, medians), max(high, medians), pr)
    }

    // MARK: - Average-growth targets (*)

    /// Projects the period average of annual rates (in %): the remaining years' rates from the
    /// fitted rate model (linear or quadratic, ≥ 3 rates), else the average so far held.
    ///
    /// The average is A = exp((L + Q)/n) − 1 with L = Σ ln(1 + r) over the observed years and Q the
    /// same over the remaining ones. Q is linearised around the forecast (delta method):
    /// Q ≈ Q̂ + Σ w_j(r_j − r̂_j), w_j = 1/(1 + r̂_j), so Var Q = s²(vᵀ(XᵀX)⁻¹v + Σ w_j²), v = Σ w_j x_j,
    /// with Student t quantiles; A is monotone in Q, so the interval and the probability carry over.
    static func averageGrowth(fits: TrendFits?, observed: [Double], periodYears n: Int, lastYear: Int, targetYear: Int,
                              periodStart: Int, meets: ValueInterval) -> Projection? {
        let k = observed.count
        guard k < n else { return nil }
        let logs = observed.reduce(0.0) { $0 + log1p($1 / 100) }
        guard logs.isFinite else { return nil }
        func average(_ q: Double) -> Double { expm1((logs + q) / Double(n)) * 100 }
        func qFor(_ a: Double) -> Double { a <= -100 ? -.infinity : (a.isInfinite ? a : Double(n) * log1p(a / 100) - logs) }
        if let fits, let fit = fits.select(preferLogLinear: false, allowsLogLinear: false) {
            let p = fit.model.coefficientCount, df = fits.count - p
            if df >= 1 {
                var q = 0.0, v = (0.0, 0.0, 0.0), w2 = 0.0, ok = true
                for year in (lastYear + 1)...targetYear {
                    let t = Double(year) - fits.origin
                    let r = fit.fitted(at: t) / 100
                    guard r > -1 else { ok = false; break }
                    let w = 1 / (1 + r)
                    q += log1p(r)
                    v.0 += w; v.1 += w * t; v.2 += w * t * t
                    w2 += w * w
                }
                let exact = fit.rss <= fits.rssFloor(fit.model)
                let s2 = exact ? 0 : fit.rss / Double(df) / 10_000
                let se = (s2 * (fit.inverseGram.bilinear(v, v) + w2)).squareRoot()
                if ok, q.isFinite, se.isFinite {
                    let t = StudentT.quantile(0.9, degreesOfFreedom: df)
                    let lo = qFor(meets.lower), hi = qFor(meets.upper)
                    let pr = StudentT.probability(center: q, se: se, degreesOfFreedom: df, lower: lo, upper: hi)
                    let value = average(q), low = average(q - t * se), high = average(q + t * se)
                    if value.isFinite, low.isFinite, high.isFinite {
                        return Projection(basis: .trend, model: fit.model, points: fits.count, fromYear: fits.firstYear,
                                          toYear: fits.lastYear, year: targetYear, value: value, low: low, high: high,
                                          probability: pr, reach: nil, curve: .rates(fits, fit))
                    }
                }
            }
        }
        guard k > 0 else { return nil }
        // The average so far, held for the remaining years, leaves the period average unchanged.
        let held = expm1(logs / Double(k)) * 100
        let value = held
        guard value.isFinite else { return nil }
        return Projection(basis: .actualRate, model: nil, points: k, fromYear: periodStart, toYear: lastYear, year: targetYear,
                          value: value, low: nil, high: nil, probability: nil, reach: nil, curve: .constantRate(held))
    }
}

extension SymmetricMatrix3 {
    /// uᵀ·M·v for three-vectors.
    func bilinear(_ u: (Double, Double, Double), _ v: (Double, Double, Double)) -> Double {
        u.0 * (m00 * v.0 + m01 * v.1 + m02 * v.2)
            + u.1 * (m01 * v.0 + m11 * v.1 + m12 * v.2)
            + u.2 * (m02 * v.0 + m12 * v.1 + m22 * v.2)
    }
}
