import Testing
@testable import OnTrackNumerics

@Suite struct GrowthTests {
    @Test func tradeExampleNeeds4_2402PercentAYear() throws {
        // (8000/6500)^(1/5) − 1 = 0.0424022…, checked by hand with a calculator.
        let g = try Growth.compoundRate(from: 6500, to: 8000, years: 5)
        #expect(abs(g - 0.042402) < 5e-7)
    }

    @Test func actualGrowthOfTradeExampleIs2_50Percent() throws {
        let g = try Growth.compoundRate(from: 6500, to: 7000, years: 3)
        #expect(abs(g - 0.025010) < 5e-7)
    }

    @Test func compoundRateRejectsNonPositiveValuesAndSpans() {
        #expect(throws: NumericsError.nonPositiveValue(0)) { try Growth.compoundRate(from: 0, to: 10, years: 5) }
        #expect(throws: NumericsError.nonPositiveValue(-1)) { try Growth.compoundRate(from: 10, to: -1, years: 5) }
        #expect(throws: NumericsError.nonPositiveSpan(0)) { try Growth.compoundRate(from: 1, to: 2, years: 0) }
        #expect(throws: NumericsError.nonFinite) { try Growth.compoundRate(from: .nan, to: 2, years: 1) }
    }

    @Test func pointsPerYear() throws {
        // Nursing-bed share 32.3 % → 60 % over 2020–2025: 5.54 points a year.
        #expect(abs(try Growth.pointsPerYear(from: 32.3, to: 60, years: 5) - 5.54) < 1e-12)
        #expect(throws: NumericsError.nonPositiveSpan(-2)) { try Growth.pointsPerYear(from: 1, to: 2, years: -2) }
    }

    @Test func geometricMeanOfGDPGrowth2021To2023() throws {
        // 8.3 %, 2.6 %, 6.1 %: (1.083·1.026·1.061)^(1/3) − 1 = 0.056405.
        let g = try Growth.geometricMean(of: [0.083, 0.026, 0.061])
        #expect(abs(g - 0.056405) < 5e-7)
        #expect(throws: NumericsError.self) { try Growth.geometricMean(of: []) }
        #expect(throws: NumericsError.nonPositiveValue(0)) { try Growth.geometricMean(of: [0.1, -1]) }
    }

    @Test func compoundingAFractionOfAYear() {
        #expect(abs(Growth.compound(100, rate: 0.21, years: 0.5) - 110) < 1e-9)
    }

    @Test func annualChangeDisplaysPercentOrPoints() {
        #expect(AnnualChange.percent(0.042).display == 4.2)
        #expect(AnnualChange.points(5.54).display == 5.54)
    }
}

@Suite struct TargetPathTests {
    @Test func compoundPathMidpointsAreGeometric() throws {
        let p = try TargetPath(baseline: 6500, baselineYear: 2020, target: 8000, targetYear: 2025, method: .compound)
        // 6500·(8000/6500)^(3/5) = 7362.40
        #expect(abs(p.value(at: 2023) - 7362.3987) < 1e-3)
        #expect(p.value(at: 2020) == 6500)
        #expect(p.value(at: 2025) == 8000)
        #expect(p.yearly.count == 6)
        #expect(p.requiredChange.unit == .percent)
    }

    @Test func linearPathMidpoints() throws {
        let p = try TargetPath(baseline: 32.3, baselineYear: 2020, target: 60, targetYear: 2025, method: .linear)
        #expect(abs(p.value(at: 2023) - 48.92) < 1e-9)
        #expect(abs(p.requiredChange.value - 5.54) < 1e-12)
        #expect(p.requiredChange.unit == .points)
    }

    @Test func compoundPathRejectsNonPositiveEnds() {
        #expect(throws: NumericsError.nonPositiveValue(0)) {
            try TargetPath(baseline: 0, baselineYear: 2020, target: 5, targetYear: 2025, method: .compound)
        }
        #expect(throws: NumericsError.nonPositiveSpan(0)) {
            try TargetPath(baseline: 1, baselineYear: 2025, target: 5, targetYear: 2025, method: .linear)
        }
        // A linear path through zero is fine.
        #expect((try? TargetPath(baseline: -3, baselineYear: 2020, target: 2, targetYear: 2025, method: .linear)) != nil)
    }
}

@Suite struct CumulativeTotalTests {
    @Test func constantGrowthRecoversAKnownRate() throws {
        // 100·(1.1 + 1.21 + 1.331 + 1.4641 + 1.61051) = 671.561
        #expect(abs(CumulativeTotal.sum(flow: 100, growth: 0.1, years: 5) - 671.561) < 1e-9)
        let g = try CumulativeTotal.constantGrowth(flow: 100, total: 671.561, years: 5)
        #expect(abs(g - 0.1) < 1e-10)
    }

    @Test func fiveTimesTheFlowNeedsNoGrowth() throws {
        #expect(abs(try CumulativeTotal.constantGrowth(flow: 100, total: 500, years: 5)) < 1e-12)
    }

    @Test func foreignCapital500From102_7NeedsASmallDecline() throws {
        // 102.7·5 = 513.5 > 500, so the flows may shrink a little each year.
        let g = try CumulativeTotal.constantGrowth(flow: 102.7, total: 500, years: 5)
        #expect(g < 0 && g > -0.01)
        #expect(abs(CumulativeTotal.sum(flow: 102.7, growth: g, years: 5) - 500) < 1e-8)
    }

    @Test func noSolutionIsAClearError() {
        #expect(throws: NumericsError.self) { try CumulativeTotal.constantGrowth(flow: 0, total: 500, years: 5) }
        #expect(throws: NumericsError.self) { try CumulativeTotal.constantGrowth(flow: -3, total: 500, years: 5) }
        #expect(throws: NumericsError.self) { try CumulativeTotal.constantGrowth(flow: 100, total: -1, years: 5) }
        #expect(throws: NumericsError.self) { try CumulativeTotal.constantGrowth(flow: 100, total: 500, years: 0) }
    }

    @Test func hugeTotalsStillSolve() throws {
        let g = try CumulativeTotal.constantGrowth(flow: 1, total: 1e6, years: 3)
        #expect(abs(CumulativeTotal.sum(flow: 1, growth: g, years: 3) / 1e6 - 1) < 1e-9)
    }
}

@Suite struct AverageGrowthTests {
    @Test func gdpNeeds6_54PercentIn2024And2025() throws {
        // ((1.06)^5 / (1.083·1.026·1.061))^(1/2) − 1 = 0.065416
        let g = try AverageGrowth.requiredRemaining(target: 0.06, periodYears: 5, observed: [0.083, 0.026, 0.061])
        #expect(abs(g - 0.065416) < 5e-7)
    }

    @Test func exactCase() throws {
        // (1.1² / 1.21) − 1 = 0
        #expect(abs(try AverageGrowth.requiredRemaining(target: 0.1, periodYears: 2, observed: [0.21])) < 1e-12)
        // Nothing observed: the target average itself.
        #expect(abs(try AverageGrowth.requiredRemaining(target: 0.065, periodYears: 5, observed: []) - 0.065) < 1e-12)
    }

    @Test func noYearsLeftIsAnError() {
        #expect(throws: NumericsError.self) {
            try AverageGrowth.requiredRemaining(target: 0.06, periodYears: 2, observed: [0.05, 0.07])
        }
    }
}

@Suite struct BoundTests {
    @Test func strictAndInclusiveBounds() {
        #expect(Bound.lessThan(5.5).isMet(by: 5.4, direction: .lowerIsBetter, tolerance: 0.05))
        #expect(!Bound.lessThan(5.5).isMet(by: 5.5, direction: .lowerIsBetter, tolerance: 0.05))
        #expect(Bound.atMost(5.5).isMet(by: 5.5, direction: .lowerIsBetter, tolerance: 0.05))
        #expect(Bound.atLeast(88).isMet(by: 88, direction: .higherIsBetter, tolerance: 0.05))
        #expect(!Bound.moreThan(70).isMet(by: 70, direction: .higherIsBetter, tolerance: 0.05))
    }

    @Test func aboutUsesARelativeBand() {
        // about 2700 with ±5 %: 2565 meets it when higher is better, 2560 does not.
        #expect(Bound.about(2700).isMet(by: 2565, direction: .higherIsBetter, tolerance: 0.05))
        #expect(!Bound.about(2700).isMet(by: 2560, direction: .higherIsBetter, tolerance: 0.05))
        #expect(Bound.about(2700).isMet(by: 3000, direction: .higherIsBetter, tolerance: 0.05))
        #expect(!Bound.about(2700).isMet(by: 3000, direction: nil, tolerance: 0.05))
    }

    @Test func rangeAimsAtTheBindingEnd() {
        let r = Bound.range(6, 7)
        #expect(r.aim(.higherIsBetter) == 6)
        #expect(r.aim(.lowerIsBetter) == 7)
        #expect(r.aim(nil) == 6.5)
        #expect(r.isMet(by: 6.5, direction: nil, tolerance: 0))
        #expect(!r.isMet(by: 7.5, direction: nil, tolerance: 0))
    }

    @Test func directionComesFromTheData() {
        #expect(Direction.infer(explicit: nil, bound: .atLeast(1), baseline: 5)! == (.higherIsBetter, .bound))
        #expect(Direction.infer(explicit: nil, bound: .lessThan(5.5), baseline: 5.7)! == (.lowerIsBetter, .bound))
        #expect(Direction.infer(explicit: nil, bound: .reach(1.8), baseline: 1.84)! == (.lowerIsBetter, .baselineVersusTarget))
        #expect(Direction.infer(explicit: .higherIsBetter, bound: .reach(1.8), baseline: 1.84)! == (.higherIsBetter, .explicit))
        #expect(Direction.infer(explicit: nil, bound: .about(50), baseline: 50) == nil)
        #expect(Direction.infer(explicit: nil, bound: .reach(50), baseline: nil) == nil)
    }
}

@Suite struct ThresholdTests {
    @Test func eurostatCutOffs() {
        let t = ProgressThresholds.standard
        #expect(t.grade(0.95) == .onTrack)
        #expect(t.grade(0.9499) == .needsAcceleration)
        #expect(t.grade(0.60) == .needsAcceleration)
        #expect(t.grade(0.59) == .limitedProgress)
        #expect(t.grade(0) == .limitedProgress)
        #expect(t.grade(-0.01) == .movingAway)
        #expect(t.isValid)
        #expect(!ProgressThresholds(onTrack: 0.5, needsAcceleration: 0.6, limitedProgress: 0).isValid)
    }

    @Test func failOnOrdering() {
        #expect(Status.movingAway.isAtOrBelow(.limitedProgress))
        #expect(Status.limitedProgress.isAtOrBelow(.limitedProgress))
        #expect(!Status.onTrack.isAtOrBelow(.limitedProgress))
        #expect(!Status.insufficientData.isAtOrBelow(.achieved))
    }
}
