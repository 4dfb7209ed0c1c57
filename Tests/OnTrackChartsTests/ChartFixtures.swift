import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OnTrackCharts
import OnTrackCore
import OnTrackNumerics

/// A small dataset with one target of each form, assessed by the real rules.
enum ChartFixtures {
    static let source = SourceReference(document: "测试规划", location: "plan.txt", line: 12, lineEnd: 15, quote: "q")

    static func observation(_ id: String, _ year: Int, _ value: Double, comparable: Bool = true, unit: String) -> Observation {
        Observation(indicatorID: id, year: year, value: value, unit: unit, reliability: .high, comparable: comparable, source: source)
    }

    static let dataset: Dataset = {
        let indicators = [
            Indicator(id: "trade", nameZh: "货物进出口总额", nameEn: "Goods trade", unit: "亿元", kind: .level, direction: .higherIsBetter),
            Indicator(id: "share", nameZh: "数字经济增加值占地区生产总值比重", nameEn: "Digital economy share of GDP", unit: "%", kind: .share),
            Indicator(id: "unemployment", nameZh: "城镇调查失业率", nameEn: "Urban surveyed unemployment", unit: "%", kind: .rate, direction: .lowerIsBetter),
            Indicator(id: "ratio", nameZh: "城乡居民收入比", nameEn: "Urban-rural income ratio", unit: "∶1", kind: .ratio, direction: .lowerIsBetter),
            Indicator(id: "energy", nameZh: "单位地区生产总值能耗", nameEn: "Energy intensity", unit: "吨标准煤/万元", kind: .level, direction: .lowerIsBetter),
            Indicator(id: "fdi", nameZh: "实际利用外资", nameEn: "Foreign capital used", unit: "亿美元", kind: .level, direction: .higherIsBetter),
            Indicator(id: "gdp", nameZh: "地区生产总值增长", nameEn: "GDP growth", unit: "%", kind: .growth, direction: .higherIsBetter),
            Indicator(id: "trains", nameZh: "中欧班列运行数量", nameEn: "China-Europe trains", unit: "列", kind: .level, direction: .higherIsBetter),
        ]
        func target(_ id: String, _ ind: String, _ form: TargetForm, _ bound: Bound?, _ text: String, baseline: Double?, start: Int? = nil) -> Target {
            Target(id: id, indicatorID: ind, form: form, bound: bound, targetText: text, baseline: baseline, baselineYear: 2020,
                   targetYear: 2025, periodStart: start, source: source)
        }
        let targets = [
            target("t.level", "trade", .level, .reach(8000), "8000", baseline: 6500),
            target("t.share", "share", .share, .atLeast(35), "≥35", baseline: 25),
            target("t.rate", "unemployment", .rate, .lessThan(5.5), "＜5.5", baseline: 5.7),
            target("t.ratio", "ratio", .ratio, .about(2.3), "2.3∶1左右", baseline: 2.45),
            target("t.reduction", "energy", .reduction, .reach(14), "下降14%", baseline: 0.5),
            target("t.cumulative", "fdi", .cumulative, .moreThan(500), "＞【500】", baseline: 102.7, start: 2021),
            target("t.average", "gdp", .averageGrowth, .about(6), "6左右*", baseline: 3.9, start: 2021),
            target("t.break", "trains", .level, .reach(3000), "3000", baseline: 2603),
        ]
        let observations = [
            observation("trade", 2021, 8000.6, unit: "亿元"), observation("trade", 2022, 8158.4, unit: "亿元"), observation("trade", 2023, 7137.4, unit: "亿元"),
            observation("share", 2021, 27.2, unit: "%"), observation("share", 2023, 31, unit: "%"),
            observation("unemployment", 2021, 5.5, unit: "%"), observation("unemployment", 2022, 5.9, unit: "%"), observation("unemployment", 2023, 5.4, unit: "%"),
            observation("ratio", 2021, 2.40, unit: "∶1"), observation("ratio", 2022, 2.36, unit: "∶1"),
            observation("energy", 2021, 0.49, unit: "吨标准煤/万元"), observation("energy", 2022, 0.47, unit: "吨标准煤/万元"),
            observation("fdi", 2021, 106.65, unit: "亿美元"), observation("fdi", 2022, 110, unit: "亿美元"),
            observation("gdp", 2021, 8.3, unit: "%"), observation("gdp", 2022, 2.6, unit: "%"), observation("gdp", 2023, 6.1, unit: "%"),
            observation("trains", 2021, 4800, comparable: false, unit: "列"), observation("trains", 2022, 5000, comparable: false, unit: "列"),
        ]
        return Dataset(name: "fixture", indicators: indicators, targets: targets, observations: observations)
    }()

    /// One target behind the required pace (R ≈ 0.93) whose 2021–2023 trend meets it: the status
    /// and the projection point different ways, so the chart carries the engine's explanation.
    static let contradiction: Dataset = {
        let indicator = Indicator(id: "trade", nameZh: "货物进出口总额", nameEn: "Goods trade", unit: "亿元", kind: .level, direction: .higherIsBetter)
        let target = Target(id: "t.why", indicatorID: "trade", form: .level, bound: .reach(8000), targetText: "8000", baseline: 6500,
                            baselineYear: 2020, targetYear: 2025, periodStart: nil, source: source)
        let observations = [observation("trade", 2021, 6550, unit: "亿元"), observation("trade", 2022, 6650, unit: "亿元"),
                            observation("trade", 2023, 7300, unit: "亿元")]
        return Dataset(name: "contradiction", indicators: [indicator], targets: [target], observations: observations)
    }()

    static func charts(_ data: Dataset = dataset, language: ChartLanguage = .zh) -> [TrajectoryChart] {
        let assessor = DatasetAssessor()
        return assessor.assess(data).map { TrajectoryChart(result: $0, path: assessor.path(of: $0.target, in: data), language: language) }
    }

    static func chart(_ id: String, language: ChartLanguage = .zh) -> TrajectoryChart {
        charts(language: language).first { $0.result.target.id == id }!
    }
}

/// The text of every `<text>`, `<title>` and `<desc>` element of an SVG (or XHTML) document, in
/// order, unescaped.
final class TextCollector: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var titles: [String] = []
    var descs: [String] = []
    private var current: String?

    static func collect(_ svg: String) -> TextCollector {
        walkXML(svg, with: TextCollector())
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        if ["text", "title", "desc"].contains(elementName) { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current?.append(string) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let c = current else { return }
        switch elementName {
        case "text": texts.append(c)
        case "title": titles.append(c)
        case "desc": descs.append(c)
        default: return
        }
        current = nil
    }

    /// How much of `sentence` the visible text shows: the longest run of consecutive `<text>` lines
    /// that spells its beginning (spaces at line breaks ignored, a final "…" dropped), and whether
    /// the run ends with "…".
    func shown(_ sentence: String) -> (count: Int, cut: Bool) {
        let whole = sentence.filter { $0 != " " }
        var best = (0, false)
        for start in texts.indices {
            var acc = "", cut = false
            for line in texts[start...] {
                let piece = line.hasSuffix("…") ? String(line.dropLast()) : line
                let candidate = acc + piece.filter { $0 != " " }
                guard !piece.isEmpty, whole.hasPrefix(candidate) else { break }
                acc = candidate
                if line.hasSuffix("…") { cut = true; break }
                if acc == whole { break }
            }
            if acc.count > best.0 { best = (acc.count, cut) }
        }
        return best
    }

    /// Whether the visible text shows all of `sentence`, or its beginning cut with "…" (at least
    /// `minimum` of it).
    func shows(_ sentence: String, minimum: Double = 0.5) -> Bool {
        let whole = sentence.filter { $0 != " " }.count
        let (count, cut) = shown(sentence)
        return count == whole || (cut && Double(count) >= minimum * Double(whole))
    }
}

/// Runs `delegate` over the XML `text` and returns it (the parse result is the delegate's business).
@discardableResult
func walkXML<D: XMLParserDelegate>(_ text: String, with delegate: D) -> D {
    #if canImport(FoundationXML)
    let parser = FoundationXML.XMLParser(data: Data(text.utf8))
    #else
    let parser = XMLParser(data: Data(text.utf8))
    #endif
    parser.delegate = delegate
    _ = parser.parse()
    return delegate
}

/// Parses `text` with an XML parser; returns the error, or nil when the text is well-formed.
func xmlError(_ text: String) -> String? {
    #if canImport(FoundationXML)
    let parser = FoundationXML.XMLParser(data: Data(text.utf8))
    #else
    let parser = XMLParser(data: Data(text.utf8))
    #endif
    if parser.parse() { return nil }
    return "line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { String(describing: $0) } ?? "unknown")"
}
