import Foundation
import Testing
@testable import OnTrackIO

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
