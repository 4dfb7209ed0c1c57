import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackIO
@testable import OnTrackPanel

func readPanel(_ text: String, columns: PanelColumnOptions) throws -> PanelReadResult {
    try throughPipe(Array(text.utf8)) { fd in
        try PanelReader(columns: columns, workers: 2, blockSize: 1 << 12).read(fd: fd, file: "p.csv")
    }
}

/// Issue 17: the layout decision, the id columns of the public shapes, period years, patterns.
@Suite struct PanelShapeTests {
    @Test func aLongFileWithAYearColumnIsNeverWide() throws {
        // gapminder: a year column, no value column: long, and the error asks for --value-column.
        let gap = "country,continent,year,lifeExp,pop\nNorway,Europe,2002,79.1,4535591\nNorway,Europe,2007,80.2,4627926\n"
        let error = #expect(throws: LocatedError.self) { try readPanel(gap) }
        #expect(error?.message.contains("--value-column lifeExp") == true)
        let r = try readPanel(gap, columns: PanelColumnOptions(valueColumn: "lifeExp"))
        #expect(r.layout == .long && r.shape == .long)
        // pop is a number in the first row: another measure, not part of the id.
        #expect(r.idColumnNames == ["country", "continent"])
        #expect(series(r, "Norway:Europe") == [YearValue(2002, 79.1), YearValue(2007, 80.2)])
        // Without --value-column, a numeric column stays in the id (numeric area codes).
        let coded = try readPanel("area,year,value\n156,2019,1\n156,2020,2\n", columns: PanelColumnOptions())
        #expect(coded.idColumnNames == ["area"] && series(coded, "156").count == 2)
        let code = try readPanel("GeoAreaCode,year,v\n156,2019,1\n", columns: PanelColumnOptions(valueColumn: "v"))
        #expect(code.idColumnNames == ["GeoAreaCode"])
        // A year column beside year headers still reads long when there is a value column.
        #expect(try readPanel("series_id,year,value,2020\na,2019,1,x\n").layout == .long)
        // Wide needs several year headers, or no year column.
        #expect(try readPanel("id,2019,2020\na,1,2\n").layout == .wide)
        #expect(try readPanel("id,2020\na,1\n").layout == .wide)
        // --year-column makes a file long.
        let y = try readPanel("code,period,v\na,2019,1\na,2020,2\n", columns: PanelColumnOptions(yearColumn: "period", valueColumn: "v"))
        #expect(y.layout == .long && series(y, "a").count == 2)
    }

    @Test func sdmxKeyColumnsWithoutAttributes() throws {
        let r = try readPanel("""
            DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MULT,OBS_STATUS
            IMF:X(1.0),A,KEN,NGDP,2019,1.5,0,A
            IMF:X(1.0),A,KEN,NGDP,2020,1.7,0,E
            """, columns: PanelColumnOptions())
        #expect(r.shape == .sdmx && r.layout == .long)
        #expect(r.idColumnNames == ["REF_AREA", "INDICATOR"])
        #expect(series(r, "KEN:NGDP") == [YearValue(2019, 1.5), YearValue(2020, 1.7)])
        // Labelled headers (SDMX-CSV 2.0 labels=both) are recognised by their code.
        let labelled = try readPanel("REF_AREA: Reference area,TIME_PERIOD: Time,OBS_VALUE: Value\nKEN,2019,1\n", columns: PanelColumnOptions())
        #expect(series(labelled, "KEN") == [YearValue(2019, 1)])
    }

    @Test func openSDGHeadlineAndDisaggregations() throws {
        let r = try readPanel("Year,Sex,GeoCode,Value\n2015,,,1\n2016,,,2\n2015,Female,,3\n", columns: PanelColumnOptions())
        #expect(r.shape == .openSDG && r.idColumnNames == ["Sex"])
        #expect(series(r, "headline").count == 2)
        #expect(series(r, "Female") == [YearValue(2015, 3)])
        // No disaggregation at all: one series, the headline.
        #expect(series(try readPanel("Year,Value\n2015,1\n", columns: PanelColumnOptions()), "headline") == [YearValue(2015, 1)])
    }

    @Test func worldBankWideIdsAndPreamble() throws {
        let r = try readPanel("""
            "Data Source","World Development Indicators",

            "Last Updated Date","2026-07-01",

            "Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",
            "Aruba","ABW","Life expectancy","SP.DYN.LE00.IN","75.1","75.0",
            """, columns: PanelColumnOptions())
        #expect(r.shape == .worldBank && r.idColumnNames == ["Country Code", "Indicator Code"])
        #expect(series(r, "ABW:SP.DYN.LE00.IN") == [YearValue(2019, 75.1), YearValue(2020, 75)])
        #expect(r.rejectionCount == 0)
    }

    @Test func databankExportWithItsFooter() throws {
        let r = try readPanel("""
            Series Name,Series Code,Country Name,Country Code,2019 [YR2019],2020 [YR2020]
            "Population, total",SP.POP.TOTL,Chad,TCD,15950000,16420000
            ,,,,,
            ,,,,,
            Data from database: World Development Indicators,,,,,
            Last Updated: 07/01/2026
            """, columns: PanelColumnOptions())
        #expect(r.shape == .worldBank && r.idColumnNames == ["Country Code", "Series Code"])
        #expect(series(r, "TCD:SP.POP.TOTL") == [YearValue(2019, 15_950_000), YearValue(2020, 16_420_000)])
        #expect(r.rejectionCount == 0 && r.records == 1)
    }

    @Test func periodYears() throws {
        func year(_ s: String, last: Bool = false) -> PeriodCell {
            Array(s.utf8).withUnsafeBufferPointer { PeriodCell.parse($0, 0, $0.count, last: last) }
        }
        #expect(year("2015-16") == .year(2015))
        #expect(year("2015-16", last: true) == .year(2016))
        #expect(year("2014/2015") == .year(2014))
        #expect(year("2014/2015", last: true) == .year(2015))
        #expect(year("1999-00", last: true) == .year(2000))
        for s in ["2020-Q1", "2020Q1", "2020-01", "2020M01", "2020-S1", "2020-W05", "2020-01-31"] { #expect(year(s) == .subAnnual, "\(s)") }
        for s in ["2015-17", "2015/14", "20x5", "2015-abc"] { #expect(year(s) == .invalid, "\(s)") }
        let r = try readPanel("series_id,year,value\na,2015-16,1\na,2016/17,2\n", columns: PanelColumnOptions(periodYear: .last))
        #expect(series(r, "a") == [YearValue(2016, 1), YearValue(2017, 2)])
        // Sub-annual periods: one error naming the column and the first, not one per row.
        let q = #expect(throws: LocatedError.self) {
            try readPanel("series_id,TIME,value\na,2020-Q1,1\na,2020-Q2,2\n", columns: PanelColumnOptions(yearColumn: "TIME"))
        }
        #expect(q?.line == 2 && q?.message.contains("'TIME'") == true && q?.message.contains("2020-Q1") == true && q?.message.contains("2 row(s)") == true)
    }

    @Test func patternsExplicitRowsWinAndTheMostSpecificPattern() throws {
        #expect(PanelTargetMatching.matches("ABW:SP.DYN.LE00.IN", "*:SP.DYN.*"))
        #expect(PanelTargetMatching.matches("SP.DYN.LE00.IN", "SP.DYN.*"))
        #expect(!PanelTargetMatching.matches("SP.POP.TOTL", "SP.DYN.*"))
        #expect(PanelTargetMatching.matches("anything", "*"))
        let spec = TargetSpec(form: .level, bound: .atLeast(1), targetYear: 2030, baseline: nil, baselineYear: 2020)
        var t = PanelTargets()
        t.append(id: "all", seriesID: "*", series: -1, spec: spec)
        t.append(id: "own", seriesID: "SP.DYN.B", series: 1, spec: spec)
        t.append(id: "SP.DYN.*", seriesID: "SP.DYN.*", series: -1, spec: spec)
        let e = PanelTargetMatching.expand(t, seriesIDs: ["SP.DYN.A", "SP.DYN.B", "SP.POP.C"])
        #expect(e.targets.ids == ["all:SP.POP.C", "own", "SP.DYN.A"])
        #expect(e.targets.series == [2, 1, 0])
        #expect(e.emptyPatterns.isEmpty)
    }

    @Test func likelyIdColumns() {
        let hint = PanelTargetMatching.likelyIDColumns(
            unmatched: ["ABW:SP.POP", "TCD:SP.POP"], header: ["Country Name", "Country Code", "Indicator Code", "2020"],
            sample: [["Aruba", "ABW", "SP.POP", "1"], ["Chad", "TCD", "SP.POP", "2"]], skip: [3])
        #expect(hint?.columns == ["Country Code", "Indicator Code"] && hint?.matches.count == 2)
    }
}

@Suite("Id columns that leave no id")
struct EmptyIDColumnsTests {
    /// Found by the fuzzer: --id-columns naming only the year and value columns read every row
    /// under an empty id. It is a header error now.
    @Test func idColumnsOfOnlyYearAndValueAreAnError() throws {
        let bytes = Array("value,year,series_id,note\n1.5,2021,a,x\n2,2020,b,\n".utf8)
        let reader = PanelReader(layout: .long, idColumns: ["value", "year"], workers: 1)
        let path = NSTemporaryDirectory() + "/ontrack-empty-id-\(UUID().uuidString).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        do {
            _ = try reader.read(fd: fd, file: "p.csv")
            Issue.record("expected a header error")
        } catch {
            #expect(error.line == 1)
            #expect(error.message.contains("names only the year and value columns"))
        }
    }
}
