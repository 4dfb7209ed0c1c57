import Foundation
import Testing
@testable import OnTrackNumerics

@Suite struct TrendLineTests {
    @Test func linearFitRecoversAnExactLine() throws {
        let years = [2020, 2021, 2022, 2023]
        let values = years.map { 2 + 3 * Double($0 - 2020) }
        let t = try TrendLine.fit(years: years, values: values, scale: .linear)
        #expect(abs(t.slope - 3) < 1e-10)
        #expect(abs(t.value(at: 2025) - 17) < 1e-9)
        #expect(t.annualChange == .points(t.slope))
    }

    @Test func logLinearFitRecoversFivePercentGrowth() throws {
        let years = [2020, 2021, 2022, 2023, 2024]
        let values = years.map { 100 * pow(1.05, Double($0 - 2020)) }
        let t = try TrendLine.fit(years: years, values: values, scale: .logarithmic)
        #expect(abs(t.annualChange.value - 0.05) < 1e-12)
        #expect(abs(t.value(at: 2025) - 100 * pow(1.05, 5)) < 1e-9)
    }

    @Test func leastSquaresOnNoisyPoints() throws {
        // y = 1, 2, 2 at x = 0, 1, 2: slope 0.5, mean 5/3 (normal equations by hand).
        let t = try TrendLine.fit(years: [2000, 2001, 2002], values: [1, 2, 2], scale: .linear)
        #expect(abs(t.slope - 0.5) < 1e-12)
        #expect(abs(t.value(at: 2001) - 5.0 / 3.0) < 1e-12)
    }

    @Test func batchFitEqualsSingleFits() throws {
        let years = [2019, 2020, 2022, 2023]
        let a: [Double] = [10, 12, 11, 15]
        let b: [Double] = [3, 2.5, 2.2, 1.9]
        let both = try TrendLine.fit(years: years, series: [a, b], scale: .logarithmic)
        let one = try TrendLine.fit(years: years, values: a, scale: .logarithmic)
        let two = try TrendLine.fit(years: years, values: b, scale: .logarithmic)
        #expect(abs(both[0].slope - one.slope) < 1e-12 && abs(both[1].slope - two.slope) < 1e-12)
        #expect(abs(both[1].intercept - two.intercept) < 1e-12)
    }

    @Test func degenerateInputsThrow() {
        #expect(throws: NumericsError.rankDeficient) { try TrendLine.fit(years: [2020, 2020], values: [1, 2], scale: .linear) }
        #expect(throws: NumericsError.nonPositiveValue(0)) { try TrendLine.fit(years: [2020, 2021], values: [1, 0], scale: .logarithmic) }
        #expect(throws: NumericsError.nonFinite) { try TrendLine.fit(years: [2020, 2021], values: [1, .nan], scale: .linear) }
    }

    @Test func leastSquaresSolvesAnOverdeterminedSystem() throws {
        // Columns [1,1,1] and [0,1,2]; b = [1,3,5] lies on 1 + 2x exactly.
        let x = try LeastSquares.solve(design: [1, 1, 1, 0, 1, 2], rows: 3, columns: 2, rhs: [1, 3, 5])
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1] - 2) < 1e-12)
    }
}
