import OnTrackCore
import OnTrackNumerics

/// A one-file HTML briefing: status overview, the alerts first, a sortable table of every target
/// (with the outlook next to the status, and the explanation wherever status and projection point
/// different ways), one trajectory chart per target with a path to draw, and the method in a short
/// appendix. SVGs are inline, the table is sorted by a few lines of inline script, and nothing is
/// fetched from the network.
/// The markup is well-formed XML as well as HTML, so it can be checked with an XML parser.
public struct BriefingReport: Sendable {
    public var datasetName: String
    public var results: [TargetAssessment]
    public var charts: [TrajectoryChart]
    public var language: ChartLanguage
    public var asOf: Int?

    /// Missed targets are alerts from this target year on (``AlertRaiser/missedSince``).
    public var missedSince: Int?

    /// What the sources are: a plan's documents, or an Open SDG repository's goals.
    public enum Sources: Sendable { case documents, goals }
    public var sources: Sources = .documents

    public init(datasetName: String, results: [TargetAssessment], charts: [TrajectoryChart], language: ChartLanguage = .zh, asOf: Int? = nil,
                missedSince: Int? = nil) {
        self.missedSince = missedSince
        self.datasetName = datasetName
        self.results = results
        self.charts = Dashboard.bySeverity(charts.filter { !$0.path.isEmpty }).map { var c = $0; c.size = .full; c.language = language; return c }
        self.language = language
        self.asOf = asOf
    }


    var L: ChartLanguage { language }

    public var html: String {
        let title = sources == .goals ? L.pick("可持续发展目标指标进展简报：\(datasetName)", "Briefing on SDG indicators: \(datasetName)")
            : L.pick("目标进展简报：\(datasetName)", "Briefing on plan targets: \(datasetName)")
        let documents = Set(results.map { $0.target.source.document.isEmpty ? $0.target.source.location : $0.target.source.document }).count
        let latestYear = results.compactMap { $0.assessment.latest?.year }.max()
        let rank = Dictionary(uniqueKeysWithValues: StatusPalette.legendOrder.enumerated().map { ($1, $0) })
        var h = """
        <!DOCTYPE html>
        <html lang="\(L == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(Markup.text(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <header>
        <h1>\(Markup.text(title))</h1>

        """
        var summary = sources == .goals
            ? L.pick("\(results.count)个序列，属于\(documents)个目标（Goal）。", "\(results.count) series under \(documents) goals. ")
            : L.pick("\(results.count)个目标，来自\(documents)份文件。", "\(results.count) targets from \(documents) documents. ")
        if let y = latestYear { summary += L.pick("最新实际值年份：\(y)。", "Latest actual: \(y). ") }
        if let asOf { summary += L.pick("只使用\(asOf)年及以前的实际值。", "Only actuals up to \(asOf) are used.") }
        h += "<p class=\"lead\">\(Markup.text(summary))</p>\n"
        var counts: [String] = []
        for s in StatusPalette.legendOrder {
            let n = results.filter { $0.assessment.status == s }.count
            if n > 0 { counts.append("\(badge(s)) \(n)") }
        }
        h += "<p class=\"counts\">\(counts.joined(separator: " "))</p>\n</header>\n"

        // Overview chart.
        let overview = StatusOverview.byDocument(results, language: L, title: sources == .goals
            ? L.pick("按目标（Goal）统计的序列状态", "Status of series by goal") : L.pick("按文件统计的目标状态", "Status of targets by document"))
        h += "<section>\n<h2>\(L.pick("总览", "Overview"))</h2>\n<figure class=\"wide\">\(Self.inline(overview.svg))</figure>\n</section>\n"

        // Alerts first.
        // The alerts of `ontrack alerts`, in its order: missed and behind-schedule targets.
        let alerts = AlertRaiser(missedSince: missedSince).raise(results).map(\.current)
        h += "<section>\n<h2>\(L.pick("预警：未实现或进度落后的目标", "Alerts: targets missed or behind schedule")) (\(alerts.count))</h2>\n"
        if alerts.isEmpty {
            h += "<p>\(L.pick("没有进度落后的目标。", "No target is behind schedule."))</p>\n"
        } else {
            h += "<table>\n<thead><tr>" + [L.pick("目标编号", "Target"), L.pick("指标", "Indicator"), L.pick("目标", "Target value"),
                                          L.pick("最新", "Latest"), L.pick("偏离路径", "Gap to path"), L.pick("实际年均", "Actual rate"),
                                          L.pick("此后需年均", "Needed from now"), L.pick("状态", "Status"), L.pick("展望", "Outlook"),
                                          L.pick("说明", "Note")].map { "<th>\(Markup.text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for r in alerts {
                let a = r.assessment
                let chart = TrajectoryChart(result: r, path: [], language: L)
                h += "<tr><td><a href=\"#\(Markup.attribute(chart.elementID))\">\(Markup.text(r.target.id))</a></td><td>\(Markup.text(name(r)))</td>"
                h += "<td>\(Markup.text(r.target.targetText)) (\(r.target.targetYear))</td>"
                h += "<td class=\"num\">\(Markup.text(a.latest.map { "\(Markup.value($0.value)) (\($0.year))" } ?? "–"))</td>"
                h += "<td class=\"num\">\(Markup.text(a.gapToPathPercent.map { Markup.fixed($0, decimals: 1) + "%" } ?? "–"))</td>"
                h += "<td class=\"num\">\(Markup.text(a.actualChange.map(chart.rate) ?? "–"))</td>"
                h += "<td class=\"num\">\(Markup.text(a.requiredFromLatest.map(chart.rate) ?? "–"))</td>"
                h += "<td>\(badge(a.status))</td>\(outlookCell(a))"
                h += "<td class=\"why\">\(Markup.text(explanation(a) ?? ""))</td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "</section>\n"

        // Every target, sortable.
        h += "<section>\n<h2>\(L.pick("全部目标", "All targets")) (\(results.count))</h2>\n"
        h += "<p class=\"no-print hint\">\(L.pick("点击表头可排序。", "Click a column header to sort."))</p>\n"
        h += "<table class=\"sortable\">\n<thead><tr>" + [L.pick("目标编号", "Target"), L.pick("指标", "Indicator"), L.pick("形式", "Form"),
                                                         L.pick("目标", "Target value"), L.pick("年份", "Year"), L.pick("最新", "Latest"),
                                                         L.pick("状态", "Status"), L.pick("展望", "Outlook"), L.pick("原因或说明", "Reason or note"),
                                                         L.pick("来源", "Source")]
            .map { "<th>\(Markup.text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in results {
            let a = r.assessment
            h += "<tr><td>\(Markup.text(r.target.id))</td><td>\(Markup.text(name(r)))</td><td>\(Markup.text(r.target.form.rawValue))</td>"
            h += "<td>\(Markup.text(r.target.targetText))</td><td class=\"num\">\(r.target.targetYear)</td>"
            h += "<td class=\"num\" data-v=\"\(a.latest.map { Markup.coordinate($0.value) } ?? "")\">\(Markup.text(a.latest.map { "\(Markup.value($0.value)) (\($0.year))" } ?? "–"))</td>"
            h += "<td data-v=\"\(rank[a.status] ?? 99)\">\(badge(a.status))</td>\(outlookCell(a))"
            // The explanation says more than the reason (a target year without a value: the figures are as of the latest).
            h += "<td class=\"why\">\(Markup.text(explanation(a) ?? r.reason.map(L.reason) ?? ""))</td>"
            h += "<td class=\"src\">\(Markup.text(r.target.source.citation))</td></tr>\n"
        }
        h += "</tbody>\n</table>\n</section>\n"

        // One chart per target with a path to draw.
        h += "<section>\n<h2>\(L.pick("各目标轨迹图", "Trajectory charts")) (\(charts.count))</h2>\n"
        let without = results.count - charts.count
        if without > 0 {
            let zh = "另有\(without)个目标没有可绘制的路径（无基期值、无数值目标或国家下达），见上表的原因列。"
            let en = "\(without) more targets have no path to draw (no baseline, no numeric target, or set by the State Council); see the Reason column above."
            h += "<p>" + Markup.text(L.pick(zh, en)) + "</p>\n"
        }
        for c in charts {
            h += "<figure id=\"\(Markup.attribute(c.elementID))\">\(Self.inline(c.svg))<figcaption>\(Markup.text(c.result.target.id + " · " + c.description))</figcaption></figure>\n"
        }
        h += "</section>\n"

        h += "<section class=\"appendix\">\n<h2>\(L.pick("附录：方法", "Appendix: method"))</h2>\n\(methodHTML)\n</section>\n"
        h += "<script>\n//<![CDATA[\n\(Self.sortScript)\n//]]>\n</script>\n</body>\n</html>\n"
        return h
    }

    func name(_ r: TargetAssessment) -> String { L == .zh ? r.indicator.nameZh : r.indicator.nameEn }

    /// The explanation of a status the projection contradicts, in the briefing's language.
    func explanation(_ a: Assessment) -> String? { a.explanation.map { L == .zh ? $0.chinese : $0.english } }

    /// The outlook and p_reach, sorted by p_reach; the projection's basis when it has no probability.
    func outlookCell(_ a: Assessment) -> String {
        guard let p = a.projection else { return "<td data-v=\"-1\">–</td>" }
        guard let o = a.outlook, let pr = p.probability else {
            let basis = p.basis == .latestFlow ? L.pick("按最新流量", "latest flow held") : L.pick("按实际速度", "actual rate")
            return "<td data-v=\"-1\" class=\"muted\">\(Markup.text(basis))</td>"
        }
        let text = L.pick("\(o.chinese)（\(Markup.fixed(pr, decimals: 2))）", "\(o.english) (P = \(Markup.fixed(pr, decimals: 2)))")
        return "<td data-v=\"\(Markup.fixed(pr, decimals: 4))\" class=\"outlook-\(o.rawValue)\">\(Markup.text(text))</td>"
    }

    func badge(_ s: Status) -> String {
        "<span class=\"badge\" style=\"background:\(StatusPalette.colour(s));color:\(StatusPalette.ink(s))\">\(Markup.text(L.statusName(s)))</span>"
    }

    /// An SVG document without its XML-level trailing newline, for inline use.
    static func inline(_ svg: String) -> String { svg.hasSuffix("\n") ? String(svg.dropLast()) : svg }

    var methodHTML: String {
        if L == .zh {
            return """
            <p>每个目标从基期值到目标值画出目标路径：总量类指标按复合增长 B·(T/B)^((t−t0)/(T−t0))，比重、比率类指标按线性（百分点）。累计目标（【】）比较逐年累计值与目标总量；年均增速目标（*）比较各年增速与所需平均增速；降低目标以基期=100 的指数表示。</p>
            <p>进度比 R = 实际年均变化 ÷ 所需年均变化（自基期）。R ≥ 0.95 为“符合进度”，0.60 ≤ R &lt; 0.95 为“需加快”，0 ≤ R &lt; 0.60 为“进展有限”，R &lt; 0 为“背离目标”；最新值已满足目标即为“已实现”；目标年份已有实际值而未达到目标为“未实现”。这是欧盟统计局和加拿大统计局用于可持续发展目标监测的方法。</p>
            <p>“按最新值所需路径”是从最新实际值到目标值所需的年均变化。“趋势预测”有三个及以上实际值时按拟合的趋势模型（线性、对数线性或二次）外推到目标年份，阴影为80%预测区间，并给出达标概率：≥ 0.8 为“很可能达标”，≤ 0.2 为“难以达标”，其间为“不确定”；实际值不足三个时按实际年均变化外推，没有区间。进度状态看自基期以来的速度，预测看近年趋势，两者方向不一致时，图中和表中都给出说明。</p>
            <p>口径不同的数值单独标出，不参与评价。约、左右目标允许 ±5%。每个目标都注明来源文件和行号。</p>
            """
        }
        return """
        <p>Each target gets a path from its baseline to its target value: compound growth B·(T/B)^((t−t0)/(T−t0)) for levels, a straight line (percentage points) for shares, rates and ratios. Cumulative targets (【】) compare the running total with the target total; average-growth targets (*) compare each year's rate with the required average; reductions are an index with the baseline year = 100.</p>
        <p>The progress ratio R is the actual annual change divided by the annual change required from the baseline. R ≥ 0.95 is on track, 0.60 ≤ R &lt; 0.95 needs acceleration, 0 ≤ R &lt; 0.60 limited progress, R &lt; 0 moving away; a latest value that meets the target is achieved; a target year observed without meeting the target is missed. This is the method Eurostat and Statistics Canada use for SDG monitoring.</p>
        <p>"Required from latest" is the annual change still needed from the latest actual. With three or more actuals the projection extends a fitted trend model (linear, log-linear or quadratic) to the target year, with its 80% prediction interval shaded and the probability P of meeting the target: P ≥ 0.8 is likely, P ≤ 0.2 unlikely, in between uncertain. With fewer actuals it carries the actual annual change forward, without an interval. The status measures the pace since the baseline, the projection the recent trend; where they point different ways, the chart and the tables say why.</p>
        <p>Values on another definition are shown apart and never judged. "About" targets accept ±5%. Every target cites its source file and line.</p>
        """
    }

    static let css = """
    :root { --ink: #1a1a1a; --muted: #555; --rule: #ddd; }
    body { font-family: \(ChartLanguage.fontFamily); color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.5; }
    h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
    .lead { color: var(--muted); margin: 0 0 .5rem; } .counts .badge { margin-right: .2rem; }
    .badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-weight: bold; font-size: .85em; white-space: nowrap; }
    table { border-collapse: collapse; width: 100%; font-size: .85rem; } th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
    th { background: #f4f4f4; } table.sortable th { cursor: pointer; } th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
    td.num { text-align: right; white-space: nowrap; } td.src { color: var(--muted); font-size: .8em; }
    td.why { font-size: .8rem; max-width: 28rem; } td.muted { color: var(--muted); }
    td.outlook-likely, td.outlook-uncertain, td.outlook-unlikely { white-space: nowrap; } td.outlook-unlikely { font-weight: bold; }
    figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: var(--muted); font-size: .8rem; }
    .hint { color: var(--muted); font-size: .85rem; }
    @page { size: A4; margin: 14mm; }
    @media print {
      body { margin: 0; max-width: none; font-size: 10pt; } .no-print { display: none; }
      figure, tr { break-inside: avoid; page-break-inside: avoid; } thead { display: table-header-group; }
      h2 { break-after: avoid; page-break-after: avoid; } a { color: inherit; text-decoration: none; }
      .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    static let sortScript = """
    (function () {
      var tables = document.querySelectorAll('table.sortable');
      Array.prototype.forEach.call(tables, function (table) {
        var heads = table.tHead.rows[0].cells;
        Array.prototype.forEach.call(heads, function (th, col) {
          th.addEventListener('click', function () {
            var ascending = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            function key(row) { var c = row.cells[col]; var v = c.getAttribute('data-v'); return v === null ? c.textContent : v; }
            rows.sort(function (a, b) {
              var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
              var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
              return ascending ? c : -c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
      });
    })();
    """
}
