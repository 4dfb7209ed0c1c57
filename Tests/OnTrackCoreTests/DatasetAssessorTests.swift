import Foundation
import Testing
import OnTrackCore
import OnTrackIO
import OnTrackNumerics

@Suite struct DatasetAssessorTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func observation(_ year: Int, _ value: Double, _ reliability: Reliability, comparable: Bool = true, unit: String = "亿元", order: Int) -> Observation {
        Observation(indicatorID: "x", year: year, value: value, unit: unit, reliability: reliability, comparable: comparable,
                    source: SourceReference(location: "test", quote: "q"), order: order)
    }

    @Test func conflictRulePrefersReliabilityThenTheLaterRow() {
        let obs = [
            observation(2022, 55.0, .high, order: 0),
            observation(2022, 55.04, .low, order: 1),
            observation(2021, 1, .medium, order: 2),
            observation(2021, 2, .medium, order: 3),
            observation(2023, 9, .high, comparable: false, order: 4),
            observation(2023, 7, .high, unit: "万元", order: 5),
        ]
        let (used, broken, notes) = DatasetAssessor.select(obs, unit: "亿元")
        #expect(used.map(\.value) == [2, 55.0])
        #expect(broken.map(\.value).sorted() == [7, 9])
        #expect(notes.contains { $0.contains("万元") })
        #expect(notes.contains { $0.hasPrefix("2022: 55.0 chosen over 55.04") })
    }

    @Test func everyTargetOfTheChongqingDatasetGetsAVerdictAndNoNaN() throws {
        let result = try DatasetReader.read(folder: Self.root.appendingPathComponent("Datasets/chongqing").path)
        #expect(result.errors.isEmpty)
        let data = result.dataset
        #expect(data.targets.count >= 10)
        let results = DatasetAssessor().assess(data)
        #expect(results.count == data.targets.count)
        for r in results {
            let a = r.assessment
            for n in [a.ratio, a.projected, a.gapToPath, a.gapToPathPercent, a.requiredFromBaseline?.value, a.requiredFromLatest?.value] {
                #expect(n?.isFinite ?? true, "\(r.target.id)")
            }
            if a.status == .notAssessable || a.status == .noBaseline || a.status == .insufficientData || a.status == .notComparable {
                #expect(!a.notes.isEmpty || a.status == .insufficientData, "\(r.target.id) needs a reason")
            }
        }
    }

    @Test func goodsTradeTargetsStaySeparate() throws {
        let data = try DatasetReader.read(folder: Self.root.appendingPathComponent("Datasets/chongqing").path).dataset
        let trade = data.targets.filter { $0.indicatorID == "trade.goods_total" }
        // 000: 9000 for 2025 (table and text); 004: 8000 for 2025, and 10000 for 2020 in the
        // 13th-plan review; 001: "突破1万亿元" for 2024. Each is its own target.
        #expect(Set(trade.compactMap { $0.bound?.center }) == [8000, 9000, 10000])
        let in2024 = try #require(trade.first { $0.targetYear == 2024 })
        #expect(in2024.bound == .moreThan(10000))
        #expect(in2024.targetText == "突破1万亿元")
        #expect(in2024.unit == "万亿元")
        #expect(trade.filter { $0.targetYear == 2025 }.count == 3)
        let results = DatasetAssessor().assess(data).filter { $0.indicator.id == "trade.goods_total" }
        // 000 专栏1: 6513.4 → 9000 needs (9000/6513.4)^(1/5) − 1 = 6.6810 % a year.
        let r9000 = try #require(results.first { $0.target.bound?.center == 9000 })
        #expect(abs(try #require(r9000.assessment.requiredFromBaseline).value - 0.066810) < 5e-6)
        // Latest comparable actual is 2025's 8006.8 亿元 (customs press conference, via a reprint):
        // below 9000, so the 000 target is missed in its target year.
        #expect(r9000.assessment.latest == YearValue(2025, 8006.8))
        #expect(r9000.assessment.status == .missed)
    }

    @Test func chinaEuropeTrainsAreNotComparable() throws {
        let data = try DatasetReader.read(folder: Self.root.appendingPathComponent("Datasets/chongqing").path).dataset
        let r = DatasetAssessor().assess(data).first { $0.target.id == "000.c1.03" }
        #expect(r?.assessment.status == .notComparable)
        #expect(r?.notComparable.isEmpty == false)
    }
}

@Suite("TargetAssessment.reason")
struct ReasonTests {
    static let source = SourceReference(location: "plan.txt", line: 1, quote: "q")

    func reason(_ target: Target, observations: [Observation] = []) -> TargetAssessment.Reason? {
        let indicator = Indicator(id: "x", nameZh: "指标", nameEn: "Indicator", unit: "亿元", kind: .level, direction: .higherIsBetter)
        let data = Dataset(name: "d", indicators: [indicator], targets: [target], observations: observations)
        return DatasetAssessor().assess(data).first?.reason
    }

    func target(_ text: String, bound: Bound?, baseline: Double?) -> Target {
        Target(id: "t", indicatorID: "x", form: bound == nil ? .categorical : .level, bound: bound, targetText: text,
               baseline: baseline, baselineYear: 2020, targetYear: 2025, source: Self.source)
    }

    func observation(_ year: Int, _ value: Double, comparable: Bool = true) -> Observation {
        Observation(indicatorID: "x", year: year, value: value, unit: "亿元", reliability: .high, comparable: comparable, source: Self.source)
    }

    @Test func offTheScaleVerdictsCarryTheirReason() {
        #expect(reason(target("国家下达", bound: nil, baseline: nil)) == .setByState)
        #expect(reason(target("（空白）", bound: nil, baseline: nil)) == .blankInSource)
        #expect(reason(target("稳步提高", bound: nil, baseline: nil)) == .categorical)
        #expect(reason(target("100", bound: .reach(100), baseline: nil)) == .noBaseline)
        #expect(reason(target("100", bound: .reach(100), baseline: 50)) == .noActualYet)
        #expect(reason(target("100", bound: .reach(100), baseline: 50), observations: [observation(2022, 70, comparable: false)]) == .seriesBreak)
    }

    @Test func judgedTargetsHaveNoReason() {
        #expect(reason(target("100", bound: .reach(100), baseline: 50), observations: [observation(2022, 70)]) == nil)
        #expect(reason(target("100", bound: .reach(100), baseline: 50), observations: [observation(2022, 120)]) == nil)
    }
}
