/// How far a published value can be trusted.
public enum Reliability: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// A reprint or an estimate.
    case low
    /// A reputable outlet citing an official source.
    case medium
    /// An official bulletin or release.
    case high

    private var rank: Int { self == .high ? 2 : self == .medium ? 1 : 0 }
    public static func < (l: Reliability, r: Reliability) -> Bool { l.rank < r.rank }
}

/// A value achieved in a year, with its source.
public struct Observation: Sendable, Hashable {
    public var indicatorID: String
    public var year: Int
    public var value: Double
    public var unit: String
    public var reliability: Reliability
    /// false for a series break: shown, never used to judge progress.
    public var comparable: Bool
    public var source: SourceReference
    public var sourceTitle: String
    public var note: String
    /// Position in the input (later rows record later revisions).
    public var order: Int

    public init(indicatorID: String, year: Int, value: Double, unit: String, reliability: Reliability,
                comparable: Bool = true, source: SourceReference, sourceTitle: String = "", note: String = "", order: Int = 0) {
        self.indicatorID = indicatorID
        self.year = year
        self.value = value
        self.unit = unit
        self.reliability = reliability
        self.comparable = comparable
        self.source = source
        self.sourceTitle = sourceTitle
        self.note = note
        self.order = order
    }
}
