import COpenBLAS

/// Least-squares solutions through LAPACK (OpenBLAS), for one or many right-hand sides at once.
///
/// This is the batch path of OnTrack's trend fits: series that share the same observed years share
/// one design matrix, so they are solved with one QR factorisation (`dgels`) over a matrix whose
/// columns are the series. A single series goes through the same code with one column.
public enum LeastSquares {
    /// Solves `min ‖A·x − b‖₂` for every column b of `rhs`.
    ///
    /// - Parameters:
    ///   - design: the m×n design matrix A in column-major order (`design[i + j*m]`), m ≥ n.
    ///   - rows: m.
    ///   - columns: n.
    ///   - rhs: the m×k right-hand sides, column-major.
    /// - Returns: the n×k coefficients, column-major.
    /// - Throws: ``NumericsError/rankDeficient`` when A has not full column rank,
    ///   ``NumericsError/lapack(_:)`` on any other LAPACK error.
    public static func solve(design: [Double], rows m: Int, columns n: Int, rhs: [Double]) throws(NumericsError) -> [Double] {
        precondition(design.count == m * n, "design must hold rows × columns values")
        precondition(m > 0 && rhs.count % m == 0, "rhs must hold whole columns of length rows")
        guard m >= n else { throw .rankDeficient }
        guard design.allSatisfy(\.isFinite), rhs.allSatisfy(\.isFinite) else { throw .nonFinite }
        let k = rhs.count / m
        var a = design
        var b = rhs
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dgels(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(m), Int32(n), Int32(k),
                              ap.baseAddress, Int32(m), bp.baseAddress, Int32(m))
            }
        }
        if info > 0 { throw .rankDeficient }
        if info < 0 { throw .lapack(info) }
        // dgels leaves the solution in the first n rows of each column of b.
        var x = [Double](repeating: 0, count: n * k)
        for col in 0..<k {
            for row in 0..<n { x[row + col * n] = b[row + col * m] }
        }
        guard x.allSatisfy(\.isFinite) else { throw .rankDeficient }
        return x
    }
}
