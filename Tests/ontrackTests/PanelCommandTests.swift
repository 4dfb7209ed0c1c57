import Foundation
import Testing

/// `ontrack assess --panel`: the batch engine end to end, on the committed sample panel.
@Suite struct PanelCommandTests {
    let sample = "Tests/Fixtures/panel-sample"

    @Test func longAndWideGiveTheSameVerdictsInTargetOrder() throws {
        let long = try ontrack(["assess", "--panel", "\(sample)/observations-long.csv", "--targets", "\(sample)/targets.csv"])
        let wide = try ontrack(["assess", "--panel", "\(sample)/observations-wide.csv", "--targets", "\(sample)/targets.csv"])
        #expect(long.status == 0 && wide.status == 0, "\(long.stderr)")
        #expect(long.stdout == wide.stdout)
        let rows = try csvObjects(long.stdout)
        let targets = try csvObjects(String(contentsOf: packageRoot.appendingPathComponent("\(sample)/targets.csv"), encoding: .utf8))
        #expect(rows.map { $0["target_id"] } == targets.map { $0["target_id"] })
        // Trend models where there are three points or more, the labelled rate projections below.
        let models = Set(rows.compactMap { $0["model"] }.filter { !$0.isEmpty })
        #expect(models.isSuperset(of: ["linear", "log_linear", "quadratic", "actual_rate"]))
        #expect(models.isSubset(of: ["linear", "log_linear", "quadratic", "actual_rate", "latest_flow"]))
        // Every probability is in [0, 1] and every interval contains its forecast.
        for r in rows {
            if let p = Double(r["p_reach"]!) { #expect(p >= 0 && p <= 1) }
            if let lo = Double(r["pi80_low"]!), let hi = Double(r["pi80_high"]!), let v = Double(r["projected"]!) {
                #expect(lo <= v && v <= hi, "\(r["target_id"]!)")
            }
            #expect(!r.values.contains { $0.lowercased().contains("nan") || $0.contains("inf") })
        }
        #expect(long.stderr.contains("400 targets"))
    }

    @Test func jsonLinesFromStandardInputToAnAtomicFile() throws {
        let exe = try #require(ontrackExecutable)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("verdicts.jsonl").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "cat \(sample)/observations-long.csv | '\(exe.path)' assess --panel - --targets \(sample)/targets.csv --format jsonl -o '\(out)'"]
        process.currentDirectoryURL = packageRoot
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 400)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["target_id"] as? String == "t0000001")
        #expect(first?.keys.contains("p_reach") == true)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["verdicts.jsonl"])
    }

    @Test func rejectedRowsStopTheRunUnlessToldToGoOn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("p.csv", "series_id,year,value\na,2019,10\na,2020,11\na,2021,oops\na,2022,13\n")
        try folder.write("t.csv", "target_id,series_id,form,bound,value,baseline,baseline_year,target_year\nx,a,level,>=,20,11,2020,2025\n")
        let stop = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv",
                                "--rejects", folder.path + "/rejects.csv"])
        #expect(stop.status == 2)
        #expect(stop.stdout.isEmpty)
        #expect(stop.stderr.contains("p.csv:4:8: error: value 'oops' is not a finite number"))
        let rejects = try csvObjects(String(contentsOfFile: folder.path + "/rejects.csv", encoding: .utf8))
        #expect(rejects.first?["record"] == "a,2021,oops" && rejects.first?["line"] == "4")
        let go = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv", "--keep-going"])
        #expect(go.status == 0)
        #expect(try csvObjects(go.stdout).first?["latest_year"] == "2022")
        let alert = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv",
                                 "--keep-going", "--evaluation-year", "2025", "--fail-on", "needs_acceleration"])
        #expect(alert.status == 1)
        #expect(alert.stderr.contains("alert: 1 target(s) at or below needs_acceleration"))
    }

    @Test func aDatasetFolderCanGiveTheTargets() throws {
        // The Chongqing observations in long form, assessed through the batch engine.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let obs = try csvObjects(String(contentsOf: packageRoot.appendingPathComponent("Datasets/chongqing/observations.csv"), encoding: .utf8))
        let rows = obs.filter { $0["comparable"] == "yes" }.map { "\($0["indicator_id"]!),\($0["year"]!),\($0["value"]!)" }
        try folder.write("p.csv", "series_id,year,value\n" + rows.joined(separator: "\n") + "\n")
        let run = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", "Datasets/chongqing"])
        #expect(run.status == 0, "\(run.stderr)")
        let verdicts = try csvObjects(run.stdout)
        let ids = try CommandTests.datasetTargetIDs()
        #expect(verdicts.count == ids.count)
        let trade = try #require(verdicts.first { $0["target_id"] == "000.l0319.1" })
        #expect(trade["series_id"] == "trade.goods_total")
        #expect(trade["latest_year"] != "")
    }

    /// The table format for a panel (as on a terminal): the compact columns, --wide every column,
    /// --columns as chosen; --fail-on still exits 1, after the table.
    @Test func aPanelAsATable() throws {
        let arguments = ["assess", "--panel", "\(sample)/observations-long.csv", "--targets", "\(sample)/targets.csv",
                         "--format", "table", "--evaluation-year", "2026"]
        let compact = try ontrack(arguments)
        #expect(compact.status == 0, "\(compact.stderr)")
        let lines = compact.stdout.split(separator: "\n")
        #expect(lines.count == 402)
        #expect(lines[0].split(separator: " ").map(String.init) == ["target_id", "series_id", "status", "latest_year", "latest", "aim", "target_year",
                                                                     "gap_to_path", "required_from_latest", "actual_rate", "rate_unit", "ratio",
                                                                     "projected", "p_reach", "outlook"])
        let csv = try csvObjects(try ontrack(Array(arguments.dropLast(4)) + ["--format", "csv", "--evaluation-year", "2026"]).stdout)
        #expect(lines[2].hasPrefix("t0000001   s0000001   \(csv[0]["status"]!)"))
        let wide = try ontrack(arguments + ["--wide"])
        #expect(wide.stdout.split(separator: "\n").first?.split(separator: " ").count == 32)
        let chosen = try ontrack(arguments + ["--columns", "status,target_id"])
        #expect(chosen.stdout.split(separator: "\n").first == "status              target_id")
        let alert = try ontrack(arguments + ["--fail-on", "moving_away"])
        #expect(alert.status == 1)
        #expect(alert.stdout.split(separator: "\n").count == 402)
        #expect(alert.stderr.contains("alert: "))
    }

    @Test func usageErrors() throws {
        #expect(try ontrack(["assess"]).status == 2)
        #expect(try ontrack(["assess", "--panel", "\(sample)/observations-long.csv"]).status != 0)
        let missing = try ontrack(["assess", "--panel", "nope.csv", "--targets", "\(sample)/targets.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("nope.csv"))
    }
}

@Suite("Panels in GBK")
struct PanelEncodingCommandTests {
    /// The sample panel with Chinese series ids, written in GBK, gives the same verdicts as in
    /// UTF-8, found by `auto` (with a note) or given by --encoding.
    @Test func aGBKPanelReadsLikeItsUTF8Twin() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rows = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/panel-sample/observations-long.csv"), encoding: .utf8)
            .split(separator: "\n").enumerated().map { i, line in i == 0 ? String(line) : line.replacingOccurrences(of: "s00000", with: "序列") }
        let targets = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/panel-sample/targets.csv"), encoding: .utf8)
            .replacingOccurrences(of: ",s00000", with: ",序列")
        let utf8Panel = try folder.write("panel.csv", rows.joined(separator: "\n") + "\n")
        let gbkPanel = folder.url.appendingPathComponent("panel-gbk.csv")
        // GBK for the two characters used: 序 D0F2, 列 C1D0.
        var gbk = Data()
        for scalar in (rows.joined(separator: "\n") + "\n").unicodeScalars {
            switch scalar {
            case "序": gbk.append(contentsOf: [0xD0, 0xF2])
            case "列": gbk.append(contentsOf: [0xC1, 0xD0])
            default: gbk.append(UInt8(scalar.value))
            }
        }
        try gbk.write(to: gbkPanel)
        let targetsFile = try folder.write("targets.csv", targets)
        let expected = try ontrack(["assess", "--panel", utf8Panel.path, "--targets", targetsFile.path, "-f", "csv", "--evaluation-year", "2026"])
        #expect(expected.status == 0, "\(expected.stderr)")
        #expect(expected.stdout.contains("序列01"))
        let auto = try ontrack(["assess", "--panel", gbkPanel.path, "--targets", targetsFile.path, "-f", "csv", "--evaluation-year", "2026"])
        #expect(auto.status == 0, "\(auto.stderr)")
        #expect(auto.stdout == expected.stdout)
        #expect(auto.stderr.contains("read as gb18030"))
        // To a file the panel is opened for the stream first and again for the whole read: one note.
        let toFile = folder.url.appendingPathComponent("out.csv").path
        let written = try ontrack(["assess", "--panel", gbkPanel.path, "--targets", targetsFile.path, "-o", toFile, "--evaluation-year", "2026"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.components(separatedBy: "read as gb18030").count == 2, "\(written.stderr)")
        #expect(try String(contentsOfFile: toFile, encoding: .utf8) == expected.stdout)
        let given = try ontrack(["assess", "--panel", gbkPanel.path, "--targets", targetsFile.path, "-f", "csv", "--evaluation-year", "2026", "--encoding", "gbk"])
        #expect(given.stdout == expected.stdout)
        #expect(!given.stderr.contains("read as"))
    }

    @Test func textInNoKnownEncodingIsAnErrorThatSuggestsEncoding() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = Data("series_id,year,value\n".utf8)
        bytes.append(contentsOf: [0xFF, 0xFF, 0x2C, 0x31, 0x0A])
        let panel = folder.url.appendingPathComponent("p.csv")
        try bytes.write(to: panel)
        let run = try ontrack(["assess", "--panel", panel.path, "--targets", "Tests/Fixtures/panel-sample/targets.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("neither UTF-8 nor GB18030") && run.stderr.contains("--encoding"))
    }
}
