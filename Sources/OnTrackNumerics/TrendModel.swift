/// The trend models a projection chooses among (see ``TrendFits/select(preferLogLinear:)``).
public enum TrendModel: String, Sendable, Hashable, CaseIterable, Codable {
    /// `y = a + b·t`: a constant change in units a year.
    case linear
    /// `ln y = a + b·t`: a constant percentage growth; only for series with every value > 0.
    case logLinear = "log_linear"
    /// `y = a + b·t + c·t²`: a change that speeds up or slows down.
    case quadratic

    /// The number of coefficients p.
    public var coefficientCount: Int { self == .quadratic ? 3 : 2 }

    /// The fewest observations for which the corrected Akaike criterion is defined: n − (p+1) − 1 > 0.
    public var minimumCountForSelection: Int { coefficientCount + 3 }
}
