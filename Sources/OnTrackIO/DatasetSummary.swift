import OnTrackCore
import OnTrackNumerics

/// Counts of a dataset's targets grouped one way: what is there and where it comes from.
public enum DatasetSummary {
    /// How targets are grouped.
    public enum Grouping: String, Sendable, CaseIterable {
        /// Source file and document number, in file order.
        case document
        /// Target form (level, share, …), in the order of ``TargetForm``.
        case form
        /// Bound (reach, >=, …, none).
        case bound
        /// Target year, ascending.
        case year
        /// 约束性 / 预期性 / not stated.
        case binding
        /// The indicator's sub-area, or "whole municipality".
        case scope

        /// The `document` of the group of what-if targets (no `source_file`) in `--by document`.
        public static let whatIfDocument = "what-if targets (no source)"

        /// The group of `t`, one value per key column.
        public func key(of t: Target, indicators: [String: Indicator]) -> [String] {
            switch self {
            // What-if targets cite no file: one group of their own, named so.
            case .document: return t.isWhatIf ? ["", Self.whatIfDocument] : [t.source.location, t.source.document]
            case .form: return [t.form.rawValue]
            case .bound: return [AssessmentReport.boundName(t.bound)]
            case .year: return [String(t.targetYear)]
            case .binding: return [t.binding?.rawValue ?? "not stated"]
            case .scope: return [(indicators[t.indicatorID]?.scope).flatMap { $0.isEmpty ? nil : $0 } ?? "whole municipality"]
            }
        }

        public var keyColumns: [String] {
            switch self {
            case .document: return ["source_file", "document"]
            case .form: return ["form"]
            case .bound: return ["bound"]
            case .year: return ["target_year"]
            case .binding: return ["binding"]
            case .scope: return ["scope"]
            }
        }
    }

    public static let countColumns = ["targets", "numeric", "with_baseline", "indicators"]

    /// One row per group and a last row "total": targets, targets with a numeric bound, targets
    /// with a printed baseline, and distinct indicators.
    public static func table(_ data: Dataset, by grouping: Grouping) -> ReportTable {
        let (order, groups) = grouping.groups(data.targets, indicators: data.indicatorsByID) { $0 }
        func counts(_ ts: [Target]) -> [Cell] {
            [.integer(ts.count), .integer(ts.filter { $0.bound != nil }.count), .integer(ts.filter { $0.baseline != nil }.count),
             .integer(Set(ts.map(\.indicatorID)).count)]
        }
        var table = ReportTable(columns: grouping.keyColumns + countColumns, maxDisplayWidth: ["document": 40])
        for k in order { table.rows.append(k.map(Cell.text) + counts(groups[k]!)) }
        table.rows.append(grouping.keyColumns.indices.map { .text($0 == 0 ? "total" : "") } + counts(data.targets))
        return table
    }
}

extension DatasetSummary.Grouping {
    /// `items` grouped by their target's key, groups in this grouping's order: documents and years
    /// ascending, forms in the order of ``TargetForm``, the others largest first; ties keep the order
    /// of first appearance.
    public func groups<T>(_ items: [T], indicators: [String: Indicator] = [:], target: (T) -> Target) -> (order: [[String]], groups: [[String]: [T]]) {
        var order: [[String]] = []
        var groups: [[String]: [T]] = [:]
        for item in items {
            let k = key(of: target(item), indicators: indicators)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(item)
        }
        let first = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let rank = Dictionary(uniqueKeysWithValues: TargetForm.allCases.enumerated().map { ($1.rawValue, $0) })
        func sortKey(_ k: [String]) -> (String, Int, Int) {
            switch self {
            case .document, .year: return (k[0], 0, first[k]!)
            case .form: return ("", rank[k[0], default: 99], first[k]!)
            case .bound, .binding, .scope: return ("", -groups[k]!.count, first[k]!)
            }
        }
        order.sort { sortKey($0) < sortKey($1) }
        return (order, groups)
    }
}
