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
        SVG.document(width: width, height: height, title: titleText, desc: description, id: elementID, body: body, markChinese: language == .en)
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
        switch t.form {
        case .cumulative:
            s.axisLabel = language.runningTotal + language.pick("（" + unit + "）", " (" + unit + ")")
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

    var titleText: String {
        if unit.isEmpty { return name }
        return language == .zh ? "\(name)（\(unit)）" : "\(name) (\(unit))"
    }

    func rate(_ c: AnnualChange) -> String {
        if c.unit == .percent { return Markup.fixed(c.display, decimals: 2) + (language == .zh ? "%" : "%/yr") }
        let v = (c.value >= 0 ? "+" : "") + Markup.value(c.value)
        if result.indicator.unit == "%" { return language == .zh ? v + "个百分点" : v + " pt/yr" }
        if result.indicator.unit.hasPrefix("∶") || result.indicator.unit.hasPrefix(":") { return language == .zh ? v + "/年" : v + "/yr" }
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
        let n = Markup.value(v), form = result.target.form
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
        let v = PlainText.significant(p.value) + (t.form == .averageGrowth ? "%" : "")
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
            let range = PlainText.significant(lo) + pct + "–" + PlainText.significant(hi) + pct
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
        var out = language.source
        if !s.document.isEmpty { out += s.document + language.pick("，", ", ") }
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
            if let b = a.baseline { out += "，基期\(b.year)年\(Markup.value(b.value))" }
            out += "。"
            if let l = a.latest { out += "最新实际值\(l.year)年\(Markup.value(l.value))。" } else { out += language.noData + "。" }
            out += "状态：\(a.status.chinese)。"
            if let o = outlookText { out += o + "。" }
            if let e = a.explanation { out += "说明：" + e.chinese + "。" }
        } else {
            out = t.boundIsPace ? "\(name): no target; on-track pace \(boundText) (\(unit)) by \(t.targetYear)"
                : "\(name): target \(boundText) (\(unit)) by \(t.targetYear)"
            if let b = a.baseline { out += ", from \(Markup.value(b.value)) in \(b.year)" }
            out += ". "
            if let l = a.latest { out += "Latest actual \(Markup.value(l.value)) in \(l.year). " } else { out += language.noData + ". " }
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

    var body: String {
        let s = series
        let t = result.target, a = result.assessment
        let full = size == .full
        var svg = SVG(markChinese: language == .en)

        // Title, status badge and rates.
        let titleSize = full ? 17.0 : 12.5
        svg.text(TextMetrics.fit(titleText, width: width - 24, fontSize: titleSize), x: 12, y: full ? 26 : 18, size: titleSize, weight: "bold", fill: "#1a1a1a")
        let status = language.statusName(a.status)
        let badgeSize = full ? 12.0 : 10.5
        let badgeW = TextMetrics.width(status, fontSize: badgeSize) + 14
        let badgeY = full ? 36.0 : 25.0, badgeH = full ? 20.0 : 16.0
        svg.rect(12, badgeY, badgeW, badgeH, fill: StatusPalette.colour(a.status), rx: 3)
        svg.text(status, x: 12 + badgeW / 2, y: badgeY + badgeH * 0.72, size: badgeSize, anchor: "middle", weight: "bold", fill: StatusPalette.ink(a.status))
        let subtitleX = 12 + badgeW + 8
        let subtitleSize = full ? 12.5 : 10
        let subtitle = full ? ratesText : t.id + " · " + boundText + " (\(t.targetYear))"
        var subtitleRight = width - 12
        if !full, explanationText != nil {
            // The explanation is in the dashboard's notes and the panel's tooltip; a marker here.
            let marker = language.noteMarker(noteNumber)
            svg.text(marker, x: width - 10, y: badgeY + badgeH * 0.72, size: subtitleSize, anchor: "end", weight: "bold", fill: Self.noteColour)
            subtitleRight -= TextMetrics.width(marker, fontSize: subtitleSize) + 8
        }
        svg.text(TextMetrics.fit(subtitle, width: subtitleRight - subtitleX, fontSize: subtitleSize), x: subtitleX, y: badgeY + badgeH * 0.72, size: subtitleSize, fill: "#444444")
        // Outlook (or shortfall) and the explanation, under the badge at full size.
        let lines = headerLines
        let indent = TextMetrics.width(language.note, fontSize: Self.noteSize) + 2
        var lineY = badgeY + badgeH * 0.72
        for (i, line) in lines.enumerated() {
            lineY += Self.headerLineHeight
            if line.isNote {
                if i == 0 || !lines[i - 1].isNote { svg.text(language.note, x: 12, y: lineY, size: Self.noteSize, weight: "bold", fill: Self.noteColour) }
                svg.text(line.text, x: 12 + indent, y: lineY, size: Self.noteSize, fill: "#333333")
            } else {
                svg.text(line.text, x: 12, y: lineY, size: Self.outlookSize, fill: "#444444")
            }
        }

        // Frame and scales.
        var values: [Double] = s.expected.map(\.1) + s.actual.compactMap(\.1) + s.broken.map(\.1) + s.fromLatest.map(\.1) + s.projection.map(\.1)
            + s.fan.flatMap { [$0.1, $0.2] }
        if let b = s.baseline { values.append(b.1) }
        if let aim = s.aim { values.append(aim.1) }
        if let band = s.band { values += [band.0, band.1].filter(\.isFinite) }
        let years = path.map(\.year) + [t.targetYear] + (s.baseline.map { [$0.0] } ?? [])
        let x0 = years.min() ?? t.baselineYear, x1 = max(years.max() ?? t.targetYear, x0 + 1)
        let axisFont = full ? 11.0 : 9.0
        // A little room above and below, so that no point sits on the frame.
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        let pad = (hi - lo) * 0.06
        lo = (lo >= 0 && lo - pad < 0) ? 0 : lo - pad
        hi += pad
        let scale = NiceScale(min: lo, max: hi, ticks: full ? 6 : 4)
        let tickLabels = scale.ticks.map { Markup.fixed($0, decimals: scale.decimals) }
        let labelWidth = tickLabels.map { TextMetrics.width($0, fontSize: axisFont) }.max() ?? 20
        let top = full ? 84 + Self.headerLineHeight * Double(lines.count) : 62.0
        let bottom = height - (full ? 88 : 26)
        let left = 12 + labelWidth + 8
        let right = width - (full ? 118 : 46)
        let f = Frame(left: left, top: top, right: right, bottom: bottom, x0: x0, x1: x1, scale: scale)

        // Unit above the value axis.
        if !s.axisLabel.isEmpty {
            svg.text(TextMetrics.fit((full ? language.unit : "") + s.axisLabel, width: width - 24, fontSize: axisFont), x: 12, y: top - (full ? 12 : 7), size: axisFont, fill: "#555555")
        }

        // Grid and value ticks.
        for (v, label) in zip(scale.ticks, tickLabels) {
            let y = f.y(v)
            svg.line(left, y, right, y, stroke: "#e4e4e4")
            svg.text(label, x: left - 6, y: y + axisFont * 0.35, size: axisFont, anchor: "end", fill: "#555555")
        }
        // Year ticks: no more labels than fit.
        let yearLabelWidth = TextMetrics.width("2025", fontSize: axisFont) + 10
        for year in NiceScale.years(from: x0, to: x1, maxLabels: Int((right - left) / yearLabelWidth)) {
            let x = f.x(year)
            svg.line(x, bottom, x, bottom + 4, stroke: "#888888")
            svg.text(String(year), x: x, y: bottom + 6 + axisFont, size: axisFont, anchor: "middle", fill: "#555555")
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
        for r in runs { svg.polyline(r, stroke: "#1f3b57", width: full ? 2.6 : 2) }
        for r in runs { for p in r { svg.circle(p.0, p.1, r: full ? 3.6 : 2.6, fill: "#1f3b57") } }

        // Values on another definition, apart from the line.
        for (year, v) in s.broken {
            let x = f.x(year), y = f.y(v), r = full ? 4.0 : 3.0
            svg.rect(x - r, y - r, 2 * r, 2 * r, fill: "#ffffff", stroke: "#8c7aa9")
        }
        if let last = s.broken.last, full {
            svg.text(language.notComparable, x: f.x(last.0), y: f.y(last.1) - 9, size: 10.5, anchor: "middle", fill: "#6a5a87")
        }

        // Baseline and target markers with their values.
        if let b = s.baseline {
            let x = f.x(b.0), y = f.y(b.1)
            svg.circle(x, y, r: full ? 5 : 3.8, fill: "#ffffff", stroke: "#333333", width: 1.8)
            // Below the point, or above it when the x axis is too close.
            if full { svg.text(Markup.value(b.1), x: x + 7, y: y + 16 < f.bottom - 4 ? y + 16 : y - 9, size: 10.5, fill: "#333333") }
        }
        if let aim = s.aim {
            let x = f.x(aim.0), y = f.y(aim.1), r = full ? 7.0 : 5.0
            svg.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill: "#222222")
            let label = (full ? aimWord + " " : "") + boundText, labelSize = full ? 11.5 : 9.5
            if TextMetrics.width(label, fontSize: labelSize) <= width - x - r - 8 {
                svg.text(label, x: x + r + 4, y: y + 4, size: labelSize, weight: "bold", fill: "#222222")
            } else {
                // Too long for the right margin: above the marker (below it near the top), ending
                // at the margin, on a white halo so that it reads over the band and the fan.
                let ly = y - r - 6 - labelSize > top ? y - r - 6 : y + r + labelSize + 2
                svg.text(TextMetrics.fit(label, width: width - 24, fontSize: labelSize), x: width - 8, y: ly, size: labelSize, anchor: "end",
                         weight: "bold", fill: "#222222", extra: Self.halo)
            }
        }
        if let l = a.latest, full, t.form != .averageGrowth, let point = s.actual.last(where: { $0.1 != nil && $0.0 == l.year }) ?? (t.form == .cumulative ? s.actual.last(where: { $0.1 != nil }) : nil) {
            let x = f.x(point.0), y = f.y(point.1!)
            // Above the point, unless the line comes down to it (a dip): then below.
            let previous = s.actual.last(where: { $0.0 < point.0 && $0.1 != nil })?.1 ?? nil
            let dip = previous.map { $0 > point.1! } ?? false
            let ly = dip && y + 20 < f.bottom ? y + 19 : y - 9
            svg.text(Markup.value(point.1!), x: x, y: ly, size: 10.5, anchor: "middle", weight: "bold", fill: "#1f3b57")
        }
        if s.actual.allSatisfy({ $0.1 == nil }) {
            svg.text(language.noData, x: (left + right) / 2, y: (top + bottom) / 2, size: full ? 13 : 10, anchor: "middle", fill: "#888888")
        }

        if full {
            drawLegend(&svg, s: s, y: height - 52)
            svg.text(TextMetrics.fit(sourceText, width: width - 24, fontSize: 10), x: 12, y: height - 14, size: 10, fill: "#666666")
        }
        return svg.body
    }

    static let fanColour = "#4f81b0", fanOpacity = "0.2", noteColour = "#8a4b08"
    /// A white outline under text drawn over the plot.
    static let halo = [("stroke", "#ffffff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("paint-order", "stroke")]

    /// The legend row (wrapping): only what is drawn.
    func drawLegend(_ svg: inout SVG, s: Series, y: Double) {
        enum Symbol { case dashed(String, String), solid, dotted, fan, square, circle, diamond, band }
        var items: [(Symbol, String)] = []
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
        var x = 12.0, row = y
        for (symbol, label) in items {
            let w = 26 + TextMetrics.width(label, fontSize: 10.5) + 16
            if x + w > width - 12 { x = 12; row += 16 }
            let cy = row - 4
            switch symbol {
            case .dashed(let colour, let dash): svg.line(x, cy, x + 20, cy, stroke: colour, width: 1.8, dash: dash)
            case .solid: svg.line(x, cy, x + 20, cy, stroke: "#1f3b57", width: 2.6); svg.circle(x + 10, cy, r: 3.2, fill: "#1f3b57")
            case .dotted: svg.line(x, cy, x + 20, cy, stroke: "#1f3b57", width: 2, dash: "0.5 4.5")
            case .fan: svg.polygon([(x, cy), (x + 20, cy - 7), (x + 20, cy + 7)], fill: Self.fanColour, extra: [("fill-opacity", Self.fanOpacity)])
            case .square: svg.rect(x + 6, cy - 4, 8, 8, fill: "#ffffff", stroke: "#8c7aa9")
            case .circle: svg.circle(x + 10, cy, r: 4.5, fill: "#ffffff", stroke: "#333333", width: 1.8)
            case .diamond: svg.polygon([(x + 10, cy - 6), (x + 16, cy), (x + 10, cy + 6), (x + 4, cy)], fill: "#222222")
            case .band:
                svg.rect(x + 4, cy - 7, 12, 14, fill: "#222222", extra: [("fill-opacity", "0.09")])
                svg.polygon([(x + 10, cy - 5), (x + 15, cy), (x + 10, cy + 5), (x + 5, cy)], fill: "#222222")
            }
            svg.text(label, x: x + 26, y: row, size: 10.5, fill: "#333333")
            x += w
        }
    }
}
