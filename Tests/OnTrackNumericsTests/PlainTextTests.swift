import Testing
@testable import OnTrackNumerics

/// `PlainText.fixed` writes its digits into a buffer (it runs several times per target in a panel);
/// these tests hold it to the plain String arithmetic it replaced, and to hand-checked examples.
@Suite struct PlainTextTests {
    /// The former implementation, kept as the reference.
    static func reference(_ v: Double, decimals: Int, trim: Bool) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        guard r < 9e15 else { return v.description }
        let whole = Int64(r) / Int64(scale)
        var frac = decimals == 0 ? "" : String(Int64(r) % Int64(scale))
        frac = String(repeating: "0", count: max(0, decimals - frac.count)) + frac
        if trim { while frac.hasSuffix("0") { frac.removeLast() } }
        let sign = v < 0 && r != 0 ? "-" : ""
        return frac.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(frac)"
    }

    @Test func handCheckedExamples() {
        #expect(PlainText.fixed(4.5416, decimals: 2) == "4.54")
        #expect(PlainText.fixed(0.005, decimals: 2) == "0.01")
        #expect(PlainText.fixed(-0.004, decimals: 2) == "0.00")
        #expect(PlainText.fixed(-12.5, decimals: 0) == "-13")
        #expect(PlainText.fixed(7137.40, decimals: 2, trim: true) == "7137.4")
        #expect(PlainText.fixed(88, decimals: 2, trim: true) == "88")
        #expect(PlainText.fixed(0.025, decimals: 4, trim: true) == "0.025")
        #expect(PlainText.fixed(1e17, decimals: 2) == "1e+17")
        #expect(PlainText.significant(8239.9) == "8240")
        #expect(PlainText.significant(0.025412) == "0.02541")
    }

    @Test func sameTextAsTheReferenceOnManyValues() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -9...16, using: &rng)
            let v = (Bool.random(using: &rng) ? -1 : 1) * Double.random(in: 1..<10, using: &rng) * pow10(magnitude)
            for decimals in [0, 1, 2, 3, 5, 8] {
                for trim in [false, true] {
                    #expect(PlainText.fixed(v, decimals: decimals, trim: trim) == Self.reference(v, decimals: decimals, trim: trim),
                            "\(v) decimals \(decimals) trim \(trim)")
                    checked += 1
                }
            }
        }
        #expect(checked == 240_000)
    }

    private func pow10(_ x: Double) -> Double {
        var r = 1.0, e = Int(x.rounded(.down))
        let base: Double = e < 0 ? 0.1 : 10
        e = abs(e)
        for _ in 0..<e { r *= base }
        return r
    }
}
