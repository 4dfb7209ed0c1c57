import OnTrackCore
import OnTrackNumerics

/// Small multiples: one compact trajectory chart per target, most severe first, under a status
/// legend. A panel whose status and projection point different ways carries a numbered marker; the
/// explanations are listed under the grid, and each is in its panel's tooltip too.
public struct Dashboard: Sendable {
    public var charts: [TrajectoryChart]
    public var language: ChartLanguage
    public var title: String
    public var columns: Int

    public init(charts: [TrajectoryChart], language: ChartLanguage = .zh, title: String, columns: Int = 3) {
        self.charts = Self.bySeverity(charts).map { var c = $0; c.size = .compact; c.language = language; return c }
        self.language = language
        self.title = title
        self.columns = max(columns, 1)
    }

    /// Worst first (moving away … achieved, then the verdicts off the scale); within a status the
    /// lowest progress ratio first; then by target id.
    public static func bySeverity(_ charts: [TrajectoryChart]) -> [TrajectoryChart] {
        let rank = Dictionary(uniqueKeysWithValues: StatusPalette.legendOrder.enumerated().map { ($1, $0) })
        return charts.sorted { a, b in
            let ra = rank[a.result.assessment.status] ?? 99, rb = rank[b.result.assessment.status] ?? 99
            if ra != rb { return ra < rb }
            let xa = a.result.assessment.ratio ?? .infinity, xb = b.result.assessment.ratio ?? .infinity
            if xa != xb { return xa < xb }
            return a.result.target.id < b.result.target.id
        }
    }

    static let cellWidth = 340.0, cellHeight = 230.0, gap = 12.0

    /// The title, the status legend and the line-style legend's rows.
    var header: Double { 78 + Double(LegendSymbol.rows(lineLegend, x: Self.gap, right: width - Self.gap)) * LegendSymbol.rowHeight + 4 }

    /// What the lines and markers of the panels mean, in the panels' styles: baseline, target,
    /// required path, actual, values on another definition (when a panel has one), projection,
    /// its interval and the path required from the latest actual (in the panel's status colour).
    var lineLegend: [(LegendSymbol, String)] {
        guard charts.contains(where: { !$0.isTextCard }) else { return [] }
        var items: [(LegendSymbol, String)] = [(.circle, language.baseline), (.diamond, language.target),
                                               (.dashed("#666666", "6 4"), language.requiredPath), (.solid, language.actual)]
        if charts.contains(where: { !$0.series.broken.isEmpty }) { items.append((.square, language.notComparable)) }
        items += [(.dotted, language.projection), (.fan, language.interval),
                  (.dashed("#555555", "2 3"), language.fromLatest + language.pick("（状态色）", " (status colour)"))]
        return items
    }

    static let noteSize = 11.5, noteLine = 16.0, noteLines = 3

    public var width: Double { Self.gap + Double(columns) * (Self.cellWidth + Self.gap) }
    public var height: Double {
        let notes = self.notes
        return gridBottom + (notes.isEmpty ? 0 : 24 + Double(notes.reduce(0) { $0 + $1.lines.count }) * Self.noteLine + 6)
    }

    var gridBottom: Double {
        let rows = (charts.count + columns - 1) / columns
        return header + Double(max(rows, 1)) * (Self.cellHeight + Self.gap) + Self.gap
    }

    /// The charts in order, each with its note number when it has an explanation.
    var numbered: [TrajectoryChart] {
        var n = 0
        return charts.map { c in
            var c = c
            if c.explanationText != nil { n += 1; c.noteNumber = n } else { c.noteNumber = nil }
            return c
        }
    }

    /// The note list: "n  id name: explanation", wrapped to the dashboard's width (the full text is
    /// in the panel's tooltip when it is cut).
    var notes: [(number: Int, lines: [String])] {
        let lineWidth = width - 2 * Self.gap - noteIndent
        return numbered.compactMap { c in
            guard let n = c.noteNumber, let e = c.explanationText else { return nil }
            let text = c.result.target.id + " " + c.name + language.pick("：", ": ") + e
            return (n, TextMetrics.wrap(text, width: lineWidth, fontSize: Self.noteSize, maxLines: Self.noteLines))
        }
    }

    /// Room for the widest marker in the note list.
    var noteIndent: Double {
        let count = charts.filter { $0.explanationText != nil }.count
        return TextMetrics.width(language.noteMarker(max(count, 1)), fontSize: Self.noteSize) + 10
    }

    public var svg: String {
        var svg = SVG(language: language)
        svg.text(TextMetrics.fit(title, width: width - 24, fontSize: 18), x: Self.gap, y: 28, size: 18, weight: "bold", fill: TextColour.title)
        // Status legend: colour swatch and text for every status shown.
        let present = StatusPalette.legendOrder.filter { s in charts.contains { $0.result.assessment.status == s } }
        var x = Self.gap
        for s in present {
            let count = charts.filter { $0.result.assessment.status == s }.count
            let label = "\(language.statusName(s)) \(count)"
            svg.rect(x, 44, 14, 14, fill: StatusPalette.colour(s), rx: 2)
            svg.text(label, x: x + 19, y: 56, size: 12, fill: TextColour.body)
            x += 19 + TextMetrics.width(label, fontSize: 12) + 18
        }
        LegendSymbol.draw(lineLegend, in: &svg, x: Self.gap, y: 80, right: width - Self.gap)
        if charts.isEmpty {
            svg.text(language.pick("没有可绘制的目标", "No target to chart"), x: Self.gap, y: header + 30, size: 13, fill: TextColour.muted)
        }
        for (i, chart) in numbered.enumerated() {
            let cx = Self.gap + Double(i % columns) * (Self.cellWidth + Self.gap)
            let cy = header + Double(i / columns) * (Self.cellHeight + Self.gap)
            svg.rect(cx - 0.5, cy - 0.5, Self.cellWidth + 1, Self.cellHeight + 1, fill: "none", stroke: "#dddddd")
            svg.raw("<svg x=\"\(SVG.num(cx))\" y=\"\(SVG.num(cy))\" width=\"\(SVG.num(Self.cellWidth))\" height=\"\(SVG.num(Self.cellHeight))\" viewBox=\"0 0 \(SVG.num(chart.width)) \(SVG.num(chart.height))\">\n")
            svg.raw("<title>\(svg.content(tooltip(chart)))</title>\n")
            svg.raw(chart.body)
            svg.raw("</svg>\n")
        }
        // The explanations, numbered as the panels' markers.
        let notes = self.notes
        if !notes.isEmpty {
            var y = gridBottom + 18
            svg.text(language.notes, x: Self.gap, y: y, size: 12.5, weight: "bold", fill: TextColour.title)
            y += 6
            for note in notes {
                for (j, line) in note.lines.enumerated() {
                    y += Self.noteLine
                    if j == 0 {
                        svg.text(language.noteMarker(note.number), x: Self.gap, y: y, size: Self.noteSize, weight: "bold", fill: TrajectoryChart.noteColour)
                    }
                    svg.text(line, x: Self.gap + noteIndent, y: y, size: Self.noteSize, fill: TextColour.body)
                }
            }
        }
        var desc = language.pick("\(charts.count)个目标的轨迹小图，按严重程度排序。", "Trajectory charts of \(charts.count) targets, most severe first.")
        if !notes.isEmpty {
            desc += language.pick("图下列出\(notes.count)条说明。", " \(notes.count) notes under the grid.")
        }
        return SVG.document(width: width, height: height, title: title, desc: desc, id: "ot-dashboard", language: language, body: svg.body)
    }
}

extension Dashboard {
    /// A panel's tooltip: title, status, outlook and the full explanation.
    func tooltip(_ chart: TrajectoryChart) -> String {
        var parts = [chart.titleText, language.statusName(chart.result.assessment.status)]
        if let o = chart.outlookText { parts.append(o) }
        if let e = chart.explanationText { parts.append(language.note + e) }
        return parts.joined(separator: " — ")
    }
}

/// Counts of targets by status, one stacked bar per document (or any other grouping).
public struct StatusOverview: Sendable {
    public var groups: [(label: String, statuses: [Status])]
    public var language: ChartLanguage
    public var title: String

    public init(groups: [(label: String, statuses: [Status])], language: ChartLanguage = .zh, title: String) {
        self.groups = groups
        self.language = language
        self.title = title
    }

    /// One group per source document, in file order.
    public static func byDocument(_ results: [TargetAssessment], language: ChartLanguage = .zh, title: String) -> StatusOverview {
        var order: [String] = []
        var statuses: [String: [Status]] = [:]
        for r in results {
            let doc = r.target.isWhatIf ? language.whatIf
                : r.target.source.document.isEmpty ? r.target.source.location : r.target.source.document
            // A plan's source files start with the document's number (`004 …`): it leads the label.
            let number = r.target.source.location.prefix(3)
            let key = number.allSatisfy(\.isNumber) && number.count == 3 ? number + " " + doc : doc
            if statuses[key] == nil { order.append(key) }
            statuses[key, default: []].append(r.assessment.status)
        }
        order.sort(by: naturalOrder)
        return StatusOverview(groups: order.map { ($0, statuses[$0]!) }, language: language, title: title)
    }

    /// Text order with runs of digits compared as numbers (`Goal 2` before `Goal 10`).
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func parts(_ s: String) -> [(Int?, String)] {
            var out: [(Int?, String)] = [], run = "", digits = false
            for c in s {
                let d = c.isASCII && c.isNumber
                if !run.isEmpty, d != digits { out.append((digits ? Int(run) : nil, run)); run = "" }
                digits = d
                run.append(c)
            }
            if !run.isEmpty { out.append((digits ? Int(run) : nil, run)) }
            return out
        }
        let x = parts(a), y = parts(b)
        for (p, q) in zip(x, y) where p.1 != q.1 {
            if let m = p.0, let n = q.0, m != n { return m < n }
            return p.1 < q.1
        }
        return x.count < y.count
    }

    public let width = 760.0
    static let labelWidth = 250.0, rowHeight = 26.0, top = 84.0

    public var height: Double { Self.top + Double(groups.count) * Self.rowHeight + 30 }

    public var svg: String {
        var svg = SVG(language: language)
        svg.text(TextMetrics.fit(title, width: width - 24, fontSize: 17), x: 12, y: 26, size: 17, weight: "bold", fill: TextColour.title)
        let present = StatusPalette.legendOrder.filter { s in groups.contains { $0.statuses.contains(s) } }
        var x = 12.0, y = 50.0
        for s in present {
            let label = language.statusName(s)
            let w = 19 + TextMetrics.width(label, fontSize: 11.5) + 16
            if x + w > width - 12 { x = 12; y += 18 }
            svg.rect(x, y - 11, 13, 13, fill: StatusPalette.colour(s), rx: 2)
            svg.text(label, x: x + 18, y: y, size: 11.5, fill: "#333333")
            x += w
        }
        let maxTotal = Double(groups.map(\.statuses.count).max() ?? 1)
        let barLeft = 12 + Self.labelWidth + 8, barRight = width - 48
        for (i, g) in groups.enumerated() {
            let rowY = Self.top + Double(i) * Self.rowHeight
            svg.text(TextMetrics.fit(g.label, width: Self.labelWidth, fontSize: 11.5), x: 12, y: rowY + 16, size: 11.5, fill: "#333333")
            var bx = barLeft
            for s in StatusPalette.legendOrder {
                let n = g.statuses.filter { $0 == s }.count
                guard n > 0 else { continue }
                let w = Double(n) / maxTotal * (barRight - barLeft)
                svg.rect(bx, rowY + 4, w, Self.rowHeight - 8, fill: StatusPalette.colour(s), extra: [("stroke", "#ffffff"), ("stroke-width", "0.8")])
                let label = String(n)
                if TextMetrics.width(label, fontSize: 10.5) + 4 < w {
                    svg.text(label, x: bx + w / 2, y: rowY + 17, size: 10.5, anchor: "middle", fill: StatusPalette.ink(s))
                }
                bx += w
            }
            svg.text(String(g.statuses.count), x: bx + 5, y: rowY + 17, size: 11, fill: "#333333")
        }
        let total = groups.reduce(0) { $0 + $1.statuses.count }
        let desc = language.pick("\(total)个目标按状态统计，每行一个文件。", "Status of \(total) targets, one bar per document.")
        return SVG.document(width: width, height: height, title: title, desc: desc, id: "ot-overview", language: language, body: svg.body)
    }
}
