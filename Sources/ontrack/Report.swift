import ArgumentParser
import Foundation
import OnTrackCharts
import OnTrackCore
import OnTrackIO

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A one-file HTML briefing: overview, alerts first, every target, one chart per target, method.",
        discussion: reflow("""
        The file is self-contained: charts are inline SVG, the sortable table uses a few lines of
        inline script, and nothing is fetched from the network, so it can be mailed or archived as
        is. It prints cleanly to PDF from a browser (A4, charts and table rows kept whole).

        Examples:
          ontrack report Datasets/chongqing -o briefing.html
          ontrack report Datasets/chongqing --lang en --as-of 2022 -o briefing-2022.html
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Option(help: ArgumentHelp("Label language: zh or en.", valueName: "lang"))
    var lang: ChartLanguage = .zh

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the HTML to this file (atomically) instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var rules: RuleOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let options = try rules.options()
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        // Targets without a path to draw are listed in the table; BriefingReport charts the others.
        let charts = ChartSet.make(data: data, targets: data.targets, options: options, language: lang)
        let report = BriefingReport(datasetName: data.name, results: charts.map(\.result), charts: charts, language: lang, asOf: options.asOf,
                                     missedSince: options.effectiveEvaluationYear.map { $0 - 1 })
        try OutputOptions(format: nil, output: output).emit(report.html)
    }
}
