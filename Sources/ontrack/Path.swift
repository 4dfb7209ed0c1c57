import ArgumentParser
import OnTrackCore
import OnTrackIO

struct Path: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The yearly path of each target: expected value, actual, gap.",
        discussion: reflow("""
        Levels follow the compound path B·(T/B)^((t−t0)/(tT−t0)); shares, rates and ratios the linear
        one; cumulative targets the expected running sum; average-growth targets the required
        average rate; reductions an index with the baseline year = 100.

        Examples:
          ontrack path Datasets/chongqing --id 000.c1.06
          ontrack path Datasets/chongqing --format csv > paths.csv
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Option(help: ArgumentHelp("A target id, or an indicator id for all its targets. Default: every target.", valueName: "id"))
    var id: String?

    @OptionGroup var rules: RuleOptions
    @OptionGroup var out: OutputOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let options = try rules.options()
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let targets = id.map { id in data.targets.filter { $0.id == id || $0.indicatorID == id } } ?? data.targets
        if let id, targets.isEmpty { throw ValidationError("no target or indicator with id '\(id)' in \(dataset)") }
        let assessor = DatasetAssessor(options: options)
        let indicators = data.indicatorsByID
        var table = ReportTable(columns: AssessmentReport.pathColumns)
        for t in targets {
            guard let indicator = indicators[t.indicatorID] else { continue }
            let part = AssessmentReport.path(target: t, indicator: indicator, points: assessor.path(of: t, in: data))
            table.rows += part.rows
            table.displayDecimals = part.displayDecimals
        }
        try out.emit(table: table, sheet: "path")
    }
}
