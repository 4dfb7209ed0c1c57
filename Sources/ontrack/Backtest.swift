import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How far to trust the verdicts and the projections: every vintage replayed against the later actuals.",
        discussion: reflow("""
        Replays every vintage — the data cut at each year from the earliest baseline year + 2 to the
        latest year − 1 (or only --as-of) — and scores each target due after the vintage, judged on
        the progress scale then, and with an actual after it:
          outcome        met / missed once the target year is observed; else
                         on_course / off_course by the latest gap to the path
          warnings       verdicts at or below --threshold (default
                         needs_acceleration): precision, recall, agreement
          pi80_coverage  the share of later actuals (up to the target year)
                         inside the vintage's 80 % interval; ideally 0.80
          brier          mean (p_reach − met)² over the targets whose year is
                         observed, next to two naive rules on the same cases:
                         brier_naive_rate (the actual rate since the baseline
                         carried forward: 1 when R ≥ 1, else 0) and
                         brier_always_on_track (1)
        Lower Brier is better; a rule that beats neither naive rule adds nothing.

        Output: one row per vintage and a row "all"; with --format json one object with vintages,
        cases, pi80_coverage, brier, brier_naive_rate, brier_always_on_track and by_vintage.
        --confusion prints the table of early verdict × outcome; --cases lists every scored target.

        Examples:
          ontrack backtest Datasets/chongqing
          ontrack backtest Datasets/chongqing --format json
          ontrack backtest Datasets/chongqing --as-of 2022 --cases --format csv
          ontrack backtest --panel observations.csv --targets targets.csv --format json
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder. Not with --panel.", valueName: "dataset"), completion: .directory)
    var dataset: String?

    @OptionGroup(title: "Panels (the batch engine)") var panel: PanelOptions

    @Option(help: ArgumentHelp("Replay only this vintage (the data up to this year). Default: every vintage.", valueName: "year"))
    var asOf: Int?

    @Option(help: ArgumentHelp("Early verdicts at or below this status are warnings: on_track, needs_acceleration, limited_progress or moving_away.", valueName: "status"),
            completion: StatusChoices.completion(StatusChoices.backtestThreshold))
    var threshold: Status = .needsAcceleration

    @Flag(help: "List every scored target and vintage (verdict, p_reach, interval, outcome) instead of the summary.")
    var cases = false

    @Flag(help: "Print the confusion table (early verdict × outcome) instead of the summary.")
    var confusion = false

    @OptionGroup var out: OutputOptions

    @Flag(help: "Use the valid rows even when some rows are rejected.")
    var keepGoing = false

    func validate() throws {
        guard StatusChoices.backtestThreshold.contains(threshold) else {
            throw ValidationError("--threshold takes on_track, needs_acceleration, limited_progress or moving_away")
        }
        if (dataset == nil) == (panel.panel == nil) {
            throw ValidationError("give a dataset folder, or --panel FILE --targets FILE")
        }
        if cases && confusion { throw ValidationError("--cases and --confusion are alternatives") }
    }

    func run() throws {
        var options = AssessmentOptions()
        options.evaluationYear = RuleOptions.currentYear
        let workers = max(1, panel.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let source: (Panel, PanelTargets)
        if let dataset {
            let data = try loadDataset(dataset, keepGoing: keepGoing)
            let p = DatasetAssessor.panel(data)
            source = (p.panel, p.targets)
        } else {
            let run = PanelRun(options: panel, rules: options, format: nil, output: nil, failOn: nil, keepGoing: keepGoing)
            let (read, targets) = try run.load(workers: workers, progress: Progress(enabled: isatty(STDERR_FILENO) == 1), mark: { _ in })
            source = (read.panel, targets)
        }
        let test = OnTrackCore.Backtest(threshold: threshold, options: options, vintages: asOf.map { [$0] })
        let result = test.run(source.0, source.1, workers: workers)
        let format = out.resolvedFormat
        if cases {
            try out.emit(table: AlertReport.cases(result.cases, targets: source.1), sheet: "cases")
        } else if confusion {
            try out.emit(table: AlertReport.confusion(OnTrackCore.Backtest.confusion(result.cases)), sheet: "confusion")
        } else if format == .json {
            try out.emit(AlertReport.backtestJSON(result))
        } else {
            try out.emit(table: AlertReport.backtest(result), sheet: "backtest")
        }
        let s = result.overall
        func num(_ x: Double?, _ d: Int = 2) -> String { x.map { String(format: "%.\(d)f", $0) } ?? "–" }
        let span = result.vintages.isEmpty ? "no vintage" : "vintages \(result.vintages.first!)–\(result.vintages.last!)"
        printError("""
            back-test, \(span): \(s.cases) cases scored, \(result.unscored) not; \(s.warnings) warnings, precision \(num(s.precision)), \
            recall \(num(s.recall)); 80% interval coverage \(num(s.pi80Coverage)) of \(s.intervalChecks) later actuals; \
            Brier \(num(s.brier, 3)) vs actual rate \(num(s.brierNaiveRate, 3)) vs always on track \(num(s.brierAlwaysOnTrack, 3)) on \(s.brierCases) final outcomes
            """)
    }
}
