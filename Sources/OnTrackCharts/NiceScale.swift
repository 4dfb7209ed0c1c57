import Foundation

/// Axis ticks at "nice" numbers (1, 2 or 5 × 10ⁿ), after Heckbert, "Nice numbers for graph
/// labels", Graphics Gems (1990).
public struct NiceScale: Sendable, Hashable {
    /// The axis range: the data range widened to whole steps.
    public let lower: Double
    public let upper: Double
    public let step: Double
    /// Decimals needed to tell the ticks apart.
    public let decimals: Int

    /// A scale covering `min...max` with about `ticks` tick marks. A zero-width range is widened.
    public init(min: Double, max: Double, ticks: Int = 5) {
        var lo = Swift.min(min, max), hi = Swift.max(min, max)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let range = Self.nice(hi - lo, round: false)
        let step = Self.nice(range / Double(Swift.max(ticks - 1, 1)), round: true)
        self.step = step
        self.lower = (lo / step).rounded(.down) * step
        self.upper = (hi / step).rounded(.up) * step
        self.decimals = Swift.max(0, -Int(floor(log10(step))))
    }

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { lower + Double($0) * step }
    }

    /// A nice number near `x`: rounded to the nearest, or (`round == false`) the next one up.
    static func nice(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let f: Double
        if round {
            f = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            f = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return f * pow(10, exponent)
    }

    /// Year ticks: every 1, 2, 5 or 10 years so that at most `maxLabels` fit, on multiples of the step.
    public static func years(from first: Int, to last: Int, maxLabels: Int) -> [Int] {
        let span = Swift.max(last - first, 0)
        let step = [1, 2, 5, 10, 20, 50].first { span / $0 + 1 <= Swift.max(maxLabels, 2) } ?? 100
        let start = step == 1 ? first : ((first + step - 1) / step) * step
        return Array(stride(from: start, through: last, by: step))
    }
}
