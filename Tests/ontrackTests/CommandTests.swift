import Foundation
import Testing

@Suite("ontrack command")
struct CommandTests {
    static let chongqing = "Datasets/chongqing"

    /// target_id of every row of Datasets/chongqing/targets.csv, read straight from the file.
    static func datasetTargetIDs() throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Datasets/chongqing/targets.csv"), encoding: .utf8)
        return try csvObjects(text).map { try #require($0["target_id"]) }
    }

    @Test func assessCSVHasAHeaderAndOneRowPerTarget() throws {
        let run = try ontrack(["assess", "--evaluation-year", "2025", Self.chongqing, "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = parseCSV(run.stdout)
        let header = try #require(rows.first)
        #expect(header.first == "target_id")
        #expect(header.contains("status"))
        #expect(header.contains("latest_year"))
        let objects = try csvObjects(run.stdout)
        let ids = try Self.datasetTargetIDs()
        #expect(!ids.isEmpty)
        #expect(objects.count == ids.count)
        #expect(objects.map { $0["target_id"] ?? "" } == ids)
        let known: Set = ["achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "missed",
                          "insufficient_data", "no_baseline", "not_comparable", "not_assessable"]
        for o in objects { #expect(known.contains(o["status"] ?? ""), "\(o["target_id"] ?? "?"): \(o["status"] ?? "")") }
    }

    @Test func defaultFormatWhenPipedIsCSV() throws {
        let csv = try ontrack(["assess", Self.chongqing, "--format", "csv"])
        let piped = try ontrack(["assess", Self.chongqing])
        #expect(piped.status == 0)
        #expect(piped.stdout == csv.stdout)
    }

    @Test func assessJSONIsAnArrayOfObjects() throws {
        let run = try ontrack(["assess", Self.chongqing, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        let array = try #require(object as? [[String: Any]])
        let ids = try Self.datasetTargetIDs()
        #expect(array.count == ids.count)
        #expect(array.map { $0["target_id"] as? String ?? "" } == ids)
        let header = try #require(parseCSV(try ontrack(["assess", Self.chongqing, "--format", "csv"]).stdout).first)
        #expect(array.allSatisfy { Set($0.keys) == Set(header) })
        // Years are numbers or null, never strings.
        #expect(array.allSatisfy { $0["target_year"] is NSNumber && ($0["latest_year"] is NSNumber || $0["latest_year"] is NSNull) })
    }

    @Test func failOnLimitedProgressFollowsTheStatuses() throws {
        let plain = try ontrack(["assess", "--evaluation-year", "2025", Self.chongqing, "--format", "csv"])
        try #require(plain.status == 0)
        let objects = try csvObjects(plain.stdout)
        let alerted = objects.filter { ["limited_progress", "moving_away", "missed"].contains($0["status"] ?? "") }.map { $0["target_id"] ?? "" }

        let run = try ontrack(["assess", "--evaluation-year", "2025", Self.chongqing, "--format", "csv", "--fail-on", "limited_progress"])
        // The results are still printed.
        #expect(run.stdout == plain.stdout)
        if alerted.isEmpty {
            #expect(run.status == 0)
            #expect(!run.stderr.contains("alert"))
        } else {
            #expect(run.status == 1)
            #expect(run.stderr.contains("alert: \(alerted.count) target(s) at or below limited_progress"))
            for id in alerted { #expect(run.stderr.contains(id)) }
        }
    }

    @Test func failOnOnTrackWhenEveryTargetIsAchieved() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try TinyDataset.write(to: folder)
        let run = try ontrack(["assess", "--evaluation-year", "2025", folder.path, "--format", "csv", "--fail-on", "on_track"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let objects = try csvObjects(run.stdout)
        #expect(objects.map { $0["target_id"] ?? "" } == ["t.trade", "t.share"])
        #expect(objects.map { $0["status"] ?? "" } == ["achieved", "achieved"])

        // "At or below" includes the status itself: achieved is at or below achieved.
        let strict = try ontrack(["assess", "--evaluation-year", "2025", folder.path, "--format", "csv", "--fail-on", "achieved"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("t.trade") && strict.stderr.contains("t.share"))
    }

    @Test func failOnRejectsStatusesOffTheScale() throws {
        let run = try ontrack(["assess", Self.chongqing, "--fail-on", "insufficient_data"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--fail-on"))
        #expect(run.stdout.isEmpty)
    }

    @Test func missingFolderExits2NamingIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dataset-\(UUID().uuidString)").path
        let run = try ontrack(["assess", path, "--format", "csv"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(path + ": error: no such folder"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    static let malformedTargets = """
        \(TinyDataset.targetHeader)
        t.trade,trade,level,reach,100,,100,50,2020,2025,plan.txt,1,q
        t.bad,share,share,>=,12x,,≥35,25,2020,2025,plan.txt,2,q

        """

    @Test func malformedTargetsExits2WithFileLineColumn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try TinyDataset.write(to: folder, targets: Self.malformedTargets)
        let run = try ontrack(["assess", folder.path, "--format", "csv"])
        #expect(run.status == 2)
        // "t.bad,share,share,>=," is 21 characters, so 12x is at column 22 of line 3.
        #expect(run.stderr.contains(folder.path + "/targets.csv:3:22: "), "\(run.stderr)")
        #expect(run.stderr.contains("12x"))
        #expect(run.stdout.isEmpty)
    }

    @Test func keepGoingAssessesTheValidRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try TinyDataset.write(to: folder, targets: Self.malformedTargets)
        let run = try ontrack(["assess", "--evaluation-year", "2025", folder.path, "--format", "csv", "--keep-going"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("targets.csv:3:22: "))
        #expect(run.stderr.contains("1 row(s) skipped"))
        let objects = try csvObjects(run.stdout)
        #expect(objects.map { $0["target_id"] ?? "" } == ["t.trade"])
        #expect(objects.first?["status"] == "achieved")
        #expect(objects.first?["latest"] == "120")
    }

    @Test func unknownOptionExits2() throws {
        let run = try ontrack(["assess", Self.chongqing, "--no-such-option"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--no-such-option"))
        #expect(run.stdout.isEmpty)
    }

    @Test func unknownIDExits2() throws {
        let run = try ontrack(["assess", Self.chongqing, "--id", "no.such.id", "--format", "csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no.such.id"))
    }

    @Test func idSelectsAnIndicatorsTargets() throws {
        let run = try ontrack(["assess", Self.chongqing, "--id", "trade.goods_total", "--format", "csv"])
        #expect(run.status == 0)
        let objects = try csvObjects(run.stdout)
        let all = try csvObjects(try String(contentsOf: packageRoot.appendingPathComponent("Datasets/chongqing/targets.csv"), encoding: .utf8))
        let expected = all.filter { $0["indicator_id"] == "trade.goods_total" }.map { $0["target_id"] ?? "" }
        #expect(!expected.isEmpty)
        #expect(objects.map { $0["target_id"] ?? "" } == expected)
    }

    @Test func helpExits0AndDocumentsExitCodes() throws {
        let run = try ontrack(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Exit codes"))
        #expect(run.stdout.contains("assess") && run.stdout.contains("path"))
    }

    @Test func pathOfOneTarget() throws {
        let run = try ontrack(["path", Self.chongqing, "--id", "000.c1.06", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        #expect(rows.map { $0["year"] ?? "" } == (2020...2025).map(String.init))
        #expect(rows.allSatisfy { $0["target_id"] == "000.c1.06" && $0["indicator_id"] == "trade.goods_total" })
        let expected = rows.map { Double($0["expected"] ?? "") }
        // Baseline 6513.4 in 2020, target 9000 in 2025 (targets.csv), compound path between them.
        #expect(abs((expected[0] ?? .nan) - 6513.4) < 1e-9)
        #expect(abs((expected[5] ?? .nan) - 9000) < 1e-9)
        for (i, e) in expected.enumerated() {
            let path = 6513.4 * pow(9000 / 6513.4, Double(i) / 5)
            #expect(abs((e ?? .nan) - path) < 1e-6, "year \(2020 + i)")
        }
        // Actuals from observations.csv; the two equally reliable 2021 values: the later row (8000.59) wins.
        let actual = rows.map { $0["actual"] ?? "" }
        #expect(actual == ["6500", "8000.59", "8158.4", "7137.4", "7154.2", "8006.8"])
        for (row, e) in zip(rows, expected) {
            guard let a = Double(row["actual"] ?? ""), let e else {
                #expect(row["gap"] == "")
                continue
            }
            #expect(abs((Double(row["gap"] ?? "") ?? .nan) - (a - e)) < 1e-6)
        }
    }

    @Test func outputFileIsWrittenAndStdoutStaysEmpty() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("assessment.csv")
        let run = try ontrack(["assess", Self.chongqing, "-o", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOf: file, encoding: .utf8)
        let direct = try ontrack(["assess", Self.chongqing, "--format", "csv"])
        #expect(written == direct.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["assessment.csv"])

        let json = folder.url.appendingPathComponent("assessment.json")
        let jsonRun = try ontrack(["assess", Self.chongqing, "--format", "json", "--output", json.path])
        #expect(jsonRun.status == 0)
        #expect(jsonRun.stdout.isEmpty)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) is [Any])
    }

    @Test func unwritableOutputFileExits2() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("missing/dir/out.csv").path
        let run = try ontrack(["assess", Self.chongqing, "-o", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains(file))
        #expect(run.stdout.isEmpty)
    }

    @Test func asOfLimitsTheLatestYear() throws {
        let now = try csvObjects(try ontrack(["assess", Self.chongqing, "--format", "csv"]).stdout)
        let run = try ontrack(["assess", Self.chongqing, "--format", "csv", "--as-of", "2021"])
        #expect(run.status == 0, "\(run.stderr)")
        let then = try csvObjects(run.stdout)
        #expect(then.count == now.count)
        // Without --as-of some actual is later than 2021, so the option has something to do.
        #expect(now.contains { Int($0["latest_year"] ?? "").map { $0 > 2021 } ?? false })
        for row in then {
            let year = row["latest_year"] ?? ""
            #expect(year.isEmpty || (Int(year).map { $0 <= 2021 } ?? false), "\(row["target_id"] ?? ""): \(year)")
        }
        #expect(then.contains { !($0["latest_year"] ?? "").isEmpty })
    }
}

@Suite("hardening: one set of rules")
struct OneSetOfRulesTests {
    /// Regression (issue 12, item 7): `assess` accepted rows that only `validate` rejected — a 150 %
    /// cut, a 250 % share, a period starting before its baseline year, an actual in 2099. The
    /// reader rejects them now, for every command, at their file, line and column.
    @Test(arguments: ["assess", "validate", "alerts", "summary"])
    func rowsNoCommandMayTrustAreRejectedByEveryCommand(command: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let header = TinyDataset.targetHeader + ",period_start"
        let targets = """
            \(header)
            t.trade,trade,level,reach,100,,100,50,2020,2025,plan.txt,1,q,
            t.cut,trade,reduction,reach,150,,降低150%,,2020,2025,plan.txt,1,q,
            t.share,share,share,>=,250,,≥250,25,2020,2025,plan.txt,2,q,
            t.sum,trade,cumulative,reach,500,,【500】,50,2020,2025,plan.txt,1,q,2019

            """
        try TinyDataset.write(to: folder, targets: targets)
        try folder.write("observations.csv", TinyDataset.observations.replacingOccurrences(
            of: "share,2022,36", with: "share,2022,36,%,high,yes,https://example.org/2022,,q\nshare,2099,37")
            .replacingOccurrences(of: "share,2099,37,%,high,yes,https://example.org/2022,,q\n", with: "share,2099,37,%,high,yes,https://example.org/2099,,q\n"))
        let run = try ontrack([command, folder.path])
        #expect(run.status == 2, "\(command): \(run.stdout) \(run.stderr)")
        let all = run.stdout + run.stderr
        // file:line:column: error: message, the same for every command.
        for expected in [#"targets\.csv:3:\d+: error: a reduction's value is the cut in % and must lie between 0 and 100"#,
                         #"targets\.csv:4:\d+: error: value 250 is not a share in % \(0–100\)"#,
                         #"targets\.csv:5:\d+: error: period_start 2019 must be after baseline_year 2020"#,
                         #"observations\.csv:5:\d+: error: year 2099 is in the future"#] {
            #expect(all.range(of: expected, options: .regularExpression) != nil, "\(command): \(expected) not in\n\(all)")
        }
    }
}

@Suite("hardening: standard output")
struct StandardOutputTests {
    /// Runs `ontrack ARGS REDIRECT` through the shell; returns the exit status and stderr.
    func shell(_ arguments: [String], _ redirect: String) throws -> (status: Int32, stderr: String) {
        let exe = try #require(ontrackExecutable)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let err = folder.url.appendingPathComponent("err").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(exe.path)' " + arguments.map { "'\($0)'" }.joined(separator: " ") + " \(redirect) 2>'\(err)'"]
        process.currentDirectoryURL = packageRoot
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Regression (issue 12, item 2): a full or closed standard output crashed assess, path, alerts,
    /// summary and chart (a trap in FileHandle.write, exit 132). Now: exit 2 and one line.
    @Test(arguments: [["assess", "Datasets/chongqing", "-f", "csv"], ["path", "Datasets/chongqing", "--id", "004.c2.17"],
                      ["alerts", "Datasets/chongqing"], ["summary", "Datasets/chongqing"],
                      ["chart", "Datasets/chongqing", "--id", "004.c2.17"], ["backtest", "Datasets/chongqing"]])
    func aFullOrClosedStandardOutputIsExitTwo(arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        for redirect in [">/dev/full", ">&-"] {
            let run = try shell(arguments, redirect)
            #expect(run.status == 2, "\(arguments) \(redirect): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("cannot write the output"), "\(arguments) \(redirect): \(run.stderr)")
        }
    }

    /// A reader that stops early (`| head`) ends the run quietly, as any Unix filter.
    @Test func aClosedPipeIsQuiet() throws {
        let run = try shell(["assess", "Datasets/chongqing", "-f", "csv"], "| head -c 10 >/dev/null")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
}

@Suite("hardening: spreadsheets")
struct SpreadsheetTests {
    /// Issue 12, item 11: with --for-spreadsheet, text cells that a spreadsheet would run as a
    /// formula get a leading ' (numbers never); without it, CSV stays exact.
    @Test func formulasAreNeutralisedOnlyWhenAsked() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try TinyDataset.write(to: folder)
        try folder.write("indicators.csv", TinyDataset.indicators.replacingOccurrences(
            of: "trade,货物进出口总额,Goods trade", with: "trade,货物进出口总额,\"=HYPERLINK(\"\"http://x\"\")\""))
        let plain = try csvObjects(try ontrack(["assess", "--evaluation-year", "2025", folder.path, "-f", "csv"]).stdout)
        #expect(plain.first { $0["target_id"] == "t.trade" }?["name_en"] == "=HYPERLINK(\"http://x\")")
        let safe = try ontrack(["assess", "--evaluation-year", "2025", folder.path, "-f", "csv", "--for-spreadsheet"])
        #expect(safe.status == 0, "\(safe.stderr)")
        let rows = try csvObjects(safe.stdout)
        let trade = try #require(rows.first { $0["target_id"] == "t.trade" })
        #expect(trade["name_en"] == "'=HYPERLINK(\"http://x\")")
        // Numbers, negative ones included, are never touched.
        #expect(rows.allSatisfy { !($0["gap_to_path"] ?? "").hasPrefix("'") && !($0["gap_to_path_pct"] ?? "").hasPrefix("'") })
    }
}

@Suite("ontrack scorecard")
struct ScorecardCommandTests {
    @Test(arguments: ["document", "binding", "form"])
    func rowsAddUpAndTheTotalIsLast(by: String) throws {
        let run = try ontrack(["scorecard", "Datasets/chongqing", "--by", by, "--evaluation-year", "2026", "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        let total = try #require(rows.last)
        #expect(total.values.contains("total"))
        func n(_ r: [String: String], _ c: String) -> Int { Int(r[c] ?? "") ?? -1 }
        for r in rows {
            #expect(n(r, "due") == n(r, "achieved") + n(r, "missed") + n(r, "open") + n(r, "not_judged"), "\(r)")
        }
        #expect(rows.dropLast().reduce(0) { $0 + n($1, "targets") } == n(total, "targets"))
        #expect(n(total, "targets") == (try CommandTests.datasetTargetIDs()).count)
        #expect(run.stderr.hasPrefix("2021–2025: "))
    }

    @Test func periodIsCheckedAndJSONIsAnArray() throws {
        #expect(try ontrack(["scorecard", "Datasets/chongqing", "--period", "2025-2021"]).status == 2)
        let json = try ontrack(["scorecard", "Datasets/chongqing", "--period", "2016-2020", "-f", "json"])
        #expect(json.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        // The 13th plan's 2020 targets: decided, with their 2020 values.
        let total = try #require(array.last)
        #expect((total["achieved"] as? Int ?? 0) > 0 && (total["missed"] as? Int ?? 0) > 0)
    }
}

@Suite("hardening: messages")
struct MessageHardeningTests {
    /// Issue 12, item 12: a cell quoted in an error message reached the terminal as an escape
    /// sequence (here OSC 0, which retitles the terminal).
    @Test func errorMessagesCarryNoEscapeSequences() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("p.csv", "series_id,year,value\nab,2020,\u{1B}]0;pwned\u{07}x\n")
        try folder.write("t.csv", "target_id,series_id,form,bound,value,baseline,baseline_year,target_year\nt,ab,level,>=,5,1,2020,2025\n")
        let run = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("p.csv:2:9: error: value '\u{FFFD}]0;pwned\u{FFFD}x' is not a finite number"), "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}

@Suite("ontrack gaps")
struct GapsCommandTests {
    @Test func theRealDatasetsToDoList() throws {
        let run = try ontrack(["gaps", "Datasets/chongqing", "--evaluation-year", "2026", "-f", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        #expect(rows.count > 50)
        let unlocks = rows.map { Int($0["unlocks"] ?? "") ?? 0 }
        #expect(unlocks == unlocks.sorted(by: >) && unlocks.allSatisfy { $0 > 0 })
        #expect(Set(rows.map { $0["needed_as"] ?? "" }).isSubset(of: ["target_year", "period_year", "baseline"]))
        // Childcare places in 2025 would decide three targets (000 附件1, its restatement, 004 专栏2).
        let childcare = try #require(rows.first { $0["indicator_id"] == "childcare.places_per_1000" && $0["year"] == "2025" })
        #expect(childcare["needed_as"] == "target_year")
        #expect(childcare["target_ids"]?.contains("004.c2.15") == true)
        // Goods trade's 2025 value (8006.8 亿元, customs) is in the dataset: no longer on the list.
        #expect(!rows.contains { $0["indicator_id"] == "trade.goods_total" && $0["year"] == "2025" })
        #expect(run.stderr.contains("missing values would let"))
    }
}
