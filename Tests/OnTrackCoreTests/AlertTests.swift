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
        // The 2021–2023 trend is exactly 2.50 % a year: from 7000 it reaches 8000 in 2029, four years
        // late, and with an exact fit the probability of 8000 by 2025 is 0.
        #expect(trade.current.assessment.projection?.model == .logLinear)
        #expect(trade.reachYear == 2029)
        #expect(trade.yearsBehind == 4)
        #expect(trade.messageZh == "货物进出口总额：需年均增长6.90%，实际增长2.50%，按当前趋势将于2029年达到目标（晚4年）；达标概率0.00（难以达标）")
        #expect(trade.messageEn == "Goods trade: needs +6.90% a year, actual +2.50%; on the current trend the target is reached in 2029 (4 years late); P(meet) = 0.00 (unlikely)")
        let jobs = try #require(alerts.first { $0.current.target.id == "jobs" })
        #expect(jobs.schedule == .never)
        #expect(jobs.yearsBehind == nil)
        #expect(jobs.messageZh.hasSuffix("按当前趋势无法达到目标"))
        #expect(jobs.messageZh.contains("需年均降低"))
        #expect(jobs.messageEn.hasSuffix("never reached on the current trend"))
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

    func run(_ data: Dataset, vintages: [Int]? = nil) -> Backtest.Result {
        let p = DatasetAssessor.panel(data)
        return Backtest(vintages: vintages).run(p.panel, p.targets)
    }

    func target(_ r: Backtest.Result, _ id: String, vintage: Int) -> Backtest.Case? {
        let p = DatasetAssessor.panel(plan.dataset)
        return r.cases.first { p.targets.ids[$0.target] == id && $0.vintage == vintage }
    }

    @Test func earlyVerdictsAgainstLaterActuals() {
        let r = run(plan.dataset, vintages: [2022])
        // Trade and forest have a verdict in 2022 and later actuals; unemployment too (6.2 in 2022).
        #expect(r.cases.count + r.unscored == 3)
        #expect(target(r, "trade", vintage: 2022)?.outcome == .offCourse)
        let forest = target(r, "forest", vintage: 2022)
        #expect(forest?.outcome == .onCourse)
        #expect(forest?.warned == false)
        let confusion = Backtest.confusion(r.cases)
        #expect(confusion.total == r.cases.count)
        #expect(confusion.counts.values.flatMap(\.values).reduce(0, +) == r.cases.count)
    }

    @Test func everyVintageIsReplayedByDefault() {
        // Baselines 2020, latest actual 2024: vintages 2022 and 2023.
        let r = run(plan.dataset)
        #expect(r.vintages == [2022, 2023])
        #expect(r.byVintage.map(\.vintage) == [2022, 2023])
        #expect(r.overall.cases == r.byVintage.reduce(0) { $0 + $1.scores.cases })
    }

    @Test func coverageAndBrierAgainstTheFinalOutcome() throws {
        var data = plan.dataset
        data.observations.append(plan.observation("forest", 2025, 57.5))
        data.observations.append(plan.observation("trade", 2025, 7500))
        let r = run(data, vintages: [2023])
        #expect(target(r, "forest", vintage: 2023)?.outcome == .met)
        let trade = try #require(target(r, "trade", vintage: 2023))
        #expect(trade.outcome == .missed)
        // Trade was warned of (limited progress in 2023) and missed: a hit.
        #expect(r.overall.precision == 1)
        // Trade's 2023 projection is a trend on 2021–2023 (three points): it has an interval, checked
        // against the two later actuals (2024: 6400, 2025: 7500).
        let p = try #require(trade.early.projection)
        #expect(p.basis == .trend && p.points == 3)
        #expect(trade.intervalChecks == 2)
        var inside = 0
        for (year, value) in [(2024, 6400.0), (2025, 7500.0)] {
            let b = try #require(p.band(at: year))
            if value >= b.low! && value <= b.high! { inside += 1 }
        }
        #expect(trade.intervalHits == inside)
        // Forest has two actuals by 2023: no trend, no probability, so only trade counts for Brier.
        #expect(r.overall.brierCases == 1)
        let prob = try #require(p.probability)
        #expect(abs(try #require(r.overall.brier) - prob * prob) < 1e-12)      // missed: (p − 0)²
        #expect(r.overall.brierAlwaysOnTrack == 1)                               // (1 − 0)²
        #expect(r.overall.brierNaiveRate == 0)                                   // R < 1: forecast 0, right
    }
}
