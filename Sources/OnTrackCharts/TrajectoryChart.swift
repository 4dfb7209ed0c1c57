import Foundation
import OnTrackCore
import OnTrackNumerics

/// The trajectory chart of one target: baseline, target with its bound, the required path from the
/// baseline (dashed), the actuals (solid, broken where years are missing), values on another
/// definition (grey squares, apart), the projection to the target year (dotted, with its 80 %
/// interval as a fan) and the path still required from the latest actual. When the status and the
/// projection point different ways, the engine's explanation is printed under the subtitle (full
/// size) or flagged with a marker whose text is in the dashboard's notes (compact size).
///
/// Cumulative targets plot the running total against the target total; average-growth targets the
/// annual rates against the required average; reductions an index with the baseline year = 100.
public struct TrajectoryChart: Sendable {
    /// `full` for a page (title, rates, legend, source); `compact` for small multiples.
    public enum Size: Sendable { case full, compact }

    public var result: TargetAssessment
    public var path: [PathPoint]
    public var language: ChartLanguage
    public var size: Size
    /// Relative tolerance of "about" targets, for the band drawn at the target year.
    public var aboutTolerance: Double
    /// The number of this chart's explanation in a dashboard's note list (compact size); nil: the
    /// marker points to the tooltip.
    public var noteNumber: Int?
    /// The source document's title in the chart's language (from the dataset's documents.csv), for
    /// the footnote; nil: the document as the target cites it.
    public var documentTitle: String?

    public init(result: TargetAssessment, path: [PathPoint], language: ChartLanguage = .zh, size: Size = .full,
                aboutTolerance: Double = 0.05) {
        self.result = result
        self.path = path
        self.language = language
        self.size = size
        self.aboutTolerance = aboutTolerance
    }

    public var width: Double { size == .full ? 720 : 340 }
    /// 440 at full size plus a line for the outlook and each line of the explanation; 230 compact.
    public var height: Double { size == .full ? 440 + Self.headerLineHeight * Double(headerLines.count) : 230 }

    /// A unique id for the SVG's elements, so that many charts can share one HTML page.
    public var elementID: String { "ot-" + Markup.fileName(result.target.id, extension: "x").dropLast(2) }

    /// The chart as a standalone SVG document.
    public var svg: String {
        SVG.document(width: width, height: height, title: titleText, desc: description, id: elementID, language: language, body: body)
    }

    // MARK: - Data

    struct Series {
        var expected: [(Int, Double)] = []
        var actual: [(Int, Double?)] = []
        var broken: [(Int, Double)] = []
        var baseline: (Int, Double)?
        var aim: (Int, Double)?
        var band: (Double, Double)?
        var fromLatest: [(Int, Double)] = []
        /// The projection from the latest actual to the target year.
        var projection: [(Int, Double)] = []
        /// Its 80 % interval (year, low, high), of zero width at the latest actual; empty without one.
        var fan: [(Int, Double, Double)] = []
        var axisLabel = ""
    }

    var series: Series {
        let a = result.assessment, t = result.target
        var s = Series()
        s.expected = path.compactMap { p in p.expected.map { (p.year, $0) } }
        s.actual = path.map { ($0.year, $0.actual) }
        s.broken = path.compactMap { p in p.notComparable.map { (p.year, $0) } }
        if let aim = a.aim { s.aim = (t.targetYear, aim) }
        if Self.plotsObservations(t.form) {
            // The observations themselves where the path has none: a target without a baseline
            // (whose path is empty) still shows its actuals, such as the value of the baseline year.
            var actual = Dictionary(s.actual.compactMap { p in p.1.map { (p.0, $0) } }, uniquingKeysWith: { a, _ in a })
            var missing = Set(s.actual.filter { $0.1 == nil }.map(\.0))
            for o in result.used where actual[o.year] == nil && o.year <= t.targetYear { actual[o.year] = o.value; missing.remove(o.year) }
            s.actual = (Set(actual.keys).union(missing)).sorted().map { ($0, actual[$0]) }
            let broken = Set(s.broken.map(\.0))
            s.broken += result.notComparable.filter { !broken.contains($0.year) && actual[$0.year] == nil && $0.year <= t.targetYear }
                .map { ($0.year, $0.value) }
            s.broken.sort { $0.0 < $1.0 }
        }
        switch t.form {
        case .cumulative:
            s.axisLabel = language.runningTotal + (unit.isEmpty ? "" : language.pick("（" + unit + "）", " (" + unit + ")"))
            if let latest = a.latest, let aim = a.aim, latest.year < t.targetYear {
                s.fromLatest = [(latest.year, latest.value), (t.targetYear, aim)]
            }
            if let latest = a.latest { (s.projection, s.fan) = projected(from: (latest.year, latest.value)) }
        case .averageGrowth:
            s.axisLabel = language.annualRate
            if let latest = a.latest, let need = a.requiredFromLatest, latest.year < t.targetYear {
                s.fromLatest = [(latest.year + 1, need.display), (t.targetYear, need.display)]
                if latest.year + 1 == t.targetYear { s.fromLatest[0].0 = latest.year }
            }
            // The projected annual rates, from the latest annual rate (a.latest is the average so far).
            if let latest = a.latest, let rate = s.actual.last(where: { $0.0 <= latest.year && $0.1 != nil }) {
                (s.projection, s.fan) = projected(from: (rate.0, rate.1!))
            }
        default:
            s.axisLabel = t.form == .reduction ? language.index(a.baseline?.year ?? t.baselineYear) : unit
            if let b = a.baseline { s.baseline = (b.year, b.value) }
            if let latest = a.latest, let aim = a.aim, latest.year < t.targetYear {
                let method: PathMethod = a.method == "linear" ? .linear : .compound
                let p = (try? TargetPath(baseline: latest.value, baselineYear: latest.year, target: aim, targetYear: t.targetYear, method: method))
                    ?? (try? TargetPath(baseline: latest.value, baselineYear: latest.year, target: aim, targetYear: t.targetYear, method: .linear))
                s.fromLatest = p?.yearly.map { ($0.year, $0.value) } ?? []
            }
            if let latest = a.latest { (s.projection, s.fan) = projected(from: (latest.year, latest.value)) }
        }
        s.band = band(aim: a.aim)
        return s
    }

    /// Whether the chart's scale is the indicator's own (levels, shares, rates, ratios), so that an
    /// observation can be drawn as it is; not for running totals, annual rates or an index.
    static func plotsObservations(_ form: TargetForm) -> Bool {
        ![.cumulative, .averageGrowth, .reduction].contains(form)
    }

    /// The engine's projection year by year from `anchor` (the latest actual on the chart's scale)
    /// to the target year, and its 80 % interval when it has one: zero width at the anchor.
    func projected(from anchor: (Int, Double)) -> (line: [(Int, Double)], fan: [(Int, Double, Double)]) {
        guard let p = result.assessment.projection, anchor.0 < p.year else { return ([], []) }
        var line = [anchor], fan = [(anchor.0, anchor.1, anchor.1)]
        for year in (anchor.0 + 1)...p.year {
            guard let b = p.band(at: year) else { continue }
            line.append((year, b.value))
            if let lo = b.low, let hi = b.high { fan.append((year, lo, hi)) }
        }
        return (line, p.low != nil && p.high != nil && fan.count > 1 ? fan : [])
    }

    /// The acceptable range at the target year, open ends as ±infinity; nil for a plain target.
    func band(aim: Double?) -> (Double, Double)? {
        guard let bound = result.target.bound, let aim else { return nil }
        let reduction = result.target.form == .reduction
        switch bound {
        case .reach: return nil
        case .atLeast, .moreThan: return reduction ? (-.infinity, aim) : (aim, .infinity)
        case .atMost, .lessThan: return reduction ? (aim, .infinity) : (-.infinity, aim)
        case .about: return (aim - abs(aim) * aboutTolerance, aim + abs(aim) * aboutTolerance)
        case .range(let lo, let hi):
            return reduction ? (100 - hi, 100 - lo) : (lo, hi)
        }
    }

    // MARK: - Text

    var name: String { language == .zh ? result.indicator.nameZh : result.indicator.nameEn }

    /// The unit as printed on the chart (title, axis, amounts): ``unit``, in the chart's language.
    var unitText: String { unit }

    var titleText: String {
        if unit.isEmpty { return name }
        return language == .zh ? "\(name)（\(unit)）" : "\(name) (\(unit))"
    }

    // MARK: Numbers: one format per chart

    /// Decimals of every value printed on the chart (value labels, projection and its interval,
    /// shortfall, the description): the precision of its data — the most decimals among the
    /// baseline and the observations — but no more than four significant digits of the largest of
    /// them (8000.59 and 7137.4 → 0 decimals: "8001", "7137", and 12772 → "12770"; 5.5 and 5.9 → 1;
    /// 0.49 → 2); 1 for an
    /// index (reductions). Axis ticks follow the axis step; probabilities have 2 decimals,
    /// percentages of a target 1.
    public var valueDecimals: Int {
        if result.target.form == .reduction { return 1 }
        var values = result.used.map(\.value) + result.notComparable.map(\.value)
        if let b = result.assessment.baseline?.value { values.append(b) }
        if let b = result.target.baseline { values.append(b) }
        values = values.filter(\.isFinite)
        guard let largest = values.map(abs).max() else { return 1 }
        let precision = values.map { Self.decimals(of: $0, max: 3) }.max() ?? 1
        let significant = largest > 0 ? max(0, 3 - Int(log10(largest).rounded(.down))) : 3
        return min(precision, significant)
    }

    /// Decimals of every rate on the chart (required and actual annual rates, in % or in the unit
    /// per year): the values' decimals, at least 1, and one more (up to 3) while a rate that is not
    /// zero would read as zero ("-0.04", not "0.0").
    public var rateDecimals: Int {
        let a = result.assessment
        let rates = [a.requiredFromBaseline, a.actualChange, a.requiredFromLatest].compactMap { $0 }
            .map { $0.unit == .percent ? $0.display : $0.value }.filter { $0.isFinite && $0 != 0 }
        var d = max(valueDecimals, 1)
        while d < 3, rates.contains(where: { Markup.fixed(abs($0), decimals: d).allSatisfy { $0 == "0" || $0 == "." } }) { d += 1 }
        return d
    }

    /// The decimals `v` is written with (0…`max`).
    static func decimals(of v: Double, max: Int) -> Int {
        guard v.isFinite else { return 0 }
        var scaled = v
        for d in 0..<max {
            if abs(scaled - scaled.rounded()) <= 1e-7 * Swift.max(1, abs(scaled)) { return d }
            scaled *= 10
        }
        return max
    }

    /// A value in the chart's format: `valueDecimals` decimals; a whole number of five digits or
    /// more rounded to four significant digits (12772 → "12770"), as the engine's explanations write it.
    /// In English, thousands are separated as the target's wording writes them ("8,000", "7,137").
    func number(_ v: Double) -> String {
        let d = valueDecimals
        let text = d == 0 && abs(v) >= 10_000 ? PlainText.significant(v, digits: 4) : Markup.fixed(v, decimals: d)
        return language == .en ? Self.grouped(text) : text
    }

    static func grouped(_ text: String) -> String { TargetWording.grouped(text) }

    func rate(_ c: AnnualChange) -> String {
        if c.unit == .percent { return Markup.fixed(c.display, decimals: rateDecimals) + (language == .zh ? "%" : "%/yr") }
        let fixed = Markup.fixed(c.value, decimals: rateDecimals)
        let v = (c.value >= 0 ? "+" : "") + (language == .en ? Self.grouped(fixed) : fixed)
        let raw = result.indicator.unit
        if raw == "%" { return language == .zh ? v + "个百分点" : v + " pt/yr" }
        if raw.hasPrefix("∶") || raw.hasPrefix(":") { return language == .zh ? v + "/年" : v + "/yr" }
        return language == .zh ? v + unit : quantity(v) + "/yr"
    }

    /// Required and actual annual rates, for the subtitle.
    var ratesText: String {
        let a = result.assessment
        var parts: [String] = []
        if let r = a.requiredFromBaseline { parts.append(language.pick("需年均 ", "needs ") + rate(r)) }
        if let r = a.actualChange { parts.append(language.pick("实际年均 ", "actual ") + rate(r)) }
        if let r = a.requiredFromLatest, let y = a.latest?.year {
            parts.append(language.pick("\(y)年后需 ", "from \(y) needs ") + rate(r))
        }
        if parts.isEmpty, let reason = result.reason { parts.append(language.reason(reason)) }
        return parts.joined(separator: language.pick("；", " · "))
    }

    /// An amount in the target's unit, for a shortfall: points for shares, rates and average growth,
    /// index points for reductions.
    func amount(_ v: Double) -> String {
        let n = number(v), form = result.target.form
        if form == .reduction { return language.pick("\(n)个指数点", "\(n) index points") }
        if unit == "%" || form == .averageGrowth { return language.pick(n + "个百分点", n + " pt") }
        if unit.hasPrefix("∶") || unit.hasPrefix(":") { return n }
        return language.pick(n + unit, quantity(n))
    }

    /// The projection in the target year with its 80 % interval and the outlook (p_reach); for a
    /// missed target, the shortfall. Printed under the badge at full size.
    var outlookText: String? {
        let a = result.assessment, t = result.target
        if a.status == .missed, let short = a.shortfall {
            let pct = a.shortfallPercent.map { Markup.fixed($0, decimals: 1) + "%" }
            return language.pick("差距 " + amount(short) + (pct.map { "（\($0)）" } ?? ""),
                                 "short by " + amount(short) + (pct.map { " (\($0))" } ?? ""))
        }
        guard let p = a.projection else { return nil }
        let v = number(p.value) + (t.form == .averageGrowth ? "%" : "")
        var out: String
        switch (t.form, language) {
        case (.cumulative, .zh): out = "预测\(p.year)年累计 \(v)"
        case (.cumulative, .en): out = "projected total \(v) by \(p.year)"
        case (.averageGrowth, .zh): out = "预测期内年均 \(v)"
        case (.averageGrowth, .en): out = "projected period average \(v)"
        case (.reduction, .zh): out = "预测\(p.year)年指数 \(v)"
        case (.reduction, .en): out = "projected index \(v) in \(p.year)"
        case (_, .zh): out = "预测\(p.year)年 \(v)"
        case (_, .en): out = "projected \(v) in \(p.year)"
        }
        if let lo = p.low, let hi = p.high {
            let pct = t.form == .averageGrowth ? "%" : ""
            let range = number(lo) + pct + "–" + number(hi) + pct
            out += language.pick("（80%区间 \(range)）", " (80% interval \(range))")
        } else {
            switch p.basis {
            case .latestFlow: out += language.pick("（按最新流量不变）", " (latest flow held)")
            default: out += language.pick("（按实际速度外推）", " (actual rate carried forward)")
            }
        }
        if let o = a.outlook { out += language.pick("；", " · ") + language.outlook(o, probability: p.probability) }
        return out
    }

    /// Why the status and the projection point different ways, in the chart's language.
    public var explanationText: String? {
        result.assessment.explanation.map { language == .zh ? $0.chinese : $0.english }
    }

    static let headerLineHeight = 17.0, outlookSize = 12.0, noteSize = 11.5

    /// The lines under the badge at full size: the outlook line, then the explanation wrapped to at
    /// most two lines (the full text is in `<desc>`).
    var headerLines: [(text: String, isNote: Bool)] {
        guard size == .full else { return [] }
        var lines: [(String, Bool)] = []
        if let o = outlookText { lines.append((TextMetrics.fit(o, width: width - 24, fontSize: Self.outlookSize), false)) }
        if let e = explanationText {
            let indent = TextMetrics.width(language.note, fontSize: Self.noteSize) + 2
            lines += TextMetrics.wrap(e, width: width - 24 - indent, fontSize: Self.noteSize, maxLines: 2).map { ($0, true) }
        }
        return lines
    }

    /// "Target", or "On-track pace" when the bound is a pace (a series without a target).
    var aimWord: String { result.target.boundIsPace ? language.paceAim : language.target }

    var boundText: String {
        let t = result.target
        if language == .en, !t.boundIsPace { return TargetWording.english(t, unit: result.indicator.unit, withUnit: false) }
        return t.targetText.isEmpty ? (result.assessment.aim.map(Markup.value) ?? "") : t.targetText
    }

    /// The observation behind the latest actual (the latest comparable one; else the latest on
    /// another definition).
    var latestObservation: Observation? {
        if let y = result.assessment.latest?.year, let o = result.used.last(where: { $0.year == y }) { return o }
        return result.used.max { $0.year < $1.year } ?? result.notComparable.max { $0.year < $1.year }
    }

    /// Where the latest actual comes from: the observation's source title, else its document or
    /// location; nil without an observation.
    var actualSourceText: String? {
        guard let o = latestObservation else { return nil }
        let title = [o.sourceTitle, o.source.document, o.source.location].first { !$0.isEmpty } ?? ""
        guard !title.isEmpty else { return nil }
        return language.pick("实际值来源（\(o.year)年）：", "Latest actual (\(o.year)): ") + title
    }

    /// A number with the unit in English: `12 km`, and `400 (100 million yuan)` when the unit
    /// starts with a number.
    func quantity(_ n: String) -> String {
        guard !unit.isEmpty else { return n }
        return unit.first?.isNumber == true ? "\(n) (\(unit))" : "\(n) \(unit)"
    }

    /// The indicator's unit in the chart's language (English from ``UnitGlossary``; as written when
    /// the glossary does not know it).
    var unit: String { language == .zh ? result.indicator.unit : UnitGlossary.englishOrAsWritten(result.indicator.unit) }

    var sourceText: String {
        let s = result.target.source
        if result.target.isWhatIf { return language.whatIf }
        var out = language.source
        if let title = documentTitle, !title.isEmpty {
            out += title + language.pick("，", ", ")
        } else if !s.document.isEmpty {
            out += s.document + language.pick("，", ", ")
        }
        out += s.location
        if let line = s.line { out += language.pick("", " ") + language.lines(line, s.lineEnd) }
        return out
    }

    /// A sentence for screen readers.
    public var description: String {
        let a = result.assessment, t = result.target
        var out: String
        if language == .zh {
            out = t.boundIsPace ? "\(name)：无目标，\(t.targetYear)年按进度基准\(boundText)（\(unit)）"
                : "\(name)：\(t.targetYear)年目标\(boundText)（\(unit)）"
            if let b = a.baseline { out += "，基期\(b.year)年\(number(b.value))" }
            out += "。"
            if let l = a.latest { out += "最新实际值\(l.year)年\(number(l.value))。" } else { out += language.noData + "。" }
            out += "状态：\(a.status.chinese)。"
            if let o = outlookText { out += o + "。" }
            if let e = a.explanation { out += "说明：" + e.chinese + "。" }
        } else {
            out = t.boundIsPace ? "\(name): no target; on-track pace \(boundText) (\(unit)) by \(t.targetYear)"
                : "\(name): target \(boundText) (\(unit)) by \(t.targetYear)"
            if let b = a.baseline { out += ", from \(number(b.value)) in \(b.year)" }
            out += ". "
            if let l = a.latest { out += "Latest actual \(number(l.value)) in \(l.year). " } else { out += language.noData + ". " }
            out += "Status: \(a.status.english)."
            if let o = outlookText { out += " " + o.prefix(1).uppercased() + o.dropFirst() + "." }
            if let e = a.explanation { out += " Note: " + e.english + "." }
        }
        return out
    }

    // MARK: - Drawing

    struct Frame {
        var left, top, right, bottom: Double
        var x0, x1: Int
        var scale: NiceScale
        func x(_ year: Int) -> Double { left + Double(year - x0) / Double(max(x1 - x0, 1)) * (right - left) }
        func y(_ v: Double) -> Double {
            let f = (v - scale.lower) / (scale.upper - scale.lower)
            return bottom - min(max(f, -0.05), 1.05) * (bottom - top)
        }
    }

    /// Whether the chart is a text card instead of axes: a target without a number to aim at
    /// (国家下达, qualitative, blank in the source), or nothing measured (no baseline, no actual, no
    /// value on another definition). The card states the target, the status and the reason.
    public var isTextCard: Bool {
        if let r = result.reason, [.setByState, .categorical, .blankInSource].contains(r) { return true }
        let s = series
        return !s.actual.contains { $0.1 != nil } && s.broken.isEmpty && s.baseline == nil && result.assessment.baseline == nil
    }

    /// A rectangle taken by a label or a marker, to keep labels apart.
    struct Box {
        var x0, y0, x1, y1: Double
        func overlaps(_ b: Box) -> Bool { x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1 }
        /// The box of a one-line text at (`x`, baseline `y`).
        init(text: String, x: Double, y: Double, size: Double, anchor: String) {
            let w = TextMetrics.width(text, fontSize: size)
            x0 = anchor == "middle" ? x - w / 2 : anchor == "end" ? x - w : x
            x1 = x0 + w
            y0 = y - size * 0.9
            y1 = y + size * 0.25
        }
        init(x0: Double, y0: Double, x1: Double, y1: Double) { self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1 }
    }

    var body: String {
        let s = series
        let t = result.target, a = result.assessment
        let full = size == .full
        var svg = SVG(language: language)

        // Title, status badge and rates.
        let titleSize = full ? 17.0 : 12.5
        svg.text(TextMetrics.fit(titleText, width: width - 24, fontSize: titleSize), x: 12, y: full ? 26 : 18, size: titleSize, weight: "bold", fill: TextColour.title)
        let status = language.statusName(a.status)
        let badgeSize = full ? 12.0 : 10.5
        let badgeW = TextMetrics.width(status, fontSize: badgeSize) + 14
        let badgeY = full ? 36.0 : 25.0, badgeH = full ? 20.0 : 16.0
        svg.rect(12, badgeY, badgeW, badgeH, fill: StatusPalette.colour(a.status), rx: 3)
        svg.text(status, x: 12 + badgeW / 2, y: badgeY + badgeH * 0.72, size: badgeSize, anchor: "middle", weight: "bold", fill: StatusPalette.ink(a.status))
        let subtitleX = 12 + badgeW + 8
        let subtitleSize = full ? 12.5 : 10
        var subtitleRight = width - 12
        if !full, explanationText != nil {
            // The explanation is in the dashboard's notes and the panel's tooltip; a marker here.
            let marker = language.noteMarker(noteNumber)
            svg.text(marker, x: width - 10, y: badgeY + badgeH * 0.72, size: subtitleSize, anchor: "end", weight: "bold", fill: TextColour.note)
            subtitleRight -= TextMetrics.width(marker, fontSize: subtitleSize) + 8
        }
        // Compact: the id and the target; the target text only when it fits whole (it is by the
        // diamond, wrapped, and on the card), never cut.
        var subtitle = full ? ratesText : t.id + " · " + boundText + " (\(t.targetYear))"
        if !full, TextMetrics.width(subtitle, fontSize: subtitleSize) > subtitleRight - subtitleX {
            subtitle = t.id + " · " + language.pick("\(t.targetYear)年", "by \(t.targetYear)")
        }
        svg.text(TextMetrics.fit(subtitle, width: subtitleRight - subtitleX, fontSize: subtitleSize), x: subtitleX, y: badgeY + badgeH * 0.72, size: subtitleSize, fill: TextColour.secondary)
        // Outlook (or shortfall) and the explanation, under the badge at full size.
        let lines = headerLines
        let indent = TextMetrics.width(language.note, fontSize: Self.noteSize) + 2
        var lineY = badgeY + badgeH * 0.72
        for (i, line) in lines.enumerated() {
            lineY += Self.headerLineHeight
            if line.isNote {
                if i == 0 || !lines[i - 1].isNote { svg.text(language.note, x: 12, y: lineY, size: Self.noteSize, weight: "bold", fill: TextColour.note) }
                svg.text(line.text, x: 12 + indent, y: lineY, size: Self.noteSize, fill: TextColour.body)
            } else {
                svg.text(line.text, x: 12, y: lineY, size: Self.outlookSize, fill: TextColour.secondary)
            }
        }
        let top = full ? 84 + Self.headerLineHeight * Double(lines.count) : 62.0

        if isTextCard {
            drawCard(&svg, top: full ? top - 10 : 52)
        } else {
            drawPlot(&svg, s: s, top: top)
        }
        if full { drawSources(&svg) }
        return svg.body
    }

    /// The plan's source and, when there is one, the source of the latest actual: the last lines.
    func drawSources(_ svg: inout SVG) {
        if let actual = actualSourceText {
            svg.text(TextMetrics.fit(sourceText, width: width - 24, fontSize: 10), x: 12, y: height - 25, size: 10, fill: TextColour.footnote)
            svg.text(TextMetrics.fit(actual, width: width - 24, fontSize: 10), x: 12, y: height - 11, size: 10, fill: TextColour.footnote)
        } else {
            svg.text(TextMetrics.fit(sourceText, width: width - 24, fontSize: 10), x: 12, y: height - 14, size: 10, fill: TextColour.footnote)
        }
    }

    /// The text card of a target with nothing to plot: the target, the status, the reason (and the
    /// baseline when there is one), in a box where the axes would be.
    func drawCard(_ svg: inout SVG, top: Double) {
        let full = size == .full, a = result.assessment, t = result.target
        let bottom = height - (full ? 64 : 10)
        svg.rect(12, top, width - 24, bottom - top, fill: "#ffffff", stroke: "#cccccc", rx: 6)
        svg.rect(12, top, 5, bottom - top, fill: StatusPalette.colour(a.status), rx: 2)
        let size = full ? 14.0 : 12.5, lineHeight = full ? 22.0 : 18
        let labelX = full ? 32.0 : 24.0
        var rows: [(String, String)] = []
        let target = boundText.isEmpty ? "–" : boundText
        rows.append((aimWord, target + language.pick("（\(t.targetYear)年）", " (\(t.targetYear))")))
        if full { rows.append((language.status, language.statusName(a.status))) }
        if let r = result.reason { rows.append((language.pick("原因", "Reason"), language.reason(r))) }
        if let b = a.baseline ?? t.baseline.map({ YearValue(t.baselineYear, $0) }) {
            rows.append((language.baseline, number(b.value) + language.pick("（\(b.year)年）", " (\(b.year))")))
        }
        if let o = latestObservation {
            // "91%", "0.49吨标准煤/万元", "100 2020=100", "12 万人" (en).
            let wide = unitText.first.map(TextMetrics.isWide) ?? false
            let unit = unitText.isEmpty || unitText == "%" || (language == .zh && wide) ? unitText : " " + unitText
            rows.append((language.pick("最新实际值", "Latest actual"), number(o.value) + unit + language.pick("（\(o.year)年）", " (\(o.year))")
                         + (o.comparable ? "" : language.pick("，口径不可比", ", not comparable"))))
        }
        let labelWidth = rows.map { TextMetrics.width($0.0, fontSize: size) }.max() ?? 0
        let valueX = labelX + labelWidth + (full ? 14 : 8), valueWidth = width - 24 - valueX
        var y = top + (full ? 34 : 26)
        for (label, value) in rows {
            guard y < bottom - lineHeight * 0.5 else { break }
            svg.text(label, x: labelX, y: y, size: size, weight: "bold", fill: TextColour.secondary)
            for line in TextMetrics.wrap(value, width: valueWidth, fontSize: size, maxLines: full ? 3 : 2) {
                svg.text(line, x: valueX, y: y, size: size, fill: TextColour.title)
                y += lineHeight
            }
        }
        let why: String
        if let r = result.reason, [.setByState, .categorical, .blankInSource].contains(r) {
            why = language.pick("没有数值目标，不绘制轨迹。", "No numeric target, so no trajectory is drawn.")
        } else {
            why = language.pick("没有基期值和实际值，不绘制轨迹。", "No baseline and no actual value, so no trajectory is drawn.")
        }
        if y + lineHeight * 0.3 < bottom {
            for line in TextMetrics.wrap(why, width: width - 24 - labelX - 12, fontSize: size - (full ? 2 : 1), maxLines: 2) where y < bottom - 4 {
                svg.text(line, x: labelX, y: y + (full ? 6 : 2), size: size - (full ? 2 : 1), fill: TextColour.muted)
                y += lineHeight
            }
        }
    }

    func drawPlot(_ svg: inout SVG, s: Series, top: Double) {
        let t = result.target, a = result.assessment
        let full = size == .full

        // Frame and scales.
        var values: [Double] = s.expected.map(\.1) + s.actual.compactMap(\.1) + s.broken.map(\.1) + s.fromLatest.map(\.1) + s.projection.map(\.1)
            + s.fan.flatMap { [$0.1, $0.2] }
        if let b = s.baseline { values.append(b.1) }
        if let aim = s.aim { values.append(aim.1) }
        if let band = s.band { values += [band.0, band.1].filter(\.isFinite) }
        var years = path.map(\.year) + s.actual.map(\.0) + s.broken.map(\.0) + [t.targetYear] + (s.baseline.map { [$0.0] } ?? [])
        if Self.plotsObservations(t.form), t.baselineYear < t.targetYear { years.append(t.baselineYear) }
        let x0 = years.min() ?? t.baselineYear, x1 = max(years.max() ?? t.targetYear, x0 + 1)
        let axisFont = full ? 11.0 : 9.0
        // A little room above and below, so that no point sits on the frame.
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = (hi - lo) * 0.06
        lo = (lo >= 0 && lo - pad < 0) ? 0 : lo - pad
        hi += pad
        let scale = NiceScale(min: lo, max: hi, ticks: full ? 6 : 4)
        let tickLabels = scale.ticks.map { v in
            let text = Markup.fixed(v, decimals: scale.decimals)
            return language == .en ? Self.grouped(text) : text
        }
        let labelWidth = tickLabels.map { TextMetrics.width($0, fontSize: axisFont) }.max() ?? 20
        let bottom = height - (full ? 96 : 26)
        let left = 12 + labelWidth + 8
        let right = width - (full ? 118 : 46)
        let f = Frame(left: left, top: top, right: right, bottom: bottom, x0: x0, x1: x1, scale: scale)

        // Unit above the value axis.
        if !s.axisLabel.isEmpty {
            svg.text(TextMetrics.fit((full ? language.unit : "") + s.axisLabel, width: width - 24, fontSize: axisFont), x: 12, y: top - (full ? 12 : 7), size: axisFont, fill: TextColour.axis)
        }

        // Grid and value ticks.
        for (v, label) in zip(scale.ticks, tickLabels) {
            let y = f.y(v)
            svg.line(left, y, right, y, stroke: "#e4e4e4")
            svg.text(label, x: left - 6, y: y + axisFont * 0.35, size: axisFont, anchor: "end", fill: TextColour.axis)
        }
        // Year ticks: no more labels than fit.
        let yearLabelWidth = TextMetrics.width("2025", fontSize: axisFont) + 10
        for year in NiceScale.years(from: x0, to: x1, maxLabels: Int((right - left) / yearLabelWidth)) {
            let x = f.x(year)
            svg.line(x, bottom, x, bottom + 4, stroke: "#888888")
            svg.text(String(year), x: x, y: bottom + 6 + axisFont, size: axisFont, anchor: "middle", fill: TextColour.axis)
        }
        svg.line(left, bottom, right, bottom, stroke: "#888888")

        // Band of acceptable values at the target year.
        if let band = s.band, let aim = s.aim {
            let lo = band.0.isFinite ? f.y(band.0) : top, hi = band.1.isFinite ? f.y(band.1) : top
            let yTop = band.1.isFinite ? hi : top, yBottom = band.0.isFinite ? lo : bottom
            let x = f.x(aim.0)
            svg.rect(x - 9, min(yTop, yBottom), 18, abs(yBottom - yTop), fill: "#222222", extra: [("fill-opacity", "0.09")])
        }

        // The projection's 80 % interval: a fan from the latest actual.
        if s.fan.count > 1 {
            let upper = s.fan.map { (f.x($0.0), f.y($0.2)) }, lower = s.fan.reversed().map { (f.x($0.0), f.y($0.1)) }
            svg.polygon(upper + lower, fill: Self.fanColour, extra: [("fill-opacity", Self.fanOpacity)])
        }

        // Required path from the baseline.
        svg.polyline(s.expected.map { (f.x($0.0), f.y($0.1)) }, stroke: "#666666", width: full ? 1.8 : 1.4, dash: "6 4")
        // Required path from the latest actual.
        let statusColour = StatusPalette.colour(a.status)
        svg.polyline(s.fromLatest.map { (f.x($0.0), f.y($0.1)) }, stroke: statusColour, width: full ? 1.8 : 1.4, dash: "2 3")
        // Projection.
        svg.polyline(s.projection.map { (f.x($0.0), f.y($0.1)) }, stroke: "#1f3b57", width: full ? 2 : 1.5, dash: "0.5 4.5")

        // Actuals: one polyline per run of consecutive years.
        var run: [(Double, Double)] = []
        var runs: [[(Double, Double)]] = []
        for (year, v) in s.actual {
            if let v { run.append((f.x(year), f.y(v))) } else if !run.isEmpty { runs.append(run); run = [] }
        }
        if !run.isEmpty { runs.append(run) }
        let pointR = full ? 3.6 : 2.6
        for r in runs { svg.polyline(r, stroke: "#1f3b57", width: full ? 2.6 : 2) }
        for r in runs { for p in r { svg.circle(p.0, p.1, r: pointR, fill: "#1f3b57") } }

        // Labels are placed in order of importance, each where it overlaps nothing placed before
        // and, where it can, no line (the lines are sampled every 4 px).
        var taken: [Box] = runs.flatMap { $0 }.map { Box(x0: $0.0 - pointR, y0: $0.1 - pointR, x1: $0.0 + pointR, y1: $0.1 + pointR) }
        var lineSamples: [Box] = []
        for line in runs + [s.expected, s.fromLatest, s.projection].map({ $0.map { (f.x($0.0), f.y($0.1)) } }) {
            for (a, b) in zip(line, line.dropFirst()) {
                let n = max(1, Int((hypot(b.0 - a.0, b.1 - a.1) / 4).rounded(.up)))
                for i in 0...n {
                    let t = Double(i) / Double(n), x = a.0 + (b.0 - a.0) * t, y = a.1 + (b.1 - a.1) * t
                    lineSamples.append(Box(x0: x - 1, y0: y - 1, x1: x + 1, y1: y + 1))
                }
            }
        }
        let plotBox = Box(x0: left - 2, y0: top - 6, x1: width - 4, y1: bottom - 2)
        func fits(_ b: Box, clearOfLines: Bool = false) -> Bool {
            b.x0 >= plotBox.x0 && b.x1 <= plotBox.x1 && b.y0 >= plotBox.y0 && b.y1 <= plotBox.y1 && !taken.contains { $0.overlaps(b) }
                && !(clearOfLines && lineSamples.contains { $0.overlaps(b) })
        }

        // Values on another definition, apart from the line.
        for (year, v) in s.broken {
            let x = f.x(year), y = f.y(v), r = full ? 4.0 : 3.0
            svg.rect(x - r, y - r, 2 * r, 2 * r, fill: "#ffffff", stroke: "#8c7aa9")
            taken.append(Box(x0: x - r, y0: y - r, x1: x + r, y1: y + r))
        }
        if let last = s.broken.last, full {
            let x = f.x(last.0), y = f.y(last.1) - 9
            svg.text(language.notComparable, x: x, y: y, size: 10.5, anchor: "middle", fill: TextColour.notComparable)
            taken.append(Box(text: language.notComparable, x: x, y: y, size: 10.5, anchor: "middle"))
        }

        // Baseline and target markers.
        if let b = s.baseline {
            let x = f.x(b.0), y = f.y(b.1), r = full ? 5.0 : 3.8
            svg.circle(x, y, r: r, fill: "#ffffff", stroke: "#333333", width: 1.8)
            taken.append(Box(x0: x - r, y0: y - r, x1: x + r, y1: y + r))
        }
        if let aim = s.aim {
            let x = f.x(aim.0), y = f.y(aim.1), r = full ? 7.0 : 5.0
            svg.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill: "#222222")
            taken.append(Box(x0: x - r, y0: y - r, x1: x + r, y1: y + r))
            for line in aimLabel(markerX: x, markerY: y, markerR: r, top: top, bottom: bottom) {
                svg.text(line.text, x: line.x, y: line.y, size: line.size, anchor: line.anchor, weight: "bold", fill: TextColour.target,
                         extra: line.anchor == "end" ? Self.halo : [])
                taken.append(Box(text: line.text, x: line.x, y: line.y, size: line.size, anchor: line.anchor))
            }
        }

        // Value labels: the latest actual, the baseline, the first actual (the baseline year's),
        // then the others from the latest back, where there is room. Compact: the latest and the
        // baseline only.
        let valueSize = full ? 10.5 : 8.5
        // A label clear of lines where it can be; the latest actual and the baseline (`required`)
        // over a line rather than not at all.
        func place(_ text: String, _ candidates: [(Double, Double, String)], weight: String?, fill: String, required: Bool = false) {
            func draw(_ c: (Double, Double, String), _ box: Box) {
                svg.text(text, x: c.0, y: c.1, size: valueSize, anchor: c.2, weight: weight, fill: fill)
                taken.append(box)
            }
            for clear in required ? [true, false] : [true] {
                for c in candidates {
                    let box = Box(text: text, x: c.0, y: c.1, size: valueSize, anchor: c.2)
                    if fits(box, clearOfLines: clear) { return draw(c, box) }
                }
            }
            guard required, let first = candidates.first else { return }
            // Further out (a label next to the target's), else where it was meant to go.
            let highest = candidates.prefix(2).map(\.1).min() ?? first.1
            for step in [1.0, 2.0, 3.0] {
                for c in candidates.prefix(2) {
                    let moved = (c.0, c.1 + (c.1 == highest ? -1 : 1) * valueSize * 1.2 * step, c.2)
                    let box = Box(text: text, x: moved.0, y: moved.1, size: valueSize, anchor: moved.2)
                    if fits(box) { return draw(moved, box) }
                }
            }
            draw(first, Box(text: text, x: first.0, y: first.1, size: valueSize, anchor: first.2))
        }
        let observed = s.actual.compactMap { p in p.1.map { (p.0, $0) } }
        // Average growth plots the annual rates: the latest point is the latest annual rate (a.latest is the average so far).
        let latest = t.form == .averageGrowth ? observed.last : a.latest.flatMap { l in observed.last { $0.0 == l.year } } ?? observed.last
        func actualLabel(_ point: (Int, Double), bold: Bool) {
            let x = f.x(point.0), y = f.y(point.1)
            // Above the point, unless the line comes down to it (a dip): then below first.
            let previous = observed.last { $0.0 < point.0 }?.1
            let dip = previous.map { $0 > point.1 } ?? false
            let above = (x, y - 8, "middle"), below = (x, y + valueSize + 6, "middle")
            let aboveRight = (x + 3, y - 8, "start"), belowRight = (x + 3, y + valueSize + 6, "start")
            let aboveLeft = (x - 3, y - 8, "end"), belowLeft = (x - 3, y + valueSize + 6, "end")
            place(number(point.1), (dip ? [below, above, belowRight, belowLeft, aboveRight, aboveLeft] : [above, below, aboveRight, aboveLeft, belowRight, belowLeft])
                  + [(x + 6, y + valueSize * 0.35, "start"), (x - 6, y + valueSize * 0.35, "end")],
                  weight: bold ? "bold" : nil, fill: TextColour.actual, required: bold)
        }
        // An actual on the baseline's circle (same year and value) is labelled once, as the baseline.
        let sameAsBaseline: ((Int, Double)) -> Bool = { p in s.baseline.map { $0.0 == p.0 && abs($0.1 - p.1) <= 1e-9 * max(1, abs(p.1)) } ?? false }
        if let latest, !sameAsBaseline(latest) { actualLabel(latest, bold: true) }
        if let b = s.baseline {
            let x = f.x(b.0), y = f.y(b.1), off = full ? 7.0 : 5.0
            place(number(b.1), [(x + off, y + valueSize + 5, "start"), (x + off, y - 8, "start"), (x - off - 2, y + valueSize * 0.35, "end")],
                  weight: nil, fill: TextColour.body, required: true)
        }
        do {
            var others = observed.filter { $0.0 != latest?.0 && !sameAsBaseline($0) }
            if !full { others = Array(others.prefix(1)).filter { _ in s.baseline == nil } }
            if let first = others.first { actualLabel(first, bold: false) }
            for p in others.dropFirst().reversed() { actualLabel(p, bold: false) }
        }

        if s.actual.allSatisfy({ $0.1 == nil }) {
            svg.text(language.noData, x: (left + right) / 2, y: (top + bottom) / 2, size: full ? 13 : 10, anchor: "middle", fill: TextColour.muted)
        }
        if full { drawLegend(&svg, s: s, y: height - 60) }
    }

    /// The target's label by its diamond, wrapped, never cut in a number: to the right of the
    /// marker when its lines fit the right margin (at most three), else above it (below near the
    /// top) on up to three lines ending at the chart's margin.
    func aimLabel(markerX x: Double, markerY y: Double, markerR r: Double, top: Double, bottom: Double)
        -> [(text: String, x: Double, y: Double, size: Double, anchor: String)] {
        let full = size == .full
        let label = (full ? aimWord + " " : "") + boundText, labelSize = full ? 11.5 : 9.5, lineHeight = labelSize * 1.2
        guard !boundText.isEmpty else { return [] }
        let room = width - x - r - 6
        // One line; else (full size) the word "Target" on a line of its own and the target text under it.
        var right = TextMetrics.wrapBalanced(label, width: room, fontSize: labelSize, maxLines: 3)
        if full, right.count > 1 {
            let text = TextMetrics.wrapBalanced(boundText, width: room, fontSize: labelSize, maxLines: 3)
            if text.count <= 2, Self.wrappedWhole(text, boundText), TextMetrics.width(aimWord, fontSize: labelSize) <= room { right = [aimWord] + text }
        }
        if right.count <= (full ? 3 : 2), room > labelSize * 2, Self.wrappedWhole(right, label) {
            let first = y + labelSize * 0.35 - lineHeight * Double(right.count - 1) / 2
            return right.enumerated().map { ($1, x + r + 4, first + lineHeight * Double($0), labelSize, "start") }
        }
        let lines = TextMetrics.wrapBalanced(label, width: full ? 260 : 170, fontSize: labelSize, maxLines: 3)
        let block = lineHeight * Double(lines.count - 1)
        var first = y - r - 6 - block
        if first - labelSize < top { first = y + r + labelSize + 2 }
        return lines.enumerated().map { ($1, width - 8, first + lineHeight * Double($0), labelSize, "end") }
    }

    /// Whether `lines` are all of `text`, broken only where a line may end (at a space, or between
    /// characters ``TextMetrics`` may part): not cut, not split inside a number or a bracket.
    static func wrappedWhole(_ lines: [String], _ text: String) -> Bool {
        guard lines.joined().filter({ $0 != " " }) == text.filter({ $0 != " " }) else { return false }
        for (a, b) in zip(lines, lines.dropFirst()) {
            guard let last = a.last, let first = b.first else { return false }
            let atSpace = text.contains(a + " " + b.prefix(1)) && !TextMetrics.opening.contains(last)
            if !atSpace, !TextMetrics.canBreak(last, first) { return false }
        }
        return true
    }

    static let fanColour = "#4f81b0", fanOpacity = "0.2", noteColour = TextColour.note
    /// A white outline under text drawn over the plot.
    static let halo = [("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("paint-order", "stroke")]

    /// The legend row (wrapping): only what is drawn.
    func drawLegend(_ svg: inout SVG, s: Series, y: Double) {
        var items: [(LegendSymbol, String)] = []
        if s.baseline != nil { items.append((.circle, language.baseline)) }
        if s.aim != nil { items.append((s.band == nil ? .diamond : .band, aimWord)) }
        if s.expected.count > 1 { items.append((.dashed("#666666", "6 4"), language.requiredPath)) }
        if s.actual.contains(where: { $0.1 != nil }) { items.append((.solid, language.actual)) }
        if !s.broken.isEmpty { items.append((.square, language.notComparable)) }
        if s.projection.count > 1 {
            let trend = result.assessment.projection?.basis == .trend
            items.append((.dotted, trend ? language.projection : language.pick("按实际速度外推", "Actual rate carried on")))
        }
        if s.fan.count > 1 { items.append((.fan, language.interval)) }
        if s.fromLatest.count > 1 { items.append((.dashed(StatusPalette.colour(result.assessment.status), "2 3"), language.fromLatest)) }
        _ = LegendSymbol.draw(items, in: &svg, x: 12, y: y, right: width - 12)
    }
}

/// The symbols of the line-style legends (a chart's and the dashboard's).
enum LegendSymbol {
    case dashed(String, String), solid, dotted, fan, square, circle, diamond, band

    static let fontSize = 10.5, rowHeight = 16.0

    /// The width of an item: symbol, gap, label and the space before the next.
    static func width(_ label: String) -> Double { 26 + TextMetrics.width(label, fontSize: fontSize) + 16 }

    /// How many rows `items` take from `x` to `right`.
    static func rows(_ items: [(LegendSymbol, String)], x start: Double, right: Double) -> Int {
        var x = start, rows = items.isEmpty ? 0 : 1
        for (_, label) in items {
            let w = width(label)
            if x + w > right, x > start { x = start; rows += 1 }
            x += w
        }
        return rows
    }

    /// Draws `items` in rows from (`x`, baseline `y`), wrapping at `right`; returns the last row's baseline.
    @discardableResult
    static func draw(_ items: [(LegendSymbol, String)], in svg: inout SVG, x start: Double, y: Double, right: Double) -> Double {
        var x = start, row = y
        for (symbol, label) in items {
            let w = width(label)
            if x + w > right, x > start { x = start; row += rowHeight }
            let cy = row - 4
            switch symbol {
            case .dashed(let colour, let dash): svg.line(x, cy, x + 20, cy, stroke: colour, width: 1.8, dash: dash)
            case .solid: svg.line(x, cy, x + 20, cy, stroke: "#1f3b57", width: 2.6); svg.circle(x + 10, cy, r: 3.2, fill: "#1f3b57")
            case .dotted: svg.line(x, cy, x + 20, cy, stroke: "#1f3b57", width: 2, dash: "0.5 4.5")
            case .fan: svg.polygon([(x, cy), (x + 20, cy - 7), (x + 20, cy + 7)], fill: TrajectoryChart.fanColour, extra: [("fill-opacity", TrajectoryChart.fanOpacity)])
            case .square: svg.rect(x + 6, cy - 4, 8, 8, fill: "#ffffff", stroke: "#8c7aa9")
            case .circle: svg.circle(x + 10, cy, r: 4.5, fill: "#ffffff", stroke: "#333333", width: 1.8)
            case .diamond: svg.polygon([(x + 10, cy - 6), (x + 16, cy), (x + 10, cy + 6), (x + 4, cy)], fill: "#222222")
            case .band:
                svg.rect(x + 4, cy - 7, 12, 14, fill: "#222222", extra: [("fill-opacity", "0.09")])
                svg.polygon([(x + 10, cy - 5), (x + 15, cy), (x + 10, cy + 5), (x + 5, cy)], fill: "#222222")
            }
            svg.text(label, x: x + 26, y: row, size: fontSize, fill: TextColour.body)
            x += w
        }
        return row
    }
}
