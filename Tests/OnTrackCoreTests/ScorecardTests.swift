import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackCore

/// The scorecard of a small plan: trade met in 2025, forest missed, jobs not observed in 2025,
/// and one target due after the period.
@Suite struct ScorecardTests {
    let plan = AlertFixture()

    var dataset: Dataset {
        var data = plan.dataset
        data.targets.append(Target(id: "trade2030", indicatorID: "trade", form: .level, bound: .reach(12000), targetText: "t",
                                   baseline: 6500, baselineYear: 2020, targetYear: 2030, source: AlertFixture.source))
        data.observations.append(plan.observation("trade", 2025, 8100))
        data.observations.append(plan.observation("forest", 2025, 56))
        return data
    }

    @Test func achievedMissedOpenAndNotJudgedAddUp() throws {
        let results = DatasetAssessor(options: AssessmentOptions(evaluationYear: 2026)).assess(dataset)
        let status = Dictionary(uniqueKeysWithValues: results.map { ($0.target.id, $0.assessment.status) })
        #expect(status == ["trade": .achieved, "forest": .missed, "jobs": .insufficientData, "trade2030": .needsAcceleration])
        let c = Scorecard(period: 2021...2025).counts(results)
        #expect(c.targets == 4 && c.due == 3 && c.later == 1)
        #expect(c.achieved == 1 && c.missed == 1 && c.open == 0)
        #expect(c.notJudged == [.targetYearUnobserved: 1])
        #expect(c.shareMet == 0.5)
        #expect(c.laterOnTrack == 0 && c.laterBehind == 1)   // 4.5 % a year since 2020, 6.3 % needed
        #expect(c.due == c.achieved + c.missed + c.open + c.notJudgedTotal)
        // Scores: trade achieved (5); forest and trade2030 from their ratios; jobs not judged (none).
        let ratio = { (id: String) in results.first { $0.target.id == id }!.assessment.ratio }
        let expected = [5, ProgressMeasure().ratioScore(ratio("forest")!), ProgressMeasure().ratioScore(ratio("trade2030")!)]
        #expect(c.scores.sorted() == expected.sorted())
        #expect(abs(c.meanScore! - expected.reduce(0, +) / 3) < 1e-12)
        // Evaluated in 2025, the targets due that year are still open (judged on the pace).
        let early = DatasetAssessor(options: AssessmentOptions(asOf: 2024)).assess(dataset)
        let e = Scorecard(period: 2021...2025).counts(early)
        #expect(e.achieved + e.missed == 0 && e.open == 3)
    }

    @Test func alertsLeaveOldMissesOut() {
        let results = DatasetAssessor(options: AssessmentOptions(evaluationYear: 2026)).assess(dataset)
        #expect(AlertRaiser(missedSince: 2025).raise(results).map(\.current.target.id).contains("forest"))
        #expect(!AlertRaiser(missedSince: 2026).raise(results).map(\.current.target.id).contains("forest"))
    }
}

/// The to-do list of missing values.
@Suite struct DataGapsTests {
    let plan = AlertFixture()

    @Test func eachUnjudgedTargetNamesTheValueThatDecidesIt() {
        var data = plan.dataset
        // A cumulative target whose period 2021–2025 has a hole in 2023.
        data.targets.append(Target(id: "sum", indicatorID: "trade", form: .cumulative, bound: .atLeast(40000), targetText: "t",
                                   baseline: 6500, baselineYear: 2020, targetYear: 2025, source: AlertFixture.source))
        // Without a baseline, nothing published by the target year.
        data.targets.append(Target(id: "nobase", indicatorID: "forest", form: .share, bound: .reach(60), targetText: "t",
                                   baseline: nil, baselineYear: 2030, targetYear: 2035, source: AlertFixture.source))
        data.observations.removeAll { $0.indicatorID == "trade" && $0.year == 2023 }
        let results = DatasetAssessor(options: AssessmentOptions(evaluationYear: 2026)).assess(data)
        let gaps = DataGaps.gaps(results)
        let byTarget = Dictionary(uniqueKeysWithValues: gaps.flatMap { g in g.targets.map { ($0, g) } })
        // trade, jobs, forest (2025 targets) lack their 2025 value; the sum lacks 2023.
        #expect(byTarget["trade"]?.year == 2025 && byTarget["trade"]?.need == .targetYear)
        #expect(byTarget["jobs"]?.year == 2025)
        #expect(byTarget["sum"]?.year == 2023 && byTarget["sum"]?.need == .periodYear)
        #expect(byTarget["nobase"]?.year == 2030 && byTarget["nobase"]?.need == .baseline)
        // Every unjudged target is listed once; judged ones never.
        let unjudged = results.filter { [.targetYearUnobserved, .noBaseline, .noActualYet].contains($0.reason) }.map(\.target.id)
        #expect(Set(byTarget.keys) == Set(unjudged))
        #expect(gaps.map(\.targets.count) == gaps.map(\.targets.count).sorted(by: >))
    }
}
