import Foundation
import SnapshotTesting
import Testing
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
@testable import OnTrackCharts

/// The Chongqing dataset, assessed as the CLI does in 2026 and as a back-test as of 2023.
enum Chongqing {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let dataset: Dataset = {
        let read = try! DatasetReader.read(folder: root.appendingPathComponent("Datasets/chongqing").path)
        precondition(read.errors.isEmpty, "\(read.errors)")
        return read.dataset
    }()

    static let options: [(label: String, options: AssessmentOptions)] = [
        ("evaluated in 2026", AssessmentOptions(evaluationYear: 2026)),
        ("as of 2023", AssessmentOptions(asOf: 2023)),
    ]

    static func charts(_ options: AssessmentOptions, language: ChartLanguage = .zh, size: TrajectoryChart.Size = .full) -> [TrajectoryChart] {
        let assessor = DatasetAssessor(options: options)
        return assessor.assess(dataset).map {
            TrajectoryChart(result: $0, path: assessor.path(of: $0.target, in: dataset), language: language, size: size,
                            aboutTolerance: options.aboutTolerance)
        }
    }

    /// Whether the projected value meets the target (on the index for reductions).
    static func projectionMeets(_ r: TargetAssessment, _ options: AssessmentOptions) -> Bool? {
        guard let p = r.assessment.projection, let bound = r.target.bound else { return nil }
        let b = r.target.form == .reduction ? bound.reductionIndexBound : bound
        return b.isMet(by: p.value, direction: r.assessment.direction, tolerance: options.aboutTolerance)
    }
}

@Suite("Projection, interval and explanation on charts", .snapshots(record: .missing))
struct ProjectionChartTests {
    static let fan = "fill=\"\(TrajectoryChart.fanColour)\" fill-opacity=\"\(TrajectoryChart.fanOpacity)\""

    /// The issue's rule: no chart shows a projection that contradicts the status without the
    /// explanation beside it; and every explanation the engine gives is shown.
    @Test func everyChartOfTheDatasetShowsItsExplanation() {
        var contradictions = 0, explained = 0
        for (label, options) in Chongqing.options {
            for language in ChartLanguage.allCases {
                for chart in Chongqing.charts(options, language: language) {
                    let r = chart.result, a = r.assessment, id = "\(r.target.id) (\(label), \(language))"
                    if let meets = Chongqing.projectionMeets(r, options) {
                        let behind = [.needsAcceleration, .limitedProgress, .movingAway].contains(a.status)
                        let ahead = [.onTrack, .achieved].contains(a.status)
                        if (behind && meets) || (ahead && !meets) {
                            contradictions += 1
                            #expect(a.explanation != nil, "\(id): \(a.status.rawValue) but the projection \(meets ? "meets" : "misses") the target, and no explanation")
                        }
                    }
                    guard let e = chart.explanationText else { continue }
                    explained += 1
                    let svg = chart.svg
                    let text = TextCollector.collect(svg)
                    #expect(text.shows(e), "\(id): the explanation is not shown: \(e)\n\(text.texts)")
                    #expect(text.descs.joined().contains(e), "\(id): the full explanation is not in <desc>")
                    #expect(xmlError(svg) == nil)
                }
            }
        }
        // The dataset has both kinds; a change that made either vanish would make this test idle.
        #expect(contradictions > 0)
        #expect(explained >= contradictions)
    }

    @Test func theIntervalFanIsDrawnExactlyWhenTheProjectionHasAnInterval() {
        var fans = 0
        for (label, options) in Chongqing.options {
            for size in [TrajectoryChart.Size.full, .compact] {
                for chart in Chongqing.charts(options, size: size) {
                    let p = chart.result.assessment.projection
                    let hasInterval = p?.low != nil && p?.high != nil
                    let svg = chart.svg
                    #expect(svg.contains(Self.fan) == hasInterval, "\(chart.result.target.id) (\(label), \(size))")
                    #expect(svg.contains(">80%预测区间</text>") == (hasInterval && size == .full))
                    if hasInterval { fans += 1 }
                }
            }
        }
        #expect(fans > 0)
    }

    @Test func theFanStartsWithZeroWidthAtTheLatestActualAndTheAxisHoldsIt() throws {
        let chart = ChartFixtures.chart("t.level")
        let p = try #require(chart.result.assessment.projection)
        let (low, high) = (try #require(p.low), try #require(p.high))
        let s = chart.series
        #expect(s.fan.first?.1 == s.fan.first?.2)
        #expect(s.fan.first?.0 == chart.result.assessment.latest?.year)
        #expect(s.fan.last?.0 == chart.result.target.targetYear)
        #expect(abs(s.fan.last!.1 - low) < 1e-9 && abs(s.fan.last!.2 - high) < 1e-9)
        // The dotted line goes through the engine's value every year, not two points.
        #expect(s.projection.map(\.0) == Array(2023...2025))
        #expect(abs(s.projection.last!.1 - p.value) < 1e-9)
        let polygon = try #require(chart.svg.components(separatedBy: "\n").first { $0.hasPrefix("<polygon") && $0.contains(Self.fan) })
        let points = polygon.components(separatedBy: "points=\"")[1].components(separatedBy: "\"")[0].components(separatedBy: " ")
        #expect(points.first == points.last, "closed at the latest actual")
        // 10399.1 at the top of the fan: the axis goes to 12000.
        #expect(high > 10000)
        #expect(chart.svg.contains(">12000</text>"))
    }

    @Test func averageGrowthChartsDrawTheProjectedAnnualRates() throws {
        let chart = ChartFixtures.chart("t.average")
        let p = try #require(chart.result.assessment.projection)
        let s = chart.series
        // From the latest annual rate (6.1 in 2023), not from the average so far (5.64).
        #expect(s.projection.first?.0 == 2023 && s.projection.first?.1 == 6.1)
        for (year, v) in s.projection.dropFirst() { #expect(abs(v - p.band(at: year)!.value) < 1e-9) }
        #expect(!s.fan.isEmpty)
    }

    @Test func theSubtitleGivesProjectionOutlookAndProbability() {
        let zh = ChartFixtures.chart("t.level").svg, en = ChartFixtures.chart("t.level", language: .en).svg
        #expect(zh.contains(">预测2025年 6532（80%区间 4103–10400）；展望：不确定（达标概率0.20）</text>"))
        #expect(en.contains(">projected 6,532 in 2025 (80% interval 4,103–10,400) · outlook: uncertain (P = 0.20)</text>"))
        // Fewer than three points: the actual rate carried forward, no interval, no outlook.
        let share = ChartFixtures.chart("t.share").svg
        #expect(share.contains("（按实际速度外推）</text>"))
        #expect(!share.contains("展望"))
    }

    @Test func aMissedTargetShowsItsShortfall() throws {
        var data = ChartFixtures.dataset
        data.observations.append(ChartFixtures.observation("trade", 2025, 7600, unit: "亿元"))
        let assessor = DatasetAssessor()
        let r = try #require(assessor.assess(data).first { $0.target.id == "t.level" })
        #expect(r.assessment.status == .missed)
        let path = assessor.path(of: r.target, in: data)
        let zh = TrajectoryChart(result: r, path: path).svg, en = TrajectoryChart(result: r, path: path, language: .en).svg
        #expect(zh.contains(">未实现</text>"))
        #expect(zh.contains(">差距 400亿元（5.0%）</text>"))
        #expect(en.contains(">short by 400 (100 million yuan) (5.0%)</text>"))
        #expect(zh.contains(StatusPalette.colour(.missed)))
    }

    @Test func theExplanationIsWrappedWithinTheWidth() {
        for (_, options) in Chongqing.options {
            for language in ChartLanguage.allCases {
                for chart in Chongqing.charts(options, language: language) {
                    let lines = chart.headerLines
                    #expect(lines.filter(\.isNote).count <= 2)
                    let indent = TextMetrics.width(language.note, fontSize: TrajectoryChart.noteSize) + 2
                    for line in lines {
                        let w = line.isNote ? 12 + indent + TextMetrics.width(line.text, fontSize: TrajectoryChart.noteSize)
                                            : 12 + TextMetrics.width(line.text, fontSize: TrajectoryChart.outlookSize)
                        #expect(w <= chart.width - 12, "\(chart.result.target.id): \(line.text)")
                    }
                    #expect(chart.height == 440 + 17 * Double(lines.count))
                }
            }
        }
    }

    @Test func aVeryLongExplanationIsCutOnTheChartAndWholeInTheDescription() {
        var chart = ChartFixtures.chart("t.level", language: .en)
        let long = String(repeating: "the trend and the status point different ways for a long while, ", count: 6)
        chart.result.assessment.explanation = Explanation(chinese: long, english: long)
        let text = TextCollector.collect(chart.svg)
        #expect(chart.headerLines.filter(\.isNote).count == 2)
        #expect(chart.headerLines.last?.text.hasSuffix("…") == true)
        #expect(text.shown(long).cut)
        #expect(text.shows(long))
        #expect(text.descs.joined().contains(long))
    }

    @Test func aContradictionIsExplainedOnTheChart() throws {
        let assessor = DatasetAssessor()
        let data = ChartFixtures.contradiction
        let r = try #require(assessor.assess(data).first)
        #expect(r.assessment.status == .needsAcceleration)
        let e = try #require(r.assessment.explanation)
        for language in ChartLanguage.allCases {
            let chart = TrajectoryChart(result: r, path: assessor.path(of: r.target, in: data), language: language)
            let text = TextCollector.collect(chart.svg)
            #expect(text.shows(language == .zh ? e.chinese : e.english))
            #expect(text.texts.contains(language == .zh ? "说明：" : "Note: "))
            assertSnapshot(of: chart.svg, as: .lines, named: language.rawValue)
            // Compact: a marker, the text in the tooltip of the dashboard.
            var compact = chart
            compact.size = .compact
            #expect(compact.svg.contains(language == .zh ? ">⚠ 见说明</text>" : ">⚠ see note</text>"))
            #expect(TextCollector.collect(compact.svg).descs.joined().contains(language == .zh ? e.chinese : e.english))
        }
    }
}

@Suite("Explanations on the dashboard and in the briefing")
struct ExplanationReportTests {
    @Test func theDashboardNumbersAndListsEveryExplanation() {
        for (label, options) in Chongqing.options {
            for language in ChartLanguage.allCases {
                let d = Dashboard(charts: Chongqing.charts(options), language: language, title: "t")
                let svg = d.svg
                #expect(xmlError(svg) == nil, "\(xmlError(svg) ?? "")")
                let text = TextCollector.collect(svg)
                let explained = d.charts.filter { $0.explanationText != nil }
                #expect(!explained.isEmpty)
                for (n, chart) in explained.enumerated() {
                    let e = chart.explanationText!, id = "\(chart.result.target.id) (\(label), \(language))"
                    // The panel's marker, its tooltip, and the numbered note under the grid.
                    #expect(text.texts.filter { $0 == language.noteMarker(n + 1) }.count == 2, "\(id): marker and note number")
                    #expect(text.titles.contains { $0.hasPrefix(chart.titleText) && $0.contains(e) }, "\(id): tooltip")
                    let note = chart.result.target.id + " " + chart.name + language.pick("：", ": ") + e
                    #expect(text.shows(note), "\(id): note list")
                }
                #expect(d.height > d.gridBottom)
            }
        }
    }

    @Test func aDashboardWithoutExplanationsHasNoNotes() {
        let d = Dashboard(charts: ChartFixtures.charts(), title: "t")
        #expect(d.charts.allSatisfy { $0.explanationText == nil })
        #expect(d.height == d.gridBottom)
        #expect(!d.svg.contains("⚠"))
    }

    @Test func theBriefingShowsOutlookAndEveryExplanation() {
        for (label, options) in Chongqing.options {
            let charts = Chongqing.charts(options)
            let results = charts.map(\.result)
            for language in ChartLanguage.allCases {
                // With the annex every target has a row; the default briefing has the judged ones.
                var report = BriefingReport(datasetName: "重庆", results: results, charts: charts, language: language, asOf: options.asOf)
                let brief = report.html
                report.full = true
                let html = report.html
                #expect(xmlError(html) == nil, "\(xmlError(html) ?? "")")
                #expect(html.contains(language == .zh ? ">展望</span></th>" : ">Outlook</span></th>"))
                for r in results where r.assessment.status.severityRank != nil {
                    if let e = r.assessment.explanation {
                        let text = language == .zh ? Markup.text(e.chinese) : Markup.marked(e.english)
                        #expect(brief.contains("<td class=\"why\">" + text + "</td>"), "\(r.target.id) (\(label), \(language))")
                    }
                }
                for r in results {
                    let a = r.assessment
                    if let e = a.explanation {
                        let text = language == .zh ? Markup.text(e.chinese) : Markup.marked(e.english)
                        // In the table row (escaped as text) and in the chart.
                        #expect(html.contains("<td class=\"why\">" + text + "</td>"), "\(r.target.id) (\(label), \(language))")
                    }
                    if let o = a.outlook, let p = a.projection?.probability {
                        let cell = language == .zh ? "\(o.chinese)（\(Markup.fixed(p, decimals: 2))）" : "\(o.english) (P = \(Markup.fixed(p, decimals: 2)))"
                        #expect(html.contains(">\(cell)</td>"), "\(r.target.id)")
                    }
                }
            }
        }
    }
}

@Suite("Text wrapping")
struct TextWrapTests {
    @Test func linesFitBreakAtSpacesOrBetweenCJKAndKeepTheText() {
        let en = "behind the required pace since 2020 (R 0.75), but the 2020–2023 trend reaches 8239.9 by 2025 (80 % interval 5315.98–12772.07, P = 0.54)"
        let lines = TextMetrics.wrap(en, width: 300, fontSize: 11.5, maxLines: 5)
        #expect(lines.count > 1)
        for l in lines { #expect(TextMetrics.width(l, fontSize: 11.5) <= 300, "\(l)") }
        #expect(lines.joined(separator: " ") == en, "breaks at spaces only")
        let zh = "2020年以来进度落后于要求（R 0.75），但按2020—2023年趋势，2025年可达8239.9（80%区间5315.98—12772.07，达标概率0.54）"
        let z = TextMetrics.wrap(zh, width: 200, fontSize: 11.5, maxLines: 6)
        #expect(z.joined() == zh.replacingOccurrences(of: "R 0", with: "R0") || z.joined() == zh, "\(z)")
        for l in z {
            #expect(TextMetrics.width(l, fontSize: 11.5) <= 200)
            #expect(!"，。）；、".contains(l.first!), "no line starts with closing punctuation: \(l)")
        }
        #expect(!z.contains { $0.hasPrefix("75") || $0.hasPrefix("23") }, "numbers are not split: \(z)")
    }

    @Test func theLastLineIsCutWithAnEllipsis() {
        let long = String(repeating: "进度落后于要求，", count: 30)
        let lines = TextMetrics.wrap(long, width: 200, fontSize: 12, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[1].hasSuffix("…"))
        #expect(TextMetrics.width(lines[1], fontSize: 12) <= 200)
        #expect(TextMetrics.wrap("short", width: 200, fontSize: 12, maxLines: 2) == ["short"])
        #expect(TextMetrics.wrap("", width: 200, fontSize: 12, maxLines: 2).isEmpty)
        // A word longer than a line is cut where it must.
        let word = String(repeating: "x", count: 80)
        let cut = TextMetrics.wrap(word, width: 100, fontSize: 10, maxLines: 3)
        #expect(cut.count == 3 && cut[0].count > 0)
        #expect(cut.dropLast().joined().count + cut.last!.count - 1 <= 80)
    }
}
