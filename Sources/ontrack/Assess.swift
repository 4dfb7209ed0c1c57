import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackOpenSDG

struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assess every target of a dataset: gap to the path, required and actual growth, status.",
        discussion: reflow("""
        One row per target. Required growth is from the baseline and from the latest actual to the
        target year: a compound % a year for levels, percentage points a year for shares, rates and
        ratios (rate_unit says which). The progress ratio R = d·actual/|required| is graded
        on track (R ≥ 0.95), needs acceleration (≥ 0.60), limited progress (≥ 0), moving away (< 0).

        Statuses, best to worst: achieved, on_track, needs_acceleration, limited_progress,
        moving_away, missed; and, off the scale: insufficient_data, no_baseline, not_comparable,
        not_assessable. Once the target year is observed the verdict is final: achieved or missed
        (with the shortfall). A target year that has passed (--evaluation-year, default this year)
        without a value is insufficient_data, reason target_year_unobserved — never a guess.

        Every target is also projected to its target year by one engine: a trend (linear,
        log-linear or quadratic by AICc) on 3+ points with its 80% interval and p_reach, the
        probability of meeting the target, or the actual rate carried forward with fewer points.
        outlook is likely (p_reach ≥ 0.8), uncertain or unlikely (≤ 0.2); explanation says in one
        line why the status and the projection disagree when they do.

        Examples:
          ontrack assess Datasets/chongqing
          ontrack assess Datasets/chongqing --format json -o assessment.json
          ontrack assess Datasets/chongqing --as-of 2022 --format csv | xsv table
          ontrack assess Datasets/chongqing --fail-on limited_progress  # exit 1: alert

        Panels (thousands to millions of series) go through the batch engine:
          ontrack assess --panel observations.csv --targets targets.csv -o verdicts.csv
          cat wide.csv | ontrack assess --panel - --targets Datasets/chongqing -f json
          ontrack assess --panel sdmx.csv --targets t.csv --columns series_id,status
        with the same rules and projections as a dataset; see docs/panel.md.
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder (indicators.csv, targets.csv, observations.csv), or an Open SDG data repository (data/indicator_*.csv with indicator-config/*.yml or meta/*.md). Not with --panel.", valueName: "dataset"), completion: .directory)
    var dataset: String?

    @OptionGroup(title: "Panels (the batch engine)") var panel: PanelOptions

    @OptionGroup(title: "Open SDG data repositories") var opensdg: OpenSDGOptions

    @OptionGroup var rules: RuleOptions
    @OptionGroup var out: OutputOptions

    @Option(help: ArgumentHelp("Exit with 1 when any target is at or below this status: achieved, on_track, needs_acceleration, limited_progress, moving_away or missed (the lowest).", valueName: "status"),
            completion: StatusChoices.completion(StatusChoices.failOn))
    var failOn: Status?

    @Option(help: ArgumentHelp("Only targets of this indicator or with this target id.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("Only these columns, in this order, in every format (datasets, Open SDG repositories and panels), e.g. target_id,status,p_reach; on a terminal they are shown even when wider than it. An unknown name is an error that lists the columns.", valueName: "a,b,c"))
    var columns: String?

    @Flag(help: "Assess the valid rows even when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func validate() throws {
        if panel.panel == nil, dataset == nil {
            throw ValidationError("give a dataset folder, or --panel FILE --targets FILE")
        }
        if panel.panel != nil, dataset != nil {
            throw ValidationError("give either a dataset folder or --panel, not both")
        }
        if panel.panel == nil, panel.targets != nil {
            throw ValidationError("--targets goes with --panel")
        }
        if let failOn, !StatusChoices.failOn.contains(failOn) {
            throw ValidationError("--fail-on takes a status on the progress scale: achieved, on_track, needs_acceleration, limited_progress, moving_away or missed")
        }
    }

    /// A panel's verdicts in the table format (on a terminal, or --format table): written by the
    /// batch engine as TSV to a temporary file, read back as a table and printed as datasets are
    /// (compact columns, fitted to the terminal; --wide, --columns). An alert (--fail-on) exits 1
    /// after the table.
    func panelTable(_ options: AssessmentOptions) throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("ontrack-panel-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        var alert: ExitCode?
        do {
            try PanelRun(options: panel, rules: options, format: .tsv, output: temporary, failOn: failOn, keepGoing: keepGoing).run()
        } catch let code as ExitCode where code.rawValue == ExitStatus.alert.rawValue {
            alert = code
        }
        let tsv: String
        do { tsv = try String(contentsOfFile: temporary, encoding: .utf8) } catch {
            printError("error: cannot read back the verdicts from \(temporary): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        try out.emitReport(PanelTable.table(tsv: tsv), columns: columns, compact: PanelTable.tableColumns, sheet: "panel")
        if let alert { throw alert }
    }

    func run() throws {
        let options = try rules.options()
        if panel.panel != nil {
            if out.resolvedFormat == .table { return try panelTable(options) }
            return try PanelRun(options: panel, rules: options, format: out.format ?? (out.output != nil && out.resolvedFormat != .table ? out.resolvedFormat : nil),
                                output: out.output, failOn: failOn, keepGoing: keepGoing, forSpreadsheet: out.forSpreadsheet,
                                columns: try selectedColumns(columns, available: PanelWriter.columns), bom: out.bom).run()
        }
        guard let dataset else { return }
        if OpenSDGRepository.recognises(dataset) {
            return try OpenSDGRun(folder: dataset, options: opensdg, rules: options, out: out, id: id, columns: columns, failOn: failOn).run()
        }
        if opensdg.components != nil { throw ValidationError("--opensdg-components needs an Open SDG data repository (data/indicator_*.csv with indicator-config/ or meta/)") }
        var data = try loadDataset(dataset, keepGoing: keepGoing)
        if let id {
            data.targets = data.targets.filter { $0.id == id || $0.indicatorID == id }
            guard !data.targets.isEmpty else { throw ValidationError("no target or indicator with id '\(id)' in \(dataset)") }
        }
        let results = DatasetAssessor(options: options).assess(data)
        try out.emitReport(AssessmentReport.assess(results), columns: columns, compact: AssessmentReport.tableColumns, sheet: "assessment")
        if let failOn {
            let alerts = results.filter { $0.assessment.status.isAtOrBelow(failOn) }
            if !alerts.isEmpty {
                printError("alert: \(alerts.count) target(s) at or below \(failOn.rawValue): \(alerts.map(\.target.id).joined(separator: ", "))")
                throw ExitCode(ExitStatus.alert.rawValue)
            }
        }
    }
}
