import Foundation
import Testing
import OnTrackCore
import OnTrackNumerics
@testable import OnTrackIO

@Suite("AssessmentReport")
struct AssessmentReportTests {
    /// One level target reached early, one share target with no actuals, one categorical target.
    static func smallDataset() -> Dataset {
        let source = SourceReference(document: "plan", location: "000_plan.txt", line: 12, lineEnd: 14, quote: "q")
        let web = SourceReference(location: "https://example.org", quote: "q")
        return Dataset(
            name: "small",
            indicators: [
                Indicator(id: "trade", nameZh: "货物进出口总额", nameEn: "Goods trade", unit: "亿元", kind: .level, direction: .higherIsBetter),
                Indicator(id: "share", nameZh: "比重", nameEn: "Share", unit: "%", kind: .share),
            ],
            targets: [
                Target(id: "t1", indicatorID: "trade", form: .level, bound: .reach(100), targetText: "100",
                       baseline: 50, baselineYear: 2020, targetYear: 2025, binding: .indicative, source: source),
                Target(id: "t2", indicatorID: "share", form: .share, bound: .atLeast(35), targetText: "≥35",
                       baseline: 25, baselineYear: 2020, targetYear: 2025, source: source),
                Target(id: "t3", indicatorID: "trade", form: .categorical, bound: nil, targetText: "稳步提高",
                       baseline: nil, baselineYear: 2020, targetYear: 2025, source: source),
            ],
            observations: [
                Observation(indicatorID: "trade", year: 2022, value: 120, unit: "亿元", reliability: .high, source: web),
            ]
        )
    }

    @Test func assessTableHasTheContractColumnsAndFullRows() throws {
        let results = DatasetAssessor().assess(Self.smallDataset())
        let table = AssessmentReport.assess(results)
        #expect(table.columns == AssessmentReport.assessColumns)
        #expect(Set(table.columns).count == table.columns.count)
        #expect(table.rows.count == 3)
        for row in table.rows { #expect(row.count == table.columns.count) }

        func cell(_ row: Int, _ column: String) throws -> Cell {
            let i = try #require(table.columns.firstIndex(of: column))
            return table.rows[row][i]
        }
        #expect(try cell(0, "target_id") == .text("t1"))
        #expect(try cell(0, "name_zh") == .text("货物进出口总额"))
        #expect(try cell(0, "unit") == .text("亿元"))
        #expect(try cell(0, "bound") == .text("reach"))
        #expect(try cell(0, "binding") == .text("预期性"))
        #expect(try cell(0, "baseline_year") == .integer(2020))
        #expect(try cell(0, "baseline") == .number(50))
        #expect(try cell(0, "target_year") == .integer(2025))
        #expect(try cell(0, "latest_year") == .integer(2022))
        #expect(try cell(0, "latest") == .number(120))
        #expect(try cell(0, "source") == .text("000_plan.txt:12-14"))
        // 120 already meets "reach 100" with higher better.
        #expect(try cell(0, "status") == .text("achieved"))
        #expect(try cell(0, "status_zh") == .text("已实现"))
        #expect(try cell(1, "bound") == .text(">="))
        #expect(try cell(1, "latest_year") == .integer(nil))
        #expect(try cell(1, "latest") == .number(nil))
        #expect(try cell(2, "bound") == .text("none"))
        #expect(try cell(2, "status") == .text("not_assessable"))
        #expect(try cell(0, "reason") == .text(""))
        #expect(try cell(1, "reason") == .text("no_actual_yet"))
        #expect(try cell(2, "reason") == .text("categorical"))
        // The status cells agree with the assessments.
        for (row, r) in results.enumerated() {
            #expect(try cell(row, "status") == .text(r.assessment.status.rawValue))
        }

        // Every encoding keeps that shape.
        let csv = try records(OutputFormat.csv.encode(table))
        #expect(csv.count == 4)
        #expect(csv.allSatisfy { $0.fields.count == AssessmentReport.assessColumns.count })
        let json = try JSONSerialization.jsonObject(with: Data(OutputFormat.json.encode(table).utf8)) as? [[String: Any]]
        #expect(json?.count == 3)
        #expect(json?.allSatisfy { Set($0.keys) == Set(AssessmentReport.assessColumns) } == true)
    }

    @Test func chongqingAssessmentRowsAreFull() throws {
        let data = try DatasetReader.read(folder: packageRoot.appendingPathComponent("Datasets/chongqing").path).dataset
        let table = AssessmentReport.assess(DatasetAssessor().assess(data))
        #expect(table.columns == AssessmentReport.assessColumns)
        #expect(table.rows.count == data.targets.count)
        #expect(table.rows.allSatisfy { $0.count == AssessmentReport.assessColumns.count })
        #expect(table.rows.map { $0[0] } == data.targets.map { .text($0.id) })
    }

    @Test func selectKeepsTheRequestedColumnsInOrder() {
        let table = AssessmentReport.assess(DatasetAssessor().assess(Self.smallDataset()))
        let small = AssessmentReport.select(table, columns: AssessmentReport.tableColumns)
        #expect(small.columns == AssessmentReport.tableColumns)
        #expect(small.rows.allSatisfy { $0.count == AssessmentReport.tableColumns.count })
        let picked = AssessmentReport.select(table, columns: ["status", "nope", "target_id"])
        #expect(picked.columns == ["status", "target_id"])
        #expect(picked.rows[0] == [.text("achieved"), .text("t1")])
    }

    @Test func pathTableFollowsTheCompoundPath() throws {
        let data = Self.smallDataset()
        let target = data.targets[0]
        let points = DatasetAssessor().path(of: target, in: data)
        let table = AssessmentReport.path(target: target, indicator: data.indicators[0], points: points)
        #expect(table.columns == AssessmentReport.pathColumns)
        #expect(table.rows.allSatisfy { $0.count == AssessmentReport.pathColumns.count })
        #expect(table.rows.map { $0[2] } == (2020...2025).map { .integer($0) })
        // B·(T/B)^((t−t0)/(tT−t0)) with B = 50, T = 100: 50·2^((t−2020)/5).
        for (row, year) in zip(table.rows, 2020...2025) {
            guard case .number(let e?) = row[3] else { Issue.record("no expected value in \(year)"); continue }
            #expect(abs(e - 50 * pow(2, Double(year - 2020) / 5)) < 1e-9)
        }
        // 2022: actual 120, gap = 120 − 50·2^0.4, gap_pct = gap / expected · 100.
        let row2022 = table.rows[2]
        let expected2022 = 50 * pow(2, 0.4)
        #expect(row2022[4] == .number(120))
        guard case .number(let gap?) = row2022[5], case .number(let pct?) = row2022[6] else {
            Issue.record("no gap in 2022"); return
        }
        #expect(abs(gap - (120 - expected2022)) < 1e-9)
        #expect(abs(pct - (120 - expected2022) / expected2022 * 100) < 1e-9)
    }
}
