import Foundation

/// Rules for a total summed over a plan period (the 【】 targets, e.g. foreign capital 【500】 over
/// 2021–2025).
public enum CumulativeTotal {
    /// `Σ_{k=1..years} flow·(1+g)^k`: what `years` flows sum to when they grow at `g` from `flow`.
    public static func sum(flow: Double, growth g: Double, years: Int) -> Double {
        guard years > 0 else { return 0 }
        var total = 0.0
        var f = flow
        for _ in 0..<years {
            f *= 1 + g
            total += f
        }
        return total
    }

    /// The constant growth `g` from `flow` that makes the next `years` flows sum to `total`:
    /// solves `Σ_{k=1..years} flow·(1+g)^k = total` for `g > −1`.
    ///
    /// The left side rises strictly from 0 (g → −1) to infinity, so a solution exists exactly when
    /// `flow > 0`, `total > 0` and `years ≥ 1`; it is found by bisection on `log(1+g)` to 1e-13.
    ///
    /// - Throws: ``NumericsError/noSolution(_:)`` when no such `g` exists, naming the reason.
    public static func constantGrowth(flow: Double, total: Double, years: Int) throws(NumericsError) -> Double {
        guard flow.isFinite, total.isFinite else { throw .nonFinite }
        guard years >= 1 else { throw .noSolution("no years remain in the period") }
        guard flow > 0 else { throw .noSolution("the starting flow \(flow) is not positive, so no constant growth can reach a total") }
        guard total > 0 else { throw .noSolution("the amount still to reach (\(total)) is not positive") }
        // Work in u = log(1+g); f(u) is increasing in u.
        func f(_ u: Double) -> Double { sum(flow: flow, growth: expm1(u), years: years) - total }
        var lo = -1.0, hi = 1.0
        while f(lo) > 0 { lo *= 2; if lo < -700 { throw .noSolution("growth below −100 % would be needed") } }
        while f(hi) < 0 { hi *= 2; if hi > 700 { throw .noSolution("growth beyond any finite rate would be needed") } }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if f(mid) < 0 { lo = mid } else { hi = mid }
            if hi - lo < 1e-13 { break }
        }
        return expm1(0.5 * (lo + hi))
    }
}
