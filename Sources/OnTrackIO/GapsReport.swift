import OnTrackCore

/// The table of `ontrack gaps`: one row per missing value.
public enum GapsReport {
    public static let columns = ["indicator_id", "name_zh", "name_en", "unit", "year", "needed_as", "unlocks",
                                 "latest_year", "target_ids"]

    public static func table(_ gaps: [DataGaps.Gap], indicators: [String: Indicator]) -> ReportTable {
        var t = ReportTable(columns: columns, maxDisplayWidth: ["name_zh": 24, "name_en": 32, "target_ids": 40])
        for g in gaps {
            let i = indicators[g.indicatorID]
            t.rows.append([.text(g.indicatorID), .text(i?.nameZh ?? ""), .text(i?.nameEn ?? ""), .text(i?.unit ?? ""),
                           .integer(g.year), .text(g.need.rawValue), .integer(g.targets.count), .integer(g.latestYear),
                           .text(g.targets.joined(separator: " "))])
        }
        return t
    }
}
