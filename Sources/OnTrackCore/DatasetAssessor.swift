import OnTrackNumerics
import OnTrackPanel

/// Assesses every target of a dataset: picks one observation per indicator and year, and runs the
/// panel engine (``PanelAssessor``) on the result — a dataset is a panel with metadata, so a target
/// gets the same numbers whichever way it comes in. Keeps the provenance next to each verdict.
public struct DatasetAssessor: Sendable {
    public var options: AssessmentOptions

    public init(options: AssessmentOptions = AssessmentOptions()) {
        self.options = options
    }

    /// The dataset as a panel: one series per indicator (the comparable observations after the
    /// conflict rule, the values on another definition as the series' breaks), one target per
    /// target, in the dataset's order.
    public static func panel(_ dataset: Dataset) -> (panel: Panel, targets: PanelTargets, used: [[Observation]], notComparable: [[Observation]], notes: [[String]]) {
        let byIndicator = Dictionary(grouping: dataset.observations, by: \.indicatorID)
        var builder = PanelBuilder()
        var ids: [String] = [], number: [String: Int32] = [:]
        var used: [[Observation]] = [], broken: [[Observation]] = [], notes: [[String]] = []
        for indicator in dataset.indicators where number[indicator.id] == nil {
            let s = Int32(ids.count)
            number[indicator.id] = s
            ids.append(indicator.id)
            let (u, b, n) = select(byIndicator[indicator.id] ?? [], unit: indicator.unit)
            for o in u where o.value.isFinite { builder.append(series: s, year: Int32(o.year), value: o.value) }
            used.append(u)
            broken.append(b)
            notes.append(n)
        }
        var (panel, _) = builder.build(seriesIDs: ids)
        for (s, b) in broken.enumerated() where !b.isEmpty {
            panel.nonComparable[s] = b.map { YearValue($0.year, $0.value) }
        }
        let indicators = dataset.indicatorsByID
        var targets = PanelTargets()
        targets.reserveCapacity(dataset.targets.count)
        for t in dataset.targets {
            let direction = indicators[t.indicatorID]?.direction
            targets.append(id: t.id, seriesID: t.indicatorID, series: number[t.indicatorID] ?? -1, spec: t.spec(direction: direction))
        }
        return (panel, targets, used, broken, notes)
    }

    /// One ``TargetAssessment`` per target, in the dataset's order. Targets whose indicator is
    /// missing are reported as not assessable with a note (the loader normally rejects them).
    public func assess(_ dataset: Dataset) -> [TargetAssessment] {
        let (panel, targets, used, broken, notes) = Self.panel(dataset)
        let verdicts = PanelAssessor(options: options, workers: 1).assessAll(panel, targets)
        let indicators = dataset.indicatorsByID
        return dataset.targets.enumerated().map { i, target in
            guard let indicator = indicators[target.indicatorID] else {
                var a = Assessment(status: .notAssessable)
                a.notes.append("unknown indicator \(target.indicatorID)")
                let placeholder = Indicator(id: target.indicatorID, nameZh: "", nameEn: "", unit: "", kind: .level)
                return TargetAssessment(target: target, indicator: placeholder, assessment: a, used: [], notComparable: [])
            }
            let s = Int(targets.series[i])
            var a = verdicts[i]
            a.notes.append(contentsOf: notes[s])
            return TargetAssessment(target: target, indicator: indicator, assessment: a, used: used[s], notComparable: broken[s])
        }
    }

    /// The yearly path of one target, with actuals and gaps.
    public func path(of target: Target, in dataset: Dataset) -> [PathPoint] {
        guard let indicator = dataset.indicatorsByID[target.indicatorID] else { return [] }
        let observations = dataset.observations.filter { $0.indicatorID == indicator.id }
        let (used, broken, _) = Self.select(observations, unit: indicator.unit)
        return Assessor(options: options).path(target.spec(direction: indicator.direction),
                                                observations: used.map { YearValue($0.year, $0.value) },
                                                nonComparable: broken.map { YearValue($0.year, $0.value) })
    }

    /// The conflict rule: among comparable observations of one year, the highest reliability wins;
    /// on a tie, the one listed last. Values in another unit than the indicator's are set aside as
    /// not comparable.
    public static func select(_ observations: [Observation], unit: String) -> (used: [Observation], notComparable: [Observation], notes: [String]) {
        var best: [Int: Observation] = [:]
        var broken: [Observation] = []
        var notes: [String] = []
        for o in observations.sorted(by: { $0.order < $1.order }) {
            guard o.comparable else { broken.append(o); continue }
            guard o.unit == unit else {
                broken.append(o)
                notes.append("the \(o.year) value is in \(o.unit), not \(unit); set aside")
                continue
            }
            if let current = best[o.year] {
                let (winner, loser) = o.reliability >= current.reliability ? (o, current) : (current, o)
                best[o.year] = winner
                if winner.value != loser.value {
                    notes.append("\(o.year): \(winner.value) chosen over \(loser.value) (reliability, then latest listed)")
                }
            } else {
                best[o.year] = o
            }
        }
        return (best.keys.sorted().map { best[$0]! }, broken.sorted { $0.year < $1.year }, notes)
    }
}
