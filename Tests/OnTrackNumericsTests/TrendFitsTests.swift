import Foundation
import Testing
@testable import OnTrackNumerics

@Suite struct StudentTTests {
    // Reference values from published t tables (two-sided 80 % = one-sided 0.90).
    @Test(arguments: [(1, 3.0777), (2, 1.8856), (5, 1.4759), (10, 1.3722), (30, 1.3104), (120, 1.2886)])
    func quantileMatchesTables(df: Int, expected: Double) {
        #expect(abs(StudentT.quantile(0.9, degreesOfFreedom: df) - expected) < 5e-5)
    }

    /// The written-out table of t₀.₉(ν) is exactly what the bisection gives, bit for bit.
    @Test func quantileTableIsTheSolversResult() {
        #expect(StudentT.cached90.count == 256)
        for nu in 1...256 {
            #expect(StudentT.cached90[nu - 1].bitPattern == StudentT.solveQuantile(0.9, nu: Double(nu)).bitPattern, "ν = \(nu)")
        }
        #expect(StudentT.quantile(0.9, degreesOfFreedom: 257) == StudentT.solveQuantile(0.9, nu: 257))
    }

    @Test func distributionFunction() {
        // F(2; 5) = 0.94903026, F(0; ν) = 0.5, symmetry, Cauchy for ν = 1: F(1) = 3/4.
        #expect(abs(StudentT.cdf(2, degreesOfFreedom: 5) - 0.94903026) < 1e-7)
        #expect(StudentT.cdf(0, degreesOfFreedom: 7) == 0.5)
        #expect(abs(StudentT.cdf(-1.3, degreesOfFreedom: 4) + StudentT.cdf(1.3, degreesOfFreedom: 4) - 1) < 1e-14)
        #expect(abs(StudentT.cdf(1, degreesOfFreedom: 1) - 0.75) < 1e-12)
        #expect(StudentT.cdf(.infinity, degreesOfFreedom: 3) == 1)
        #expect(abs(StudentT.quantile(0.1, degreesOfFreedom: 10) + 1.3722) < 5e-5)
    }
}

@Suite struct TrendFitsTests {
    let years = Array(2005...2024)

    /// The same three models solved one at a time by LAPACK (`dgels` through `LeastSquares`).
    func reference(_ years: [Int], _ y: [Double], quadratic: Bool) throws -> [Double] {
        let m = years.count
        let origin = Double(years.reduce(0, +)) / Double(m)
        let t = years.map { Double($0) - origin }
        var design = [Double](repeating: 1, count: m) + t
        if quadratic { design += t.map { $0 * $0 } }
        return try LeastSquares.solve(design: design, rows: m, columns: quadratic ? 3 : 2, rhs: y)
    }

    @Test func fitsEqualLAPACKOnEachModel() throws {
        let y = years.map { 50 + 2.5 * Double($0 - 2005) + 0.04 * pow(Double($0 - 2014), 2) + sin(Double($0)) }
        let fits = try #require(TrendFits.fit(years: years, values: y))
        let lin = try reference(years, y, quadratic: false)
        let quad = try reference(years, y, quadratic: true)
        let log = try reference(years, y.map { Foundation.log($0) }, quadratic: false)
        #expect(abs(fits.linear!.a - lin[0]) < 1e-10 && abs(fits.linear!.b - lin[1]) < 1e-10)
        #expect(abs(fits.quadratic!.c - quad[2]) < 1e-10 && abs(fits.quadratic!.b - quad[1]) < 1e-10)
        #expect(abs(fits.logLinear!.b - log[1]) < 1e-12)
        #expect(fits.count == 20 && fits.lastYear == 2024)
    }

    @Test func chooseTheModelThatGeneratedTheData() throws {
        let wiggle = years.map { 0.3 * sin(1.7 * Double($0)) }
        let line = zip(years, wiggle).map { 100 + 3 * Double($0 - 2005) + $1 }
        let curve = zip(years, wiggle).map { 100 + 3 * Double($0 - 2005) - 0.4 * pow(Double($0 - 2005), 2) + $1 }
        let growth = zip(years, wiggle).map { 100 * pow(1.08, Double($0 - 2005)) * (1 + $1 / 100) }
        #expect(TrendFits.fit(years: years, values: line)!.select(preferLogLinear: false)?.model == .linear)
        #expect(TrendFits.fit(years: years, values: curve)!.select(preferLogLinear: false)?.model == .quadratic)
        #expect(TrendFits.fit(years: years, values: growth)!.select(preferLogLinear: false)?.model == .logLinear)
    }

    @Test func fewPointsUseTheDefaultModel() throws {
        let fits = try #require(TrendFits.fit(years: [2020, 2021, 2023], values: [10, 11, 14]))
        #expect(fits.aicc(.linear) == nil)
        #expect(fits.quadratic == nil)
        #expect(fits.select(preferLogLinear: true)?.model == .logLinear)
        #expect(fits.select(preferLogLinear: false)?.model == .linear)
        #expect(TrendFits.fit(years: [2020, 2021], values: [1, 2]) == nil)
        // A value ≤ 0 rules out the log model.
        let mixed = try #require(TrendFits.fit(years: [2020, 2021, 2022, 2023], values: [-1, 0, 1, 2]))
        #expect(mixed.logLinear == nil)
        #expect(mixed.select(preferLogLinear: true)?.model == .linear)
    }

    @Test func intervalAndProbability() throws {
        // y = 2t + noise: forecast in 2030 with a t interval; the probability is monotone in the bound.
        let y: [Double] = years.map { year in
            let noise = Double(year % 3 - 1)
            return 2 * Double(year - 2005) + noise
        }
        let fits = try #require(TrendFits.fit(years: years, values: y))
        let model = try #require(fits.linear)
        let low = try #require(fits.forecast(model, year: 2030, meets: ValueInterval(lower: 40, upper: .infinity)))
        let high = try #require(fits.forecast(model, year: 2030, meets: ValueInterval(lower: 60, upper: .infinity)))
        #expect(abs(low.value - (model.a + model.b * (2030 - fits.origin))) < 1e-12)
        #expect(low.low < low.value && low.value < low.high)
        #expect(low.probability > high.probability)
        // The 80 % interval's ends are the 10 % and 90 % points: P(value ≥ low end) = 0.9.
        let atLowEnd = try #require(fits.forecast(model, year: 2030, meets: ValueInterval(lower: low.low, upper: .infinity)))
        #expect(abs(atLowEnd.probability - 0.9) < 1e-9)
        let band = try #require(fits.forecast(model, year: 2030, meets: ValueInterval(lower: low.low, upper: low.high)))
        #expect(abs(band.probability - 0.8) < 1e-9)
    }

    @Test func exactFitsHaveNoSpread() throws {
        let flat = try #require(TrendFits.fit(years: years, values: years.map { _ in 60 }))
        let model = try #require(flat.select(preferLogLinear: false))
        let f = try #require(flat.forecast(model, year: 2030, meets: ValueInterval(lower: 60, upper: .infinity)))
        #expect(f.low == f.high)
        #expect(f.probability == 1)
        let below = try #require(flat.forecast(model, year: 2030, meets: ValueInterval(lower: 61, upper: .infinity)))
        #expect(below.probability == 0)
    }

    @Test func groupedKernelsAgreeOnGappyPatterns() throws {
        // Three patterns, several series each; loop and BLAS must give the same fits.
        let patterns: [[Int32]] = [Array(2005...2024), [2005, 2007, 2008, 2010, 2011, 2012, 2015], Array(2012...2024)]
        var years: [Int32] = [], values: [Double] = [], ranges: [Range<Int>] = []
        for s in 0..<30 {
            let p = patterns[s % 3]
            let start = years.count
            for (k, y) in p.enumerated() {
                years.append(y)
                values.append(10 + Double(s) + 0.7 * Double(k) + 0.01 * Double(k * k) + 0.2 * sin(Double(s * 7 + k)))
            }
            ranges.append(start..<years.count)
        }
        let run = { (kernel: FitKernel) in
            years.withUnsafeBufferPointer { yp in values.withUnsafeBufferPointer { vp in
                TrendFitter(kernel: kernel, cache: BasisCache()).fit(years: yp, values: vp, ranges: ranges)
            } }
        }
        let loop = run(.loop), blas = run(.blas)
        for (a, b) in zip(loop, blas) {
            let a = try #require(a), b = try #require(b)
            for model in TrendModel.allCases {
                let x = try #require(a.fit(model)), y = try #require(b.fit(model))
                #expect(abs(x.a - y.a) < 1e-9 && abs(x.b - y.b) < 1e-9 && abs(x.c - y.c) < 1e-9)
                #expect(abs(x.rss - y.rss) < 1e-9)
            }
        }
        // Grouped fits equal fits of each series alone.
        for (i, r) in ranges.enumerated() {
            let alone = try #require(TrendFits.fit(years: years[r].map { Int($0) }, values: Array(values[r])))
            #expect(abs(alone.quadratic!.c - loop[i]!.quadratic!.c) < 1e-12)
        }
    }
}

@Suite struct SatisfyingIntervalTests {
    /// The interval agrees with `isMet` on a grid of values, for every bound and direction.
    @Test func agreesWithIsMet() {
        let bounds: [Bound] = [.reach(10), .atLeast(10), .moreThan(10), .atMost(10), .lessThan(10), .about(10), .range(8, 12)]
        for bound in bounds {
            for direction in [Direction.higherIsBetter, .lowerIsBetter, nil] {
                let interval = bound.satisfyingInterval(direction: direction, tolerance: 0.05)
                for v in stride(from: 5.0, through: 15.0, by: 0.25) where v != interval.lower && v != interval.upper {
                    #expect(bound.isMet(by: v, direction: direction, tolerance: 0.05) == (v >= interval.lower && v <= interval.upper),
                            "\(bound) \(String(describing: direction)) \(v)")
                }
            }
        }
    }

    @Test func reductionIndexBound() {
        #expect(Bound.reach(14).reductionIndexBound == .atMost(86))
        #expect(Bound.range(10, 15).reductionIndexBound == .range(85, 90))
        #expect(Bound.lessThan(5).reductionIndexBound == .moreThan(95))
    }
}
