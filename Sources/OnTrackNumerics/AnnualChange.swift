/// An annual rate of change in the unit that suits the indicator: a compound percentage for levels,
/// percentage points (or plain units) a year for shares, rates and ratios.
public struct AnnualChange: Sendable, Hashable {
    /// How ``value`` is measured.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// `value` is a fraction per year (0.05 = 5 % a year), compounded.
        case percent
        /// `value` is in the indicator's own unit per year (percentage points for % indicators).
        case points
    }

    /// The change per year: a fraction for ``Unit/percent``, units for ``Unit/points``.
    public var value: Double
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public static func percent(_ fraction: Double) -> AnnualChange { AnnualChange(fraction, .percent) }
    public static func points(_ perYear: Double) -> AnnualChange { AnnualChange(perYear, .points) }

    /// The number shown to a reader: percent (4.24 for 4.24 % a year) or points a year.
    public var display: Double { unit == .percent ? value * 100 : value }
}
