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
        #expect(en.stdout.contains("Total imports and exports of goods (亿元)"))
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
