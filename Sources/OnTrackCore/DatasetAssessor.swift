import OnTrackNumerics

/// Assesses every target of a dataset: picks one observation per indicator and year, applies the
/// rules of ``Assessor`` and keeps the provenance next to each verdict.
public struct DatasetAssessor: Sendable {
    public var options: AssessmentOptions

    public init(options: AssessmentOptions = AssessmentOptions()) {
        self.options = options
    }

    /// One ``TargetAssessment`` per target, in the dataset's order. Targets whose indicator is
    /// missing are reported as not assessable with a note (the loader normally rejects them).
    public func assess(_ dataset: Dataset) -> [TargetAssessment] {
        let indicators = dataset.indicatorsByID
        let byIndicator = Dictionary(grouping: dataset.observations, by: \.indicatorID)
        let assessor = Assessor(options: options)
        return dataset.targets.map { target in
            guard let indicator = indicators[target.indicatorID] else {
                var a = Assessment(status: .notAssessable)
                a.notes.append("unknown indicator \(target.indicatorID)")
                let placeholder = Indicator(id: target.indicatorID, nameZh: "", nameEn: "", unit: "", kind: .level)
                return TargetAssessment(target: target, indicator: placeholder, assessment: a, used: [], notComparable: [])
            }
            let (used, broken, notes) = Self.select(byIndicator[indicator.id] ?? [], unit: indicator.unit)
            var a = assessor.assess(target.spec(direction: indicator.direction),
                                    observations: used.map { YearValue($0.year, $0.value) },
                                    nonComparable: broken.map { YearValue($0.year, $0.value) })
            a.notes.append(contentsOf: notes)
            return TargetAssessment(target: target, indicator: indicator, assessment: a, used: used, notComparable: broken)
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
