import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Whether `text` is well-formed XML.
func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
}

@Suite("ontrack chart, dashboard and report")
struct ChartCommandTests {
    @Test func oneChartToStdoutIsSVG() throws {
        let run = try ontrack(["chart", "Datasets/chongqing", "--id", "004.c2.17"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(run.stdout.contains("货物进出口总额（亿元）"))
        #expect(isWellFormedXML(run.stdout))
        let en = try ontrack(["chart", "Datasets/chongqing", "--id", "004.c2.17", "--lang", "en"])
        #expect(en.stdout.contains("Total imports and exports of goods (100 million yuan)"))
        // The footnote names the plan by its English title (documents.csv).
        #expect(en.stdout.contains("Source: Outline of the 14th Five-Year Plan"))
    }

    @Test func manyTargetsNeedAnOutputFolder() throws {
        let run = try ontrack(["chart", "Datasets/chongqing", "--id", "trade.goods_total"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("targets selected; pass a target id, or --out-dir"))
    }

    @Test func everyChartOfTheDatasetIsWrittenAndWellFormed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("charts").path
        let run = try ontrack(["chart", "Datasets/chongqing", "--out-dir", out])
        #expect(run.status == 0, "\(run.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let ids = try CommandTests.datasetTargetIDs()
        #expect(files.count == ids.count)
        #expect(Set(files) == Set(ids.map { $0 + ".svg" }))
        for file in files {
            let svg = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(isWellFormedXML(svg), "\(file)")
        }
        #expect(!files.contains { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }, "no temporary files left")
    }

    @Test func dashboardAndOverviewAreWellFormedSVG() throws {
        let dash = try ontrack(["dashboard", "Datasets/chongqing"])
        #expect(dash.status == 0)
        #expect(isWellFormedXML(dash.stdout))
        #expect(dash.stdout.contains("目标进展一览"))
        let overview = try ontrack(["dashboard", "Datasets/chongqing", "--overview", "--lang", "en"])
        #expect(overview.status == 0)
        #expect(isWellFormedXML(overview.stdout))
        #expect(overview.stdout.contains("Status of targets by document"))
    }

    @Test func reportIsOneWellFormedFileWithoutExternalResources() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("briefing.html").path
        let run = try ontrack(["report", "Datasets/chongqing", "-o", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(isWellFormedXML(html))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("src=\"") && !html.contains("<link") && !html.contains("@import"))
        #expect(html.contains("<svg"))
        #expect(html.contains("预警"))
    }
}

@Suite("hardening: charts")
struct ChartHardeningTests {
    /// Regression (issue 12, item 1): one value near the largest double crashed chart, dashboard
    /// and report (an infinite axis step turned into an Int).
    @Test func aHugeValueDrawsInsteadOfTrapping() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let copy = folder.url.appendingPathComponent("data").path
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("Datasets/chongqing").path, toPath: copy)
        let file = copy + "/observations.csv"
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("trade.goods_total,2022,") })
        var cells = lines[i].components(separatedBy: ",")
        cells[2] = "1e308"
        lines[i] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let chart = try ontrack(["chart", copy, "--id", "004.c2.17"])
        #expect(chart.status == 0, "\(chart.stderr)")
        #expect(isWellFormedXML(chart.stdout))
        #expect(!chart.stdout.contains("inf") && !chart.stdout.contains("nan"))
        for command in [["dashboard", copy], ["report", copy]] {
            let run = try ontrack(command)
            #expect(run.status == 0, "\(command[0]): \(run.stderr)")
        }
    }
}

@Suite("chart, dashboard and report on an Open SDG repository")
struct OpenSDGChartCommandTests {
    static let repository = "Tests/Fixtures/opensdg/canada-gif-subset"

    /// The engine's statuses in English, as the charts print them.
    static let english = ["achieved": "target achieved", "on_track": "on track", "needs_acceleration": "needs acceleration",
                          "limited_progress": "limited progress", "moving_away": "moving away", "missed": "target missed",
                          "insufficient_data": "insufficient data", "not_assessable": "not assessable",
                          "not_comparable": "not comparable", "no_baseline": "no baseline"]

    /// One chart per configured series, and each says the status `assess` gives that series: one
    /// verdict, whatever the command.
    @Test func everySeriesGetsAChartWithTheStatusAssessGives() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("charts").path
        let run = try ontrack(["chart", Self.repository, "--out-dir", out, "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        let assess = try ontrack(["assess", Self.repository, "--format", "csv"])
        #expect(assess.status == 0, "\(assess.stderr)")
        let series = try csvObjects(assess.stdout).filter { !($0["series"] ?? "").isEmpty }
        var byIndicator: [String: [[String: String]]] = [:]
        var order: [String] = []
        for row in series {
            let id = try #require(row["indicator_id"]).replacingOccurrences(of: "-", with: ".")
            if byIndicator[id] == nil { order.append(id) }
            byIndicator[id, default: []].append(row)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.count == series.count)
        #expect(series.count > 30)
        for id in order {
            let rows = byIndicator[id]!
            for (k, row) in rows.enumerated() {
                let name = rows.count == 1 ? id : "\(id)-s\(k + 1)"
                let svg = try String(contentsOfFile: out + "/" + name + ".svg", encoding: .utf8)
                #expect(isWellFormedXML(svg), "\(name)")
                let status = try #require(Self.english[row["status"] ?? ""])
                #expect(svg.contains("Status: \(status)."), "\(name): \(row["status"] ?? "")")
                #expect(svg.contains("-title\">\(id) "), "\(name) is titled with its indicator")
            }
        }
    }

    /// A series without a target is drawn against its on-track pace and says so; one with a
    /// target says "Target".
    @Test func aSeriesWithoutATargetIsLabelledAsAPace() throws {
        let paced = try ontrack(["chart", Self.repository, "--id", "1.3.1-s2", "--lang", "en"])
        #expect(paced.status == 0, "\(paced.stderr)")
        // The label by the diamond: on one line, or the word on its own line over the bound.
        #expect(paced.stdout.contains(">On-track pace ≥") || (paced.stdout.contains(">On-track pace</text>") && paced.stdout.contains(">≥ ")))
        #expect(paced.stdout.contains("no target; on-track pace"))
        let targeted = try ontrack(["chart", Self.repository, "--id", "1.2.1", "--lang", "en"])
        #expect(targeted.status == 0, "\(targeted.stderr)")
        #expect(targeted.stdout.contains(">Target ≤") || (targeted.stdout.contains(">Target</text>") && targeted.stdout.contains(">≤ ")))
        #expect(!targeted.stdout.contains("On-track pace"))
    }

    @Test func theOverviewCountsByGoalInNumberOrderAndTheReportSaysSo() throws {
        let overview = try ontrack(["dashboard", Self.repository, "--overview", "--lang", "en"])
        #expect(overview.status == 0, "\(overview.stderr)")
        #expect(isWellFormedXML(overview.stdout))
        let goals = ["Goal 1<", "Goal 2<", "Goal 4<", "Goal 16<"].map { overview.stdout.range(of: $0)?.lowerBound }
        #expect(goals.allSatisfy { $0 != nil })
        #expect(goals.compactMap { $0 } == goals.compactMap { $0 }.sorted(), "Goal 16 after Goal 4")
        let dashboard = try ontrack(["dashboard", Self.repository, "--lang", "en"])
        #expect(dashboard.status == 0)
        #expect(isWellFormedXML(dashboard.stdout))
        let report = try ontrack(["report", Self.repository, "--lang", "en"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(isWellFormedXML(report.stdout))
        #expect(report.stdout.contains("Briefing on SDG indicators: canada-gif-subset"))
        #expect(report.stdout.contains("series under 4 goals"))
    }
}

@Suite("chart, dashboard and report on a panel")
struct PanelChartCommandTests {
    static let panel = ["--panel", "Tests/Fixtures/panel-sample/observations-long.csv", "--targets", "Tests/Fixtures/panel-sample/targets.csv"]

    /// One chart per target, with the status `assess --panel` gives it.
    @Test func everyTargetGetsAChartWithTheStatusAssessGives() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("charts").path
        let run = try ontrack(["chart"] + Self.panel + ["--out-dir", out, "--lang", "en", "--evaluation-year", "2026"])
        #expect(run.status == 0, "\(run.stderr)")
        let assess = try ontrack(["assess"] + Self.panel + ["--format", "csv", "--evaluation-year", "2026"])
        #expect(assess.status == 0, "\(assess.stderr)")
        let rows = try csvObjects(assess.stdout)
        #expect(rows.count == 400)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.count == rows.count)
        for row in rows.prefix(60) {
            let id = try #require(row["target_id"])
            let svg = try String(contentsOfFile: out + "/" + id + ".svg", encoding: .utf8)
            #expect(isWellFormedXML(svg), "\(id)")
            let status = try #require(OpenSDGChartCommandTests.english[row["status"] ?? ""])
            #expect(svg.contains("Status: \(status)."), "\(id): \(row["status"] ?? "")")
        }
    }

    @Test func dashboardAndBriefingRender() throws {
        let dash = try ontrack(["dashboard"] + Self.panel)
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(isWellFormedXML(dash.stdout))
        let report = try ontrack(["report"] + Self.panel + ["--lang", "en"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(isWellFormedXML(report.stdout))
        #expect(report.stdout.contains("400 targets in 1 document."))
    }

    @Test func aDatasetAndAPanelTogetherAreRefused() throws {
        let run = try ontrack(["chart", "Datasets/chongqing"] + Self.panel)
        #expect(run.status == 64 || run.status == 2, "\(run.status)")
        #expect(run.stderr.contains("either a dataset folder or --panel"))
    }
}
