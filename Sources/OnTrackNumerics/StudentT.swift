import Foundation

/// Student's t distribution: the distribution function and its quantiles, for prediction intervals
/// and the probability of meeting a target under a fitted trend.
///
/// The distribution function goes through the regularised incomplete beta function,
/// `F(t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½)` for t ≥ 0, evaluated by its continued fraction (modified
/// Lentz). Quantiles are found by bisection on F and cached for ν ≤ 256.
public enum StudentT {
    /// P(T ≤ t) for T with `degreesOfFreedom` ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "the degrees of freedom must be positive")
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0 < p < 1) of the t distribution with ν degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p > 0 && p < 1, "p must be in (0, 1)")
        precondition(nu > 0, "the degrees of freedom must be positive")
        if p == 0.9, nu <= cached90.count { return cached90[nu - 1] }
        return solveQuantile(p, nu: Double(nu))
    }

    /// t₀.₉(ν) for ν = 1…256: the multiplier of an 80 % two-sided interval.
    private static let cached90: [Double] = (1...256).map { solveQuantile(0.9, nu: Double($0)) }

    private static func solveQuantile(_ p: Double, nu: Double) -> Double {
        if p == 0.5 { return 0 }
        let upper = p > 0.5
        let target = upper ? p : 1 - p
        // Bracket [0, hi] with F(hi) ≥ target, then bisect to the last bit that matters.
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < target { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: nu) < target { lo = mid } else { hi = mid }
        }
        let q = (lo + hi) / 2
        return upper ? q : -q
    }

    /// I_x(a, b), the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) (modified Lentz's method).
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(lo ≤ X ≤ hi) for X = center + se·T with T Student t on `df` degrees of freedom; with se = 0,
    /// 1 when center is in [lo, hi] within a relative 10⁻⁹ (a flat series sitting on its bound meets
    /// it), else 0. Either end may be infinite; an empty interval gives 0.
    public static func probability(center: Double, se: Double, degreesOfFreedom df: Int, lower lo: Double, upper hi: Double) -> Double {
        if hi < lo || hi == -.infinity { return 0 }
        if se == 0 {
            let slack = 1e-9 * max(1, abs(center))
            return center >= lo - slack && center <= hi + slack ? 1 : 0
        }
        let nu = Double(df)
        return min(1, max(0, cdf((hi - center) / se, degreesOfFreedom: nu) - cdf((lo - center) / se, degreesOfFreedom: nu)))
    }
}
