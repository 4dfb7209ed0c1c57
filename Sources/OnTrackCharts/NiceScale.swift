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

    /// A scale covering `min...max` with about `ticks` tick marks. A zero-width range is widened;
    /// non-finite ends fall back to 0…1. Values near the limits of a double (1e308) are scaled down
    /// first, so no step, bound or tick count overflows.
    public init(min: Double, max: Double, ticks: Int = 5) {
        var lo = Swift.min(min, max), hi = Swift.max(min, max)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        // Work on values of at most 1e300 in magnitude: the span and the rounding stay finite.
        let magnitude = Swift.max(abs(lo), abs(hi))
        let scale = magnitude > 1e300 ? pow(10, (log10(magnitude) - 300).rounded(.up)) : 1
        lo /= scale; hi /= scale
        if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let range = Self.nice(hi - lo, round: false)
        let step = Self.nice(range / Double(Swift.max(ticks - 1, 1)), round: true)
        self.step = step * scale
        // Rounded out to whole steps, but never past the largest double.
        let top = Double.greatestFiniteMagnitude
        self.lower = Swift.max(-top, (lo / step).rounded(.down) * step * scale)
        self.upper = Swift.min(top, (hi / step).rounded(.up) * step * scale)
        let exponent = log10(step * scale)
        self.decimals = exponent.isFinite ? Swift.min(12, Swift.max(0, -Int(floor(exponent)))) : 0
    }

    /// The tick values from `lower` to `upper` (at most 1000).
    public var ticks: [Double] {
        // Divided before subtracting: the span of ±1e308 itself is not a double.
        let count = (upper / step - lower / step).rounded()
        guard count.isFinite, count >= 0 else { return [lower] }
        let n = Int(Swift.min(count, 1000))
        return (0...n).map { Swift.min(upper, lower + Double($0) * step) }
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
