import Foundation

/// The path a target expects an indicator to follow from its baseline to its target.
///
/// Both ends are hit exactly: `value(at: baselineYear) == baseline` and
/// `value(at: targetYear) == target`.
public struct TargetPath: Sendable, Hashable {
    public let baseline: Double
    public let baselineYear: Int
    public let target: Double
    public let targetYear: Int
    public let method: PathMethod

    /// - Throws: ``NumericsError/nonPositiveSpan(_:)`` when the target year is not after the baseline
    ///   year; ``NumericsError/nonPositiveValue(_:)`` for a compound path with a value ≤ 0 (use
    ///   ``PathMethod/linear`` instead); ``NumericsError/nonFinite`` for NaN or infinite input, or a
    ///   required change that is not a finite number.
    public init(baseline: Double, baselineYear: Int, target: Double, targetYear: Int, method: PathMethod) throws(NumericsError) {
        guard baseline.isFinite, target.isFinite else { throw .nonFinite }
        guard targetYear > baselineYear else { throw .nonPositiveSpan(targetYear - baselineYear) }
        if method == .compound {
            guard baseline > 0 else { throw .nonPositiveValue(baseline) }
            guard target > 0 else { throw .nonPositiveValue(target) }
            // The rate must be a finite number (1e-300 → 1e300 overflows).
            _ = try Growth.compoundRate(from: baseline, to: target, years: targetYear - baselineYear)
        } else {
            guard (target - baseline).isFinite else { throw .nonFinite }
        }
        self.baseline = baseline
        self.baselineYear = baselineYear
        self.target = target
        self.targetYear = targetYear
        self.method = method
    }

    /// Number of years from baseline to target.
    public var span: Int { targetYear - baselineYear }

    /// The expected value in `year` (any year; outside the period the path is extended).
    public func value(at year: Int) -> Double {
        if year == baselineYear { return baseline }
        if year == targetYear { return target }
        let f = Double(year - baselineYear) / Double(span)
        switch method {
        case .compound: return baseline * exp(log(target / baseline) * f)
        case .linear: return baseline + (target - baseline) * f
        }
    }

    /// The required annual change from the baseline: `(T/B)^(1/n) − 1` or `(T−B)/n` points.
    public var requiredChange: AnnualChange {
        switch method {
        // Both values are positive, the span is positive and the rate finite (checked in init), so
        // these cannot throw.
        case .compound: return .percent((try? Growth.compoundRate(from: baseline, to: target, years: span)) ?? 0)
        case .linear: return .points((target - baseline) / Double(span))
        }
    }

    /// The expected values for every year from baseline to target.
    public var yearly: [(year: Int, value: Double)] {
        (baselineYear...targetYear).map { ($0, value(at: $0)) }
    }
}
