import Foundation
import Testing

/// Issue 17: a user's own data in the public shapes, one command each, on the fixtures of
/// Tests/Fixtures/shapes (own rows, the layouts of the real files).
@Suite struct ShapeCommandTests {
    let shapes = "Tests/Fixtures/shapes"

    @Test func worldBankWideWithPatternTargets() throws {
        let run = try ontrack(["assess", "--panel", "\(shapes)/wdi-wide.csv", "--targets", "\(shapes)/wdi-targets.csv", "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        // The explicit row wins for Aruba; the pattern gives Chad its target; a second pattern both populations.
        #expect(rows.map { $0["target_id"]! } == ["abw-life", "life:TCD:SP.DYN.LE00.IN", "pop:ABW:SP.POP.TOTL", "pop:TCD:SP.POP.TOTL"])
        #expect(rows.allSatisfy { $0["latest_year"] != "" })
        #expect(run.stderr.contains("read as World Bank (wide): series id from Country Code : Indicator Code"))
    }

    @Test func gapminderLongWithAValueColumnAndOneTargetForEverySeries() throws {
        let run = try ontrack(["assess", "--panel", "\(shapes)/gapminder.csv", "--value-column", "lifeExp",
                               "--target", "form=level,bound=>=,value=75,baseline_year=1997,target_year=2030", "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        #expect(rows.map { $0["series_id"]! } == ["Botswana:Africa", "Norway:Europe", "Viet Nam:Asia"])
        #expect(rows.first { $0["series_id"] == "Norway:Europe" }?["status"] == "achieved")
        #expect(rows.first?["latest"] == "50.7")
        // Without --value-column: long (it has a year column), and the error says what to add.
        let bare = try ontrack(["assess", "--panel", "\(shapes)/gapminder.csv", "--target", "form=level,bound=>=,value=75,baseline_year=1997,target_year=2030"])
        #expect(bare.status == 2 && bare.stderr.contains("--value-column lifeExp"))
    }

    @Test func sdmxCSV() throws {
        let run = try ontrack(["assess", "--panel", "\(shapes)/sdmx.csv", "--targets", "\(shapes)/sdmx-targets.csv", "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        #expect(rows.map { $0["series_id"]! } == ["SH_STA_MORT:KEN:_T:PER_100000_LIVE_BIRTHS", "SH_STA_MORT:UGA:_T:PER_100000_LIVE_BIRTHS"])
        #expect(rows.allSatisfy { $0["baseline_year"] == "2015" && $0["latest_year"] == "2019" })
        #expect(run.stderr.contains("read as SDMX-CSV (long): series id from SERIES : REF_AREA : SEX : UNIT_MEASURE"))
        // Quarterly periods: one message naming the column, exit 2.
        let q = try ontrack(["assess", "--panel", "\(shapes)/sdmx-quarterly.csv", "--target", "form=level,bound=>=,value=1,baseline_year=2020,target_year=2030"])
        #expect(q.status == 2)
        #expect(q.stderr.components(separatedBy: "error:").count == 2, "\(q.stderr)")
        #expect(q.stderr.contains("\(shapes)/sdmx-quarterly.csv:2:28: error: column 'TIME_PERIOD' holds sub-annual periods such as '2020-Q1' (4 row(s))"))
    }

    @Test func openSDGWithPeriodYears() throws {
        let first = try ontrack(["assess", "--panel", "\(shapes)/opensdg.csv", "--targets", "\(shapes)/opensdg-targets.csv", "-f", "csv"])
        #expect(first.status == 0, "\(first.stderr)")
        let rows = try csvObjects(first.stdout)
        #expect(rows.map { $0["series_id"]! } == ["headline", "Female"])
        #expect(rows.allSatisfy { $0["baseline_year"] == "2015" && $0["latest_year"] == "2018" })
        let last = try ontrack(["assess", "--panel", "\(shapes)/opensdg.csv", "--targets", "\(shapes)/opensdg-targets.csv", "-f", "csv", "--period-year", "last"])
        #expect(try csvObjects(last.stdout).first?["latest_year"] == "2019")
    }

    @Test func targetsThatMatchNothingAreLoud() throws {
        let run = try ontrack(["assess", "--panel", "\(shapes)/wdi-wide.csv", "--targets", "\(shapes)/wdi-targets.csv", "--id-columns", "Country Name"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("error: 3 of 3 targets find no series in \(shapes)/wdi-wide.csv: its ids (from Country Name) are like 'Aruba', 'Chad'"))
        #expect(run.stderr.contains("--id-columns \"Country Code,Indicator Code\" would match 1 of them"))
        let go = try ontrack(["assess", "--panel", "\(shapes)/wdi-wide.csv", "--targets", "\(shapes)/wdi-targets.csv", "--id-columns", "Country Name", "--keep-going", "-f", "csv"])
        #expect(go.status == 0)
        #expect(go.stderr.hasPrefix("warning: 3 of 3 targets find no series"))
        // A pattern that matches no series counts as a target that finds none.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("t.csv", "series_id,form,bound,value,baseline_year,target_year\nSH.*,level,>=,1,2015,2030\n")
        let none = try ontrack(["assess", "--panel", "\(shapes)/wdi-wide.csv", "--targets", folder.path + "/t.csv"])
        #expect(none.status == 2 && none.stderr.contains("error: 1 of 1 targets find no series"), "\(none.stderr)")
        // Two indicators under one country name: the later row wins, and stderr says the id may be short.
        #expect(go.stderr.contains("observations were replaced by a later row for the same series and year: the series id (Country Name) may leave out a column"))
    }

    @Test func panelFormatsMeanOneThing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sample = "Tests/Fixtures/panel-sample"
        func run(_ extra: [String]) throws -> Run {
            try ontrack(["assess", "--panel", "\(sample)/observations-long.csv", "--targets", "\(sample)/targets.csv"] + extra)
        }
        // -o v.json: one JSON array, as json.load wants; .jsonl: JSON Lines.
        #expect(try run(["-o", folder.path + "/v.json"]).status == 0)
        let array = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("v.json"))) as? [[String: Any]]
        #expect(array?.count == 400 && array?.first?["target_id"] as? String == "t0000001")
        #expect(try run(["-o", folder.path + "/v.jsonl"]).status == 0)
        let lines = try String(contentsOfFile: folder.path + "/v.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 400)
        #expect(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) is [String: Any])
        // --format json on stdout is the same array.
        let json = try run(["-f", "json", "--columns", "target_id,p_reach"])
        let objects = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(objects?.count == 400 && objects?.first.map { Set($0.keys) } == ["target_id", "p_reach"])
        // TSV and Markdown by extension, columns chosen and ordered.
        #expect(try run(["-o", folder.path + "/v.tsv", "--columns", "status,target_id"]).status == 0)
        let tsv = try String(contentsOfFile: folder.path + "/v.tsv", encoding: .utf8).split(separator: "\n")
        #expect(tsv.count == 401 && tsv[0] == "status\ttarget_id" && tsv[1].hasSuffix("\tt0000001"))
        #expect(try run(["-o", folder.path + "/v.md", "--columns", "target_id,status"]).status == 0)
        let md = try String(contentsOfFile: folder.path + "/v.md", encoding: .utf8).split(separator: "\n")
        #expect(md.count == 402 && md[0] == "| target_id | status |" && md[2].hasPrefix("| t0000001 | "))
        // CSV keeps its columns in the order asked; an unknown column is a usage error.
        let csv = try run(["-f", "csv", "--columns", "p_reach,target_id"])
        #expect(csv.stdout.hasPrefix("p_reach,target_id\n"))
        let bad = try run(["--columns", "target_id,nope"])
        #expect(bad.status != 0 && bad.stderr.contains("no column 'nope'"))
        // Datasets too: --columns and TSV.
        let data = try ontrack(["assess", "Datasets/chongqing", "-f", "tsv", "--columns", "target_id,status"])
        #expect(data.status == 0 && data.stdout.hasPrefix("target_id\tstatus\n"))
    }

    /// An Open SDG repository goes through the same --columns and formats as a dataset.
    @Test func openSDGColumnsInEveryFormat() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let repository = "Tests/Fixtures/opensdg/canada-gif-subset"
        func run(_ extra: [String]) throws -> Run { try ontrack(["assess", repository, "--evaluation-year", "2026"] + extra) }
        let all = try csvObjects(try run(["-f", "csv"]).stdout)
        #expect(all.count == 50)
        let chosen = "status,indicator_id,p_reach"
        let csv = try run(["-f", "csv", "--columns", chosen])
        #expect(csv.status == 0)
        let rows = try csvObjects(csv.stdout)
        #expect(csv.stdout.hasPrefix("status,indicator_id,p_reach\n"))
        #expect(rows.map { $0["status"] } == all.map { $0["status"] })
        #expect(rows.map { $0["p_reach"] } == all.map { $0["p_reach"] })
        let tsv = try run(["-f", "tsv", "--columns", chosen]).stdout.split(separator: "\n")
        #expect(tsv.count == 51 && tsv[0] == "status\tindicator_id\tp_reach")
        #expect(try run(["-o", folder.path + "/v.json", "--columns", chosen]).status == 0)
        let array = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("v.json"))) as? [[String: Any]]
        #expect(array?.count == 50 && array?.first.map { Set($0.keys) } == ["status", "indicator_id", "p_reach"])
        let jsonl = try run(["-f", "jsonl", "--columns", chosen]).stdout.split(separator: "\n")
        #expect(jsonl.count == 50)
        #expect(try JSONSerialization.jsonObject(with: Data(jsonl[0].utf8)) as? [String: Any] != nil)
        let md = try run(["-f", "markdown", "--columns", chosen]).stdout.split(separator: "\n")
        #expect(md.count == 52 && md[0] == "| status | indicator_id | p_reach |")
        // The table shows the chosen columns, not the compact set (piped, so not fitted).
        let table = try run(["-f", "table", "--columns", "series,indicator_id"]).stdout.split(separator: "\n")
        #expect(table.first?.split(separator: " ").map(String.init) == ["series", "indicator_id"])
        // An unknown column is a usage error that lists the available ones.
        let bad = try run(["--columns", "indicator_id,nope"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--columns: no column 'nope'; the columns are indicator_id, series, name, status, opensdg_status"))
    }
}
