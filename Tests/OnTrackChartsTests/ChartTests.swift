import Foundation
import SnapshotTesting
import Testing
import OnTrackCore
import OnTrackNumerics
@testable import OnTrackCharts

@Suite("Trajectory charts", .snapshots(record: .missing))
struct TrajectoryChartTests {
    /// One pinned chart per target form (and a series break, and English labels). A change to the
    /// drawing shows up as a diff of the SVG text; re-record by deleting the file under __Snapshots__.
    @Test(arguments: ["t.level", "t.share", "t.rate", "t.ratio", "t.reduction", "t.cumulative", "t.average", "t.break"])
    func snapshotPerForm(_ id: String) {
        assertSnapshot(of: ChartFixtures.chart(id).svg, as: .lines, named: id)
    }

    @Test func snapshotInEnglish() {
        assertSnapshot(of: ChartFixtures.chart("t.level", language: .en).svg, as: .lines)
    }

    @Test func everyChartIsWellFormedXMLWithTitleDescAndViewBox() {
        for language in ChartLanguage.allCases {
            for chart in ChartFixtures.charts(language: language) {
                let svg = chart.svg
                #expect(xmlError(svg) == nil, "\(chart.result.target.id): \(xmlError(svg) ?? "")")
                // 440 high, plus a line for the outlook and each line of an explanation.
                #expect(chart.height >= 440)
                #expect(svg.contains("viewBox=\"0 0 720 \(Markup.coordinate(chart.height))\""))
                #expect(svg.contains("<title id="))
                #expect(svg.contains("<desc id="))
            }
        }
    }

    @Test func sameInputSameBytes() {
        #expect(ChartFixtures.charts().map(\.svg) == ChartFixtures.charts().map(\.svg))
    }

    @Test func statusIsShownAsTextNotOnlyColour() {
        let chart = ChartFixtures.chart("t.level")
        let status = chart.result.assessment.status
        #expect(status == .needsAcceleration)
        #expect(chart.svg.contains(">需加快</text>"))
        #expect(chart.svg.contains(StatusPalette.colour(status)))
        #expect(ChartFixtures.chart("t.level", language: .en).svg.contains(">needs acceleration</text>"))
    }

    @Test func theDrawingFollowsTheForm() {
        // Level: baseline circle, target diamond, required path dashed, actuals solid, projection dotted.
        let level = ChartFixtures.chart("t.level").svg
        #expect(level.contains("stroke-dasharray=\"6 4\""))
        #expect(level.contains("stroke-dasharray=\"0.5 4.5\""))
        #expect(level.contains("stroke-dasharray=\"2 3\""))
        #expect(level.contains(">需年均 4.2%；实际年均 3.2%；2023年后需 5.9%</text>"))
        #expect(level.contains("来源：测试规划，plan.txt第12–15行"))
        // ≥ and < bounds draw a band; a plain target does not.
        #expect(ChartFixtures.chart("t.share").svg.contains("fill-opacity=\"0.09\""))
        #expect(ChartFixtures.chart("t.rate").svg.contains("fill-opacity=\"0.09\""))
        #expect(!level.contains("fill-opacity=\"0.09\""))
        // Reduction: an index; cumulative: a running total; average growth: annual rates.
        #expect(ChartFixtures.chart("t.reduction").svg.contains("指数（2020=100）"))
        #expect(ChartFixtures.chart("t.cumulative").svg.contains("累计值（亿美元）"))
        #expect(ChartFixtures.chart("t.average").svg.contains("年增长率（%）"))
        // Series break: squares apart, labelled, and "no comparable actual".
        let broken = ChartFixtures.chart("t.break").svg
        #expect(broken.contains(">口径不可比</text>"))
        #expect(broken.contains(">暂无可比实际值</text>"))
    }

    @Test func aGapInTheDataIsAGapInTheLine() {
        // share: 2021 and 2023 observed, 2022 missing → two runs, no segment across 2022.
        let chart = ChartFixtures.chart("t.share")
        let solid = chart.svg.components(separatedBy: "\n").filter { $0.hasPrefix("<polyline") && $0.contains("stroke=\"#1f3b57\"") && !$0.contains("dasharray") }
        #expect(solid.isEmpty, "single points are not lines: \(solid)")
        let points = chart.svg.components(separatedBy: "\n").filter { $0.hasPrefix("<circle") && $0.contains("r=\"3.6\" fill=\"#1f3b57\"") }
        #expect(points.count == 2)
    }

    @Test func dataTextIsEscaped() {
        var data = ChartFixtures.dataset
        data.indicators[0].nameZh = "<script>alert(1)</script> \"&'"
        data.indicators[0].unit = "亿<元>"
        data.targets[0].source.document = "</desc><script>x</script>"
        for chart in ChartFixtures.charts(data) where chart.result.target.id == "t.level" {
            let svg = chart.svg
            #expect(!svg.contains("<script"))
            #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(xmlError(svg) == nil)
        }
    }
}

@Suite("Chart helpers")
struct ChartHelperTests {
    @Test func niceScalesFollowHeckbert() {
        let s = NiceScale(min: 6500, max: 8240, ticks: 6)
        #expect(s.step == 500)
        #expect(s.ticks == [6500, 7000, 7500, 8000, 8500])
        #expect(s.decimals == 0)
        let small = NiceScale(min: 0.021, max: 0.04, ticks: 5)
        #expect(small.step == 0.005)
        #expect(small.decimals == 3)
        let flat = NiceScale(min: 100, max: 100)
        #expect(flat.lower < 100 && flat.upper > 100)
        let zero = NiceScale(min: 0, max: 0)
        #expect(zero.lower <= -1 && zero.upper >= 1)
    }

    /// Regression (issue 12, item 1): values near the largest double made the step infinite and the
    /// tick count trap.
    @Test(arguments: [(6500.0, 1e308), (-1e308, 1e308), (-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude),
                      (1e-300, 2e-300), (0, .infinity), (.nan, 1)])
    func niceScalesStayFiniteAtTheExtremes(min: Double, max: Double) {
        let s = NiceScale(min: min, max: max)
        #expect(s.step.isFinite && s.step > 0 && s.lower.isFinite && s.upper.isFinite)
        #expect(s.ticks.count >= 2 && s.ticks.count <= 1001)
        #expect(s.ticks.allSatisfy { $0.isFinite })
        if min.isFinite, max.isFinite { #expect(s.lower <= Swift.min(min, max) && s.upper >= Swift.max(min, max)) }
    }

    @Test func yearTicksAreIntegersThatFit() {
        #expect(NiceScale.years(from: 2020, to: 2025, maxLabels: 10) == [2020, 2021, 2022, 2023, 2024, 2025])
        #expect(NiceScale.years(from: 2015, to: 2035, maxLabels: 6) == [2015, 2020, 2025, 2030, 2035])
        #expect(NiceScale.years(from: 2021, to: 2029, maxLabels: 5) == [2022, 2024, 2026, 2028])
    }

    @Test func fileNamesFromIDsCannotEscapeTheFolder() {
        #expect(Markup.fileName("004.c2.17", extension: "svg") == "004.c2.17.svg")
        for (id, stem) in [("../../etc/passwd", "____etc_passwd"), ("..", "_"), ("a/b\\c", "a_b_c")] {
            let name = Markup.fileName(id, extension: "svg")
            #expect(name.hasPrefix(stem + "-") && name.hasSuffix(".svg") && name.count == stem.count + 13, "\(name)")
        }
    }

    /// Regression (issue 12, item 8): ids that differ only in characters a file name cannot hold
    /// wrote over each other.
    @Test func fileNamesAreUniqueAndStable() {
        let ids = ["a/b", "a_b", "a\\b", "a b", "甲", "乙", "x:1", "x;1", ".", "..", "_"]
        let names = ids.map { Markup.fileName($0, extension: "svg") }
        #expect(Set(names).count == ids.count, "\(names)")
        #expect(names == ids.map { Markup.fileName($0, extension: "svg") })
        #expect(Markup.fileName("a_b", extension: "svg") == "a_b.svg")
    }

    @Test func markupEscapesTextAndAttributes() {
        #expect(Markup.text("<a & b>") == "&lt;a &amp; b&gt;")
        #expect(Markup.attribute("\"'<") == "&quot;&#39;&lt;")
        #expect(Markup.text("a\u{1}b") == "ab")
    }

    @Test func valuesAndCoordinatesAreLocaleFree() {
        #expect(Markup.value(7137.4) == "7137.4")
        #expect(Markup.value(0.025) == "0.025")
        #expect(Markup.value(88) == "88")
        #expect(Markup.value(-3.456) == "-3.46")
        #expect(Markup.coordinate(12.345) == "12.35")
        #expect(Markup.fixed(5.87, decimals: 2) == "5.87")
    }

    @Test func textFitsCutsWithAnEllipsis() {
        let long = String(repeating: "重庆", count: 40)
        let cut = TextMetrics.fit(long, width: 200, fontSize: 10)
        #expect(cut.hasSuffix("…"))
        #expect(TextMetrics.width(cut, fontSize: 10) <= 200)
        #expect(TextMetrics.fit("short", width: 200, fontSize: 10) == "short")
    }
}

@Suite("Dashboard, overview and briefing")
struct DashboardTests {
    @Test func dashboardIsOrderedBySeverityAndWellFormed() {
        let d = Dashboard(charts: ChartFixtures.charts(), title: "一览 <test>")
        let ranks = d.charts.map { StatusPalette.legendOrder.firstIndex(of: $0.result.assessment.status)! }
        #expect(ranks == ranks.sorted())
        #expect(xmlError(d.svg) == nil, "\(xmlError(d.svg) ?? "")")
        #expect(d.svg.contains("一览 &lt;test&gt;"))
        for s in Set(d.charts.map(\.result.assessment.status)) { #expect(d.svg.contains(">\(s.chinese) ")) }
    }

    @Test func overviewCountsEveryTarget() {
        let results = DatasetAssessor().assess(ChartFixtures.dataset)
        let o = StatusOverview.byDocument(results, title: "状态")
        #expect(o.groups.count == 1)
        #expect(o.groups[0].statuses.count == ChartFixtures.dataset.targets.count)
        #expect(xmlError(o.svg) == nil)
    }

    @Test func briefingIsSelfContainedWellFormedAndEscaped() {
        var data = ChartFixtures.dataset
        data.indicators[1].nameZh = "<script>alert(1)</script>"
        let assessor = DatasetAssessor()
        let results = assessor.assess(data)
        let charts = results.map { TrajectoryChart(result: $0, path: assessor.path(of: $0.target, in: data)) }
        for language in ChartLanguage.allCases {
            var report = BriefingReport(datasetName: "fixture & co", results: results, charts: charts, language: language)
            report.full = true
            let html = report.html
            #expect(xmlError(html) == nil, "\(xmlError(html) ?? "")")
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("http://") || !html.contains("src=\"http"))
            #expect(!html.contains("src=\""), "no external resources")
            #expect(!html.contains("<link"))
            #expect(html.contains("fixture &amp; co"))
            // Alerts come before the annex's table of every target.
            let alerts = html.range(of: language == .zh ? "预警" : "Alerts"), all = html.range(of: language == .zh ? "附录：全部目标" : "Annex: every target")
            #expect(alerts != nil && all != nil)
            if let alerts, let all { #expect(alerts.lowerBound < all.lowerBound) }
            // Every chart once: with the alerts or in the annex.
            #expect(html.components(separatedBy: "<figure id=").count - 1 == charts.filter { !$0.path.isEmpty }.count)
            #expect(html.contains("@media print"))
        }
    }
}

@Suite("Target texts and units in English")
struct TargetWordingTests {
    func target(_ form: TargetForm, _ bound: Bound?, text: String = "", baselineYear: Int = 2020, year: Int = 2025) -> Target {
        Target(id: "t", indicatorID: "i", form: form, bound: bound, targetText: text, baseline: nil, baselineYear: baselineYear,
               targetYear: year, source: SourceReference(location: "x", quote: ""))
    }

    @Test func everyFormReadsInWords() {
        #expect(TargetWording.english(target(.level, .moreThan(10000)), unit: "亿元") == "> 10,000 (100 million yuan)")
        #expect(TargetWording.english(target(.cumulative, .atLeast(135)), unit: "亿美元") == "total over 2021–2025 ≥ 135 (100 million US dollars)")
        #expect(TargetWording.english(target(.averageGrowth, .about(6)), unit: "%") == "average annual growth about 6% (2021–2025)")
        #expect(TargetWording.english(target(.reduction, .reach(14)), unit: "基期=100") == "cut by 14% from 2020")
        #expect(TargetWording.english(target(.share, .range(5, 6)), unit: "%") == "5–6%")
        #expect(TargetWording.english(target(.ratio, .reach(1.84)), unit: "∶1") == "1.84:1")
        #expect(TargetWording.english(target(.level, nil, text: "国家下达"), unit: "%") == "set by the State Council (not printed)")
        #expect(TargetWording.english(target(.level, .reach(3000)), unit: "家") == "3,000 (firms)")
    }

    @Test func unknownUnitsStayAsWrittenAndAreMarked() {
        #expect(UnitGlossary.english("万亿元") == "trillion yuan")
        #expect(UnitGlossary.english("2020=100") == "index, 2020 = 100")
        #expect(UnitGlossary.english("某单位") == nil)
        #expect(TargetWording.english(target(.level, .reach(5)), unit: "某单位") == "5 (某单位)")
        #expect(Markup.marked("5 (某单位) <x>") == "5 (<span lang=\"zh\">某单位</span>) &lt;x&gt;")
        #expect(Markup.marked("【135】", element: "tspan") == "<tspan lang=\"zh\">【135】</tspan>")
        #expect(Markup.marked("Target 【135】 total") == "Target <span lang=\"zh\">【135】</span> total")
    }

    @Test func thousandsSeparators() {
        #expect(TargetWording.grouped(6513.4) == "6,513.4")
        #expect(TargetWording.grouped(-1234567) == "-1,234,567")
        #expect(TargetWording.grouped(999) == "999")
        #expect(TargetWording.grouped(0.025) == "0.025")
    }
}
