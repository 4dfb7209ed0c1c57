import Foundation
import Testing
@testable import OnTrackIO

/// Issue 14: the long layout's fast path (split, parse and intern in one pass) must read every
/// block exactly as the general scanner does: the same rows, ids, counts and rejections.
@Suite struct PanelFastPathTests {
    private func both(_ text: String, header: String = "series_id,year,value") throws {
        let bytes = Array((header + "\n" + text).utf8)
        let (format, start, _) = try bytes.withUnsafeBufferPointer { p in
            try RowFormat.header(p, file: "p.csv", options: PanelColumnOptions())
        }
        let fast = ParsedBlock(bytes, from: start, format: format)
        let general = ParsedBlock(bytes, from: start, format: format, fastPath: false)
        #expect(fast.keys.strings() == general.keys.strings(), "\(text.debugDescription)")
        #expect(fast.rowKeys == general.rowKeys)
        #expect(fast.years == general.years)
        #expect(fast.values.map(\.bitPattern) == general.values.map(\.bitPattern))
        #expect(fast.records == general.records && fast.missing == general.missing && fast.lines == general.lines)
        #expect(fast.rejections == general.rejections && fast.rejectionCount == general.rejectionCount)
    }

    @Test func plainRows() throws {
        try both("a,2019,1.5\na,2020,2\nb,2019,-3e2\nb,2020,NA\nc,2021,..\n")
        try both("a,2019,1.5\na,2020,2")                       // no line end at the end
        try both("s0000001,2005,1.06707\ns0000001,2006,0.952397\ns0000002,2005,\n")
    }

    @Test func rowsTheFastPathLeavesToTheScanner() throws {
        try both("a,2019,1\n\na,2020,2\r\nb,2019,3\rb,2020,4\n")   // blank line, CRLF, lone CR
        try both("a,2019,1\na,20x9,2\na,2020,oops\na,2021,inf\na,10000,5\n")   // bad years and values
        try both("a,2019,1,9\nb,2019\nc,2019,1\n,2019,1\n")       // too many, too few fields, empty id
        try both("a\u{1},2019,1\nä,2019,2\na b,2019,3\n\u{7F},2019,4\n")   // control, UTF-8 and space in ids
        try both("\"q\",2019,1\nq,2020,2\n")                        // a quote anywhere: general scanner
        try both(" a,2019,1\na, 2020,2\na,2021 ,3\n")
    }

    @Test func otherColumnOrders() throws {
        try both("2019,1.5,a\n2020,NA,a\n", header: "year,value,series_id")
        try both("x,2019,a,1.5\ny,2020,a,2\n", header: "note,year,series_id,value")
    }

    /// Years and values the fast path parses inline (or hands back): signs, leading zeros, a bare
    /// point on either side, 19 and 20 digits, exponents, long rows, ids of every length.
    @Test func numbersAndYearsAsTheScannerReadsThem() throws {
        var g = SystemRandomNumberGenerator()
        let values = ["1.5", "-2", "+3", "-0", "0.000123", "007.50", ".5", "5.", ".", "-", "+", "1.2.3", "12345678901234567",
                      "1234567890123456789", "12345678901234567890", "0.1234567890123456789", "9007199254740993", "1e5", "1E-3",
                      "0x10", "1_000", "--1", "NaN", "nan", "N/A", "null", "", "1 ", " 1"]
        let years = ["2019", "0", "0000", "0001", "9999", "10000", "-2019", "+2019", "02019", "2019.0", "2019-20", "2019Q1", "", "20 19"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...20, using: &g) {
                let id = String(repeating: "s", count: Int.random(in: 1...20, using: &g))
                text += "\(id),\(years.randomElement(using: &g)!),\(values.randomElement(using: &g)!)\n"
            }
            try both(text)
        }
    }

    @Test func randomBlocks() throws {
        var g = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "s01", "", "ä", "\u{1}", "2019", "2020", "1.5", "-2", "NA", "..", "x", " ", "1e3", "\r", "\"", "99999"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...12, using: &g) {
                let fields = (0..<Int.random(in: 2...4, using: &g)).map { _ in pieces.randomElement(using: &g)! }
                text += fields.joined(separator: ",") + (Bool.random(using: &g) ? "\n" : "\r\n")
            }
            try both(text)
        }
    }
}
