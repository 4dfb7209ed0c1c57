import Foundation
import OnTrackNumerics
import Testing

/// The progress measure checked by hand: each expected number is worked out in the comment above
/// it, from the method's formulas (Open SDG's progress methodology, sdg-build 2.4).
@Suite struct ProgressMeasureTests {
    let measure = ProgressMeasure()

    func series(_ values: [(Int, Double)]) -> [YearValue] { values.map { YearValue($0.0, $0.1) } }

    // MARK: - Without a target

    @Test func growthOnTrack() {
        // 100 (2015) → 110 (2020), higher is better: CAGR = 1.1^(1/5) − 1 = 1.92449 % ≥ 1.5 % → on track;
        // score = 500·0.0192449 − 5 = 4.62244.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 100), (2020, 110)]))
        #expect(m.method == .growth)
        #expect(abs(m.progressValue! - 0.019244876491456564) < 1e-15)
        #expect(m.status == .substantialProgress)
        #expect(m.onTrackStatus == .onTrack)
        #expect(abs(m.score! - 4.622438245728283) < 1e-12)
        #expect(m.sign == 1)
        #expect(m.coefficient == nil)
    }

    @Test func defaultDirectionIsLowerIsBetter() {
        // 100 → 95 over 2015–2020, no direction given (sdg-build: negative): CAGR = 0.95^(1/5) − 1 =
        // −1.02062 %, progress = −1 · −1.02062 % = +1.02062 %: between 0.5 % and 1.5 % → moderate;
        // score = 250·0.0102062 − 1.25 = 1.30155.
        let m = measure.measure(ProgressSeriesSpec(), observations: series([(2015, 100), (2020, 95)]))
        #expect(m.direction == .lowerIsBetter)
        #expect(abs(m.progressValue! - 0.010206218313011495) < 1e-15)
        #expect(m.status == .moderateProgress)
        #expect(m.onTrackStatus == .needsAcceleration)
        #expect(abs(m.score! - 1.3015545782528735) < 1e-12)
    }

    @Test func limitedAndDeterioration() {
        // +0.2 % a year: 0 ≤ p < 0.5 % → limited; score = 500·0.002 − 2.5 = −1.5.
        let up = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 100), (2016, 100.2)]))
        #expect(up.status == .limitedProgress)
        #expect(abs(up.score! - -1.5) < 1e-9)
        // −1 % a year: deterioration; score = 125·(−0.01) − 2.5 = −3.75; −5 % clamps to −5.
        let down = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 100), (2016, 99)]))
        #expect(down.status == .deterioration)
        #expect(down.onTrackStatus == .movingAway)
        #expect(abs(down.score! - -3.75) < 1e-9)
        let fall = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 100), (2016, 95)]))
        #expect(fall.score == -5)
    }

    @Test func naturalLimitScalesThePositiveThresholds() {
        // Canada 1.3.1, children covered by social protection: 90 (2015) → 93.2 (2021), limit 100.
        // C = 1 − 0.9^4.44 = 0.373622; on track from 1.5 %·C = 0.560433 %.
        // CAGR = (93.2/90)^(1/6) − 1 = 0.584000 % → on track; score = 500·0.00584/C − 5 = 2.815387,
        // as published by the repository's CI.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter, limit: 100),
                                observations: series([(2015, 90), (2018, 90), (2021, 93.2)]))
        #expect(abs(m.coefficient! - 0.37362164501282824) < 1e-15)
        #expect(abs(m.thresholds.onTrack - 0.015 * 0.37362164501282824) < 1e-15)
        #expect(m.status == .substantialProgress)
        #expect(abs(m.score! - 2.815386645395768) < 1e-9)
        // Without the limit the same growth is only moderate: 0.584 % < 1.5 %·1.
        let plain = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 90), (2021, 93.2)]))
        #expect(plain.status == .moderateProgress)
    }

    @Test func limitCoefficientBranches() {
        // Below the limit: 1 − (y0/ylim)^4.44.
        #expect(abs(ProgressMeasure.limitCoefficient(base: 90, limit: 100) - (1 - pow(0.9, 4.44))) < 1e-15)
        // Mirrored above it (a floor of 10, base 12): 1 − ((2·10 − 12)/10)^4.44 = 1 − 0.8^4.44 = 0.628705.
        #expect(abs(ProgressMeasure.limitCoefficient(base: 12, limit: 10) - 0.6287046226695863) < 1e-12)
        // At the limit: C = 0; from twice the limit on: C = 1 (also 0 and 0).
        #expect(ProgressMeasure.limitCoefficient(base: 100, limit: 100) == 0)
        #expect(ProgressMeasure.limitCoefficient(base: 20, limit: 10) == 1)
        #expect(ProgressMeasure.limitCoefficient(base: 35, limit: 10) == 1)
        #expect(ProgressMeasure.limitCoefficient(base: 0, limit: 0) == 1)
        // Absolute values: a negative base against a negative limit.
        #expect(ProgressMeasure.limitCoefficient(base: -90, limit: -100) == ProgressMeasure.limitCoefficient(base: 90, limit: 100))
    }

    @Test func coefficientZeroAtTheLimit() {
        // A share already at its ceiling (100 % in 2015): C = 0, every cut-off is 0, so holding the
        // level (CAGR 0) is on track with score 5; any fall is deterioration, scored unscaled:
        // 100 → 99 in one year is −1 %: 125·(−0.01) − 2.5 = −3.75.
        let held = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter, limit: 100),
                                   observations: series([(2015, 100), (2020, 100)]))
        #expect(held.coefficient == 0)
        #expect(held.progressValue == 0)
        #expect(held.status == .substantialProgress)
        #expect(held.score == 5)
        let fell = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter, limit: 100),
                                   observations: series([(2015, 100), (2016, 99)]))
        #expect(fell.status == .deterioration)
        #expect(abs(fell.score! - -3.75) < 1e-9)
    }

    @Test func negativeSeriesFlipsTheSign() {
        // −10 (2015) → −8 (2020), higher is better (−8 is better): the ratio 0.8 gives CAGR =
        // 0.8^(1/5) − 1 = −4.365 %; sign = −1 (negative base), d = +1, so progress = +4.365 % → on
        // track, score min(500·0.04365 − 5, 5) = 5.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, -10), (2020, -8)]))
        #expect(m.sign == -1)
        #expect(abs(m.progressValue! - 0.043647500209963) < 1e-14)
        #expect(m.status == .substantialProgress)
        #expect(m.score == 5)
        // The same values with lower is better are deterioration.
        let worse = measure.measure(ProgressSeriesSpec(direction: .lowerIsBetter), observations: series([(2015, -10), (2020, -8)]))
        #expect(worse.status == .deterioration)
        #expect(worse.score == -5)
    }

    @Test func oppositeSignsAreNotAssessable() {
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, -2), (2020, 3)]))
        #expect(m.progressValue == nil)
        #expect(m.unavailable == .oppositeSigns)
        #expect(m.status == .notAvailable)
        #expect(m.score == nil)
        #expect(m.onTrackStatus == .notAssessable)
        // Components are still reported.
        #expect(m.baseValue == -2 && m.currentValue == 3 && m.sign == -1)
    }

    @Test func baseYearRules() {
        // No 2015 value: the next later observation (2017) is the base; earlier years are not used.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter),
                                observations: series([(2012, 1), (2017, 50), (2019, 51)]))
        #expect(m.baseYear == 2017 && m.baseValue == 50)
        #expect(abs(m.progressValue! - (pow(51.0 / 50, 0.5) - 1)) < 1e-15)
        // Only one year from the base year on: not available (insufficient data).
        let one = measure.measure(ProgressSeriesSpec(), observations: series([(2010, 5), (2021, 4)]))
        #expect(one.baseYear == 2021 && one.unavailable == .singleYear && one.onTrackStatus == .insufficientData)
        // Nothing in or after the base year.
        let old = measure.measure(ProgressSeriesSpec(baseYear: 2015), observations: series([(2010, 5), (2012, 4)]))
        #expect(old.unavailable == .baseYearAfterLatest && old.baseValue == nil && old.currentYear == 2012)
        // A configured base year.
        let b = measure.measure(ProgressSeriesSpec(baseYear: 2010), observations: series([(2010, 5), (2012, 4)]))
        #expect(b.baseYear == 2010 && b.status == .substantialProgress)
        // No data.
        #expect(measure.measure(ProgressSeriesSpec(), observations: []).unavailable == .noData)
        // Two values for a year: not one series.
        #expect(measure.measure(ProgressSeriesSpec(), observations: series([(2015, 1), (2015, 2), (2016, 3)])).unavailable == .duplicateYears)
    }

    @Test func zeroBaseIsReplaced() {
        // A base of 0 becomes 0.001 (sdg-build): 0 → 0.002 in a year is a CAGR of 100 %.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter), observations: series([(2015, 0), (2016, 0.002)]))
        #expect(m.baseValue == 0.001)
        #expect(abs(m.progressValue! - 1) < 1e-12)
        // Without the replacement a zero base has no growth rate.
        var options = ProgressMeasure.Options()
        options.zeroReplacement = nil
        let strict = ProgressMeasure(options: options).measure(ProgressSeriesSpec(direction: .higherIsBetter),
                                                               observations: series([(2015, 0), (2016, 0.002)]))
        #expect(strict.progressValue == nil && strict.unavailable == .undefined)
    }

    @Test func customGrowthThresholds() {
        // Cut-offs of 3 %, 1 %, 0: 1.92 % is now only moderate, scored on the lines through them
        // (1 % → 0, 3 % → 2.5): 2.5·(1.9245 − 1)/(3 − 1) = 1.1556.
        var options = ProgressMeasure.Options()
        options.growthThresholds = ProgressThresholds(onTrack: 0.03, needsAcceleration: 0.01, limitedProgress: 0)
        let m = ProgressMeasure(options: options).measure(ProgressSeriesSpec(direction: .higherIsBetter),
                                                          observations: series([(2015, 100), (2020, 110)]))
        #expect(m.status == .moderateProgress)
        #expect(abs(m.score! - 2.5 * (0.019244876491456564 - 0.01) / 0.02) < 1e-12)
    }

    // MARK: - With a target

    @Test func ratioWithTarget() {
        // Canada 1.2.1, poverty rate: 14.5 (2015) → 10.2 (2023), target 7.25 in 2030, lower is better.
        // CAGR = (10.2/14.5)^(1/8) − 1 = −4.30174 %; required = (7.25/14.5)^(1/15) − 1 = −4.51584 %;
        // R = −1 · −4.30174 / 4.51584 = 0.952590 → on track; score = 7.1429·R − 4.2857 = 2.518556, as
        // published.
        let m = measure.measure(ProgressSeriesSpec(target: 7.25), observations: series([(2015, 14.5), (2019, 12), (2023, 10.2)]))
        #expect(m.method == .ratio)
        #expect(abs(m.progressValue! - 0.9525901792032172) < 1e-12)
        #expect(m.status == .substantialProgress)
        #expect(abs(m.score! - 2.5185563910306596) < 1e-9)
        #expect(m.onTrackAim == nil)
    }

    @Test func targetAchievedFirst() {
        // 8 ≤ 9 (lower is better): achieved, score 5, even though the rate is irrelevant.
        let m = measure.measure(ProgressSeriesSpec(target: 9), observations: series([(2015, 10), (2020, 8)]))
        #expect(m.targetAchieved && m.status == .targetAchieved && m.score == 5)
        #expect(m.onTrackStatus == .achieved)
        // A base equal to the target: the required growth is 0, no ratio, but achieved still scores 5.
        let flat = measure.measure(ProgressSeriesSpec(target: 100, direction: .higherIsBetter), observations: series([(2015, 100), (2023, 100)]))
        #expect(flat.progressValue == nil && flat.status == .targetAchieved && flat.score == 5)
        // A limit is ignored with a target.
        let limited = measure.measure(ProgressSeriesSpec(target: 50, direction: .higherIsBetter, limit: 100),
                                      observations: series([(2015, 40), (2020, 45)]))
        #expect(limited.coefficient == nil && limited.thresholds == .standard)
    }

    @Test func zeroTargetIsReplaced() {
        // A target of 0 becomes 0.001: 10 → 5 over 2015–2020 against 0.001 by 2030.
        // required = (0.0001)^(1/15) − 1 = −45.88 %; CAGR = 0.5^(1/5) − 1 = −12.94 %;
        // R = 12.94/45.88 = 0.282 → limited; score = 4.1667·0.282 − 2.5 = −1.325.
        let m = measure.measure(ProgressSeriesSpec(target: 0), observations: series([(2015, 10), (2020, 5)]))
        #expect(m.target == 0.001)
        let r = (1 - pow(0.5, 0.2)) / abs(pow(0.0001, 1.0 / 15) - 1)
        #expect(abs(m.progressValue! - r) < 1e-12)
        #expect(m.status == .limitedProgress)
        #expect(abs(m.score! - (4.1667 * r - 2.5)) < 1e-12)
    }

    @Test func ratioScores() {
        // sdg-build's rounded constants: at R = 0.6 the upper line gives 7.1429·0.6 − 4.2857 = 0.00004.
        #expect(abs(measure.ratioScore(0.6) - 0.00004) < 1e-12)
        #expect(abs(measure.ratioScore(0.95) - 2.500055) < 1e-9)
        #expect(measure.ratioScore(2) == 5)
        #expect(abs(measure.ratioScore(0) - -2.5) < 1e-12)
        #expect(measure.ratioScore(-1) == -5)
        // The exact lines through the cut-offs.
        var options = ProgressMeasure.Options()
        options.sdgBuildScores = false
        let exact = ProgressMeasure(options: options)
        #expect(exact.ratioScore(0.6) == 0)
        #expect(abs(exact.ratioScore(0.95) - 2.5) < 1e-12)
        #expect(abs(exact.ratioScore(0.3) - -1.25) < 1e-12)
        #expect(exact.score(ratio: 0.3, targetAchieved: true) == 5)
        #expect(exact.score(ratio: nil, targetAchieved: false) == nil)
    }

    @Test func growthScoreKnots() {
        // Through −2 % → −5, 0 → −2.5, 0.5 %·C → 0, 1.5 %·C → 2.5, 2 %·C → 5, for C = 1 and C = 0.5,
        // in both the sdg-build form and the general one.
        var general = ProgressMeasure.Options()
        general.sdgBuildScores = false
        for m in [measure, ProgressMeasure(options: general)] {
            for c in [1.0, 0.5] {
                #expect(abs(m.growthScore(-0.02, coefficient: c) - -5) < 1e-12)
                #expect(abs(m.growthScore(0, coefficient: c) - -2.5) < 1e-12)
                #expect(abs(m.growthScore(0.005 * c, coefficient: c)) < 1e-12)
                #expect(abs(m.growthScore(0.015 * c, coefficient: c) - 2.5) < 1e-12)
                #expect(abs(m.growthScore(0.02 * c, coefficient: c) - 5) < 1e-12)
                #expect(m.growthScore(0.5, coefficient: c) == 5)
                #expect(m.growthScore(-0.5, coefficient: c) == -5)
            }
            #expect(m.growthScore(0, coefficient: 0) == 5)
        }
    }

    @Test func statusFromScore() {
        #expect(ProgressMeasure.status(score: 5) == .substantialProgress)
        #expect(ProgressMeasure.status(score: 2.5) == .substantialProgress)
        #expect(ProgressMeasure.status(score: 2.4999) == .moderateProgress)
        #expect(ProgressMeasure.status(score: 0) == .moderateProgress)
        #expect(ProgressMeasure.status(score: -0.0001) == .limitedProgress)
        #expect(ProgressMeasure.status(score: -2.5) == .limitedProgress)
        #expect(ProgressMeasure.status(score: -2.5001) == .deterioration)
        #expect(ProgressMeasure.status(score: nil) == .notAvailable)
        #expect(ProgressMeasure.status(score: -4, targetAchieved: true) == .targetAchieved)
    }

    @Test func onTrackAimWithoutTarget() {
        // The value that keeps 1.5 %·C a year from the base: 90·(1 + 0.015·C)^15 with C = 0.373622.
        let m = measure.measure(ProgressSeriesSpec(direction: .higherIsBetter, limit: 100), observations: series([(2015, 90), (2021, 93.2)]))
        let c = 1 - pow(0.9, 4.44)
        #expect(abs(m.onTrackAim! - 90 * pow(1 + 0.015 * c, 15)) < 1e-9)
        // Lower is better: the aim falls.
        let down = measure.measure(ProgressSeriesSpec(), observations: series([(2015, 100), (2020, 95)]))
        #expect(abs(down.onTrackAim! - 100 * pow(0.985, 15)) < 1e-9)
    }

    // MARK: - Roll-ups

    @Test func nestedGroupRollUp() {
        // Canada 1.4.1 as published: three series (−5, −5, 5), a group with no score (skipped), a
        // group of three (−5, −5, −4.5508) averaged first (−4.8503), and one more (−1.6917):
        // (−5 − 5 + 5 − 4.8503 − 1.6917)/5 = −2.3084 → limited progress.
        let nodes: [ProgressNode] = [
            .series(score: -5, targetAchieved: false), .series(score: -5, targetAchieved: false),
            .series(score: 5, targetAchieved: true),
            .group([.series(score: nil, targetAchieved: false), .series(score: nil, targetAchieved: false)]),
            .group([.series(score: -5, targetAchieved: false), .series(score: -5, targetAchieved: false),
                    .series(score: -4.5508091294860025, targetAchieved: false)]),
            .series(score: -1.6917364186249069, targetAchieved: false),
        ]
        let r = ProgressMeasure.rollUp(nodes)
        #expect(r.scored == 5)
        #expect(abs(r.score! - -2.3084012256907145) < 1e-12)
        #expect(r.status == .limitedProgress)
        #expect(!r.targetAchieved)
    }

    @Test func targetAchievedOnlyWhenEverySeriesAchieved() {
        let all = ProgressMeasure.rollUp([.series(score: 5, targetAchieved: true), .group([.series(score: 5, targetAchieved: true)]),
                                          .series(score: nil, targetAchieved: false)])
        #expect(all.targetAchieved && all.status == .targetAchieved)
        let one = ProgressMeasure.rollUp([.series(score: 5, targetAchieved: true), .series(score: 4, targetAchieved: false)])
        #expect(!one.targetAchieved && one.status == .substantialProgress && one.score == 4.5)
        let none = ProgressMeasure.rollUp([.series(score: nil, targetAchieved: false), .group([])])
        #expect(none.score == nil && none.status == .notAvailable && !none.targetAchieved)
        #expect(ProgressMeasure.rollUp([]).status == .notAvailable)
    }

    @Test func groupsWeighEqually() {
        // A group of four scores weighs as one: mean(1, mean(−1, −1, −1, −1)) = 0, not (1 − 4)/5.
        let r = ProgressMeasure.rollUp([.series(score: 1, targetAchieved: false),
                                        .group(Array(repeating: .series(score: -1, targetAchieved: false), count: 4))])
        #expect(r.score == 0 && r.status == .moderateProgress)
        // Deeper nesting averages inside out: mean(4, mean(0, mean(2, 4))) = mean(4, 1.5) = 2.75.
        let deep = ProgressMeasure.rollUp([.series(score: 4, targetAchieved: false),
                                           .group([.series(score: 0, targetAchieved: false),
                                                   .group([.series(score: 2, targetAchieved: false), .series(score: 4, targetAchieved: false)])])])
        #expect(deep.score == 2.75)
    }

    @Test func meanInNumPysOrder() {
        // sdg-build takes np.mean: NumPy adds eight at a time, pairs the eight sums, then adds the
        // rest one by one. With twelve scores: ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7)), then s8…s11.
        // (Checked against NumPy 2.4 on 20,000 random lists of 1–300 scores; on Canada 3.4.1 it is
        // what makes the published −0.8154366729424485 rather than …487 by a plain loop.)
        let scores = [0.1, -2.2, 3.3, 4.4, -5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
        let r = ProgressMeasure.rollUp(scores.map { .series(score: $0, targetAchieved: false) })
        let s = scores
        var numpy = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
        for x in s[8...] { numpy += x }
        #expect(r.score == numpy / 12)
        let canada = [-0.8723778593404974, -0.18143379048989994, 0.18259330081799074, -0.8654804787889483, 1.1040144154084262,
                      -2.008061410071935, -3.702302884853126, -1.8113180221064962, 5.0, -5.0]
        #expect(ProgressMeasure.rollUp(canada.map { .series(score: $0, targetAchieved: false) }).score == -0.8154366729424485)
    }

    @Test func rollUpByAnyGrouping() {
        struct Row { var document: String; var score: Double?; var achieved: Bool }
        let rows = [Row(document: "A", score: 5, achieved: true), Row(document: "A", score: 1, achieved: false),
                    Row(document: "B", score: -3, achieved: false), Row(document: "B", score: nil, achieved: false)]
        let byDocument = ProgressMeasure.rollUp(rows, by: \.document, score: \.score, targetAchieved: \.achieved)
        #expect(byDocument["A"]?.score == 3 && byDocument["A"]?.status == .substantialProgress)
        #expect(byDocument["B"]?.score == -3 && byDocument["B"]?.status == .deterioration && byDocument["B"]?.scored == 1)
    }

    @Test func statusVocabularies() {
        #expect(OpenSDGStatus.targetAchieved.onTrackStatus == .achieved)
        #expect(OpenSDGStatus.substantialProgress.onTrackStatus == .onTrack)
        #expect(OpenSDGStatus.moderateProgress.onTrackStatus == .needsAcceleration)
        #expect(OpenSDGStatus.limitedProgress.onTrackStatus == .limitedProgress)
        #expect(OpenSDGStatus.deterioration.onTrackStatus == .movingAway)
        #expect(OpenSDGStatus.notAvailable.onTrackStatus == nil)
        for s in Status.allCases where s.severityRank != nil && s != .missed {
            #expect(OpenSDGStatus(s).onTrackStatus == s)
        }
        #expect(OpenSDGStatus(.missed) == .deterioration)
        #expect(OpenSDGStatus(.insufficientData) == .notAvailable)
    }
}
