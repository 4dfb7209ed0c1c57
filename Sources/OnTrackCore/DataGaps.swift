import OnTrackNumerics

/// The data that would let the tool judge more: for every target it cannot judge for want of a
/// value, the indicator and year whose value would decide it; grouped by indicator and year, most
/// targets unlocked first.
public enum DataGaps {
    /// Why a value is needed.
    public enum Need: String, Sendable, Hashable, CaseIterable {
        /// The target year's value: it decides the target ex post.
        case targetYear = "target_year"
        /// A year of a 【】 or * period, missing between observed ones or at its end.
        case periodYear = "period_year"
        /// The baseline year's value, the start of the path.
        case baseline
    }

    /// One missing value and the targets it would unlock.
    public struct Gap: Sendable, Hashable {
        public var indicatorID: String
        public var year: Int
        public var need: Need
        public var targets: [String]
        /// The indicator's latest comparable observation, if any.
        public var latestYear: Int?
    }

    /// The gaps of `results`, most targets first, then indicator and year.
    public static func gaps(_ results: [TargetAssessment]) -> [Gap] {
        var byKey: [String: Gap] = [:]
        var order: [String] = []
        for r in results {
            guard let (year, need) = missing(r) else { continue }
            let key = "\(r.indicator.id)\u{1F}\(year)"
            if byKey[key] == nil {
                order.append(key)
                byKey[key] = Gap(indicatorID: r.indicator.id, year: year, need: need, targets: [],
                                 latestYear: r.used.map(\.year).max())
            }
            byKey[key]!.targets.append(r.target.id)
            // A year that decides one target and starts the path of another is first of all decisive.
            if need == .targetYear { byKey[key]!.need = .targetYear }
        }
        return order.map { byKey[$0]! }.sorted {
            ($0.targets.count, $1.indicatorID, $1.year) > ($1.targets.count, $0.indicatorID, $0.year)
        }
    }

    /// The value a target lacks, or nil when it is judged or lacks something else (a number to
    /// judge, a definition that matches).
    static func missing(_ r: TargetAssessment) -> (Int, Need)? {
        let t = r.target, a = r.assessment
        switch r.reason {
        case .targetYearUnobserved?:
            guard t.form == .cumulative || t.form == .averageGrowth else { return (t.targetYear, .targetYear) }
            // The first year of the period without a value.
            let first = t.periodStart ?? t.baselineYear + 1
            let observed = Set(r.used.map(\.year))
            let gap = (first...t.targetYear).first { !observed.contains($0) } ?? t.targetYear
            return (gap, gap == t.targetYear ? .targetYear : .periodYear)
        case .noBaseline?:
            return (t.baselineYear, .baseline)
        case .noActualYet?:
            // The next year after the latest value (or the baseline), up to the target year.
            let after = max(a.latest?.year ?? t.baselineYear, t.baselineYear) + 1
            return (min(after, t.targetYear), after >= t.targetYear ? .targetYear : .periodYear)
        default:
            return nil
        }
    }
}
