import OnTrackCore
import OnTrackNumerics

/// A one-file HTML briefing that leads with the answer: a title and the data vintage, one headline
/// paragraph (how many targets judged, met, missed, off track, and the most important by name), the
/// scorecard by document and by binding, the alerts with their charts, a compact table of the
/// judged targets (status, outlook, explanation), one line per reason for those that cannot be
/// judged with the first missing values (`ontrack gaps`), and the method. With ``full`` an annex
/// adds every target and every chart.
///
/// SVGs are inline, tables sort by buttons in their headers (a few lines of inline script), nothing
/// is fetched from the network. In English every text from the data that stays Chinese is marked
/// `lang="zh"`. The markup is well-formed XML as well as HTML, so it can be checked with an XML parser.
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

    /// The title; nil: the dataset's own (``about``), else a generic one with the dataset's name.
    public var title: String?
    /// What the dataset says about itself (its title in both languages).
    public var about = DatasetAbout()
    /// Titles of the source documents, by the `document` value the targets cite.
    public var documents: [String: SourceDocument] = [:]
    /// The plan period of the scorecard; nil: ``Scorecard/defaultPeriod(of:)``.
    public var period: ClosedRange<Int>?
    /// The year the verdicts are made in, and the date the briefing was made (ISO), for the vintage line.
    public var evaluationYear: Int?
    public var generated: String?
    /// The command that lists the missing values, quoted in the section on targets not judged.
    public var gapsCommand = "ontrack gaps"
    /// Adds the annex: every target in one table and every chart.
    public var full = false
    /// At most this many alert charts in the briefing (the rest are in the annex).
    public var alertCharts = 12

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

    /// Data text in the briefing's language: escaped, and in English with Chinese runs marked.
    func t(_ s: String) -> String { L == .zh ? Markup.text(s) : Markup.marked(s) }

    /// The title in use.
    public var resolvedTitle: String {
        if let title, !title.isEmpty { return title }
        let own = L == .zh ? about.titleZh : (about.titleEn.isEmpty ? "" : about.titleEn)
        if !own.isEmpty { return own }
        if sources == .goals { return L.pick("可持续发展目标指标进展简报：\(datasetName)", "Briefing on SDG indicators: \(datasetName)") }
        return L.pick("目标进展简报：\(datasetName)", "Briefing on plan targets: \(datasetName)")
    }

    var judged: [TargetAssessment] { results.filter { $0.assessment.status.severityRank != nil } }

    public var html: String {
        let title = resolvedTitle
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
        <h1>\(t(title))</h1>
        <p class="vintage">\(t(vintage))</p>

        """
        h += "<p class=\"headline\">\(headline)</p>\n"
        var counts: [String] = []
        for s in StatusPalette.legendOrder {
            let n = results.filter { $0.assessment.status == s }.count
            if n > 0 { counts.append("\(badge(s)) \(n)") }
        }
        h += "<p class=\"counts\">\(counts.joined(separator: " "))</p>\n</header>\n"
        if sources == .documents { h += scorecardSection }
        else {
            let overview = StatusOverview.byDocument(results, language: L, title: L.pick("按目标（Goal）统计的序列状态", "Status of series by goal"))
            h += "<section>\n<h2>\(L.pick("总览", "Overview"))</h2>\n<figure class=\"wide\">\(Self.inline(overview.svg))</figure>\n</section>\n"
        }
        h += alertsSection
        h += judgedSection
        h += notJudgedSection
        h += "<section class=\"appendix\">\n<h2>\(L.pick("方法", "Method"))</h2>\n\(methodHTML)\n</section>\n"
        if full { h += annex }
        h += "<script>\n//<![CDATA[\n\(Self.sortScript)\n//]]>\n</script>\n</body>\n</html>\n"
        return h
    }

    // MARK: - The answer first

    /// "Data: actuals to 2025 · verdicts as of 2026 · made 2026-12-02 · curated by …".
    var vintage: String {
        var parts: [String] = []
        if let y = results.compactMap({ $0.assessment.latest?.year }).max() { parts.append(L.pick("实际值截至\(y)年", "actuals up to \(y)")) }
        if let asOf { parts.append(L.pick("只使用\(asOf)年及以前的实际值", "only actuals up to \(asOf) used")) }
        if let evaluationYear { parts.append(L.pick("评价年份\(evaluationYear)", "verdicts as of \(evaluationYear)")) }
        if let generated { parts.append(L.pick("生成于\(generated)", "made on \(generated)")) }
        let publisher = L == .zh ? about.publisherZh : about.publisherEn
        if !publisher.isEmpty { parts.append(publisher) }
        return L.pick("数据：", "Data: ") + parts.joined(separator: L.pick("；", " · "))
    }

    /// The scorecard's period.
    var resolvedPeriod: ClosedRange<Int>? { period ?? Scorecard.defaultPeriod(of: results.map(\.target)) }

    /// The answer in words, with the most important targets by name (HTML).
    var headline: String {
        let n = results.count
        let documents = Set(results.filter { !$0.target.isWhatIf }.map { $0.target.source.document.isEmpty ? $0.target.source.location : $0.target.source.document }).count
        func count(_ rs: [TargetAssessment], _ statuses: Set<Status>) -> Int { rs.filter { statuses.contains($0.assessment.status) }.count }
        let behindSet: Set<Status> = [.needsAcceleration, .limitedProgress, .movingAway]
        var out: String
        if sources == .goals {
            out = L.pick("\(n)个序列，属于\(documents)个目标（Goal）：", "\(n) series under \(documents) goals: ")
            out += L.pick("已实现\(count(results, [.achieved]))个，符合进度\(count(results, [.onTrack]))个，进度落后\(count(results, behindSet))个，无法判断\(results.count - judged.count)个。",
                          "\(count(results, [.achieved])) achieved, \(count(results, [.onTrack])) on track, \(count(results, behindSet)) behind, \(results.count - judged.count) not judged.")
        } else if let period = resolvedPeriod {
            let c = Scorecard(period: period).counts(results)
            let p = "\(period.lowerBound)–\(period.upperBound)"
            let earlier = results.filter { $0.target.targetYear < period.lowerBound }
            let later = results.filter { $0.target.targetYear > period.upperBound }
            let unobserved = c.notJudged[.targetYearUnobserved] ?? 0
            if L == .zh {
                out = "\(documents)份文件共\(n)个目标。\(p)年到期\(c.due)个：已实现\(c.achieved)个，未实现\(c.missed)个"
                if let share = c.shareMet { out += "（已判定者中\(Markup.fixed(share * 100, decimals: 0))%实现）" }
                out += "，\(c.open)个按进度判断，\(c.notJudgedTotal)个尚无法判断"
                if unobserved > 0 { out += "（其中\(unobserved)个缺少目标年份的数值）" }
                out += "。"
                if count(earlier, [.achieved, .missed]) > 0 {
                    out += "此前到期的目标：已实现\(count(earlier, [.achieved]))个，未实现\(count(earlier, [.missed]))个。"
                }
                if !later.isEmpty {
                    out += "此后到期的\(later.count)个目标：符合进度或已实现\(count(later, [.achieved, .onTrack]))个，进度落后\(count(later, behindSet))个。"
                }
            } else {
                out = "\(n) targets in \(documents) document\(documents == 1 ? "" : "s"). Due in \(p): \(c.due) — \(c.achieved) met, \(c.missed) missed"
                if let share = c.shareMet { out += " (\(Markup.fixed(share * 100, decimals: 0))% of those decided met)" }
                out += ", \(c.open) judged on their pace, \(c.notJudgedTotal) not judged yet"
                if unobserved > 0 { out += " (\(unobserved) lack the target year's value)" }
                out += ". "
                if count(earlier, [.achieved, .missed]) > 0 {
                    out += "Due earlier: \(count(earlier, [.achieved])) met, \(count(earlier, [.missed])) missed. "
                }
                if !later.isEmpty {
                    out += "Due later (\(later.count)): \(count(later, [.achieved, .onTrack])) achieved or on track, \(count(later, behindSet)) behind."
                }
            }
        } else {
            out = L.pick("\(documents)份文件共\(n)个目标。", "\(n) targets in \(documents) documents.")
        }
        var html = t(out.trimmingCharacters(in: .whitespaces))
        let important = alerts.prefix(3)
        if !important.isEmpty {
            html += L.pick("最需关注：", " Most important: ")
            html += important.map { r in
                "<a href=\"#\(Markup.attribute(TrajectoryChart(result: r, path: [], language: L).elementID))\">\(t(name(r)))</a>"
                    + t(L.pick("（\(r.target.id)，\(L.statusName(r.assessment.status))）", " (\(r.target.id), \(L.statusName(r.assessment.status)))"))
            }.joined(separator: L.pick("；", "; ")) + L.pick("。", ".")
        }
        return html
    }

    /// The alerts of `ontrack alerts`, in its order: missed and behind-schedule targets.
    var alerts: [TargetAssessment] { AlertRaiser(missedSince: missedSince).raise(results).map(\.current) }

    /// The scorecard by document and by binding.
    var scorecardSection: String {
        guard let period = resolvedPeriod else { return "" }
        let card = Scorecard(period: period)
        let p = "\(period.lowerBound)–\(period.upperBound)"
        var h = "<section>\n<h2>\(L.pick("计分卡：\(p)年到期的目标", "Scorecard: targets due in \(p)"))</h2>\n"
        let heads = [L.pick("文件", "Document"), L.pick("目标数", "Targets"), L.pick("到期", "Due"), L.pick("已实现", "Met"),
                     L.pick("未实现", "Missed"), L.pick("实现率", "Share met"), L.pick("按进度", "Open"), L.pick("无法判断", "Not judged"),
                     L.pick("此后到期：符合/落后", "Due later: on track / behind")]
        func table(_ groups: [(label: String, results: [TargetAssessment])], firstHead: String) -> String {
            var h = "<div class=\"scroll\"><table class=\"scorecard\">\n<thead><tr>"
            h += ([firstHead] + heads.dropFirst()).map { "<th scope=\"col\">\(Markup.text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for g in groups + [(L.pick("合计", "Total"), results)] {
                let c = card.counts(g.results)
                let total = g.results.count == results.count && g.label == L.pick("合计", "Total")
                h += "<tr\(total ? " class=\"total\"" : "")><th scope=\"row\">\(t(g.label))</th>"
                h += [c.targets, c.due, c.achieved, c.missed].map { "<td class=\"num\">\($0)</td>" }.joined()
                h += "<td class=\"num\">\(c.shareMet.map { Markup.fixed($0 * 100, decimals: 0) + "%" } ?? "–")</td>"
                h += "<td class=\"num\">\(c.open)</td><td class=\"num\">\(c.notJudgedTotal)</td>"
                h += "<td class=\"num\">\(c.laterOnTrack) / \(c.laterBehind)</td></tr>\n"
            }
            return h + "</tbody>\n</table></div>\n"
        }
        var byDocument: [(String, [TargetAssessment])] = []
        var index: [String: Int] = [:]
        for r in results {
            let key = r.target.isWhatIf ? L.whatIf : r.target.source.document.isEmpty ? r.target.source.location : r.target.source.document
            if let i = index[key] { byDocument[i].1.append(r) } else { index[key] = byDocument.count; byDocument.append((key, [r])) }
        }
        let labelled = byDocument.sorted { ($0.1.first?.target.source.location ?? "", $0.0) < ($1.1.first?.target.source.location ?? "", $1.0) }
            .map { (documentTitle($0.0), $0.1) }
        h += table(labelled, firstHead: L.pick("文件", "Document"))
        let bindings: [(String, [TargetAssessment])] = [
            (L.pick("约束性", "binding (约束性)"), results.filter { $0.target.binding == .binding }),
            (L.pick("预期性", "indicative (预期性)"), results.filter { $0.target.binding == .indicative }),
            (L.pick("未标明", "not stated"), results.filter { $0.target.binding == nil }),
        ].filter { !$0.1.isEmpty }
        h += table(bindings, firstHead: L.pick("属性", "Binding"))
        h += "<p class=\"hint\">\(t(L.pick("“已实现”“未实现”是目标年份已有实际值后的最终判断；“按进度”为目标年份未到、按进度判断的目标。", "Met and missed are final verdicts, once the target year has a published value; open targets are judged on their pace, their target year not yet passed.")))</p>\n"
        return h + "</section>\n"
    }

    /// A document's title in the briefing's language, with its number.
    func documentTitle(_ id: String) -> String {
        guard let d = documents[id] else { return id }
        let title = L == .zh ? d.titleZh : d.titleEn
        if title.isEmpty { return id }
        // The plan outline is cited by its title: no number to add.
        // A number with a sub-title (`渝府办发〔2022〕107号 重庆市…`): the number is enough after the title.
        let number = id.split(separator: " ").first.map(String.init) ?? id
        return id == d.titleZh ? title : L.pick("\(title)（\(number)）", "\(title) (\(number))")
    }

    var alertsSection: String {
        let alerts = self.alerts
        var h = "<section>\n<h2>\(L.pick("预警：未实现或进度落后的目标", "Alerts: targets missed or behind schedule")) (\(alerts.count))</h2>\n"
        guard !alerts.isEmpty else {
            return h + "<p>\(L.pick("没有进度落后的目标。", "No target is behind schedule."))</p>\n</section>\n"
        }
        h += "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>" + header([L.pick("目标编号", "Target"), L.pick("指标", "Indicator"), L.pick("目标", "Target value"),
                                              L.pick("最新", "Latest"), L.pick("偏离路径", "Gap to path"), L.pick("实际年均", "Actual rate"),
                                              L.pick("此后需年均", "Needed from now"), L.pick("状态", "Status"), L.pick("展望", "Outlook"),
                                              L.pick("说明", "Note")]) + "</tr></thead>\n<tbody>\n"
        let rank = Dictionary(uniqueKeysWithValues: StatusPalette.legendOrder.enumerated().map { ($1, $0) })
        for r in alerts {
            let a = r.assessment
            let chart = TrajectoryChart(result: r, path: [], language: L)
            h += "<tr><td><a href=\"#\(Markup.attribute(chart.elementID))\">\(Markup.text(r.target.id))</a></td><td>\(t(name(r)))</td>"
            h += "<td>\(t(TargetWording.text(r, language: L))) (\(r.target.targetYear))</td>"
            h += "<td class=\"num\">\(Markup.text(a.latest.map { "\(Markup.value($0.value)) (\($0.year))" } ?? "–"))</td>"
            h += "<td class=\"num\">\(Markup.text(a.gapToPathPercent.map { Markup.fixed($0, decimals: 1) + "%" } ?? "–"))</td>"
            h += "<td class=\"num\">\(t(a.actualChange.map(chart.rate) ?? "–"))</td>"
            h += "<td class=\"num\">\(t(a.requiredFromLatest.map(chart.rate) ?? "–"))</td>"
            h += "<td data-v=\"\(rank[a.status] ?? 99)\">\(badge(a.status))</td>\(outlookCell(a))"
            h += "<td class=\"why\">\(t(explanation(a) ?? ""))</td></tr>\n"
        }
        h += "</tbody>\n</table></div>\n"
        // Their charts, compact, most severe first.
        let alertCharts = self.alertChartsAll
        let shown = shownAlertCharts
        if !shown.isEmpty {
            h += "<div class=\"grid\">\n"
            for c in shown {
                var small = c
                small.size = .compact
                h += "<figure id=\"\(Markup.attribute(c.elementID))\">\(Self.inline(small.svg))</figure>\n"
            }
            h += "</div>\n"
            if shown.count < alertCharts.count {
                h += "<p class=\"hint\">\(t(L.pick("另有\(alertCharts.count - shown.count)张预警图见完整版（--full）。", "\(alertCharts.count - shown.count) more alert charts are in the full version (--full).")))</p>\n"
            }
        }
        return h + "</section>\n"
    }

    /// The charts of the alerts, most severe first.
    var alertChartsAll: [TrajectoryChart] {
        let wanted = Set(alerts.map(\.target.id))
        return charts.filter { wanted.contains($0.result.target.id) }
    }

    /// Those drawn with the alerts: all of them when at most two more than ``alertCharts``.
    var shownAlertCharts: [TrajectoryChart] {
        let all = alertChartsAll
        return Array(all.prefix(all.count <= alertCharts + 2 ? all.count : alertCharts))
    }

    /// Every judged target, compact and sortable.
    var judgedSection: String {
        let judged = self.judged
        var h = "<section>\n<h2>\(L.pick("可判断的目标", "Targets judged")) (\(judged.count))</h2>\n"
        guard !judged.isEmpty else { return h + "<p>\(L.pick("暂无可判断的目标。", "No target can be judged yet."))</p>\n</section>\n" }
        h += "<div class=\"scroll\"><table class=\"sortable compact\">\n<thead><tr>" + header([L.pick("目标编号", "Target"), L.pick("指标", "Indicator"),
                                                                         L.pick("目标", "Target value"), L.pick("最新", "Latest"), L.pick("状态", "Status"),
                                                                         L.pick("展望", "Outlook"), L.pick("说明", "Note")]) + "</tr></thead>\n<tbody>\n"
        let rank = Dictionary(uniqueKeysWithValues: StatusPalette.legendOrder.enumerated().map { ($1, $0) })
        for r in judged {
            let a = r.assessment
            h += "<tr><td>\(Markup.text(r.target.id))</td><td>\(t(name(r)))</td>"
            h += "<td>\(t(TargetWording.text(r, language: L))) (\(r.target.targetYear))</td>"
            h += "<td class=\"num\" data-v=\"\(a.latest.map { Markup.coordinate($0.value) } ?? "")\">\(Markup.text(a.latest.map { "\(Markup.value($0.value)) (\($0.year))" } ?? "–"))</td>"
            h += "<td data-v=\"\(rank[a.status] ?? 99)\">\(badge(a.status))</td>\(outlookCell(a))"
            h += "<td class=\"why\">\(t(explanation(a) ?? ""))</td></tr>\n"
        }
        return h + "</tbody>\n</table></div>\n</section>\n"
    }

    /// One line per reason, and the first missing values.
    var notJudgedSection: String {
        let reasons = Dictionary(grouping: results.compactMap(\.reason), by: { $0 }).mapValues(\.count)
        guard !reasons.isEmpty else { return "" }
        let total = reasons.values.reduce(0, +)
        var h = "<section>\n<h2>\(L.pick("无法判断的目标", "Targets not judged")) (\(total))</h2>\n<ul class=\"reasons\">\n"
        for reason in TargetAssessment.Reason.allCases {
            guard let n = reasons[reason] else { continue }
            h += "<li><strong>\(n)</strong> \(t(L.reason(reason)))</li>\n"
        }
        h += "</ul>\n"
        let gaps = DataGaps.gaps(results)
        if !gaps.isEmpty {
            let names = Dictionary(results.map { ($0.indicator.id, name($0)) }, uniquingKeysWith: { a, _ in a })
            let top = gaps.prefix(5).map { g in
                t(L.pick("\(names[g.indicatorID] ?? g.indicatorID) \(g.year)年（可判断\(g.targets.count)个目标）",
                         "\(names[g.indicatorID] ?? g.indicatorID), \(g.year) (would decide \(g.targets.count))"))
            }
            h += "<p>" + t(L.pick("缺少\(gaps.count)个数值；补齐后可判断更多目标。最有用的：", "\(gaps.count) missing values would let the tool judge more. The most useful: "))
            h += top.joined(separator: L.pick("；", "; ")) + t(L.pick("。完整清单：", ". The full list: "))
            h += "<code>\(Markup.text(gapsCommand))</code></p>\n"
        }
        return h + "</section>\n"
    }

    /// Every target and every chart.
    var annex: String {
        var h = "<section class=\"annex\">\n<h2>\(L.pick("附录：全部目标", "Annex: every target")) (\(results.count))</h2>\n"
        h += "<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>" + header([L.pick("目标编号", "Target"), L.pick("指标", "Indicator"), L.pick("形式", "Form"),
                                                             L.pick("目标", "Target value"), L.pick("年份", "Year"), L.pick("最新", "Latest"),
                                                             L.pick("状态", "Status"), L.pick("展望", "Outlook"), L.pick("原因或说明", "Reason or note"),
                                                             L.pick("来源", "Source")]) + "</tr></thead>\n<tbody>\n"
        let rank = Dictionary(uniqueKeysWithValues: StatusPalette.legendOrder.enumerated().map { ($1, $0) })
        for r in results {
            let a = r.assessment
            h += "<tr><td>\(Markup.text(r.target.id))</td><td>\(t(name(r)))</td><td>\(t(TargetWording.form(r.target.form, language: L)))</td>"
            h += "<td>\(t(TargetWording.text(r, language: L)))</td><td class=\"num\">\(r.target.targetYear)</td>"
            h += "<td class=\"num\" data-v=\"\(a.latest.map { Markup.coordinate($0.value) } ?? "")\">\(Markup.text(a.latest.map { "\(Markup.value($0.value)) (\($0.year))" } ?? "–"))</td>"
            h += "<td data-v=\"\(rank[a.status] ?? 99)\">\(badge(a.status))</td>\(outlookCell(a))"
            h += "<td class=\"why\">\(t(explanation(a) ?? r.reason.map(L.reason) ?? ""))</td>"
            h += "<td class=\"src\">\(t(r.target.isWhatIf ? L.whatIf : r.target.source.citation))</td></tr>\n"
        }
        h += "</tbody>\n</table></div>\n</section>\n"
        h += "<section class=\"annex\">\n<h2>\(L.pick("附录：各目标轨迹图", "Annex: trajectory charts")) (\(charts.count))</h2>\n"
        let without = results.count - charts.count
        if without > 0 {
            let zh = "另有\(without)个目标没有可绘制的路径（无基期值、无数值目标或国家下达），见上表的原因列。"
            let en = "\(without) more targets have no path to draw (no baseline, no numeric target, or set by the State Council); see the Reason column above."
            h += "<p>" + t(L.pick(zh, en)) + "</p>\n"
        }
        let shown = Set(shownAlertCharts.map(\.result.target.id))
        if !shown.isEmpty {
            h += "<p class=\"hint\">" + t(L.pick("预警部分已显示的\(shown.count)张图不再重复。", "The \(shown.count) charts shown with the alerts are not repeated.")) + "</p>\n"
        }
        for c in charts where !shown.contains(c.result.target.id) {
            h += "<figure id=\"\(Markup.attribute(c.elementID))\">\(Self.inline(c.svg))</figure>\n"
        }
        return h + "</section>\n"
    }

    /// Table headers whose sort control is a button reachable by keyboard (Tab, then Enter or Space).
    /// Not a `<button>`: Chromium leaves form controls blank in table headers repeated on printed pages.
    func header(_ names: [String]) -> String {
        names.map { "<th scope=\"col\"><span class=\"sort\" role=\"button\" tabindex=\"0\">\(Markup.text($0))</span></th>" }.joined()
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
        <p>Each target gets a path from its baseline to its target value: compound growth B·(T/B)^((t−t0)/(T−t0)) for levels, a straight line (percentage points) for shares, rates and ratios. Cumulative targets (<span lang="zh">【】</span>, a total over the period) compare the running total with the target total; average-growth targets (*, an average of annual growth rates) compare each year's rate with the required average; reductions are an index with the baseline year = 100.</p>
        <p>The progress ratio R is the actual annual change divided by the annual change required from the baseline. R ≥ 0.95 is on track, 0.60 ≤ R &lt; 0.95 needs acceleration, 0 ≤ R &lt; 0.60 limited progress, R &lt; 0 moving away; a latest value that meets the target is achieved; a target year observed without meeting the target is missed. This is the method Eurostat and Statistics Canada use for SDG monitoring.</p>
        <p>"Required from latest" is the annual change still needed from the latest actual. With three or more actuals the projection extends a fitted trend model (linear, log-linear or quadratic) to the target year, with its 80% prediction interval shaded and the probability P of meeting the target: P ≥ 0.8 is likely, P ≤ 0.2 unlikely, in between uncertain. With fewer actuals it carries the actual annual change forward, without an interval. The status measures the pace since the baseline, the projection the recent trend; where they point different ways, the chart and the tables say why.</p>
        <p>Values on another definition are shown apart and never judged. "About" targets accept ±5%. Every target cites its source file and line.</p>
        """
    }

    static let css = """
    :root { --ink: #1a1a1a; --muted: #555; --rule: #ddd; }
    body { font-family: \(ChartLanguage.fontFamily); color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.5; }
    h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2rem; }
    .vintage { color: var(--muted); margin: 0 0 .6rem; font-size: .9rem; } .headline { font-size: 1.05rem; margin: .4rem 0; }
    .counts .badge { margin-right: .2rem; }
    .badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-weight: bold; font-size: .85em; white-space: nowrap; }
    .scroll { overflow-x: auto; max-width: 100%; }
    table { border-collapse: collapse; width: 100%; font-size: .85rem; } th, td { border-bottom: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; }
    th { background: #f4f4f4; min-width: 3.5em; } tr.total th, tr.total td { font-weight: bold; border-top: 2px solid var(--ink); }
    th .sort { cursor: pointer; } th .sort:focus-visible { outline: 2px solid #1d4f91; outline-offset: 2px; }
    th[aria-sort=ascending] .sort::after { content: " ▲"; } th[aria-sort=descending] .sort::after { content: " ▼"; }
    table.scorecard th[scope=row] { min-width: 14em; font-weight: normal; background: none; }
    td.num { text-align: right; white-space: nowrap; } td.src { color: var(--muted); font-size: .8em; }
    td.why { font-size: .8rem; min-width: 12em; max-width: 28rem; } td.muted { color: var(--muted); }
    td:nth-child(2) { min-width: 8em; } td:nth-child(3) { min-width: 7em; }
    td.outlook-likely, td.outlook-uncertain, td.outlook-unlikely { white-space: nowrap; } td.outlook-unlikely { font-weight: bold; }
    figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: var(--muted); font-size: .8rem; }
    .grid { display: flex; flex-wrap: wrap; gap: .5rem; } .grid figure { margin: 0; flex: 1 1 300px; max-width: 360px; }
    ul.reasons { padding-left: 1.2rem; } .hint { color: var(--muted); font-size: .85rem; }
    code { font-size: .9em; background: #f4f4f4; padding: 0 .2em; }
    @media (max-width: 480px) { body { margin: 1rem auto; padding: 0 .5rem; } h1 { font-size: 1.3rem; } .grid figure { max-width: 100%; } }
    @page { size: A4; margin: 12mm; }
    @media print {
      body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.35; } .no-print { display: none; }
      h2 { margin-top: 1rem; font-size: 1.1rem; }
      table { font-size: 8pt; } .scroll { overflow: visible; } th, td { padding: .2rem .25rem; }
      td.why { min-width: 6.5em; } td:nth-child(2), td:nth-child(3) { min-width: 6em; } th { min-width: 0; } table.scorecard th[scope=col] { min-width: 3.2em; }
      figure, tr { break-inside: avoid; page-break-inside: avoid; } thead { display: table-header-group; }
      .grid figure { flex: 0 0 31%; max-width: 31%; }
      h2 { break-after: avoid; page-break-after: avoid; } a { color: inherit; text-decoration: none; }
      .badge, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .annex { break-before: page; page-break-before: always; }
    }
    """

    static let sortScript = """
    (function () {
      var tables = document.querySelectorAll('table.sortable');
      Array.prototype.forEach.call(tables, function (table) {
        var heads = table.tHead.rows[0].cells;
        Array.prototype.forEach.call(heads, function (th, col) {
          var button = th.querySelector('.sort');
          if (!button) { return; }
          button.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); button.click(); }
          });
          button.addEventListener('click', function () {
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
