import OnTrackCore
import OnTrackNumerics

/// The table of `ontrack scorecard`: one row per group and a last row "total".
public enum ScorecardReport {
    public static let countColumns = ["targets", "due", "achieved", "missed", "share_met", "open", "not_judged",
                                      "not_judged_reasons", "due_later", "later_on_track", "later_behind", "later_not_judged",
                                      "scored", "score", "score_status"]

    public static func table(_ results: [TargetAssessment], indicators: [String: Indicator], period: ClosedRange<Int>,
                             by grouping: DatasetSummary.Grouping) -> ReportTable {
        let card = Scorecard(period: period)
        let (order, groups) = grouping.groups(results, indicators: indicators) { $0.target }
        var table = ReportTable(columns: grouping.keyColumns + countColumns, displayDecimals: ["share_met": 2, "score": 2],
                                maxDisplayWidth: ["document": 40, "not_judged_reasons": 48])
        for k in order { table.rows.append(k.map(Cell.text) + cells(card.counts(groups[k]!))) }
        table.rows.append(grouping.keyColumns.indices.map { .text($0 == 0 ? "total" : "") } + cells(card.counts(results)))
        return table
    }

    static func cells(_ c: Scorecard.Counts) -> [Cell] {
        let reasons = TargetAssessment.Reason.allCases.compactMap { r in c.notJudged[r].map { "\(r.rawValue) \($0)" } }
        return [.integer(c.targets), .integer(c.due), .integer(c.achieved), .integer(c.missed), .number(c.shareMet),
                .integer(c.open), .integer(c.notJudgedTotal), .text(reasons.joined(separator: "; ")),
                .integer(c.later), .integer(c.laterOnTrack), .integer(c.laterBehind), .integer(c.laterNotJudged),
                .integer(c.scores.count), .number(c.meanScore),
                .text(c.scores.isEmpty ? "" : ProgressMeasure.status(score: c.meanScore).rawValue)]
    }

    /// One line for a person: "2021–2025: 156 targets due; 24 achieved, 1 missed (96 % met of 25
    /// decided); 4 open; 127 not judged (target_year_unobserved 90, …)".
    public static func headline(_ c: Scorecard.Counts, period: ClosedRange<Int>) -> String {
        var s = "\(period.lowerBound)–\(period.upperBound): \(c.due) targets due; \(c.achieved) achieved, \(c.missed) missed"
        if let share = c.shareMet { s += " (\(PlainText.fixed(share * 100, decimals: 0)) % met of \(c.achieved + c.missed) decided)" }
        s += "; \(c.open) open; \(c.notJudgedTotal) not judged"
        let reasons = TargetAssessment.Reason.allCases.compactMap { r in c.notJudged[r].map { "\(r.rawValue) \($0)" } }
        if !reasons.isEmpty { s += " (" + reasons.joined(separator: ", ") + ")" }
        return s + "; \(c.later) due later (\(c.laterOnTrack) on track or achieved, \(c.laterBehind) behind, \(c.laterNotJudged) not judged)"
    }
}
