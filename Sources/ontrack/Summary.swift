import ArgumentParser
import OnTrackIO

extension DatasetSummary.Grouping: ExpressibleByArgument {}

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count a dataset's targets by document, form, bound, year, binding or scope.",
        discussion: reflow("""
        The first question about a dataset: which targets are there, and where do they come from?
        Each row counts the targets of one group: all of them, those with a numeric bound, those
        with a baseline printed in the document, and the distinct indicators they measure. The last
        row is the total.

        Examples:
          ontrack summary Datasets/chongqing
          ontrack summary Datasets/chongqing --by form --format markdown
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Option(help: ArgumentHelp("document, form, bound, year, binding or scope.", valueName: "grouping"))
    var by: DatasetSummary.Grouping = .document

    @OptionGroup var out: OutputOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        try out.emit(table: DatasetSummary.table(data, by: by), sheet: "summary")
    }
}
