import ArgumentParser
import OnTrackCore
import OnTrackIO

struct Gaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The data that would let the tool judge more: which value of which indicator, and how many targets it unlocks.",
        discussion: reflow("""
        For every target that cannot be judged for want of a value — its target year passed without
        one (target_year), a year of its period is missing (period_year), or the plan prints no
        baseline and none was published (baseline) — the indicator and year whose value would
        decide it. One row per indicator and year, the most targets unlocked first: a to-do list
        for the next search of statistical bulletins.

        Examples:
          ontrack gaps Datasets/chongqing
          ontrack gaps Datasets/chongqing --evaluation-year 2026 -f csv -o gaps.csv
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @OptionGroup var rules: RuleOptions
    @OptionGroup var out: OutputOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let results = DatasetAssessor(options: try rules.options()).assess(data)
        let gaps = DataGaps.gaps(results)
        try out.emit(table: GapsReport.table(gaps, indicators: data.indicatorsByID), sheet: "gaps")
        let unlocked = gaps.reduce(0) { $0 + $1.targets.count }
        printError("\(gaps.count) missing values would let \(unlocked) more targets be judged; the first \(min(10, gaps.count)) unlock \(gaps.prefix(10).reduce(0) { $0 + $1.targets.count })")
    }
}
