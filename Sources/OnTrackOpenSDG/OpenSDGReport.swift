import OnTrackIO
import OnTrackNumerics

/// The table `ontrack assess` prints for an Open SDG repository: one row per indicator (the
/// roll-up; `series` empty) followed by one row per configured series.
public enum OpenSDGReport {
    /// The columns, a contract for programs that read the CSV or JSON (add at the end only).
    public static let columns = [
        "indicator_id", "series", "name", "status", "opensdg_status", "score", "method", "direction",
        "base_year", "base_value", "current_year", "current_value", "target", "target_year", "limit", "coefficient",
        "progress_value", "ratio", "projected", "pi80_low", "pi80_high", "p_reach", "outlook", "reach", "reach_year",
        "model", "explanation", "note",
    ]

    /// The columns of the terminal table.
    public static let tableColumns = [
        "indicator_id", "series", "status", "opensdg_status", "score", "current_year", "current_value", "target",
        "projected", "p_reach", "outlook",
    ]

    /// The columns of the terminal table by importance, for a terminal narrower than the table: the
    /// series name is cut with "…" to the room left after the verdict and the numbers behind it.
    public static let tableImportance = [
        "indicator_id", "status", "outlook", "current_value", "target", "p_reach", "series", "opensdg_status", "score",
        "projected", "current_year",
    ]

    public static func table(_ results: [OpenSDGIndicatorResult]) -> ReportTable {
        var table = ReportTable(columns: columns, displayDecimals: ["score": 2, "progress_value": 4, "coefficient": 3],
                                maxDisplayWidth: ["series": 48, "name": 40, "note": 60, "explanation": 60],
                                importance: tableImportance)
        for r in results {
            table.rows.append([
                .text(r.indicator.id), .text(""), .text(r.indicator.name ?? ""), .text(r.status.rawValue),
                .text(r.opensdgStatus), .number(r.score), .text(""), .text(""),
                .integer(nil), .number(nil), .integer(nil), .number(nil), .number(nil), .integer(nil), .number(nil), .number(nil),
                .number(nil), .number(nil), .number(nil), .number(nil), .number(nil), .number(nil), .text(""), .text(""), .integer(nil),
                .text(""), .text(""), .text(r.notes.joined(separator: "; ")),
            ])
            for s in r.series {
                let m = s.measurement
                let a = s.assessment
                let p = a?.projection
                var notes = s.notes
                // The engine's notes, less its wording for plan documents (Open SDG configurations print no
                // baseline: the base year's rule is in the measure's notes already).
                if let a { notes += a.notes.filter { !s.notes.contains($0) && !$0.hasPrefix("the document gives no baseline") } }
                if let p { notes.append("projection: " + AssessmentReport.projectionBasis(p)) }
                table.rows.append([
                    .text(r.indicator.id), .text(s.name.isEmpty ? "(headline)" : s.name), .text(r.indicator.name ?? ""),
                    .text(s.status.rawValue), .text(m.status.rawValue), .number(m.score),
                    .text(m.method == .growth ? "no_target" : "target"),
                    .text(m.direction.rawValue),
                    .integer(m.baseValue == nil ? nil : m.baseYear), .number(m.baseValue),
                    .integer(m.currentYear), .number(m.currentValue), .number(m.target), .integer(m.targetYear),
                    .number(m.limit), .number(m.coefficient), .number(m.progressValue),
                    .number(m.method == .ratio ? a?.ratio : nil),
                    .number(p?.value), .number(p?.low), .number(p?.high), .number(p?.probability),
                    .text(a?.outlook?.rawValue ?? ""),
                    .text(p?.reach.map(ReachText.name) ?? ""),
                    .integer(p?.reach.flatMap { $0.year(latestYear: a?.latest?.year ?? m.targetYear) }),
                    .text(p?.label ?? ""), .text(a?.explanation?.english ?? ""),
                    .text(notes.joined(separator: "; ")),
                ])
            }
        }
        return table
    }
}
