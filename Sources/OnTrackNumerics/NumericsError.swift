/// Why a numeric rule could not produce a finite answer.
///
/// OnTrack never lets NaN or infinity escape: every rule that could produce one throws one of these
/// instead, and the assessment turns it into a note.
public enum NumericsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Compound growth needs strictly positive start and end values.
    case nonPositiveValue(Double)
    /// A growth rate needs at least one year between its two values.
    case nonPositiveSpan(Int)
    /// An equation has no solution in the admissible range.
    case noSolution(String)
    /// A least-squares problem is rank deficient (e.g. all observations in one year).
    case rankDeficient
    /// LAPACK reported an error code.
    case lapack(Int32)
    /// An input was NaN or infinite.
    case nonFinite

    public var description: String {
        switch self {
        case .nonPositiveValue(let v): return "compound growth is undefined for the non-positive value \(v)"
        case .nonPositiveSpan(let n): return "a growth rate needs a span of at least one year (got \(n))"
        case .noSolution(let why): return "no solution: \(why)"
        case .rankDeficient: return "the trend fit is rank deficient (observations in fewer than two distinct years)"
        case .lapack(let info): return "LAPACK failed with info = \(info)"
        case .nonFinite: return "a non-finite number (NaN or infinity) was given"
        }
    }
}
