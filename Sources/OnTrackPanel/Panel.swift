import OnTrackNumerics

/// Many series of yearly observations in a columnar layout: the years and values of every series
/// in two contiguous arrays, series after series, each series sorted by year with one value per year.
///
/// Series are numbered 0..<count; ``seriesIDs`` maps a number back to its id. The observations of
/// series s are `years[offsets[s]..<offsets[s+1]]` and the same range of `values`. Build one with
/// ``PanelBuilder``.
public struct Panel: Sendable {
    public let seriesIDs: [String]
    public let offsets: [Int]
    public let years: [Int32]
    public let values: [Double]
    /// Values on another definition (series breaks) by series number: shown, never judged. Panels
    /// read from a file have none; a dataset's panel carries them.
    public var nonComparable: [Int: [YearValue]] = [:]

    init(seriesIDs: [String], offsets: [Int], years: [Int32], values: [Double]) {
        precondition(offsets.count == seriesIDs.count + 1 && years.count == values.count)
        self.seriesIDs = seriesIDs
        self.offsets = offsets
        self.years = years
        self.values = values
    }

    /// A panel with no series.
    public static let empty = Panel(seriesIDs: [], offsets: [0], years: [], values: [])

    public var seriesCount: Int { seriesIDs.count }
    public var observationCount: Int { values.count }

    /// The positions of the observations of series `s`.
    public func range(of s: Int) -> Range<Int> { offsets[s]..<offsets[s + 1] }

    /// The positions of the observations of series `s` up to `asOf`.
    public func range(of s: Int, asOf: Int?) -> Range<Int> {
        let r = range(of: s)
        guard let asOf else { return r }
        var end = r.upperBound
        while end > r.lowerBound, Int(years[end - 1]) > asOf { end -= 1 }
        return r.lowerBound..<end
    }
}
