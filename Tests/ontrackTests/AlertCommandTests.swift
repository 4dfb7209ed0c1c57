import Foundation
import Testing

@Suite struct AlertCommandTests {
    @Test func alertsExitWithOneAndWriteTheContractFields() throws {
        let run = try ontrack(["alerts", "--evaluation-year", "2025", "Datasets/chongqing", "--format", "csv"])
        #expect(run.status == 1)
        let rows = try csvObjects(run.stdout)
        #expect(!rows.isEmpty)
        #expect(Array(parseCSV(run.stdout)[0]) == ["alert_id", "severity", "kind", "target_id", "indicator_id", "name_zh", "name_en",
                                                   "status", "previous_status", "target_year", "latest_year", "latest", "aim",
                                                   "gap_to_path", "gap_to_path_pct", "rate_unit", "required_now", "actual_rate",
                                                   "ratio", "schedule", "reach_year", "years_behind", "message_zh", "message_en"])
        // Most severe first.
        let order = ["critical", "high", "medium", "low"]
        let ranks = rows.map { order.firstIndex(of: $0["severity"]!)! }
        #expect(ranks == ranks.sorted())
        #expect(run.stderr.contains("alert(s)"))
        let trade = try #require(rows.first { $0["target_id"] == "000.c1.06" })
        #expect(trade["message_zh"]!.hasPrefix("货物进出口总额：需年均增长"))
    }

    @Test func noAlertsExitWithZero() throws {
        // Judged as of 2021 with only moving-away alerts counted, nothing is raised.
        let run = try ontrack(["alerts", "Datasets/chongqing", "--as-of", "2021", "--threshold", "moving_away", "--format", "csv"])
        #expect(run.status == 0)
        #expect(try csvObjects(run.stdout).isEmpty)
        #expect(run.stderr.contains("no alerts"))
    }

    @Test func jsonLinesAndVintages() throws {
        let run = try ontrack(["alerts", "Datasets/chongqing", "--as-of", "2023", "--compare-to", "2022", "--format", "jsonl"])
        #expect(run.status == 1)
        let objects = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.contains { ($0["kind"] as? String) == "worsened_off_track" && ($0["previous_status"] as? String) == "on_track" })
        #expect(objects.allSatisfy { ($0["alert_id"] as? String)?.hasPrefix("OT-") == true })
    }

    @Test func badInputExitsWithTwo() throws {
        #expect(try ontrack(["alerts", "no-such-folder"]).status == 2)
        #expect(try ontrack(["alerts", "Datasets/chongqing", "--as-of", "2022", "--compare-to", "2023"]).status == 2)
        #expect(try ontrack(["alerts", "Datasets/chongqing", "--threshold", "achieved"]).status == 2)
    }

    @Test func backtestPrintsAConfusionTable() throws {
        let run = try ontrack(["backtest", "Datasets/chongqing", "--as-of", "2022", "--confusion", "--format", "csv"])
        #expect(run.status == 0)
        let rows = try csvObjects(run.stdout)
        #expect(rows.map { $0["verdict"]! } == ["achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "total"])
        let total = try #require(rows.last)
        let scored = Int(total["total"]!)!
        #expect(scored > 0)
        #expect(["met", "missed", "on_course", "off_course"].map { Int(total[$0]!)! }.reduce(0, +) == scored)
        #expect(run.stderr.contains("precision"))
        let cases = try ontrack(["backtest", "Datasets/chongqing", "--as-of", "2022", "--cases", "--format", "csv"])
        #expect(try csvObjects(cases.stdout).count == scored)
    }

    @Test func backtestReplaysEveryVintageAndScoresTheProjection() throws {
        let run = try ontrack(["backtest", "Datasets/chongqing", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["vintages", "cases", "pi80_coverage", "brier", "brier_naive_rate", "brier_always_on_track", "by_vintage"] {
            #expect(object.keys.contains(key), "\(key)")
        }
        let vintages = try #require(object["vintages"] as? [Int])
        #expect(vintages.count > 1)
        let byVintage = try #require(object["by_vintage"] as? [[String: Any]])
        #expect(byVintage.map { $0["vintage"] as? Int } == vintages)
        let cases = try #require(object["cases"] as? Int)
        #expect(cases == byVintage.reduce(0) { $0 + ($1["cases"] as? Int ?? 0) })
        #expect(cases > 0)
        if let coverage = object["pi80_coverage"] as? Double { #expect(coverage >= 0 && coverage <= 1) }
        // The CSV summary has one row per vintage and a row "all".
        let csv = try csvObjects(try ontrack(["backtest", "Datasets/chongqing", "--format", "csv"]).stdout)
        #expect(csv.map { $0["vintage"]! } == vintages.map(String.init) + ["all"])
    }
}
