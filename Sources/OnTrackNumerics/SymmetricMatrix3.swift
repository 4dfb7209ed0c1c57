/// A symmetric 3×3 matrix, stored as its upper triangle. Holds `(XᵀX)⁻¹` of a trend fit; the
/// two-coefficient models use the top-left 2×2 block and leave the rest zero.
public struct SymmetricMatrix3: Sendable, Hashable {
    public var m00, m01, m02, m11, m12, m22: Double

    public init(m00: Double, m01: Double = 0, m02: Double = 0, m11: Double, m12: Double = 0, m22: Double = 0) {
        (self.m00, self.m01, self.m02, self.m11, self.m12, self.m22) = (m00, m01, m02, m11, m12, m22)
    }

    /// xᵀ·M·x for x = (1, τ, τ²) (or (1, τ) when the third row is zero).
    public func quadraticForm(at tau: Double) -> Double {
        let t2 = tau * tau
        return m00 + 2 * m01 * tau + 2 * m02 * t2 + m11 * t2 + 2 * m12 * tau * t2 + m22 * t2 * t2
    }
}
