import ArgumentParser
import OnTrackCore
import OnTrackIO
import OnTrackNumerics

struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Gap alerts: the targets that are off track, or got worse since an earlier vintage, most severe first.",
        discussion: reflow("""
        An alert is raised for every target at or below --threshold (default needs_acceleration), and,
        with --compare-to YEAR, for every target whose status is worse than when only the actuals up
        to YEAR were known. Each alert has a stable id (the same target always gets the same id), a
        severity (critical: moving away; high: limited progress; medium: needs acceleration; low:
        worse than before but not off track), the figures behind it and one sentence in Chinese and
        English, e.g.
          货物进出口总额：需年均增长6.90%，实际2.50%，按当前速度将于2029年达到目标（晚4年）

        "Years behind schedule" compares the year the indicator reaches the target at its actual
        rate since the baseline with the target year; "never" when that rate runs away from it.

        Exit status: 1 when any alert is raised, 0 when none, 2 on bad input, so a cron job or a CI
        pipeline can act on it. The fields are a contract: see the README's "Alert format".

        Examples:
          ontrack alerts Datasets/chongqing
          ontrack alerts Datasets/chongqing --as-of 2023 --compare-to 2022 --format markdown
          ontrack alerts Datasets/chongqing --format jsonl -o alerts.jsonl || notify-send "OnTrack alerts"
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @OptionGroup var rules: RuleOptions
    @OptionGroup var out: OutputOptions

    @Option(help: ArgumentHelp("The earlier vintage: assess again with the actuals up to this year and alert on every status that got worse.", valueName: "year"))
    var compareTo: Int?

    @Option(help: ArgumentHelp("Alert on statuses at or below this one: on_track, needs_acceleration, limited_progress, moving_away or missed.", valueName: "status"),
            completion: StatusChoices.completion(StatusChoices.alertThreshold))
    var threshold: Status = .needsAcceleration

    @Flag(help: "Assess the valid rows even when some rows are rejected.")
    var keepGoing = false

    func validate() throws {
        guard StatusChoices.alertThreshold.contains(threshold) else {
            throw ValidationError("--threshold takes on_track, needs_acceleration, limited_progress, moving_away or missed")
        }
        if let compareTo, let asOf = rules.asOf, compareTo >= asOf {
            throw ValidationError("--compare-to \(compareTo) must be before --as-of \(asOf)")
        }
    }

    func run() throws {
        let options = try rules.options()
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let current = DatasetAssessor(options: options).assess(data)
        var previous: [TargetAssessment]?
        if let compareTo {
            var earlier = options
            earlier.asOf = compareTo
            previous = DatasetAssessor(options: earlier).assess(data)
        }
        let alerts = AlertRaiser(threshold: threshold, options: options).raise(current, previous: previous)
        var table = AlertReport.table(alerts)
        let format = out.resolvedFormat
        if format == .table, !out.wide { table = AssessmentReport.select(table, columns: AlertReport.tableColumns) }
        try out.emit(table: table, sheet: "alerts")
        let counts = Alert.Severity.allCases.compactMap { s in
            let n = alerts.filter { $0.severity == s }.count
            return n > 0 ? "\(n) \(s.rawValue)" : nil
        }
        if alerts.isEmpty {
            printError("no alerts (\(current.count) targets)")
        } else {
            printError("\(alerts.count) alert(s): \(counts.joined(separator: ", ")) (\(current.count) targets)")
            throw ExitCode(ExitStatus.alert.rawValue)
        }
    }
}
