import OnTrackCore
import OnTrackNumerics

/// The tables of `ontrack alerts` and `ontrack backtest`.
public enum AlertReport {
    /// The alert format: a contract (see the README's "Alert format"); add columns at the end only.
    public static let columns = [
        "alert_id", "severity", "kind", "target_id", "indicator_id", "name_zh", "name_en", "status", "previous_status",
        "target_year", "latest_year", "latest", "aim", "gap_to_path", "gap_to_path_pct", "rate_unit", "required_now",
        "actual_rate", "ratio", "schedule", "reach_year", "years_behind", "message_zh", "message_en",
    ]

    public static let tableColumns = ["alert_id", "severity", "kind", "target_id", "status", "previous_status",
                                      "gap_to_path_pct", "required_now", "actual_rate", "rate_unit", "reach_year",
                                      "years_behind", "message_zh"]

    public static func table(_ alerts: [Alert]) -> ReportTable {
        var t = ReportTable(columns: columns, displayDecimals: ["ratio": 2, "gap_to_path_pct": 1],
                            maxDisplayWidth: ["name_zh": 20, "name_en": 30, "message_zh": 60, "message_en": 80])
        for alert in alerts {
            let a = alert.current.assessment
            let unit = alert.requiredNow?.unit ?? a.actualChange?.unit
            let schedule: String
            switch alert.schedule {
            case .met?: schedule = "met"
            case .reached?: schedule = "reached"
            case .never?: schedule = "never"
            case nil: schedule = ""
            }
            t.rows.append([
                .text(alert.id), .text(alert.severity.rawValue), .text(alert.kind.rawValue),
                .text(alert.current.target.id), .text(alert.current.indicator.id),
                .text(alert.current.indicator.nameZh), .text(alert.current.indicator.nameEn),
                .text(a.status.rawValue), .text(alert.previousStatus?.rawValue ?? ""),
                .integer(alert.current.target.targetYear), .integer(a.latest?.year), .number(a.latest?.value), .number(a.aim),
                .number(a.gapToPath), .number(a.gapToPathPercent),
                .text(unit.map { $0 == .percent ? "%/yr" : "pt/yr" } ?? ""),
                .number(alert.requiredNow?.display), .number(a.actualChange?.display), .number(a.ratio),
                .text(schedule), .integer(alert.reachYear), .integer(alert.yearsBehind),
                .text(alert.messageZh), .text(alert.messageEn),
            ])
        }
        return t
    }

    /// One row per scored target of a back-test.
    public static func cases(_ cases: [Backtest.Case]) -> ReportTable {
        var t = ReportTable(columns: ["target_id", "indicator_id", "name_zh", "target_year", "verdict", "warned",
                                      "early_latest_year", "later_latest_year", "later_status", "outcome"],
                            maxDisplayWidth: ["name_zh": 20])
        for c in cases {
            t.rows.append([
                .text(c.early.target.id), .text(c.early.indicator.id), .text(c.early.indicator.nameZh),
                .integer(c.early.target.targetYear), .text(c.early.assessment.status.rawValue), .text(c.warned ? "yes" : "no"),
                .integer(c.early.assessment.latest?.year), .integer(c.later.assessment.latest?.year),
                .text(c.later.assessment.status.rawValue), .text(c.outcome.rawValue),
            ])
        }
        return t
    }

    /// The confusion table: one row per early verdict, one column per outcome, with totals.
    public static func confusion(_ c: Backtest.Confusion) -> ReportTable {
        let outcomes = Backtest.Outcome.allCases
        var t = ReportTable(columns: ["verdict"] + outcomes.map(\.rawValue) + ["total"])
        let verdicts: [Status] = [.achieved, .onTrack, .needsAcceleration, .limitedProgress, .movingAway]
        for v in verdicts {
            let row = c.counts[v] ?? [:]
            t.rows.append([.text(v.rawValue)] + outcomes.map { .integer(row[$0] ?? 0) } + [.integer(row.values.reduce(0, +))])
        }
        t.rows.append([.text("total")] + outcomes.map { o in .integer(verdicts.reduce(0) { $0 + (c.counts[$1]?[o] ?? 0) }) } + [.integer(c.total)])
        return t
    }
}
