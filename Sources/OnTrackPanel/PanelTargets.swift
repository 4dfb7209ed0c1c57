import OnTrackNumerics

/// The targets of a panel, in input order: what each asks and which series it is on.
public struct PanelTargets: Sendable {
    public var ids: [String] = []
    /// The series id of each target as written.
    public var seriesIDs: [String] = []
    /// The series number in the ``Panel`` of each target; −1 when the panel has no such series.
    public var series: [Int32] = []
    public var specs: [TargetSpec] = []

    public init() {}

    public var count: Int { ids.count }

    public mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n)
        seriesIDs.reserveCapacity(n)
        series.reserveCapacity(n)
        specs.reserveCapacity(n)
    }

    public mutating func append(id: String, seriesID: String, series: Int32, spec: TargetSpec) {
        ids.append(id)
        seriesIDs.append(seriesID)
        self.series.append(series)
        specs.append(spec)
    }
}
