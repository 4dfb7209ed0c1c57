import ArgumentParser
import Foundation
import OnTrackCharts
import OnTrackCore
import OnTrackIO

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A briefing in one HTML file that leads with the answer: headline, scorecard, alerts with their charts, judged targets.",
        discussion: reflow("""
        The default briefing fits a few A4 pages: the title (--title, else the dataset's own from
        about.csv) and the data vintage; one headline paragraph with how many targets were judged,
        met, missed and behind, and the most important by name; the scorecard of the plan period by
        document and by binding; the alerts (missed or behind schedule) with their charts; a compact
        table of every judged target with its status, outlook and explanation; one line per reason
        for the targets that cannot be judged, with the missing values that would decide most of
        them (see `ontrack gaps`); and the method. --full adds an annex with every target and every
        chart.

        The file is self-contained: charts are inline SVG, tables sort by the buttons in their
        headers (a few lines of inline script), nothing is fetched from the network, so it can be
        mailed or archived as is. It prints to A4 from a browser with charts and rows kept whole.
        --lang en writes English throughout: target texts rendered from their numbers, units from a
        glossary, document titles from documents.csv; Chinese that stays (names as written, unknown
        units) is marked lang="zh".

        An Open SDG data repository works too: one chart per configured series (ids like 3.4.1,
        or 1.3.1-s2 for the second series of 1.3.1), English names from its metadata. A series
        without a target is drawn against the value its on-track pace leads to, labelled as a pace.

        Examples:
          ontrack report Datasets/chongqing -o briefing.html
          ontrack report Datasets/chongqing --lang en --title "Chongqing: where the plan stands" -o briefing-en.html
          ontrack report Datasets/chongqing --full -o archive.html
          ontrack report Datasets/chongqing --lang en --as-of 2022 -o briefing-2022.html
          ontrack report ../opensdg/canada-gif --lang en -o sdg-briefing.html
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder, or an Open SDG data repository (or give --panel and --targets).", valueName: "dataset"), completion: .directory)
    var dataset: String?

    @OptionGroup(title: "Panel input (instead of a dataset)") var panel: PanelOptions

    @Option(help: ArgumentHelp("Label language: zh or en.", valueName: "lang"))
    var lang: ChartLanguage = .zh

    @Option(help: ArgumentHelp("The briefing's title. Default: the dataset's own title (about.csv), in the briefing's language.", valueName: "text"))
    var title: String?

    @Option(help: ArgumentHelp("The plan period of the scorecard, FIRST-LAST. Default: the five years ending in the most common target year.", valueName: "years"))
    var period: String?

    @Flag(help: "Add the annex: every target in one table and every chart (tens of pages for a whole plan).")
    var full = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the HTML to this file (atomically) instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var rules: RuleOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let options = try rules.options()
        let range = try period.map(Scorecard.parsePeriod)
        let folder = try AssessedFolder.load(dataset, panel: panel, options: options, keepGoing: keepGoing)
        // Targets without a path to draw are listed in the table; BriefingReport charts the others.
        let charts = folder.charts(language: lang)
        var report = BriefingReport(datasetName: folder.data.name, results: folder.results, charts: charts, language: lang, asOf: options.asOf,
                                    missedSince: options.effectiveEvaluationYear.map { $0 - 1 })
        if folder.isOpenSDG { report.sources = .goals }
        report.title = title
        report.about = folder.data.about
        report.documents = folder.data.documents
        report.period = range
        report.full = full
        report.evaluationYear = options.effectiveEvaluationYear
        report.generated = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        report.gapsCommand = "ontrack gaps " + (dataset ?? "DATASET")
        try OutputOptions(format: nil, output: output).emit(report.html)
    }
}
