import COpenBLAS
import Foundation
import Synchronization

/// How ``TrendFitter`` multiplies a pattern's basis by the series of its group.
public enum FitKernel: String, Sendable, Hashable, CaseIterable {
    /// Plain loops for the two-coefficient models and BLAS `dgemm` for the quadratic: the fastest
    /// measured on this project's benchmark machine (see `Scripts/bench-panel.sh --kernels`).
    case auto
    /// Plain Swift loops for every model.
    case loop
    /// OpenBLAS `dgemm` for every model.
    case blas
}

/// Fits the trend models of ``TrendFits`` to many series at once.
///
/// Series are grouped by their pattern of observed years. A group shares one design matrix X, so
/// its basis — the pseudo-inverse P = (XᵀX)⁻¹Xᵀ and (XᵀX)⁻¹ — is computed once (LAPACK `dgels`
/// for the quadratic, closed form for the straight lines), and the coefficients of all k series of
/// the group are one product B = P·Y with Y the m×k matrix of their values. Residuals are
/// R = Y − X·B. Both products go through `dgemm` or plain loops, as ``FitKernel`` says.
public struct TrendFitter: Sendable {
    public var kernel: FitKernel
    /// Fit the quadratic model (needs ≥ 6 observations, the fewest for which it can be chosen).
    public var fitsQuadratic: Bool
    /// Quadratic bases already factorised, shared between calls and threads.
    public var cache: BasisCache?

    public init(kernel: FitKernel = .auto, fitsQuadratic: Bool = true, cache: BasisCache? = nil) {
        self.kernel = kernel
        self.fitsQuadratic = fitsQuadratic
        self.cache = cache
    }

    /// Fits every series. Series i has the years `years[ranges[i]]` (ascending, distinct) and the
    /// finite values `values[ranges[i]]`. The result is nil for a series with fewer than
    /// ``TrendFits/minimumCount`` observations.
    public func fit(years: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>, ranges: [Range<Int>]) -> [TrendFits?] {
        var result = [TrendFits?](repeating: nil, count: ranges.count)
        var groups: [PatternKey: [Int]] = [:]
        for (i, r) in ranges.enumerated() where r.count >= TrendFits.minimumCount {
            groups[PatternKey(years, r), default: []].append(i)
        }
        for (key, members) in groups {
            let first = ranges[members[0]]
            let pattern = (first.lowerBound..<first.upperBound).map { Double(years[$0]) }
            fitGroup(pattern: pattern, shape: key.shape, lastYear: Int(years[first.upperBound - 1]), members: members,
                     values: values, ranges: ranges, into: &result)
        }
        return result
    }

    /// The observed years of a series, as a bit mask from its first year when they span ≤ 64 years.
    enum PatternKey: Hashable {
        case mask(first: Int32, bits: UInt64)
        case list([Int32])

        init(_ years: UnsafeBufferPointer<Int32>, _ r: Range<Int>) {
            let first = years[r.lowerBound]
            if years[r.upperBound - 1] - first < 64 {
                var bits: UInt64 = 0
                for i in r { bits |= 1 << UInt64(years[i] - first) }
                self = .mask(first: first, bits: bits)
            } else {
                self = .list(Array(years[r]))
            }
        }

        /// The pattern moved to start at year 0: patterns of the same shape have the same centred
        /// years, so the same basis.
        var shape: PatternKey {
            switch self {
            case .mask(_, let bits): return .mask(first: 0, bits: bits)
            case .list(let years): return .list(years.map { $0 - years[0] })
            }
        }
    }

    private func fitGroup(pattern: [Double], shape: PatternKey, lastYear: Int, members: [Int], values: UnsafeBufferPointer<Double>,
                          ranges: [Range<Int>], into result: inout [TrendFits?]) {
        let m = pattern.count, k = members.count
        let origin = pattern.reduce(0, +) / Double(m)
        let tau = pattern.map { $0 - origin }
        let stt = tau.reduce(0) { $0 + $1 * $1 }

        // Y (m×k, column-major) and ln Y where every value of the series is positive.
        var y = [Double](repeating: 0, count: m * k)
        var logY = [Double](repeating: 0, count: m * k)
        var positive = [Bool](repeating: true, count: k)
        var sumOfLogs = [Double](repeating: 0, count: k)
        var meanAbs = [Double](repeating: 0, count: k)
        for (j, s) in members.enumerated() {
            let start = ranges[s].lowerBound
            var abs = 0.0, logs = 0.0
            for i in 0..<m {
                let v = values[start + i]
                y[i + j * m] = v
                abs += Swift.abs(v)
                if v > 0 { let l = log(v); logY[i + j * m] = l; logs += l } else { positive[j] = false }
            }
            meanAbs[j] = abs / Double(m)
            sumOfLogs[j] = logs
        }

        // Straight lines: P = [1/m …; τᵢ/Stt …], (XᵀX)⁻¹ = diag(1/m, 1/Stt).
        let line = Basis(rows: m, columns: 2,
                         design: [Double](repeating: 1, count: m) + tau,
                         pseudoInverse: (0..<m).flatMap { [1 / Double(m), tau[$0] / stt] },
                         inverseGram: SymmetricMatrix3(m00: 1 / Double(m), m11: 1 / stt))
        let lineKernel: FitKernel = kernel == .blas ? .blas : .loop
        let linear = line.solve(y, series: k, kernel: lineKernel)
        let logLinear = line.solve(logY, series: k, kernel: lineKernel)
        var quadratic: Basis.Solution?
        var quadraticBasis: Basis?
        if fitsQuadratic, m >= TrendModel.quadratic.minimumCountForSelection,
           let basis = cache?.basis(shape, tau: tau) ?? Basis.quadratic(tau: tau) {
            quadratic = basis.solve(y, series: k, kernel: kernel == .loop ? .loop : .blas)
            quadraticBasis = basis
        }

        for (j, s) in members.enumerated() {
            func model(_ kind: TrendModel, _ fit: Basis.Solution, _ g: SymmetricMatrix3) -> ModelFit? {
                let p = fit.columns, base = j * p
                let a = fit.coefficients[base], b = fit.coefficients[base + 1], c = p > 2 ? fit.coefficients[base + 2] : 0
                let rss = fit.rss[j]
                guard a.isFinite, b.isFinite, c.isFinite, rss.isFinite else { return nil }
                return ModelFit(model: kind, a: a, b: b, c: c, rss: rss, inverseGram: g)
            }
            result[s] = TrendFits(
                count: m, origin: origin, firstYear: Int(pattern[0]), lastYear: lastYear,
                sumOfLogs: positive[j] ? sumOfLogs[j] : nil, meanAbsoluteValue: meanAbs[j],
                linear: model(.linear, linear, line.inverseGram),
                logLinear: positive[j] ? model(.logLinear, logLinear, line.inverseGram) : nil,
                quadratic: quadratic.flatMap { q in quadraticBasis.flatMap { model(.quadratic, q, $0.inverseGram) } })
        }
    }
}

/// Quadratic bases by pattern shape, computed once per run and shared by the threads.
public final class BasisCache: Sendable {
    private let storage = Mutex<[TrendFitter.PatternKey: Basis]>([:])

    public init() {}

    func basis(_ shape: TrendFitter.PatternKey, tau: [Double]) -> Basis? {
        if let b = storage.withLock({ $0[shape] }) { return b }
        guard let b = Basis.quadratic(tau: tau) else { return nil }
        storage.withLock { $0[shape] = b }
        return b
    }
}

/// The shared part of the least-squares fits of one pattern of years: X, P = (XᵀX)⁻¹Xᵀ, (XᵀX)⁻¹.
struct Basis: Sendable {
    var rows: Int
    var columns: Int
    /// X, m×p column-major.
    var design: [Double]
    /// P, p×m column-major.
    var pseudoInverse: [Double]
    var inverseGram: SymmetricMatrix3

    /// The quadratic basis through LAPACK: P solves X·P = I in the least-squares sense (`dgels`
    /// with the identity as right-hand sides) and (XᵀX)⁻¹ = P·Pᵀ.
    static func quadratic(tau: [Double]) -> Basis? {
        let m = tau.count
        let design = [Double](repeating: 1, count: m) + tau + tau.map { $0 * $0 }
        var identity = [Double](repeating: 0, count: m * m)
        for i in 0..<m { identity[i + i * m] = 1 }
        guard let p = try? LeastSquares.solve(design: design, rows: m, columns: 3, rhs: identity) else { return nil }
        func g(_ r: Int, _ c: Int) -> Double { (0..<m).reduce(0) { $0 + p[r + $1 * 3] * p[c + $1 * 3] } }
        return Basis(rows: m, columns: 3, design: design, pseudoInverse: p,
                     inverseGram: SymmetricMatrix3(m00: g(0, 0), m01: g(0, 1), m02: g(0, 2), m11: g(1, 1), m12: g(1, 2), m22: g(2, 2)))
    }

    /// Coefficients and residual sums of squares of the k columns of `y` (m×k).
    func solve(_ y: [Double], series k: Int, kernel: FitKernel) -> Solution {
        let m = rows, p = columns
        var b = [Double](repeating: 0, count: p * k)
        var r = y
        if kernel == .blas {
            // B = P·Y, then R = Y − X·B.
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(p), Int32(k), Int32(m),
                        1, pseudoInverse, Int32(p), y, Int32(m), 0, &b, Int32(p))
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(k), Int32(p),
                        -1, design, Int32(m), b, Int32(p), 1, &r, Int32(m))
        } else if p == 2 {
            // Straight line on centred years, closed form: a = ȳ, b = Σ τᵢyᵢ / Σ τᵢ² (P's rows are
            // 1/m and τᵢ/Stt), residuals in a second pass.
            pseudoInverse.withUnsafeBufferPointer { pp in
                y.withUnsafeBufferPointer { yp in
                    r.withUnsafeMutableBufferPointer { rp in
                        let tau = Array(design[m..<(2 * m)])
                        for j in 0..<k {
                            let col = j * m
                            var a = 0.0, slope = 0.0
                            for i in 0..<m {
                                let v = yp[col + i]
                                a += pp[2 * i] * v
                                slope += pp[2 * i + 1] * v
                            }
                            b[2 * j] = a
                            b[2 * j + 1] = slope
                            for i in 0..<m { rp[col + i] = yp[col + i] - a - slope * tau[i] }
                        }
                    }
                }
            }
        } else {
            pseudoInverse.withUnsafeBufferPointer { pp in
                design.withUnsafeBufferPointer { xp in
                    for j in 0..<k {
                        let col = j * m
                        for c in 0..<p {
                            var s = 0.0
                            for i in 0..<m { s += pp[c + i * p] * y[col + i] }
                            b[c + j * p] = s
                        }
                        for i in 0..<m {
                            var fitted = 0.0
                            for c in 0..<p { fitted += xp[i + c * m] * b[c + j * p] }
                            r[col + i] = y[col + i] - fitted
                        }
                    }
                }
            }
        }
        var rss = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var sum = 0.0
            for i in 0..<m { let e = r[i + j * m]; sum += e * e }
            rss[j] = sum
        }
        return Solution(columns: p, coefficients: b, rss: rss)
    }

    /// The coefficients (p×k, column-major) and residual sums of squares of k series.
    struct Solution {
        var columns: Int
        var coefficients: [Double]
        var rss: [Double]
    }
}
