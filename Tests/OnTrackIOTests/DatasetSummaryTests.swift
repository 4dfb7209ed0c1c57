import Testing
import OnTrackCore
import OnTrackNumerics
@testable import OnTrackIO

@Suite("DatasetSummary and Markdown")
struct DatasetSummaryTests {
    static func data() -> Dataset {
        func source(_ file: String, _ doc: String) -> SourceReference { SourceReference(document: doc, location: file, line: 1, quote: "q") }
        return Dataset(
            name: "d",
            indicators: [
                Indicator(id: "a", nameZh: "甲", nameEn: "A", unit: "亿元", kind: .level),
                Indicator(id: "b", nameZh: "乙", nameEn: "B", unit: "%", kind: .share, scope: "两江新区"),
            ],
            targets: [
                Target(id: "1", indicatorID: "a", form: .level, bound: .reach(10), targetText: "10", baseline: 5, baselineYear: 2020, targetYear: 2025, binding: .binding, source: source("002.txt", "B号")),
                Target(id: "2", indicatorID: "b", form: .share, bound: .atLeast(50), targetText: "≥50", baseline: nil, baselineYear: 2020, targetYear: 2025, source: source("001.txt", "A号")),
                Target(id: "3", indicatorID: "a", form: .categorical, bound: nil, targetText: "国家下达", baseline: nil, baselineYear: 2020, targetYear: 2024, source: source("002.txt", "B号")),
                Target(id: "4", indicatorID: "a", form: .cumulative, bound: .moreThan(5), targetText: "【5】", baseline: nil, baselineYear: 2020, targetYear: 2025, source: source("002.txt", "C号")),
            ],
            observations: [])
    }

    func rows(_ t: ReportTable) -> [[String]] { t.rows.map { $0.map(\.exact) } }

    @Test func byDocumentInFileOrderWithATotal() {
        let t = DatasetSummary.table(Self.data(), by: .document)
        #expect(t.columns == ["source_file", "document", "targets", "numeric", "with_baseline", "indicators"])
        #expect(rows(t) == [["001.txt", "A号", "1", "1", "0", "1"],
                            ["002.txt", "B号", "2", "1", "1", "1"],
                            ["002.txt", "C号", "1", "1", "0", "1"],
                            ["total", "", "4", "3", "1", "2"]])
    }

    @Test func byFormFollowsTheFormOrder() {
        let t = DatasetSummary.table(Self.data(), by: .form)
        #expect(rows(t).map { $0[0] } == ["level", "share", "cumulative", "categorical", "total"])
    }

    @Test func byYearBindingAndScope() {
        #expect(rows(DatasetSummary.table(Self.data(), by: .year)).map { $0[0] + ":" + $0[1] } == ["2024:1", "2025:3", "total:4"])
        #expect(rows(DatasetSummary.table(Self.data(), by: .binding)).map { $0[0] + ":" + $0[1] } == ["not stated:3", "约束性:1", "total:4"])
        #expect(rows(DatasetSummary.table(Self.data(), by: .scope)).map { $0[0] + ":" + $0[1] } == ["whole municipality:3", "两江新区:1", "total:4"])
    }

    @Test func markdownEscapesPipesAndAlignsNumbers() {
        var t = ReportTable(columns: ["name", "value", "n"])
        t.rows = [[.text("a|b\nc"), .number(1.23456), .integer(3)], [.text("d"), .number(nil), .integer(nil)]]
        #expect(OutputFormat.markdown.encode(t) == """
            | name | value | n |
            | --- | ---: | ---: |
            | a\\|b<br>c | 1.23 | 3 |
            | d | – | – |

            """)
    }
}
