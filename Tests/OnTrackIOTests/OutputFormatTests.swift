import Foundation
import Testing
@testable import OnTrackIO

@Suite("OutputFormat")
struct OutputFormatTests {
    static let precise = 4.2402234567891234

    static let sample = ReportTable(
        columns: ["id", "value", "count", "note"],
        rows: [
            [.text("a"), .number(precise), .integer(7), .text("货物")],
            [.text("b"), .number(nil), .integer(nil), .text("")],
            [.text("c"), .number(-1.0 / 3.0), .integer(-2), .text("x,y")],
            [.text("d"), .number(6513.4), .integer(0), .text("say \"hi\"")],
        ],
        displayDecimals: ["value": 3]
    )

    // MARK: CSV

    @Test func csvCarriesFullPrecisionAndEmptyForMissing() throws {
        let csv = OutputFormat.csv.encode(Self.sample)
        let r = try records(csv)
        try #require(r.count == 5)
        #expect(r[0].fields.map(\.text) == ["id", "value", "count", "note"])
        #expect(r[1].fields[1].text.hasPrefix("4.2402234"))
        #expect(Double(r[1].fields[1].text) == Self.precise)
        #expect(Double(r[3].fields[1].text) == -1.0 / 3.0)
        #expect(r[4].fields[1].text == "6513.4")
        #expect(r[1].fields[2].text == "7")
        #expect(r[2].fields.map(\.text) == ["b", "", "", ""])
        #expect(r[3].fields[3].text == "x,y")
        #expect(r[4].fields[3].text == "say \"hi\"")
        #expect(r[1].fields[3].text == "货物")
    }

    @Test func wholeNumbersHaveNoDecimalPoint() {
        #expect(Cell.number(9000).exact == "9000")
        #expect(Cell.number(-2).exact == "-2")
        #expect(Cell.number(0.1).exact == "0.1")
        #expect(Cell.number(nil).exact == "")
        #expect(Cell.integer(2025).exact == "2025")
        // Numbers read back exactly.
        for v in [0.1, 1e-7, 123456.789, 1e300, -4.240223, 2.0 / 3.0] {
            #expect(Double(Cell.number(v).exact) == v, "\(v)")
        }
    }

    // MARK: JSON

    static func parseJSON(_ text: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [[String: Any]])
    }

    @Test func jsonParsesBackWithFullPrecisionAndNulls() throws {
        let json = OutputFormat.json.encode(Self.sample)
        let rows = try Self.parseJSON(json)
        try #require(rows.count == 4)
        #expect(rows.map { $0["id"] as? String } == ["a", "b", "c", "d"])
        #expect((rows[0]["value"] as? NSNumber)?.doubleValue == Self.precise)
        #expect((rows[2]["value"] as? NSNumber)?.doubleValue == -1.0 / 3.0)
        #expect((rows[0]["count"] as? NSNumber)?.intValue == 7)
        #expect(rows[1]["value"] is NSNull)
        #expect(rows[1]["count"] is NSNull)
        #expect(rows[1]["note"] as? String == "")
        #expect(rows[3]["note"] as? String == "say \"hi\"")
        #expect(rows.allSatisfy { Set($0.keys) == ["id", "value", "count", "note"] })
    }

    @Test func jsonEscapesAndKeepsChinese() throws {
        let nasty = "q\"uote back\\slash new\nline cr\r tab\t bell\u{07} nul\u{00} us\u{1F} 货物进出口 ＞【500】 del\u{7F}"
        let t = ReportTable(columns: ["te\"xt", "n"], rows: [[.text(nasty), .number(1.5)]])
        let json = OutputFormat.json.encode(t)
        let rows = try Self.parseJSON(json)
        #expect(rows.first?["te\"xt"] as? String == nasty)
        #expect(json.contains("\\\""))
        #expect(json.contains("\\\\"))
        #expect(json.contains("\\n"))
        #expect(json.contains("\\r"))
        #expect(json.contains("\\t"))
        #expect(json.contains("\\u0007"))
        #expect(json.contains("\\u0000"))
        #expect(json.contains("\\u001f"))
        #expect(json.contains("货物进出口 ＞【500】"))
        // No raw control character is left in the output except the line breaks between rows.
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func emptyTableIsAnEmptyJSONArray() throws {
        let json = OutputFormat.json.encode(ReportTable(columns: ["a"]))
        #expect(try Self.parseJSON(json).isEmpty)
        #expect(OutputFormat.csv.encode(ReportTable(columns: ["a", "b"])) == "a,b\n")
    }

    @Test
    func nonFiniteNumbersAreNullInJSON() throws {
        let t = ReportTable(columns: ["x", "y"], rows: [[.number(.nan), .number(.infinity)]])
        let rows = try Self.parseJSON(OutputFormat.json.encode(t))
        #expect(rows.first?["x"] is NSNull)
        #expect(rows.first?["y"] is NSNull)
    }

    // MARK: Table

    @Test func displayWidth() {
        #expect(DisplayWidth.of("货物") == 4)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("ＡＢ") == 4)         // full-width forms
        #expect(DisplayWidth.of("【500】") == 7)
        #expect(DisplayWidth.of("e\u{301}") == 1)     // a combining accent takes no column
        #expect(DisplayWidth.of("亿元/人") == 7)    // 2 + 2 + 1 + 2
    }

    @Test func tableRoundsToDisplayDecimals() {
        #expect(TextTableEncoding.format(4.2402234, decimals: 2) == "4.24")
        #expect(TextTableEncoding.format(4.2452234, decimals: 1) == "4.2")
        #expect(TextTableEncoding.format(4.25001, decimals: 1) == "4.3")
        #expect(TextTableEncoding.format(9000, decimals: 2) == "9000.00")
        #expect(TextTableEncoding.format(-1.0 / 3.0, decimals: 3) == "-0.333")
        #expect(TextTableEncoding.format(-0.004, decimals: 2) == "0.00")
        #expect(TextTableEncoding.format(0.05, decimals: 2) == "0.05")
        #expect(TextTableEncoding.format(2.5, decimals: 0) == "3")
        #expect(TextTableEncoding.format(-2.5, decimals: 0) == "-3")
        #expect(TextTableEncoding.format(12.0, decimals: 1) == "12.0")

        let out = OutputFormat.table.encode(Self.sample)
        #expect(out.contains("4.240"))          // "value" has 3 display decimals
        #expect(!out.contains("4.2402"))
        #expect(out.contains("-0.333"))
        #expect(out.contains("6513.400"))
        #expect(out.contains("–"))              // missing values
    }

    @Test func tableDefaultsToTwoDecimals() {
        let t = ReportTable(columns: ["v"], rows: [[.number(Self.precise)], [.number(0.125)]])
        let lines = OutputFormat.table.encode(t).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[2] == "4.24")
        #expect(lines[3] == "0.13")
    }

    @Test func tableAlignsChineseByDisplayWidth() {
        let t = ReportTable(columns: ["名称", "value", "unit"],
                            rows: [[.text("货物"), .number(1.5), .text("亿元")],
                                   [.text("ab"), .number(22.25), .text("%")]])
        let out = OutputFormat.table.encode(t)
        // Widths: 名称/货物 = 4 columns, value/22.25 = 5, unit = 4. Numbers are right-aligned,
        // text left-aligned, two spaces between columns, trailing spaces dropped.
        #expect(out == """
            名称  value  unit
            ────  ─────  ────
            货物   1.50  亿元
            ab    22.25  %

            """)
        // The last column starts at display position 13 (4 + 2 + 5 + 2) on every line but the rule.
        let lines = out.split(separator: "\n").map(String.init)
        let lastCells = ["unit", "亿元", "%"]
        for (line, last) in zip([lines[0], lines[2], lines[3]], lastCells) {
            #expect(line.hasSuffix(last))
            #expect(DisplayWidth.of(line) - DisplayWidth.of(last) == 13, "\(line)")
        }
    }

    @Test func tableRightAlignsNumbersAndReplacesLineBreaks() {
        let t = ReportTable(columns: ["n", "t"], rows: [[.integer(5), .text("a\nb")], [.integer(1234), .text("c")]])
        let lines = OutputFormat.table.encode(t).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == ["   n  t", "────  ───", "   5  a b", "1234  c", ""])
    }

    @Test
    func tableReplacesCRLF() {
        let t = ReportTable(columns: ["t"], rows: [[.text("a\r\nb")]])
        let out = OutputFormat.table.encode(t)
        #expect(out.split(separator: "\n").count == 3)
        #expect(!out.unicodeScalars.contains("\r"))
    }
}
