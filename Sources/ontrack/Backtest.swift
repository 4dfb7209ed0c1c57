import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackIO
import OnTrackNumerics

struct Backtest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How far to trust an early warning: verdicts with the data up to a year, against what later actuals show.",
        discussion: """
        Assesses the dataset with the actuals up to --as-of, then with all actuals. Each target due
        after --as-of, judged on the progress scale then and with an actual after it, is scored:
          met / missed       the target year has been observed: was the target met?
          on_course / off_course   otherwise: is the latest actual on or behind the path?
        A verdict at or below --threshold (default needs_acceleration) counts as a warning.

        Prints the confusion table (early verdict × outcome) and, on stderr, the share of warnings
        that came true (precision), the share of bad outcomes that were warned of (recall) and the
        share of verdicts that agreed with the outcome. --cases lists every scored target instead.

        Examples:
          ontrack backtest Datasets/chongqing --as-of 2021
          ontrack backtest Datasets/chongqing --as-of 2022 --cases --format csv
        """
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"))
    var dataset: String

    @Option(help: ArgumentHelp("Judge with the actuals up to this year.", valueName: "year"))
    var asOf: Int

    @Option(help: ArgumentHelp("Early verdicts at or below this status are warnings.", valueName: "status"))
    var threshold: Status = .needsAcceleration

    @Flag(help: "List every scored target (verdict, outcome) instead of the confusion table.")
    var cases = false

    @OptionGroup var out: OutputOptions

    @Flag(help: "Assess the valid rows even when some rows are rejected.")
    var keepGoing = false

    func validate() throws {
        guard threshold.severityRank != nil, threshold != .achieved else {
            throw ValidationError("--threshold takes on_track, needs_acceleration, limited_progress or moving_away")
        }
    }

    func run() throws {
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let test = OnTrackCore.Backtest(asOf: asOf, threshold: threshold)
        let (scored, unscored) = test.run(data)
        let confusion = OnTrackCore.Backtest.confusion(scored)
        let table = cases ? AlertReport.cases(scored) : AlertReport.confusion(confusion)
        try out.emit(out.resolvedFormat.encode(table))
        func pct(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }
        let warned = scored.filter(\.warned).count
        printError("""
            back-test as of \(asOf): \(scored.count) targets scored, \(unscored) not (due by \(asOf), no verdict on the progress scale then, or no later actual); \
            \(warned) warnings; precision \(pct(confusion.precision)), recall \(pct(confusion.recall)), agreement \(pct(confusion.accuracy))
            """)
    }
}
