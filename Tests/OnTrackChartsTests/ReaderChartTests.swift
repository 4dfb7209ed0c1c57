import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import OnTrackCore
import OnTrackNumerics
@testable import OnTrackCharts

/// The chart items of issue 16: charts that never leave the reader guessing.
@Suite("Charts a reader can read (issue 16)")
struct ReaderChartTests {
    static let evaluated = AssessmentOptions(evaluationYear: 2026)

    static func chongqing(_ id: String, language: ChartLanguage = .zh, size: TrajectoryChart.Size = .full) -> TrajectoryChart {
        Chongqing.charts(evaluated, language: language, size: size).first { $0.result.target.id == id }!
    }

    /// The `<text>` lines of an SVG that carry `fill`, with their position.
    static func texts(_ svg: String, fill: String) -> [(text: String, x: Double, y: Double, size: Double, anchor: String)] {
        svg.components(separatedBy: "\n").filter { $0.hasPrefix("<text") && $0.contains("fill=\"\(fill)\"") }.map { line in
            func attr(_ name: String) -> String? {
                guard let r = line.range(of: " \(name)=\"") else { return nil }
                return String(line[r.upperBound...].prefix { $0 != "\"" })
            }
            // The content between the start tag and </text>, without the tspans' tags.
            var content = "", depth = 0
            for ch in line.drop(while: { $0 != ">" }).dropFirst() {
                if ch == "<" { depth += 1 } else if ch == ">" { depth -= 1 } else if depth == 0 { content.append(ch) }
            }
            return (content, Double(attr("x") ?? "") ?? 0, Double(attr("y") ?? "") ?? 0, Double(attr("font-size") ?? "") ?? 0,
                    attr("text-anchor") ?? "start")
        }
    }

    // MARK: 1. A text card instead of empty axes

    @Test(arguments: ["004.c2.19", "004.c2.20", "002.l0516.1"])
    func aTargetWithoutANumberIsATextCardWithoutAxes(_ id: String) {
        for language in ChartLanguage.allCases {
            for size in [TrajectoryChart.Size.full, .compact] {
                let chart = Self.chongqing(id, language: language, size: size)
                let r = chart.result, svg = chart.svg
                #expect(chart.isTextCard, "\(id)")
                #expect(!svg.contains("stroke=\"#e4e4e4\""), "\(id): no grid")
                #expect(!svg.contains(">1.5</text>") && !svg.contains(">0.0</text>"), "\(id): no 0–1.5 axis")
                #expect(!svg.contains(">\(language.noData)</text>"))
                let collected = TextCollector.collect(svg), text = collected.texts.joined(separator: "\n")
                // The reason whole, on one line or wrapped over several.
                #expect(collected.shown(language.reason(r.reason!)).count == language.reason(r.reason!).filter { $0 != " " }.count,
                        "\(id) \(language) \(size): the reason")
                let joined = collected.texts.joined().filter { $0 != " " }
                #expect(joined.contains(chart.boundText.filter { $0 != " " }), "\(id): the target text, whole: \(chart.boundText)")
                if size == .full { #expect(text.contains(language.statusName(r.assessment.status))) }
                #expect(xmlError(svg) == nil)
            }
        }
    }

    @Test func aTargetWithNothingMeasuredIsATextCard() throws {
        var data = ChartFixtures.dataset
        data.targets[0].baseline = nil
        data.observations.removeAll { $0.indicatorID == "trade" }
        let chart = try #require(ChartFixtures.charts(data).first { $0.result.target.id == "t.level" })
        #expect(chart.isTextCard)
        let text = TextCollector.collect(chart.svg).texts
        #expect(text.contains("没有基期值和实际值，不绘制轨迹。"))
        #expect(text.contains("8000（2025年）"))
        // Charts with something measured stay charts.
        #expect(ChartFixtures.charts().allSatisfy { !$0.isTextCard })
    }

    @Test func theDashboardShowsCardsInItsSmallMultiples() {
        let cards = ["004.c2.19", "004.c2.20"].map { Self.chongqing($0) }
        for language in ChartLanguage.allCases {
            let d = Dashboard(charts: cards + ChartFixtures.charts(), language: language, title: "t")
            let text = TextCollector.collect(d.svg)
            for c in cards {
                let reason = language.reason(c.result.reason!)
                #expect(text.shown(reason).count == reason.filter { $0 != " " }.count, "\(reason)")
            }
            #expect(xmlError(d.svg) == nil)
        }
    }

    // MARK: 2. Baseline-year actuals drawn and labelled

    @Test func anAchievedTargetShowsItsBaselineYearActual() {
        for language in ChartLanguage.allCases {
            for size in [TrajectoryChart.Size.full, .compact] {
                let chart = Self.chongqing("004.l0178.1", language: language, size: size)
                #expect(chart.result.assessment.status == .achieved)
                #expect(chart.path.isEmpty, "the premise: no path, only the observation")
                let svg = chart.svg
                #expect(!svg.contains(">\(language.noData)</text>"), "\(language) \(size)")
                #expect(svg.contains("fill=\"\(TextColour.actual)\">91</text>"), "\(language) \(size): the 2020 value, labelled")
                #expect(svg.contains("fill=\"#1f3b57\"/>"), "the point")
            }
        }
    }

    @Test func intermediateActualsAreLabelledWithoutCollisions() {
        // t.level: 2021–2023 observed; the baseline 6500 in 2020.
        let svg = ChartFixtures.chart("t.level").svg
        let labels = Self.texts(svg, fill: TextColour.actual).map(\.text)
        #expect(Set(labels) == ["8001", "8158", "7137"], "\(labels)")
        #expect(svg.contains(">6500</text>"))
        for size in [TrajectoryChart.Size.full, .compact] {
            for chart in Chongqing.charts(Self.evaluated, size: size) where !chart.isTextCard {
                let placed = (Self.texts(chart.svg, fill: TextColour.actual) + Self.texts(chart.svg, fill: TextColour.target)
                              + Self.texts(chart.svg, fill: TextColour.body).filter { $0.size <= 10.5 && Double($0.text) != nil })
                    .map { TrajectoryChart.Box(text: $0.text, x: $0.x, y: $0.y, size: $0.size, anchor: $0.anchor) }
                for (i, a) in placed.enumerated() {
                    for b in placed[(i + 1)...] {
                        #expect(!a.overlaps(b), "\(chart.result.target.id) \(size): labels overlap")
                    }
                }
                // The latest actual is always labelled (as the baseline when it is the baseline's point).
                if let latest = chart.series.actual.last(where: { $0.1 != nil }) {
                    let labels = (Self.texts(chart.svg, fill: TextColour.actual) + Self.texts(chart.svg, fill: TextColour.body)).map(\.text)
                    #expect(labels.contains(chart.number(latest.1!)), "\(chart.result.target.id) \(size): latest unlabelled")
                }
            }
        }
    }

    // MARK: 3. Full target labels

    @Test func numbersAreNeverSplitAcrossLines() {
        for text in ["目标 突破1万亿元人民币", "＞【135】万人次", "比2020年下降13.5%", "每年保持在100亿美元以上"] {
            // From the width of the longest piece that must stay whole ("突破1万亿", "＞【135】万").
            for width in stride(from: 62.0, through: 130, by: 4) {
                let lines = TextMetrics.wrap(text, width: width, fontSize: 11.5, maxLines: 8)
                for (a, b) in zip(lines, lines.dropFirst()) {
                    let last = a.last!, first = b.first!
                    #expect(!(TextMetrics.isNumberPart(last) && (TextMetrics.isNumberPart(first) || "万亿%】".contains(first))), "\(text) at \(width): \(lines)")
                    #expect(!"【＞".contains(last), "\(lines)")
                }
            }
        }
        // Cut at a place a line may end, never inside the number.
        let cut = TextMetrics.wrap("突破1万亿元的目标要求已提前实现", width: 60, fontSize: 12, maxLines: 1)
        #expect(cut == ["突破…"] || !cut[0].contains("1万…"), "\(cut)")
        #expect(!TextMetrics.fitAtBreak("突破12345万亿", width: 55, fontSize: 12).contains("1…"))
    }

    @Test func labelsWrapIntoBalancedLines() {
        let text = "较2020年翻一番以上"
        #expect(TextMetrics.wrap(text, width: 103, fontSize: 11.5, maxLines: 3).last?.count == 1, "the premise: greedy leaves 上 alone")
        let lines = TextMetrics.wrapBalanced(text, width: 103, fontSize: 11.5, maxLines: 3)
        #expect(lines.count == 2 && lines.joined() == text)
        #expect(lines.allSatisfy { $0.count >= 4 }, "\(lines)")
        #expect(TextMetrics.wrapBalanced("short", width: 103, fontSize: 11.5, maxLines: 3) == ["short"])
        // A bound's sign stays with its number: "> 10,000", not ">" over "10,000".
        for width in [30.0, 45, 60] {
            let lines = TextMetrics.wrap("Target > 10,000", width: width, fontSize: 9.5, maxLines: 4)
            #expect(!lines.contains { $0.hasSuffix(">") || $0 == ">" }, "\(lines)")
        }
        #expect(!TrajectoryChart.wrappedWhole([">", "10,000"], "> 10,000"))
    }

    @Test func longTargetLabelsAreWrappedWholeNeverCut() throws {
        for text in ["突破1万亿元人民币以上", "较2020年翻一番以上", "＞【135】"] {
            var data = ChartFixtures.dataset
            data.targets[0].targetText = text
            for language in ChartLanguage.allCases {
                for size in [TrajectoryChart.Size.full, .compact] {
                    var chart = try #require(ChartFixtures.charts(data, language: language).first { $0.result.target.id == "t.level" })
                    chart.size = size
                    let lines = Self.texts(chart.svg, fill: TextColour.target).map(\.text)
                    // The target text as the chart words it (in English, rendered from the bound).
                    let label = (size == .full ? chart.aimWord + " " : "") + chart.boundText
                    if language == .zh { #expect(chart.boundText == text) }
                    #expect(lines.count <= 3)
                    #expect(lines.joined().filter { $0 != " " } == label.filter { $0 != " " }, "\(lines)")
                    #expect(!lines.contains { $0.contains("…") })
                    for l in Self.texts(chart.svg, fill: TextColour.target) {
                        let box = TrajectoryChart.Box(text: l.text, x: l.x, y: l.y, size: l.size, anchor: l.anchor)
                        #expect(box.x0 >= 0 && box.x1 <= chart.width, "\(l.text) inside the chart")
                    }
                }
            }
        }
    }

    // MARK: 4. A line-style legend in the dashboard

    @Test func theDashboardExplainsItsLineStyles() {
        for language in ChartLanguage.allCases {
            let d = Dashboard(charts: ChartFixtures.charts(), language: language, title: "t")
            let text = TextCollector.collect(d.svg).texts
            for label in [language.requiredPath, language.actual, language.projection, language.interval, language.baseline, language.target] {
                #expect(text.contains(label), "\(language): \(label)")
            }
            #expect(text.contains { $0.hasPrefix(language.fromLatest) })
            #expect(d.svg.contains("stroke-dasharray=\"6 4\"") && d.svg.contains("stroke-dasharray=\"0.5 4.5\""))
            #expect(d.header > 78, "room for the legend")
        }
        #expect(TextCollector.collect(Dashboard(charts: ChartFixtures.charts(), language: .en, title: "t").svg).texts
            .contains("Required from latest (status colour)"))
    }

    // MARK: 5. The source of the last actual

    @Test func theFootnoteCitesTheSourceOfTheLatestActual() throws {
        var data = ChartFixtures.dataset
        for i in data.observations.indices where data.observations[i].indicatorID == "trade" {
            data.observations[i].sourceTitle = "\(data.observations[i].year)年统计公报"
        }
        let zh = try #require(ChartFixtures.charts(data).first { $0.result.target.id == "t.level" }).svg
        let en = try #require(ChartFixtures.charts(data, language: .en).first { $0.result.target.id == "t.level" }).svg
        #expect(zh.contains(">实际值来源（2023年）：2023年统计公报</text>"))
        #expect(zh.contains("来源：测试规划，plan.txt第12–15行"))
        #expect(en.contains("Latest actual (2023): "))
        // Without a title: the observation's document.
        #expect(ChartFixtures.chart("t.level").svg.contains(">实际值来源（2023年）：测试规划</text>"))
        // Every chart of the dataset with an observation cites one.
        for chart in Chongqing.charts(Self.evaluated) where chart.latestObservation != nil {
            #expect(chart.svg.contains(ChartLanguage.zh.pick("实际值来源（", "")), "\(chart.result.target.id)")
        }
    }

    // MARK: 6. One number format per chart

    static func decimals(_ s: String) -> Int {
        let digits = s.prefix { "+-0123456789.".contains($0) }
        return digits.firstIndex(of: ".").map { digits.distance(from: $0, to: digits.endIndex) - 1 } ?? 0
    }

    @Test func everyRateAndValueOnAChartHasTheChartsDecimals() {
        var checked = 0
        for (_, options) in Chongqing.options {
            for chart in Chongqing.charts(options) {
                let a = chart.result.assessment
                for c in [a.requiredFromBaseline, a.actualChange, a.requiredFromLatest].compactMap({ $0 }) {
                    let text = chart.rate(c)
                    let number = String(text.prefix { "+-0123456789.".contains($0) })
                    #expect(Self.decimals(number) == chart.rateDecimals, "\(chart.result.target.id): \(text)")
                    checked += 1
                }
                for label in Self.texts(chart.svg, fill: TextColour.actual) {
                    #expect(Self.decimals(label.text) == chart.valueDecimals, "\(chart.result.target.id): \(label.text)")
                }
                if let p = a.projection {
                    #expect(chart.outlookText?.contains(chart.number(p.value)) == true)
                }
            }
        }
        #expect(checked > 0)
        // The fixture: values 6500…8158.4 have four significant digits, rates one decimal.
        let level = ChartFixtures.chart("t.level")
        #expect(level.valueDecimals == 0 && level.rateDecimals == 1)
        #expect(level.svg.contains(">需年均 4.2%；实际年均 3.2%；2023年后需 5.9%</text>"))
        // Whole numbers of five digits and more: four significant digits, as the engine's explanation.
        #expect(level.number(10399.1) == "10400" && level.number(7137.4) == "7137")
        // In English with thousands separators, as the target's English wording ("Target 8,000").
        let en = ChartFixtures.chart("t.level", language: .en)
        #expect(en.number(10399.1) == "10,400" && en.number(7137.4) == "7,137" && en.number(-1234.5) == "-1,235")
        #expect(en.svg.contains(">Target 8,000</text>") && en.svg.contains(">7,137</text>"))
        // Unemployment (5.7 → 5.5, 5.9, 5.4): points per year, all with the same decimals — two,
        // because the required -0.04 would read "0.0" with one — never "+0.9" beside "+0.853".
        let rate = ChartFixtures.chart("t.rate")
        #expect(rate.valueDecimals == 1 && rate.rateDecimals == 2)
        let rates = [rate.result.assessment.requiredFromBaseline, rate.result.assessment.actualChange].compactMap { $0 }.map(rate.rate)
        #expect(rates == ["-0.04个百分点", "-0.10个百分点"], "\(rates)")
        #expect(TrajectoryChart.decimals(of: 0.49, max: 3) == 2)
        #expect(TrajectoryChart.decimals(of: 8000.59, max: 3) == 2)
        #expect(TrajectoryChart.decimals(of: 3, max: 3) == 0)
    }

    // MARK: 7. Contrast and lang

    @Test func theContrastFormulaIsWCAGs() {
        #expect(abs(StatusPalette.contrastRatio("#000000", "#ffffff") - 21) < 1e-9)
        #expect(abs(StatusPalette.contrastRatio("#ffffff", "#ffffff") - 1) < 1e-9)
        #expect(abs(StatusPalette.contrastRatio("#767676", "#ffffff") - 4.54) < 0.01)
        // The figures for the old palette: on track 2.97, limited progress 3.57, not comparable 3.84.
        #expect(abs(StatusPalette.contrastRatio("#4d9fc4", "#ffffff") - 2.97) < 0.01)
        #expect(abs(StatusPalette.contrastRatio("#d9662b", "#ffffff") - 3.57) < 0.01)
        #expect(abs(StatusPalette.contrastRatio("#8c7aa9", "#ffffff") - 3.84) < 0.01)
    }

    @Test(arguments: Status.allCases)
    func everyBadgeReadsAtWCAGAA(_ status: Status) {
        let ratio = StatusPalette.contrastRatio(StatusPalette.colour(status), StatusPalette.ink(status))
        #expect(ratio >= 4.5, "\(status): \(ratio)")
    }

    @Test func everyTextColourReadsOnWhiteAndNoOtherIsUsed() {
        for colour in StatusPalette.textOnWhite {
            #expect(StatusPalette.contrastRatio(colour, "#ffffff") >= 4.5, "\(colour)")
        }
        // Every <text> of the charts, the dashboard and the overview is in one of those colours on
        // white, or on the badge or bar drawn just before it with a contrast of at least 4.5.
        var svgs: [String] = []
        for language in ChartLanguage.allCases {
            for size in [TrajectoryChart.Size.full, .compact] {
                svgs += Chongqing.charts(Self.evaluated, language: language, size: size).map(\.svg)
            }
            svgs.append(Dashboard(charts: Chongqing.charts(Self.evaluated), language: language, title: "t").svg)
            svgs.append(StatusOverview.byDocument(Chongqing.charts(Self.evaluated).map(\.result), language: language, title: "t").svg)
        }
        let allowed = Set(StatusPalette.textOnWhite)
        for svg in svgs {
            let lines = svg.components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where line.hasPrefix("<text") {
                guard let fill = line.components(separatedBy: " fill=\"").dropFirst().first?.prefix(7) else { continue }
                if allowed.contains(String(fill)) { continue }
                let before = i > 0 ? lines[i - 1] : ""
                let background = before.hasPrefix("<rect") ? before.components(separatedBy: " fill=\"").dropFirst().first.map { String($0.prefix(7)) } : nil
                #expect(background.map { StatusPalette.contrastRatio($0, String(fill)) >= 4.5 } == true, "\(line) on \(before)")
            }
        }
    }

    @Test func hanTextInEnglishChartsIsMarkedChinese() {
        func marked(_ s: String, _ language: ChartLanguage = .en) -> String {
            let r = SVG.marked(s, language: language)
            return (r.lang.map { "[\($0)]" } ?? "") + r.inner
        }
        #expect(marked("Target 突破1万亿元") == "Target <tspan lang=\"zh\">突破1万亿元</tspan>")
        #expect(marked("国家下达 (2025)") == "[zh]国家下达 (2025)")
        #expect(marked("set by the State Council (国家下达)") == "set by the State Council (<tspan lang=\"zh\">国家下达</tspan>)")
        #expect(marked("Unit: Running total（亿美元）") == "Unit: Running total<tspan lang=\"zh\">（亿美元）</tspan>")
        #expect(marked("Latest actual (2021): 市统计局《2021年报告》") == "Latest actual (2021): <tspan lang=\"zh\">市统计局《2021年报告》</tspan>")
        #expect(marked("目标 8000", .zh) == "目标 8000")
        #expect(marked("<a>") == "&lt;a&gt;")
        // The same for HTML, with <span>.
        #expect(Markup.langMarked("Unit: 亿元 & more", language: .en).inner == "Unit: <span lang=\"zh\">亿元</span> &amp; more")
        #expect(Markup.langMarked("亿元", language: .en).lang == "zh")
        var svg = SVG()
        svg.text("重庆", x: 0, y: 0, size: 10, lang: "zh")
        #expect(svg.body.contains(" lang=\"zh\">重庆</text>"))

        // Every Han character in the visible text of the English charts, dashboard and overview is
        // inside an element marked lang="zh"; Chinese charts say so on the root.
        let charts = Chongqing.charts(Self.evaluated, language: .en)
        var svgs = charts.map(\.svg) + Chongqing.charts(Self.evaluated, language: .en, size: .compact).map(\.svg)
        svgs.append(Dashboard(charts: charts, language: .en, title: "Progress (重庆)").svg)
        svgs.append(StatusOverview.byDocument(charts.map(\.result), language: .en, title: "t").svg)
        var han = 0
        for svg in svgs {
            let check = LangChecker.check(svg)
            #expect(check.unmarked.isEmpty, "\(check.unmarked.prefix(3))")
            han += check.marked
        }
        #expect(han > 0, "the dataset's English charts do have Chinese text")
        #expect(Self.chongqing("004.c2.17").svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" lang=\"zh\""))
        #expect(Self.chongqing("004.c2.17", language: .en).svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" lang=\"en\""))
    }
}

/// Walks an SVG's `<text>` elements and counts Han characters inside and outside elements with
/// `lang="zh"` (on the text or a tspan).
final class LangChecker: NSObject, XMLParserDelegate {
    var stack: [Bool] = []
    var inText = 0
    var unmarked: [String] = []
    var marked = 0

    static func check(_ svg: String) -> LangChecker {
        walkXML(svg, with: LangChecker())
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        let lang = attributeDict["lang"]
        stack.append(lang.map { $0 == "zh" } ?? (stack.last ?? false))
        if elementName == "text" { inText += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
        if elementName == "text" { inText -= 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText > 0 else { return }
        let count = string.unicodeScalars.filter(SVG.isHan).count
        guard count > 0 else { return }
        if stack.last == true { marked += count } else { unmarked.append(string) }
    }
}
