import ArgumentParser
import OnTrackCore
import OnTrackIO
import OnTrackNumerics

struct Scorecard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which targets of a plan period were met: achieved, missed, open and not judged, by document or binding.",
        discussion: reflow("""
        For the targets due in the period (their target year in it): achieved and missed — final
        verdicts, once the target year is observed — the share met among those decided, those still
        open (judged on the pace, the target year not passed), and those not judged, with the
        reasons (most often: the target year has passed without a published value). For the
        targets due after the period: achieved or on track, behind, not judged — as of now.

        One row per group (--by document, binding, form, year, bound or scope) and a row "total";
        the total in one sentence on standard error.

        Examples:
          ontrack scorecard Datasets/chongqing
          ontrack scorecard Datasets/chongqing --by binding --format markdown
          ontrack scorecard Datasets/chongqing --period 2021-2025 --evaluation-year 2026 -f json
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Option(help: ArgumentHelp("The plan period, FIRST-LAST. Default: the five years ending in the most common target year (2021-2025 for a 14th Five-Year Plan).", valueName: "years"))
    var period: String?

    @Option(help: ArgumentHelp("document, binding, form, year, bound or scope.", valueName: "grouping"))
    var by: DatasetSummary.Grouping = .document

    @OptionGroup var rules: RuleOptions
    @OptionGroup var out: OutputOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    /// "2021-2025" → 2021...2025.
    static func parsePeriod(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" || $0 == ":" }).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let a = parts[0], let b = parts[1], a <= b, a > 0 else {
            throw ValidationError("--period takes two years, FIRST-LAST, such as 2021-2025 (got '\(text)')")
        }
        return a...b
    }

    func run() throws {
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let results = DatasetAssessor(options: try rules.options()).assess(data)
        let range: ClosedRange<Int>
        if let period {
            range = try Self.parsePeriod(period)
        } else {
            guard let p = OnTrackCore.Scorecard.defaultPeriod(of: data.targets) else { throw ValidationError("the dataset has no targets") }
            range = p
        }
        let table = ScorecardReport.table(results, indicators: data.indicatorsByID, period: range, by: by)
        try out.emit(table: table, sheet: "scorecard")
        printError(ScorecardReport.headline(OnTrackCore.Scorecard(period: range).counts(results), period: range))
    }
}
