import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackCore

/// A small plan: goods trade 6500 → 8000 (2020–2025) and an unemployment cap, with actuals chosen
/// so that each target lands where a test wants it.
struct AlertFixture {
    static let source = SourceReference(document: "d", location: "f.txt", line: 1, lineEnd: nil, quote: "q")
    let indicators = [
        Indicator(id: "trade", nameZh: "货物进出口总额", nameEn: "Goods trade", unit: "亿元", kind: .level, direction: .higherIsBetter),
        Indicator(id: "jobs", nameZh: "城镇调查失业率", nameEn: "Urban unemployment", unit: "%", kind: .rate, direction: .lowerIsBetter),
        Indicator(id: "forest", nameZh: "森林覆盖率", nameEn: "Forest coverage", unit: "%", kind: .share, direction: .higherIsBetter),
    ]

    func target(_ id: String, _ indicator: String, _ form: TargetForm, _ bound: Bound, baseline: Double) -> Target {
        Target(id: id, indicatorID: indicator, form: form, bound: bound, targetText: "t", baseline: baseline,
               baselineYear: 2020, targetYear: 2025, source: Self.source)
    }

    func observation(_ indicator: String, _ year: Int, _ value: Double) -> Observation {
        Observation(indicatorID: indicator, year: year, value: value, unit: indicator == "trade" ? "亿元" : "%",
                    reliability: .high, comparable: true, source: Self.source)
    }

    var dataset: Dataset {
        Dataset(name: "plan", indicators: indicators, targets: [
            target("trade", "trade", .level, .reach(8000), baseline: 6500),
            target("jobs", "jobs", .rate, .lessThan(5.5), baseline: 6),
            target("forest", "forest", .share, .reach(57), baseline: 52),
        ], observations: [
            // Trade: 2.5 % a year to 2023 (limited progress), then falling in 2024 (moving away).
            observation("trade", 2021, 6662.5), observation("trade", 2022, 6829.1), observation("trade", 2023, 7000),
            observation("trade", 2024, 6400),
            // Unemployment: rising, away from the cap.
            observation("jobs", 2022, 6.2), observation("jobs", 2023, 6.3),
            // Forest: on track all along.
            observation("forest", 2022, 54), observation("forest", 2023, 55),
        ])
    }

    func assess(asOf: Int? = nil) -> [TargetAssessment] {
        DatasetAssessor(options: AssessmentOptions(asOf: asOf)).assess(dataset)
    }
}

@Suite struct AlertTests {
    let plan = AlertFixture()

    @Test func offTrackTargetsMostSevereFirst() {
        let alerts = AlertRaiser().raise(plan.assess(asOf: 2023))
        // Unemployment moves away (critical), trade shows limited progress (high); forest is on track.
        #expect(alerts.map(\.current.target.id) == ["jobs", "trade"])
        #expect(alerts.map(\.severity) == [.critical, .high])
        #expect(alerts.allSatisfy { $0.kind == .offTrack && $0.previousStatus == nil })
    }

    @Test func messagesAndYearsBehindSchedule() throws {
        let alerts = AlertRaiser().raise(plan.assess(asOf: 2023))
        let trade = try #require(alerts.first { $0.current.target.id == "trade" })
        // 7000 in 2023 growing 2.50 % a year reaches 8000 in 2029: four years late.
        #expect(trade.reachYear == 2029)
        #expect(trade.yearsBehind == 4)
        #expect(trade.messageZh == "货物进出口总额：需年均增长6.90%，实际增长2.50%，按当前速度将于2029年达到目标（晚4年）")
        #expect(trade.messageEn == "Goods trade: needs +6.90% a year, actual +2.50%; at the current pace the target is reached in 2029 (4 years late)")
        let jobs = try #require(alerts.first { $0.current.target.id == "jobs" })
        #expect(jobs.schedule == .never)
        #expect(jobs.yearsBehind == nil)
        #expect(jobs.messageZh.hasSuffix("按当前速度无法达到目标"))
        #expect(jobs.messageZh.contains("需年均降低"))
        #expect(jobs.messageEn.hasSuffix("never reached at the current pace"))
    }

    @Test func worseningBetweenVintages() throws {
        let alerts = AlertRaiser().raise(plan.assess(), previous: plan.assess(asOf: 2023))
        let trade = try #require(alerts.first { $0.current.target.id == "trade" })
        #expect(trade.current.assessment.status == .movingAway)
        #expect(trade.previousStatus == .limitedProgress)
        #expect(trade.kind == .worsenedOffTrack)
        #expect(trade.messageZh.contains("状态由「进展有限」降为「背离目标」"))
        #expect(trade.messageEn.contains("status fell from limited progress to moving away"))
        // Worsened alerts sort before plain ones of the same severity.
        #expect(alerts.first?.current.target.id == "trade")
        // A target that stays off track is not "worsened".
        #expect(alerts.first { $0.current.target.id == "jobs" }?.kind == .offTrack)
    }

    @Test func aWorseStatusStillOnTrackIsALowAlert() {
        // Forest achieved-to-on-track style drop: compare a vintage where it was achieved.
        var data = plan.dataset
        data.observations.append(plan.observation("forest", 2021, 58))
        let earlier = DatasetAssessor(options: AssessmentOptions(asOf: 2021)).assess(data)
        let now = DatasetAssessor(options: AssessmentOptions(asOf: 2023)).assess(data)
        let forest = AlertRaiser().raise(now, previous: earlier).first { $0.current.target.id == "forest" }
        #expect(earlier.first { $0.target.id == "forest" }?.assessment.status == .achieved)
        #expect(forest?.severity == .low)
        #expect(forest?.kind == .worsened)
    }

    @Test func alertIdsAreStable() {
        #expect(Alert.id(of: "000.c1.06") == Alert.id(of: "000.c1.06"))
        #expect(Alert.id(of: "000.c1.06") != Alert.id(of: "000.c1.07"))
        #expect(Alert.id(of: "x").hasPrefix("OT-") && Alert.id(of: "x").count == 15)
        // Pinned: the id is part of the alert contract and must not change between releases.
        #expect(Alert.id(of: "000.c1.06") == "OT-f824d0574e31")
        #expect(Alert.id(of: "004.c2.17").prefix(8) != Alert.id(of: "004.c2.18").prefix(8))
    }
}

@Suite struct BacktestTests {
    let plan = AlertFixture()

    @Test func earlyVerdictsAgainstLaterActuals() {
        let (cases, unscored) = Backtest(asOf: 2022).run(plan.dataset)
        // Trade and forest have a verdict in 2022 and later actuals; unemployment too (6.2 in 2022).
        #expect(cases.count + unscored == 3)
        let trade = cases.first { $0.early.target.id == "trade" }
        #expect(trade?.outcome == .offCourse)
        let forest = cases.first { $0.early.target.id == "forest" }
        #expect(forest?.outcome == .onCourse)
        #expect(forest?.warned == false)
        let confusion = Backtest.confusion(cases)
        #expect(confusion.total == cases.count)
        let counted = confusion.counts.values.flatMap(\.values).reduce(0, +)
        #expect(counted == cases.count)
    }

    @Test func metOrMissedOnceTheTargetYearIsObserved() {
        var data = plan.dataset
        data.observations.append(plan.observation("forest", 2025, 57.5))
        data.observations.append(plan.observation("trade", 2025, 7500))
        let (cases, _) = Backtest(asOf: 2023).run(data)
        #expect(cases.first { $0.early.target.id == "forest" }?.outcome == .met)
        #expect(cases.first { $0.early.target.id == "trade" }?.outcome == .missed)
        // Trade was warned of (limited progress in 2023) and missed: a hit.
        let confusion = Backtest.confusion(cases)
        #expect(confusion.precision == 1)
    }
}
