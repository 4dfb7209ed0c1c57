import Testing
@testable import OnTrackIO

@Suite("CSVWriter")
struct CSVWriterTests {
    static let tricky: [String] = [
        "", "plain", "a,b", "\"", "\"\"", "say \"hi\"", "line\nbreak", "cr\ronly", " lead", "trail ", " ",
        "货物,进出口", "亿元", "＞【500】", "6左右*", "1.8∶1", ",", "\n", "\"a\",\"b\"", "a\"b,c\nd", "tab\there",
        "ends with quote\"", "\"starts with quote", "x,\n\"y\"\n,z",
    ]

    @Test func plainFieldsAreNotQuoted() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("货物") == "货物")
        #expect(CSVWriter.escape("4.2402234") == "4.2402234")
        #expect(CSVWriter.escape("") == "")
    }

    @Test func specialFieldsAreQuotedAndQuotesDoubled() {
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("a\nb") == "\"a\nb\"")
        #expect(CSVWriter.escape(" x") == "\" x\"")
        #expect(CSVWriter.escape("x ") == "\"x \"")
    }

    @Test func writesRecordsWithLFLineEnds() {
        var w = CSVWriter()
        w.write(["a", "b,c"])
        w.write(["1", ""])
        #expect(w.output == "a,\"b,c\"\n1,\n")
    }

    @Test(arguments: tricky)
    func trickyFieldRoundTripsThroughTheReader(field: String) throws {
        var w = CSVWriter()
        w.write([field, "mid", field])
        w.write(["next", field])
        let r = try records(w.output)
        try #require(r.count == 2)
        #expect(r[0].fields.map(\.text) == [field, "mid", field])
        #expect(r[1].fields.map(\.text) == ["next", field])
    }

    /// Random records over an alphabet of the characters that need care, with a fixed seed.
    @Test func randomRecordsRoundTrip() throws {
        var rng = SplitMix64(seed: 0x0DDB1A5E5BAD5EED)
        let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r", " ", "\t", "货", "物", "∶", "【", "】", ".", "-"]
        for _ in 0..<400 {
            let recordCount = Int(rng.next() % 4) + 1
            var expected: [[String]] = []
            var w = CSVWriter()
            for _ in 0..<recordCount {
                let fieldCount = Int(rng.next() % 5) + 2 // at least two fields: see singleEmptyField
                var fields: [String] = []
                for _ in 0..<fieldCount {
                    let length = Int(rng.next() % 7)
                    // "\r" directly followed by "\n" is left out here (it forms one Character,
                    // see fieldWithCRLFIsQuoted).
                    var s = ""
                    for _ in 0..<length {
                        var c = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                        if c == "\n", s.unicodeScalars.last == "\r" { c = "a" }
                        s += c
                    }
                    fields.append(s)
                }
                expected.append(fields)
                w.write(fields)
            }
            let r = try records(w.output)
            let got = r.map { $0.fields.map(\.text) }
            #expect(got == expected, "output: \(w.output.debugDescription)")
            if got != expected { return }
        }
    }

    @Test
    func fieldWithCRLFIsQuoted() throws {
        let field = "line one\r\nline two"
        #expect(CSVWriter.escape(field).hasPrefix("\""))
        var w = CSVWriter()
        w.write([field, "x"])
        let r = try records(w.output)
        #expect(r.map { $0.fields.map(\.text) } == [[field, "x"]])
    }

    @Test
    func commaWithCombiningMarkIsQuoted() throws {
        let field = "a,\u{301}b"
        var w = CSVWriter()
        w.write([field, "x"])
        let r = try records(w.output)
        #expect(r.map { $0.fields.map(\.text) } == [[field, "x"]])
    }

    @Test
    func singleEmptyField() throws {
        var w = CSVWriter()
        w.write(["h"])
        w.write([""])
        w.write(["z"])
        let r = try records(w.output)
        #expect(r.map { $0.fields.map(\.text) } == [["h"], [""], ["z"]])
    }
}

/// A small deterministic generator (SplitMix64) so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
