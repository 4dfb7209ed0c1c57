/// A plan dataset: indicators, their targets and their observations.
public struct Dataset: Sendable {
    public var name: String
    public var indicators: [Indicator]
    public var targets: [Target]
    public var observations: [Observation]

    public init(name: String, indicators: [Indicator], targets: [Target], observations: [Observation]) {
        self.name = name
        self.indicators = indicators
        self.targets = targets
        self.observations = observations
    }

    /// Indicators by id (the first of any duplicates).
    public var indicatorsByID: [String: Indicator] {
        Dictionary(indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
