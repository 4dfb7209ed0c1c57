// ontrack-bench: micro-benchmarks of the batch engine's kernels, printed as medians.
//
//   swift run -c release ontrack-bench [series] [years] [runs]
//
// Fits the trend models to `series` synthetic series of `years` complete years (one pattern, the
// case where grouping gives BLAS the largest products) and to the same series with gaps (many small
// groups), on one thread, with each kernel. This is the figure behind FitKernel.auto.
import Foundation
import OnTrackNumerics

let args = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let seriesCount = args.count > 0 ? args[0] : 200_000
let yearCount = args.count > 1 ? args[1] : 20
let runs = args.count > 2 ? args[2] : 5
BLASThreads.set(1)

/// Deterministic series: growth with a wobble; every 7th series misses two years.
func makePanel(gaps: Bool) -> (years: [Int32], values: [Double], ranges: [Range<Int>]) {
    var years: [Int32] = [], values: [Double] = [], ranges: [Range<Int>] = []
    years.reserveCapacity(seriesCount * yearCount)
    values.reserveCapacity(seriesCount * yearCount)
    var x: UInt64 = 42
    for s in 0..<seriesCount {
        let start = years.count
        let skip = gaps && s % 7 == 0 ? (s / 7) % (yearCount - 2) : -10
        for k in 0..<yearCount where k != skip && k != skip + 1 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(x >> 11) / Double(1 << 53) - 0.5
            years.append(Int32(2000 + k))
            values.append(100 * pow(1.03, Double(k)) * (1 + 0.02 * noise) + Double(s % 13))
        }
        ranges.append(start..<years.count)
    }
    return (years, values, ranges)
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func time(_ fitter: TrendFitter, _ panel: (years: [Int32], values: [Double], ranges: [Range<Int>])) -> Double {
    var samples: [Double] = []
    for _ in 0..<runs {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let fits = panel.years.withUnsafeBufferPointer { yp in
                panel.values.withUnsafeBufferPointer { vp in fitter.fit(years: yp, values: vp, ranges: panel.ranges) }
            }
            precondition(fits.count == panel.ranges.count)
        }
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return median(samples)
}

print("ontrack-bench fits: \(seriesCount) series × \(yearCount) years, median of \(runs) runs, 1 thread")
print("pattern      models                     kernel   seconds   series/s")
for gaps in [false, true] {
    let panel = makePanel(gaps: gaps)
    for quadratic in [false, true] {
        for kernel in [FitKernel.loop, .blas, .auto] where quadratic || kernel != .auto {
            let t = time(TrendFitter(kernel: kernel, fitsQuadratic: quadratic, cache: BasisCache()), panel)
            let label = quadratic ? "linear+log+quadratic" : "linear+log (p = 2)"
            func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
            print(pad(gaps ? "gappy" : "complete", 13) + pad(label, 27) + pad(kernel.rawValue, 9)
                  + String(format: "%7.3f   %9.0f", t, Double(seriesCount) / t))
        }
    }
}
