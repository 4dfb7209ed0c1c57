import Foundation
import Testing
@testable import OnTrackIO
import OnTrackNumerics

/// The panel writer's numbers go straight into its byte buffer (issue 14): the text must be the
/// same as `Double.description` and `String(Int)` give, and read back as the same number.
@Suite("Panel number text")
struct PanelNumberTextTests {
    private func text(_ v: Double, precision: Int? = nil) -> String {
        var row = PanelWriter.RowEncoder(json: false, precision: precision)
        row.begin()
        row.number(v)
        return String(decoding: row.out, as: UTF8.self)
    }

    private func text(_ v: Int) -> String {
        var row = PanelWriter.RowEncoder(json: false)
        row.begin()
        row.int(v)
        return String(decoding: row.out, as: UTF8.self)
    }

    @Test func wholeNumbersAndEdgeCases() {
        for v in [1.0, 0.0, -0.0, 100, 0.1, 1e21, 1e16, 5e-324, 2.5e-7, -700.2151639344261, .greatestFiniteMagnitude,
                  -.greatestFiniteMagnitude, .leastNormalMagnitude, 46.34, 123456.789] {
            #expect(text(v) == v.description)
        }
        #expect(text(1.0) == "1.0")
    }

    /// The fast path for short decimals (`DecimalDigits`) writes exactly what `description` does:
    /// decimals of 1–17 digits at every scale the fast path covers and beyond, values next to
    /// powers of ten and their neighbours one ulp away, and sums that need 17 digits.
    @Test func shortDecimalsAsDescriptionWritesThem() {
        var g = SystemRandomNumberGenerator()
        var checked = 0
        /// Whether the fast path wrote `v`; every text is compared with `description`.
        @discardableResult func check(_ v: Double) -> Bool {
            guard v.isFinite else { return false }
            var out = ByteBuffer(capacity: 64)
            let fast = DecimalDigits.appendShort(v, to: &out)
            if fast { #expect(String(decoding: out.array, as: UTF8.self) == v.description, "\(v.bitPattern)") }
            #expect(text(v) == v.description)
            checked += 1
            return fast
        }
        // Decimals of at most 15 digits in [10⁻⁴, 10¹⁵) are what the fast path is for.
        var short = 0, shortFast = 0
        for _ in 0..<300_000 {
            let digits = Int.random(in: 1...17, using: &g)
            let mantissa = Int64.random(in: 1..<Int64(pow(10.0, Double(digits))), using: &g)
            let exponent = Int.random(in: -22...16, using: &g)
            let v = Double("\(Bool.random(using: &g) ? "-" : "")\(mantissa)e\(exponent)")!
            let fast = check(v)
            if digits <= 15, abs(v) >= 1e-4, abs(v) < 1e15 {
                short += 1
                if fast { shortFast += 1 }
            }
            check(v.nextUp)
            check(v.nextDown)
        }
        for e in -6...16 {
            let p = Double("1e\(e)")!
            for v in [p, p.nextUp, p.nextDown, 9.5 * p, 9.999999999999999 * p, 0.99999999999999994 * p] { check(v); check(-v) }
        }
        for v in [0.1 + 0.2, 1e-4, 0.0001, 0.00009999999999999999, 999999999999999.9, 1e15 - 1, 123456789012345.6, 46.34, 1.5] {
            check(v)
        }
        #expect(checked > 900_000)
        #expect(short > 50_000)
        #expect(Double(shortFast) >= 0.99 * Double(short), "the fast path is taken for short decimals: \(shortFast) of \(short)")
    }

    /// `--precision N` written by the fast path is what rounding with C's `%.*e` and writing the
    /// shortest round-trip text gives, for every N, on short and long decimals, ties included.
    @Test func roundedDigitsAsPrintfRoundsThem() {
        var g = SystemRandomNumberGenerator()
        var fast = 0, all = 0
        func check(_ v: Double, _ digits: Int) {
            guard v.isFinite else { return }
            let slow = PanelWriter.RowEncoder.rounded(v, digits: digits - 1).description
            var out = ByteBuffer(capacity: 64)
            if DecimalDigits.appendRounded(v, digits: digits, to: &out) {
                fast += 1
                #expect(String(decoding: out.array, as: UTF8.self) == slow, "\(v) at \(digits) digits")
            }
            #expect(text(v, precision: digits) == slow)
            all += 1
        }
        for _ in 0..<100_000 {
            let digits = Int.random(in: 1...17, using: &g)
            let mantissa = Int64.random(in: 1..<Int64(pow(10.0, Double(digits))), using: &g)
            let v = Double("\(mantissa)e\(Int.random(in: -20...16, using: &g))")! * (Bool.random(using: &g) ? 1 : -1)
            let p = Int.random(in: 1...17, using: &g)
            check(v, p)
            check(v.nextUp, p)
            check(Double.random(in: -1e6...1e6, using: &g), p)
        }
        // Ties in decimal (exact in binary and not) and their neighbours.
        for v in [0.5, 1.5, 2.5, 0.125, 0.375, 1.05, 2.675, 1.005, 12.345, 0.00015, 0.00025, 999999.5, 9.5, 99.95, 0.0001] {
            for p in 1...17 { check(v, p); check(v.nextUp, p); check(v.nextDown, p); check(-v, p) }
        }
        #expect(all > 300_000)
        #expect(fast > all / 3, "the fast path is taken: \(fast) of \(all)")
    }

    @Test func randomDoublesRoundTrip() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let v = Double(bitPattern: g.next())
            guard v.isFinite else { continue }
            let t = text(v)
            #expect(t == v.description)
            #expect(Double(t) == v)
        }
    }

    @Test func integers() {
        for v in [0, 7, 9, 10, -1, -10, 2024, 99999, Int.max, Int.min, Int(Int32.max), -2025] {
            #expect(text(v) == String(v))
        }
    }

    @Test func notFiniteIsEmptyOrNull() {
        #expect(text(.nan) == "")
        #expect(text(.infinity) == "")
        var row = PanelWriter.RowEncoder(json: true)
        row.begin()
        row.number(.nan)
        row.int(nil)
        row.end()
        #expect(String(decoding: row.out, as: UTF8.self) == "{\"target_id\":null,\"series_id\":null}\n")
    }

    @Test func precisionRoundsToSignificantDigits() {
        #expect(text(-700.2151639344261, precision: 6) == "-700.215")
        #expect(text(0.57265892777478, precision: 3) == "0.573")
        #expect(text(1.0, precision: 6) == "1.0")
        #expect(text(123456789.0, precision: 4) == "123500000.0")
        #expect(text(2.5e-7, precision: 2) == "2.5e-07")
        #expect(text(0.1 + 0.2, precision: 17) == (0.1 + 0.2).description)
        var g = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let v = Double(bitPattern: g.next())
            guard v.isFinite, v != 0 else { continue }
            for p in [1, 6, 15] {
                let t = text(v, precision: p)
                // The value C's %.{p-1}e rounds to, in the shortest text that reads back as it.
                #expect(Double(t) == Double(String(format: "%.\(p - 1)e", v)), "\(v) at \(p): \(t)")
            }
        }
    }

    @Test func panelWriterPrecision() {
        let w = PanelWriter(format: .csv, precision: 4)
        #expect(w.precision == 4)
    }
}
