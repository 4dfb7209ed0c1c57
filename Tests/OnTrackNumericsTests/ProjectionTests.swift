import Foundation
import Testing
@testable import OnTrackNumerics

/// The closed forms of the projection engine against a seeded simulation of the same model: the
/// posterior predictive of a least-squares fit (σ² = RSS/χ²(n − p), β ~ N(β̂, σ²(XᵀX)⁻¹), yearly
/// errors N(0, σ²)), whose 80 % interval is the Student-t interval the engine uses for one year.
@Suite struct ProjectionTests {
    /// SplitMix64 and Box–Muller: deterministic normals.
    struct Normals {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        mutating func next() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
    }

    /// Simulated draws of f(future values on the fit's scale) under `fit`.
    static func simulate(_ fits: TrendFits, _ fit: ModelFit, years: [Int], draws: Int = 40_000,
                         _ f: ([Double]) -> Double) -> [Double] {
        var rng = Normals(state: 42)
        let df = fits.count - fit.model.coefficientCount
        let g = fit.inverseGram
        // Cholesky of the 2×2 (XᵀX)⁻¹ (straight-line models only here).
        let l00 = g.m00.squareRoot(), l10 = g.m01 / l00, l11 = (g.m11 - l10 * l10).squareRoot()
        var out: [Double] = []
        out.reserveCapacity(draws)
        for _ in 0..<draws {
            var chi2 = 0.0
            for _ in 0..<df { let z = rng.next(); chi2 += z * z }
            let sigma = (fit.rss / chi2).squareRoot()
            let z0 = rng.next(), z1 = rng.next()
            let a = fit.a + sigma * l00 * z0, b = fit.b + sigma * (l10 * z0 + l11 * z1)
            let values = years.map { a + b * (Double($0) - fits.origin) + sigma * rng.next() }
            // A draw of a rate at or below −100 % has no average: counted as the lowest outcome.
            let v = f(values)
            out.append(v.isNaN ? -.infinity : v)
        }
        return out.sorted()
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double { sorted[Int(p * Double(sorted.count - 1))] }

    let years = [2016, 2017, 2018, 2019, 2020, 2021]
    let flows = [101.0, 109.0, 113.5, 126.0, 131.0, 142.0]

    @Test func logLinearFlowsSumMatchesTheSimulation() throws {
        let fits = try #require(TrendFits.fit(years: years, values: flows))
        let fit = try #require(fits.logLinear)
        let future = [2022, 2023, 2024, 2025]
        let threshold = 640.0
        let s = try #require(Projector.sumOfFlows(fits, fit, years: 2022...2025, meets: ValueInterval(lower: threshold, upper: .infinity)))
        let sim = Self.simulate(fits, fit, years: future) { $0.reduce(0) { $0 + exp($1) } }
        let p = Double(sim.filter { $0 >= threshold }.count) / Double(sim.count)
        // Fenton–Wilkinson with t quantiles is an approximation: close, not equal.
        #expect(abs(s.probability - p) < 0.04, "closed form \(s.probability), simulated \(p)")
        #expect(abs(s.low / Self.quantile(sim, 0.1) - 1) < 0.02, "\(s.low) vs \(Self.quantile(sim, 0.1))")
        #expect(abs(s.high / Self.quantile(sim, 0.9) - 1) < 0.02, "\(s.high) vs \(Self.quantile(sim, 0.9))")
        #expect(s.low < s.value && s.value < s.high)
    }

    @Test func linearFlowsSumIsExact() throws {
        let fits = try #require(TrendFits.fit(years: years, values: flows))
        let fit = try #require(fits.linear)
        let s = try #require(Projector.sumOfFlows(fits, fit, years: 2022...2025, meets: ValueInterval(lower: 640, upper: .infinity)))
        let sim = Self.simulate(fits, fit, years: [2022, 2023, 2024, 2025]) { $0.reduce(0, +) }
        let p = Double(sim.filter { $0 >= 640 }.count) / Double(sim.count)
        // Exact Student t: only Monte Carlo error remains (±0.005 at 40,000 draws).
        #expect(abs(s.probability - p) < 0.01, "closed form \(s.probability), simulated \(p)")
        #expect(abs(s.low / Self.quantile(sim, 0.1) - 1) < 0.005)
        #expect(abs(s.high / Self.quantile(sim, 0.9) - 1) < 0.005)
        // The point is the sum of the fitted values.
        let fitted = (2022...2025).reduce(0.0) { $0 + fit.fitted(at: Double($1) - fits.origin) }
        #expect(abs(s.value - fitted) < 1e-9)
    }

    @Test func averageGrowthDeltaMethodMatchesTheSimulation() throws {
        // Annual rates in % over 2019–2025, five observed; target: average ≥ 6 %.
        let rates = [6.8, 6.1, 6.5, 5.6, 5.9]
        let rateYears = [2019, 2020, 2021, 2022, 2023]
        let fits = try #require(TrendFits.fit(years: rateYears, values: rates))
        let p = try #require(Projector.averageGrowth(fits: fits, observed: rates, periodYears: 7, lastYear: 2023, targetYear: 2025,
                                                     periodStart: 2019, meets: ValueInterval(lower: 6, upper: .infinity)))
        #expect(p.model == .linear && p.basis == .trend)
        let observedLogs = rates.reduce(0.0) { $0 + log1p($1 / 100) }
        let line = try #require(fits.linear)
        let sim = Self.simulate(fits, line, years: [2024, 2025]) { future in
            expm1((observedLogs + future.reduce(0.0) { $0 + log1p($1 / 100) }) / 7) * 100
        }
        let simulated = Double(sim.filter { $0 >= 6 }.count) / Double(sim.count)
        let probability = try #require(p.probability), low = try #require(p.low), high = try #require(p.high)
        #expect(abs(probability - simulated) < 0.01, "delta method \(probability), simulated \(simulated)")
        #expect(abs(low - Self.quantile(sim, 0.1)) < 0.01, "\(low) vs \(Self.quantile(sim, 0.1))")
        #expect(abs(high - Self.quantile(sim, 0.9)) < 0.01, "\(high) vs \(Self.quantile(sim, 0.9))")
    }

    @Test func theDeltaMethodIsLooseForWildRatesOnThreePoints() throws {
        // GDP growth 8.3, 2.6, 6.1 (2021–2023) of a 2021–2025 average: one degree of freedom and
        // rates ±10 points apart. The probability still agrees; the interval's ends are off by a
        // few points, which the README states.
        let rates = [8.3, 2.6, 6.1]
        let fits = try #require(TrendFits.fit(years: [2021, 2022, 2023], values: rates))
        let p = try #require(Projector.averageGrowth(fits: fits, observed: rates, periodYears: 5, lastYear: 2023, targetYear: 2025,
                                                     periodStart: 2021, meets: ValueInterval(lower: 6, upper: .infinity)))
        let logs = rates.reduce(0.0) { $0 + log1p($1 / 100) }
        let line = try #require(fits.linear)
        let sim = Self.simulate(fits, line, years: [2024, 2025]) { f in expm1((logs + f.reduce(0.0) { $0 + log1p($1 / 100) }) / 5) * 100 }
        let simulated = Double(sim.filter { $0 >= 6 }.count) / Double(sim.count)
        #expect(abs(try #require(p.probability) - simulated) < 0.03)
        #expect(abs(try #require(p.low) - Self.quantile(sim, 0.1)) < 4)
    }

    @Test func reachYearFollowsTheTrendAndSaysNever() {
        // A falling trend never reaches a higher target; a rising one names its year.
        let up = Assessor().assess(TargetSpec(form: .level, bound: .reach(150), targetYear: 2025, baseline: 100, baselineYear: 2020),
                                   observations: [YearValue(2021, 105), YearValue(2022, 110.25), YearValue(2023, 115.7625)])
        #expect(up.projection?.reach == .reached(year: 2029))   // 115.76·1.05^n ≥ 150: n = 5.3
        let down = Assessor().assess(TargetSpec(form: .level, bound: .reach(150), targetYear: 2025, baseline: 100, baselineYear: 2020),
                                     observations: [YearValue(2021, 99), YearValue(2022, 97), YearValue(2023, 96)])
        #expect(down.projection?.reach == .never)
        #expect(down.status == .movingAway && down.outlook == .unlikely)
    }

    @Test func missedWithTheShortfallOnceTheTargetYearIsObserved() throws {
        let spec = TargetSpec(form: .level, bound: .reach(8000), targetYear: 2025, baseline: 6500, baselineYear: 2020)
        let a = Assessor().assess(spec, observations: [YearValue(2023, 7000), YearValue(2025, 7600), YearValue(2026, 8100)])
        // 2026's 8100 says nothing about the 2025 target.
        #expect(a.status == .missed && a.latest == YearValue(2025, 7600))
        let percent = try #require(a.shortfallPercent)
        #expect(a.shortfall == 400 && abs(percent - 5) < 1e-12)
        #expect(a.projection == nil && a.outlook == nil)
        // A 2026 value without a 2025 one: the target year has passed unobserved.
        let b = Assessor().assess(spec, observations: [YearValue(2023, 7000), YearValue(2026, 8100)])
        #expect(b.status == .insufficientData && b.targetYearUnobserved)
        // So has a target year before the evaluation year; with an as-of before it, not yet.
        let c = Assessor(options: AssessmentOptions(evaluationYear: 2026)).assess(spec, observations: [YearValue(2023, 7000)])
        #expect(c.status == .insufficientData && c.targetYearUnobserved && c.projection != nil)
        let d = Assessor(options: AssessmentOptions(asOf: 2023, evaluationYear: 2026)).assess(spec, observations: [YearValue(2023, 7000)])
        #expect(d.status == .limitedProgress)
    }

    /// Found by the pandas reference: a flat series sitting on its bound met it by its probability
    /// (P = 1) but not by its value (12.919999999999996 < 12.92), so it got an explanation that
    /// contradicted itself; and constant flows got a spurious interval of rounding noise.
    @Test func exactFitsDecideNothingByRoundingNoise() throws {
        // The panel's t0002111: 12.92 every year 2020–2024, a share ≥ 12.92 by 2029; the quadratic
        // (chosen on 5 points by AICc ties) lands a hair below 12.92.
        let flat = (2020...2024).map { YearValue($0, 12.92) }
        let spec = TargetSpec(form: .share, bound: .atLeast(12.92), targetYear: 2029, baseline: nil, baselineYear: 2020)
        let a = Assessor().assess(spec, observations: flat)
        #expect(a.status == .achieved && a.projection?.probability == 1)
        #expect(a.explanation == nil, "\(String(describing: a.explanation))")
        // The panel's t0000257: flows of 532 a year 2019–2024 towards 【3810】 over 2019–2026.
        let flows = (2018...2024).map { YearValue($0, 532) }
        let sum = TargetSpec(form: .cumulative, bound: .reach(3810), targetYear: 2026, baseline: 532, baselineYear: 2018)
        let p = try #require(Assessor().assess(sum, observations: flows).projection)
        #expect(p.low == p.high, "\(String(describing: p.low)) – \(String(describing: p.high))")
    }
}
