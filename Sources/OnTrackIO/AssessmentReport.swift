import OnTrackCore
import OnTrackNumerics

/// The tables the CLI prints: one row per target for `assess`, one row per year for `path`.
public enum AssessmentReport {
    /// Columns of `ontrack assess`, a contract for programs that read the CSV or JSON.
    public static let assessColumns = [
        "target_id", "indicator_id", "name_zh", "name_en", "unit", "form", "bound", "target_text", "binding",
        "baseline_year", "baseline", "target_year", "target", "latest_year", "latest",
        "expected_at_latest", "gap_to_path", "gap_to_path_pct", "rate_unit",
        "required_from_baseline", "required_from_latest", "actual_rate", "ratio",
        "projected", "projection_gap", "cumulative_remaining", "cumulative_average_needed", "status", "status_zh", "reason", "direction", "method", "source", "note",
        "model", "pi80_low", "pi80_high", "p_reach", "outlook", "reach", "reach_year", "shortfall", "shortfall_pct",
        "explanation", "explanation_zh",
    ]

    public static func assess(_ results: [TargetAssessment]) -> ReportTable {
        var table = ReportTable(columns: assessColumns, displayDecimals: ["ratio": 2, "gap_to_path_pct": 1],
                                maxDisplayWidth: ["name_zh": 24, "name_en": 32, "note": 60, "source": 40],
                                importance: tableImportance)
        for r in results {
            let a = r.assessment
            let unit = [a.requiredFromBaseline, a.requiredFromLatest, a.actualChange].compactMap { $0?.unit }.first
            table.rows.append([
                .text(r.target.id), .text(r.indicator.id), .text(r.indicator.nameZh), .text(r.indicator.nameEn),
                .text(r.target.form == .reduction ? "index (\(a.baseline?.year ?? r.target.baselineYear)=100)" : r.indicator.unit),
                .text(r.target.form.rawValue), .text(boundName(r.target.bound)), .text(r.target.targetText),
                .text(r.target.binding?.rawValue ?? ""),
                .integer(a.baseline?.year ?? r.target.baselineYear), .number(a.baseline?.value),
                .integer(r.target.targetYear), .number(a.aim),
                .integer(a.latest?.year), .number(a.latest?.value),
                .number(a.expectedAtLatest), .number(a.gapToPath), .number(a.gapToPathPercent),
                .text(unit.map { $0 == .percent ? "%/yr" : "pt/yr" } ?? ""),
                .number(a.requiredFromBaseline?.display), .number(a.requiredFromLatest?.display), .number(a.actualChange?.display),
                .number(a.ratio), .number(a.projected), .number(a.projectionGap),
                .number(a.cumulative?.remaining), .number(a.cumulative?.averageNeeded),
                .text(a.status.rawValue), .text(a.status.chinese), .text(r.reason?.rawValue ?? ""),
                .text(a.direction?.rawValue ?? ""), .text(a.method ?? ""),
                .text(r.target.source.citation), .text(noteText(a)),
                .text(a.projection?.label ?? ""), .number(a.projection?.low), .number(a.projection?.high),
                .number(a.projection?.probability), .text(a.outlook?.rawValue ?? ""),
                .text(a.projection?.reach.map(ReachText.name) ?? ""),
                .integer(a.projection?.reach.flatMap { $0.year(latestYear: a.latest?.year ?? r.target.targetYear) }),
                .number(a.shortfall), .number(a.shortfallPercent),
                .text(a.explanation?.english ?? ""), .text(a.explanation?.chinese ?? ""),
            ])
        }
        return table
    }

    /// A compact set of columns for reading in a terminal.
    public static let tableColumns = ["target_id", "name_zh", "unit", "target_text", "latest_year", "latest",
                                      "expected_at_latest", "gap_to_path_pct", "required_from_latest", "actual_rate",
                                      "rate_unit", "ratio", "projected", "p_reach", "status", "status_zh", "outlook", "reason"]

    /// The compact columns by importance, for a terminal narrower than the table: the target, its
    /// verdict and outlook, its name, where it stands; then the rates behind the verdict; the unit,
    /// the written target and the Chinese status (a repeat of status) go first.
    public static let tableImportance = ["target_id", "status", "outlook", "name_zh", "latest", "gap_to_path_pct", "p_reach",
                                         "target_text", "latest_year", "projected", "required_from_latest", "actual_rate",
                                         "rate_unit", "ratio", "reason", "unit", "expected_at_latest", "status_zh"]

    /// `table` restricted to `columns`.
    public static func select(_ table: ReportTable, columns: [String]) -> ReportTable {
        let idx = columns.compactMap { table.columns.firstIndex(of: $0) }
        return ReportTable(columns: idx.map { table.columns[$0] }, rows: table.rows.map { row in idx.map { row[$0] } },
                           displayDecimals: table.displayDecimals, maxDisplayWidth: table.maxDisplayWidth,
                           importance: table.importance)
    }

    public static let pathColumns = ["target_id", "indicator_id", "year", "expected", "actual", "gap", "gap_pct", "not_comparable"]

    public static func path(target: Target, indicator: Indicator, points: [PathPoint]) -> ReportTable {
        var table = ReportTable(columns: pathColumns, displayDecimals: ["gap_pct": 1])
        for p in points {
            let pct: Double? = {
                guard let g = p.gap, let e = p.expected, e != 0 else { return nil }
                return g / abs(e) * 100
            }()
            table.rows.append([.text(target.id), .text(indicator.id), .integer(p.year), .number(p.expected),
                               .number(p.actual), .number(p.gap), .number(pct), .number(p.notComparable)])
        }
        return table
    }

    public static func boundName(_ b: Bound?) -> String {
        guard let b else { return "none" }
        switch b {
        case .reach: return "reach"
        case .atLeast: return ">="
        case .moreThan: return ">"
        case .atMost: return "<="
        case .lessThan: return "<"
        case .about: return "about"
        case .range: return "range"
        }
    }

    /// How a projection was made, for the note: "log_linear trend on 4 points (2020–2023)".
    public static func projectionBasis(_ p: Projection) -> String {
        switch p.basis {
        case .trend: return "\(p.label) trend on \(p.points) points (\(p.fromYear)–\(p.toYear))"
        case .actualRate: return "actual rate since \(p.fromYear) carried forward (fewer than 3 points)"
        case .latestFlow: return "latest flow held (fewer than 3 flows)"
        }
    }

    static func noteText(_ a: Assessment) -> String {
        var notes = a.notes
        if let p = a.projection { notes.append("projection: " + projectionBasis(p)) }
        if let c = a.cumulative {
            var s = "remaining \(Cell.shortest(c.remaining))"
            if let avg = c.averageNeeded { s += ", \(TextTableEncoding.format(avg, decimals: 2)) a year needed in the \(c.periodYears - c.yearsObserved) years left" }
            notes.append(s)
        }
        return notes.joined(separator: "; ")
    }
}
