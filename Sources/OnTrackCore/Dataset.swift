/// A plan dataset: indicators, their targets and their observations.
public struct Dataset: Sendable {
    public var name: String
    public var indicators: [Indicator]
    public var targets: [Target]
    public var observations: [Observation]
    /// What the dataset says about itself (`about.csv`): its title in both languages.
    public var about = DatasetAbout()
    /// The source documents with their titles (`documents.csv`), keyed by the `document` value
    /// the targets cite.
    public var documents: [String: SourceDocument] = [:]

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

/// What a dataset says about itself.
public struct DatasetAbout: Sendable, Hashable {
    public var titleZh = ""
    public var titleEn = ""
    /// Who curated the data, in both languages.
    public var publisherZh = ""
    public var publisherEn = ""
    public init() {}
}

/// A source document of a plan dataset: the number the targets cite, and its titles.
public struct SourceDocument: Sendable, Hashable {
    public var id: String
    public var titleZh: String
    public var titleEn: String

    public init(id: String, titleZh: String, titleEn: String) {
        self.id = id
        self.titleZh = titleZh
        self.titleEn = titleEn
    }
}
