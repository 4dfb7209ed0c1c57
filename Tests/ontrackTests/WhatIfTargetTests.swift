import Foundation
import Testing

/// A dataset target without a source (an empty source_file): a what-if target is assessed and
/// charted; validate warns, validate --strict refuses. Fixture: Tests/Fixtures/what-if (t.green, line 4).
@Suite("What-if targets (no source)")
struct WhatIfTargetTests {
    static let dataset = "Tests/Fixtures/what-if"
    static let rules = ["--evaluation-year", "2026"]

    @Test func assessTakesItLikeAnyOtherTarget() throws {
        let run = try ontrack(["assess", Self.dataset, "--format", "csv"] + Self.rules)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        #expect(rows.map { $0["target_id"] } == ["t.trade", "t.share", "t.green"])
        let green = try #require(rows.last)
        // 20 in 2020 to ≥ 40 in 2030 is 2 points a year; 26 in 2023 is 2 a year since: on the path.
        #expect(green["status"] == "on_track", "\(green)")
        #expect(green["latest"] == "26")
        #expect(green["target"] == "40")
        #expect(green["source"] == "")
        #expect(green["p_reach"]?.isEmpty == false)
    }

    @Test func itIsChartedAndSaysItCitesNoSource() throws {
        for (lang, words) in [("zh", "假设目标（未注明来源）"), ("en", "What-if target (no source cited)")] {
            let run = try ontrack(["chart", Self.dataset, "--id", "t.green", "--lang", lang] + Self.rules)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("<svg"))
            #expect(isWellFormedXML(run.stdout))
            #expect(run.stdout.contains(words), "\(lang)")
            // Drawn: the actuals as a line, and the target's value on the chart.
            #expect(run.stdout.contains("<polyline") || run.stdout.contains("<path"))
            #expect(run.stdout.contains("40"))
        }
    }

    @Test func theDashboardAndBriefingGroupItAsWhatIf() throws {
        let dash = try ontrack(["dashboard", Self.dataset, "--lang", "en"] + Self.rules)
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(isWellFormedXML(dash.stdout))
        let report = try ontrack(["report", Self.dataset, "--lang", "en"] + Self.rules)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(isWellFormedXML(report.stdout))
        #expect(report.stdout.contains("What-if target (no source cited)"))
    }

    @Test func scorecardAndSummaryGroupItByItself() throws {
        for command in ["scorecard", "summary"] {
            let run = try ontrack([command, Self.dataset, "--format", "csv"] + (command == "scorecard" ? Self.rules : []))
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try csvObjects(run.stdout)
            #expect(rows.map { $0["source_file"] } == ["", "plan.txt", "total"], "\(command)")
            #expect(rows.first?["document"] == "what-if targets (no source)", "\(command)")
            #expect(rows.first?["targets"] == "1", "\(command)")
        }
    }

    @Test func validateWarnsAtItsRowAndPasses() throws {
        let run = try ontrack(["validate", Self.dataset])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stdout)")
        let warning = try #require(lines.first)
        // file:line:column, the column at the (empty) source_file cell of the row.
        #expect(warning.hasSuffix("it is assessed and charted as a what-if target, and validate --strict refuses it"), "\(warning)")
        #expect(warning.hasPrefix(packageRoot.path + "/Tests/Fixtures/what-if/targets.csv:4:43: warning: target t.green cites no source: source_file is empty (and source_line, quote)"), "\(warning)")
        #expect(warning.contains("what-if target"))
        #expect(warning.contains("--strict"))
        #expect(run.stderr.contains("0 error(s), 1 warning(s) — valid"), "\(run.stderr)")
    }

    @Test func validateStrictRefusesIt() throws {
        let run = try ontrack(["validate", Self.dataset, "--strict"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("what-if/targets.csv:4:43: warning: target t.green cites no source"))
        #expect(!run.stderr.contains("— valid"))
    }

    @Test func aRowThatCitesAFileMustCiteItWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let copy = folder.url.appendingPathComponent("what-if")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(Self.dataset), to: copy)
        let targets = copy.appendingPathComponent("targets.csv")
        let text = try String(contentsOf: targets, encoding: .utf8)
            .replacingOccurrences(of: "t.green,green,share,>=,40,,,20,2020,2030,,,,", with: "t.green,green,share,>=,40,,,20,2020,2030,,plan.txt,,")
        try Data(text.utf8).write(to: targets)
        let run = try ontrack(["assess", copy.path, "--format", "csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("what-if/targets.csv:4:28: error: target_text is empty; a target that cites a source file needs its written text and quote (or leave source_file empty for a what-if target)"), "\(run.stderr)")
    }
}
