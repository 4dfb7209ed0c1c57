import OnTrackCore
import OnTrackPanel
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

    /// The compact columns by importance, for a terminal narrower than the table: the message
    /// comes last, cut with "…" to the room left when it does not fit whole.
    public static let tableImportance = ["alert_id", "severity", "target_id", "status", "kind", "gap_to_path_pct", "years_behind",
                                         "reach_year", "previous_status", "required_now", "actual_rate", "rate_unit", "message_zh"]

    public static func table(_ alerts: [Alert]) -> ReportTable {
        var t = ReportTable(columns: columns, displayDecimals: ["ratio": 2, "gap_to_path_pct": 1],
                            maxDisplayWidth: ["name_zh": 20, "name_en": 30, "message_zh": 60, "message_en": 80],
                            importance: tableImportance)
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

    /// One row per scored target and vintage of a back-test.
    public static func cases(_ cases: [Backtest.Case], targets: PanelTargets) -> ReportTable {
        var t = ReportTable(columns: ["target_id", "series_id", "vintage", "target_year", "verdict", "warned", "outlook",
                                      "p_reach", "projected", "pi80_low", "pi80_high", "naive_rate", "later_latest_year",
                                      "later_status", "outcome", "interval_checks", "interval_hits"],
                            displayDecimals: ["p_reach": 2])
        for c in cases {
            let p = c.early.projection
            t.rows.append([
                .text(targets.ids[c.target]), .text(targets.seriesIDs[c.target]), .integer(c.vintage),
                .integer(targets.specs[c.target].targetYear), .text(c.early.status.rawValue), .text(c.warned ? "yes" : "no"),
                .text(c.early.outlook?.rawValue ?? ""), .number(p?.probability), .number(p?.value), .number(p?.low), .number(p?.high),
                .number(c.naiveRate), .integer(c.later.latest?.year), .text(c.later.status.rawValue), .text(c.outcome.rawValue),
                .integer(c.intervalChecks), .integer(c.intervalHits),
            ])
        }
        return t
    }

    /// Columns of the back-test summary, one row per vintage and a last row `all`.
    public static let backtestColumns = ["vintage", "cases", "warnings", "precision", "recall", "agreement", "pi80_coverage",
                                         "interval_checks", "brier_cases", "brier", "brier_naive_rate", "brier_always_on_track"]

    /// The back-test summary as a table: per vintage, then overall.
    public static func backtest(_ r: Backtest.Result) -> ReportTable {
        var t = ReportTable(columns: backtestColumns,
                            displayDecimals: Dictionary(uniqueKeysWithValues: backtestColumns.dropFirst(3).map { ($0, 3) }))
        func row(_ name: Cell, _ s: Backtest.Scores) -> [Cell] {
            [name, .integer(s.cases), .integer(s.warnings), .number(s.precision), .number(s.recall), .number(s.agreement),
             .number(s.pi80Coverage), .integer(s.intervalChecks), .integer(s.brierCases), .number(s.brier),
             .number(s.brierNaiveRate), .number(s.brierAlwaysOnTrack)]
        }
        for (v, s) in r.byVintage { t.rows.append(row(.text(String(v)), s)) }
        t.rows.append(row(.text("all"), r.overall))
        return t
    }

    /// The back-test summary as one JSON object: `vintages`, the overall scores (`cases`,
    /// `pi80_coverage`, `brier`, `brier_naive_rate`, `brier_always_on_track`, …) and `by_vintage`.
    public static func backtestJSON(_ r: Backtest.Result) -> String {
        func fields(_ s: Backtest.Scores) -> [(String, Cell)] {
            [("cases", .integer(s.cases)), ("warnings", .integer(s.warnings)), ("precision", .number(s.precision)),
             ("recall", .number(s.recall)), ("agreement", .number(s.agreement)), ("pi80_coverage", .number(s.pi80Coverage)),
             ("interval_checks", .integer(s.intervalChecks)), ("brier_cases", .integer(s.brierCases)), ("brier", .number(s.brier)),
             ("brier_naive_rate", .number(s.brierNaiveRate)), ("brier_always_on_track", .number(s.brierAlwaysOnTrack))]
        }
        func object(_ f: [(String, Cell)]) -> String {
            "{" + f.map { JSONEncoding.quote($0.0) + ": " + JSONEncoding.value($0.1) }.joined(separator: ", ") + "}"
        }
        var out = "{\n  \"vintages\": [" + r.vintages.map(String.init).joined(separator: ", ") + "],\n"
        for (k, v) in fields(r.overall) { out += "  " + JSONEncoding.quote(k) + ": " + JSONEncoding.value(v) + ",\n" }
        out += "  \"unscored\": \(r.unscored),\n  \"by_vintage\": [\n"
        out += r.byVintage.map { "    " + object([("vintage", .integer($0.vintage))] + fields($0.scores)) }.joined(separator: ",\n")
        return out + "\n  ]\n}\n"
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
