import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackIO
@testable import OnTrackPanel

/// Reads `text` through a pipe, as from stdin.
func readPanel(_ text: String, layout: PanelLayout = .auto, idColumns: [String] = [], blockSize: Int = 1 << 12) throws -> PanelReadResult {
    try throughPipe(Array(text.utf8)) { fd in
        try PanelReader(layout: layout, idColumns: idColumns, workers: 2, blockSize: blockSize).read(fd: fd, file: "p.csv")
    }
}

func series(_ r: PanelReadResult, _ id: String) -> [YearValue] {
    guard let s = r.panel.seriesIDs.firstIndex(of: id) else { return [] }
    return r.panel.range(of: s).map { YearValue(Int(r.panel.years[$0]), r.panel.values[$0]) }
}

@Suite struct PanelReaderTests {
    @Test func longLayoutInAnyOrderWithMissingValuesAndDuplicates() throws {
        let r = try readPanel("""
            value,year,series_id,note
            1.5,2021,a,x
            2,2020,b,
            NA,2022,a,
            1,2020,a,
            3.25,2021,a,later row wins
            """)
        #expect(r.layout == .long)
        #expect(series(r, "a") == [YearValue(2020, 1), YearValue(2021, 3.25)])
        #expect(series(r, "b") == [YearValue(2020, 2)])
        #expect(r.records == 5 && r.missing == 1 && r.duplicates == 1 && r.observations == 3)
        #expect(r.rejectionCount == 0)
    }

    @Test func wideLayoutWithWorldBankHeadersAndJoinedIds() throws {
        let r = try readPanel("""
            Country Name,Country Code,Indicator Code,2019 [YR2019],2020 [YR2020],2021 [YR2021]
            China,CHN,NY.GDP,1,,3
            "Korea, Rep.",KOR,NY.GDP,..,5,6
            """, idColumns: ["Country Code", "Indicator Code"])
        #expect(r.layout == .wide)
        #expect(series(r, "CHN:NY.GDP") == [YearValue(2019, 1), YearValue(2021, 3)])
        #expect(series(r, "KOR:NY.GDP") == [YearValue(2020, 5), YearValue(2021, 6)])
        #expect(r.missing == 2)
    }

    @Test func badRowsAreReportedWithLineAndColumnAndTheRestIsKept() throws {
        let r = try readPanel("series_id,year,value\r\na,2020,1\r\na,20x0,2\r\nb,2020,abc\r\n,2020,3\r\n\"c\"x,2020,4\r\nd,2021\r\nb,2021,inf\r\nb,2022,7\r\n")
        #expect(series(r, "a") == [YearValue(2020, 1)])
        #expect(series(r, "b") == [YearValue(2022, 7)])
        let found = r.rejections.map { "\($0.line):\($0.column) \($0.reason)" }
        #expect(found == [
            "3:3 year '20x0' is not a whole year",
            "4:8 value 'abc' is not a finite number",
            "5:1 the series id is empty",
            "6:4 text after the closing quote",
            "7:7 the row has 2 fields but the header has 3",
            "8:8 value 'inf' is not a finite number",
        ])
        #expect(r.rejections[1].record == "b,2020,abc")
        #expect(r.rejectionCount == 6 && r.records == 8)
    }

    @Test func quotedFieldsWithLineBreaksAcrossBlockSeams() throws {
        // Tiny blocks: every seam falls somewhere else, quoted line breaks included (in a note: an id
        // may be quoted, but holds no line break, as in a dataset).
        var text = "series_id,year,value,note\n"
        for i in 0..<300 { text += "\"s\(i % 7), q\",\(2000 + i / 7),\(i).5,\"two\nlines\"\n" }
        let small = try readPanel(text, blockSize: 64)
        let big = try readPanel(text, blockSize: 1 << 20)
        #expect(small.panel.seriesIDs == big.panel.seriesIDs)
        #expect(small.panel.values == big.panel.values)
        #expect(small.observations == 300 && small.rejectionCount == 0)
        #expect(small.panel.seriesIDs.first == "s0, q")
        // Line numbers survive the seams: a bad row near the end.
        let bad = try readPanel(text + "x,2000,oops\n", blockSize: 64)
        #expect(bad.rejections.first?.line == 2 + 300 * 2)
    }

    @Test func headerProblemsAreErrors() throws {
        #expect(throws: LocatedError.self) { try readPanel("") }
        #expect(throws: LocatedError.self) { try readPanel("id,a,b\n1,2,3\n", layout: .long) }
        #expect(throws: LocatedError.self) { try readPanel("id,name\nx,y\n") }
        #expect(throws: LocatedError.self) { try readPanel("series_id,2020\nx,1\n", idColumns: ["code"]) }
    }

    @Test func byteOrderMarkAndNoFinalLineBreak() throws {
        let r = try readPanel("\u{FEFF}series_id,year,value\na,2020,1")
        #expect(series(r, "a") == [YearValue(2020, 1)])
    }
}

@Suite struct NumberParsingTests {
    func parse(_ s: String) -> Double? {
        let b = Array(s.utf8)
        return b.withUnsafeBufferPointer { NumberParsing.double($0, 0, $0.count) }
    }

    @Test func agreesWithTheStandardLibraryOnManyDecimals() {
        // A deterministic sweep over short and long decimals, signs, exponents and edge forms.
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let digits = String(x >> 11)
            let cut = Int((x >> 3) % UInt64(digits.count + 1))
            var s = String(digits.prefix(cut)) + "." + String(digits.dropFirst(cut))
            if x & 1 == 1 { s = "-" + s }
            if x & 6 == 6 { s += "e-\(x % 30)" }
            #expect(parse(s) == Double(s), "\(s)")
        }
        for s in ["0", "-0", "1.", ".5", "0.1", "123456789012345678901234", "1e308", "2.2250738585072014e-308", "+3"] {
            #expect(parse(s) == Double(s), "\(s)")
        }
        for s in ["", ".", "-", "1.2.3", "abc", "inf", "nan", "1e", "0x10", " 1"] {
            #expect(parse(s) == nil, "\(s)")
        }
    }

    @Test func missingTokens() {
        for s in ["", "NA", "na", "NaN", "N/A", "null", "..", "-"] {
            let b = Array(s.utf8)
            #expect(b.withUnsafeBufferPointer { NumberParsing.isMissing($0, 0, $0.count) }, "\(s)")
        }
        let b = Array("0".utf8)
        #expect(!b.withUnsafeBufferPointer { NumberParsing.isMissing($0, 0, $0.count) })
    }
}

@Suite struct PanelTargetsReaderTests {
    @Test func readsSpecsAndReportsBadRows() throws {
        var index = try readPanel("series_id,year,value\na,2020,1\n").index
        let text = """
            target_id,series_id,form,bound,value,value_high,baseline,baseline_year,target_year,direction
            t1,a,level,>=,10,,5,2020,2025,
            t2,zz,share,range,40,50,,2020,2025,higher
            t3,a,level,between,10,,5,2020,2025,
            t4,a,level,reach,10,,5,2025,2020,
            t5,a,rate,<,x,,5,2020,2025,
            """
        let r = try PanelTargetsReader.read(Array(text.utf8), file: "t.csv", index: &index)
        #expect(r.targets.ids == ["t1", "t2"])
        #expect(r.targets.series == [0, -1])
        #expect(r.targets.specs[0] == TargetSpec(form: .level, bound: .atLeast(10), targetYear: 2025, baseline: 5, baselineYear: 2020))
        #expect(r.targets.specs[1].bound == .range(40, 50) && r.targets.specs[1].direction == .higherIsBetter)
        #expect(r.rejections.map { "\($0.line):\($0.column)" } == ["4:12", "5:29", "6:13"])
        #expect(r.rejections[0].reason.hasPrefix("unknown bound 'between'"))
    }

    @Test func duplicateTargetIdsAreAnError() throws {
        var index = try readPanel("series_id,year,value\na,2020,1\n").index
        let text = "target_id,series_id,form,bound,value,baseline,baseline_year,target_year\nx,a,level,>=,1,1,2020,2025\nx,a,level,>=,2,1,2020,2025\n"
        #expect(throws: LocatedError.self) { try PanelTargetsReader.read(Array(text.utf8), file: "t.csv", index: &index) }
    }
}
