import Foundation
import Testing
@testable import OnTrackNumerics

/// Hand-checked assessments, one per target form and rule.
@Suite struct AssessorTests {
    let assessor = Assessor()

    func level(_ baseline: Double?, _ target: Bound, form: TargetForm = .level, direction: Direction? = nil) -> TargetSpec {
        TargetSpec(form: form, bound: target, targetYear: 2025, baseline: baseline, baselineYear: 2020, direction: direction)
    }

    @Test func tradeExampleIsLimitedProgress() throws {
        let a = assessor.assess(level(6500, .reach(8000)), observations: [YearValue(2023, 7000)])
        #expect(abs(try #require(a.requiredFromBaseline).value - 0.042402) < 5e-7)
        #expect(abs(try #require(a.actualChange).value - 0.025010) < 5e-7)
        #expect(abs(try #require(a.ratio) - 0.5898) < 5e-5)        // 0.59
        #expect(a.status == .limitedProgress)
        #expect(abs(try #require(a.projected) - 7354.52) < 0.01)   // 7000·(7000/6500)^(2/3)
        #expect(a.projection?.basis == .actualRate)
        #expect(a.projection?.probability == nil && a.outlook == nil)   // no interval without a trend
        #expect(abs(try #require(a.expectedAtLatest) - 7362.40) < 0.01)
        #expect(abs(try #require(a.gapToPath) - (7000 - 7362.3987)) < 1e-3)
        // (8000/7000)^(1/2) − 1 = 6.9045 %
        #expect(abs(try #require(a.requiredFromLatest).value - 0.069045) < 5e-7)
        #expect(a.direction == .higherIsBetter && a.directionEvidence == .baselineVersusTarget)
    }

    @Test func projectionUsesALogLinearTrendOnThreeActuals() throws {
        // 100, 110, 121, 133.1: exactly 10 % a year → 2025 value 100·1.1^5.
        let obs = [YearValue(2020, 100), YearValue(2021, 110), YearValue(2022, 121), YearValue(2023, 133.1)]
        let a = assessor.assess(level(100, .reach(200)), observations: obs)
        #expect(abs(try #require(a.projected) - 161.051) < 1e-6)
        let p = try #require(a.projection)
        #expect(p.model == .logLinear && p.points == 4 && p.fromYear == 2020 && p.toYear == 2023)
        // An exact fit has no spread: the interval is the point and the probability 0 or 1.
        let low = try #require(p.low), high = try #require(p.high)
        #expect(abs(low - 161.051) < 1e-6 && abs(high - 161.051) < 1e-6)
        #expect(p.probability == 0 && a.outlook == .unlikely)
        // 133.1·1.1^n ≥ 200 first in 2028 (1.1^5 = 1.61 > 1.503): three years late.
        #expect(p.reach == .reached(year: 2028))
    }

    @Test func sharesUsePercentagePoints() throws {
        // Nursing-bed share 32.3 → 60: 5.54 pt/yr needed; 45.0 in 2023 is 4.2333 pt/yr: R = 0.7641.
        let a = assessor.assess(level(32.3, .reach(60), form: .share), observations: [YearValue(2023, 45)])
        #expect(a.requiredFromBaseline?.unit == .points)
        #expect(abs(try #require(a.requiredFromBaseline).value - 5.54) < 1e-12)
        #expect(abs(try #require(a.actualChange).value - 12.7 / 3) < 1e-12)
        #expect(abs(try #require(a.ratio) - (12.7 / 3) / 5.54) < 1e-12)
        #expect(a.status == .needsAcceleration)
        #expect(abs(try #require(a.requiredFromLatest).value - 7.5) < 1e-12)   // (60 − 45)/2
        #expect(a.method == "linear")
    }

    @Test func ratioReadsAsANumberAndFallsToTheTarget() throws {
        // 1.84∶1 → 1.8∶1: lower is better (baseline vs target); 1.82 in 2022 is exactly on the path.
        let a = assessor.assess(level(1.84, .reach(1.8), form: .ratio), observations: [YearValue(2022, 1.824)])
        #expect(a.direction == .lowerIsBetter)
        #expect(abs(try #require(a.ratio) - 1) < 1e-9)
        #expect(a.status == .onTrack)
    }

    @Test func unemploymentCeiling() throws {
        let spec = level(5.7, .lessThan(5.5), form: .rate)
        #expect(assessor.assess(spec, observations: [YearValue(2023, 5.4)]).status == .achieved)
        // 5.5 is not < 5.5; from 5.7: −0.0333 pt/yr against −0.04 needed: R = 0.8333.
        let a = assessor.assess(spec, observations: [YearValue(2023, 5.6)])
        #expect(a.direction == .lowerIsBetter && a.directionEvidence == .bound)
        #expect(abs(try #require(a.ratio) - 0.8333333) < 1e-6)
        #expect(a.status == .needsAcceleration)
        #expect(assessor.assess(spec, observations: [YearValue(2023, 5.9)]).status == .movingAway)
    }

    @Test func maintainTargetsAreJudgedOnTheFloor() {
        let spec = level(1075, .atLeast(1075))
        #expect(assessor.assess(spec, observations: [YearValue(2022, 1080)]).status == .achieved)
        let below = assessor.assess(spec, observations: [YearValue(2022, 1070)])
        #expect(below.status == .movingAway)
        #expect(below.ratio == nil)
    }

    @Test func reductionIsAnIndexNotPoints() throws {
        // Energy per unit of GDP down 14 % by 2025: index 100 → 86, (0.86)^(1/5) − 1 = −2.9714 % a year.
        // Levels 0.5 (2020) and 0.46 (2023): index 92, actual −2.7411 % a year, R = 0.9225.
        let spec = TargetSpec(form: .reduction, bound: .reach(14), targetYear: 2025, baseline: nil, baselineYear: 2020)
        let a = assessor.assess(spec, observations: [YearValue(2020, 0.5), YearValue(2023, 0.46)])
        #expect(a.aim == 86)
        #expect(a.baseline == YearValue(2020, 100))
        #expect(abs(try #require(a.latest).value - 92) < 1e-9)
        #expect(abs(try #require(a.requiredFromBaseline).value - -0.029714) < 5e-7)
        #expect(abs(try #require(a.actualChange).value - -0.027411) < 5e-7)
        #expect(abs(try #require(a.ratio) - 0.9225) < 5e-5)
        #expect(a.status == .needsAcceleration)
        #expect(a.direction == .lowerIsBetter && a.directionEvidence == .form)
        // A 13.5 % cut is not 13.5 points: an index of 86.4 meets a 13.5 % target.
        let smaller = TargetSpec(form: .reduction, bound: .reach(13.5), targetYear: 2025, baseline: nil, baselineYear: 2020)
        #expect(assessor.assess(smaller, observations: [YearValue(2020, 0.5), YearValue(2024, 0.432)]).status == .achieved)
    }

    @Test func cumulativeRunningSumOnThePath() throws {
        // Flow 100 in 2020; total 671.561 over 2021–2025 needs exactly 10 % a year.
        let spec = TargetSpec(form: .cumulative, bound: .atLeast(671.561), targetYear: 2025, baseline: 100, baselineYear: 2020)
        let a = assessor.assess(spec, observations: [YearValue(2021, 110), YearValue(2022, 121)])
        let c = try #require(a.cumulative)
        #expect(abs(c.runningSum - 231) < 1e-9)
        #expect(abs(c.expectedRunningSum - 231) < 1e-6)
        #expect(abs(c.remaining - 440.561) < 1e-9)
        #expect(abs(try #require(c.averageNeeded) - 440.561 / 3) < 1e-9)
        #expect(abs(try #require(a.requiredFromBaseline).value - 0.1) < 1e-9)
        #expect(abs(try #require(a.requiredFromLatest).value - 0.1) < 1e-9)   // 121·(1.1+1.21+1.331) = 440.561
        #expect(abs(try #require(a.ratio) - 1) < 1e-6)
        #expect(a.status == .onTrack)
        // Projection at the actual 10 % growth lands on the total.
        #expect(abs(try #require(a.projected) - 671.561) < 1e-6)
    }

    @Test func cumulativeFloorMetEarlyIsAchievedAndGapsStopTheSum() {
        let spec = TargetSpec(form: .cumulative, bound: .moreThan(500), targetYear: 2025, baseline: 102.7, baselineYear: 2020)
        let met = assessor.assess(spec, observations: [2021, 2022, 2023, 2024].map { YearValue($0, 130) })
        #expect(met.status == .achieved)
        let gap = assessor.assess(spec, observations: [YearValue(2021, 100), YearValue(2023, 100)])
        #expect(gap.cumulative?.yearsObserved == 1)
        #expect(gap.notes.contains { $0.contains("2022 is missing") })
        let none = assessor.assess(spec, observations: [YearValue(2020, 102.7)])
        #expect(none.status == .insufficientData)
    }

    @Test func averageGrowthOfGDP() throws {
        let spec = TargetSpec(form: .averageGrowth, bound: .about(6), targetYear: 2025, baseline: 3.9, baselineYear: 2020)
        let a = assessor.assess(spec, observations: [YearValue(2021, 8.3), YearValue(2022, 2.6), YearValue(2023, 6.1)])
        #expect(abs(try #require(a.requiredFromLatest).value - 0.065416) < 5e-7)
        #expect(abs(try #require(a.actualChange).value - 0.056405) < 5e-7)
        #expect(abs(try #require(a.ratio) - 0.056405 / 0.06) < 1e-5)   // 0.940
        #expect(a.status == .needsAcceleration)
        #expect(a.directionEvidence == .form)
        // The whole period in and within ±5 % of 6: achieved.
        let done = assessor.assess(spec, observations: [8.3, 2.6, 6.1, 6.0, 6.0].enumerated().map { YearValue(2021 + $0.offset, $0.element) })
        #expect(done.status == .achieved)
    }

    @Test func missingBaselineUsesThePreviousYearOrEarliestObservation() throws {
        let spec = level(nil, .reach(60), form: .share)
        let a = assessor.assess(spec, observations: [YearValue(2020, 40), YearValue(2023, 52)])
        #expect(a.baselineFromObservation && a.baseline == YearValue(2020, 40))
        #expect(a.notes.contains { $0.contains("2020 observation is used") })
        #expect(a.status == .onTrack)   // 4 pt/yr needed, 4 pt/yr achieved
        let later = assessor.assess(spec, observations: [YearValue(2022, 50), YearValue(2023, 52)])
        #expect(later.baseline == YearValue(2022, 50))
        #expect(later.notes.contains { $0.contains("first later observation (2022)") && $0.contains("Statistics Canada") })
        // Statistics Canada's rule skips observations before the baseline year; the old rule took
        // the earliest, decades back if need be.
        let history = [YearValue(1995, 20), YearValue(2022, 50), YearValue(2023, 52)]
        #expect(assessor.assess(spec, observations: history).baseline == YearValue(2022, 50))
        let old = Assessor(options: AssessmentOptions(baselineRule: .earliest)).assess(spec, observations: history)
        #expect(old.baseline == YearValue(1995, 20) && old.baselineRule == .earliest)
        #expect(old.notes.contains { $0.contains("earliest observation (1995)") })
        #expect(assessor.assess(spec, observations: []).status == .noBaseline)
        // A single observation that already meets the target is reported as achieved.
        let higher = level(nil, .reach(60), form: .share, direction: .higherIsBetter)
        #expect(assessor.assess(higher, observations: [YearValue(2023, 61)]).status == .achieved)
    }

    @Test func zeroBaselineFallsBackToPointsWithANote() throws {
        let a = assessor.assess(level(0, .reach(10)), observations: [YearValue(2023, 6)])
        #expect(a.method == "linear")
        #expect(a.notes.contains { $0.contains("percentage points used") })
        #expect(abs(try #require(a.ratio) - 1) < 1e-12)   // 2 a year needed, 2 a year achieved
        let negative = assessor.assess(level(-5, .reach(10)), observations: [YearValue(2023, -8)])
        #expect(negative.status == .movingAway)
        for x in [negative.ratio, negative.projected, negative.gapToPathPercent] { #expect(x?.isFinite ?? true) }
    }

    @Test func statusOrder() {
        #expect(assessor.assess(TargetSpec(form: .categorical, bound: nil, targetYear: 2025, baseline: nil, baselineYear: 2020), observations: []).status == .notAssessable)
        #expect(assessor.assess(level(100, .reach(120)), observations: [YearValue(2020, 100)]).status == .insufficientData)
        #expect(assessor.assess(level(2603, .reach(3000)), observations: [], nonComparable: [YearValue(2022, 5000)]).status == .notComparable)
        // Achieved comes before the ratio even when growth since the baseline was slow.
        #expect(assessor.assess(level(100, .reach(101)), observations: [YearValue(2024, 101)]).status == .achieved)
    }

    @Test func unknownDirectionIsNotAssessableUnlessMet() {
        let spec = level(50, .about(50), form: .rate)
        #expect(assessor.assess(spec, observations: [YearValue(2022, 51)]).status == .achieved)
        let off = assessor.assess(spec, observations: [YearValue(2022, 40)])
        #expect(off.status == .notAssessable)
        #expect(off.notes.contains { $0.contains("direction") })
    }

    @Test func asOfHidesLaterActuals() {
        let spec = level(6500, .reach(8000))
        let obs = [YearValue(2021, 8000.6), YearValue(2023, 7137.4)]
        #expect(Assessor(options: .init(asOf: 2021)).assess(spec, observations: obs).status == .achieved)
        // 7137.4 in 2023: 3.17 % a year against 4.24 % needed, R = 0.75.
        #expect(Assessor(options: .init(asOf: 2023)).assess(spec, observations: obs).status == .needsAcceleration)
    }

    @Test func configurableThresholds() {
        let strict = Assessor(options: .init(thresholds: ProgressThresholds(onTrack: 0.5, needsAcceleration: 0.4, limitedProgress: 0)))
        #expect(strict.assess(level(6500, .reach(8000)), observations: [YearValue(2023, 7000)]).status == .onTrack)
    }

    @Test func pathListsEveryYear() throws {
        let points = assessor.path(level(6500, .reach(8000)), observations: [YearValue(2023, 7000)])
        #expect(points.map(\.year) == Array(2020...2025))
        #expect(points.first?.expected == 6500 && points.last?.expected == 8000)
        #expect(abs(try #require(points[3].gap) - (7000 - 7362.3987)) < 1e-3)
        let cumulative = assessor.path(TargetSpec(form: .cumulative, bound: .atLeast(500), targetYear: 2025, baseline: 100, baselineYear: 2020),
                                       observations: [YearValue(2021, 90)])
        #expect(cumulative.map(\.year) == Array(2021...2025))
        #expect(abs(try #require(cumulative.last?.expected) - 500) < 1e-8)
        #expect(cumulative[0].actual == 90)
    }

    /// Without a baseline the target year's own value still decides (ex post); a value after it
    /// decides nothing.
    @Test func withoutABaselineTheTargetYearStillDecides() {
        let spec = TargetSpec(form: .share, bound: .moreThan(50), targetYear: 2020, baseline: nil, baselineYear: 2015)
        let missed = assessor.assess(spec, observations: [YearValue(2020, 50)])
        #expect(missed.status == .missed && missed.shortfall == 0)     // 50 is not > 50
        #expect(assessor.assess(spec, observations: [YearValue(2020, 52)]).status == .achieved)
        let later = assessor.assess(spec, observations: [YearValue(2022, 60)])
        #expect(later.status == .insufficientData && later.targetYearUnobserved)
        // Before the target year has passed, an earlier value that meets it is achieved already.
        let open = TargetSpec(form: .share, bound: .moreThan(50), targetYear: 2030, baseline: nil, baselineYear: 2015)
        #expect(assessor.assess(open, observations: [YearValue(2014, 60)]).status == .achieved)
    }
}
