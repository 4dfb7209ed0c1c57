import OnTrackNumerics

/// What an indicator measures.
public enum IndicatorKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// An amount or a count (compound growth).
    case level
    /// A share of a whole in % (percentage points).
    case share
    /// A rate in % such as unemployment or coverage (percentage points).
    case rate
    /// A ratio such as 1.84∶1 (points).
    case ratio
    /// An annual growth rate in %.
    case growth
    /// An index number.
    case index
}

/// An indicator of a plan: the thing measured, in one unit.
public struct Indicator: Sendable, Hashable, Identifiable {
    public var id: String
    public var nameZh: String
    public var nameEn: String
    public var unit: String
    public var kind: IndicatorKind
    /// Explicit direction; nil means inferred per target.
    public var direction: Direction?
    /// The area covered when not the whole jurisdiction (e.g. 两江新区).
    public var scope: String
    public var note: String

    public init(id: String, nameZh: String, nameEn: String, unit: String, kind: IndicatorKind,
                direction: Direction? = nil, scope: String = "", note: String = "") {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.unit = unit
        self.kind = kind
        self.direction = direction
        self.scope = scope
        self.note = note
    }
}
