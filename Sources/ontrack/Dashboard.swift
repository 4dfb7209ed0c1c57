import ArgumentParser
import Foundation
import OnTrackCharts
import OnTrackCore
import OnTrackIO

struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One SVG of small multiples, most severe first, with a status legend; or the status overview.",
        discussion: reflow("""
        By default the dashboard holds the targets judged on the progress scale (moving away,
        limited progress, needs acceleration, on track, achieved); --all adds every target that has
        a path to draw. --overview draws instead one stacked bar per document: how many targets are
        in each status.

        Examples:
          ontrack dashboard Datasets/chongqing -o dashboard.svg
          ontrack dashboard Datasets/chongqing --overview --lang en -o overview.svg
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Option(help: ArgumentHelp("Label language: zh or en.", valueName: "lang"))
    var lang: ChartLanguage = .zh

    @Flag(help: "Counts by status per document (stacked bars) instead of small multiples.")
    var overview = false

    @Flag(help: "Include every target with a path to draw, not only the judged ones.")
    var all = false

    @Option(help: ArgumentHelp("Small multiples per row.", valueName: "n"))
    var columns = 3

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the SVG to this file (atomically) instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var rules: RuleOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let options = try rules.options()
        let data = try loadDataset(dataset, keepGoing: keepGoing)
        let out = OutputOptions(format: nil, output: output)
        if overview {
            let results = DatasetAssessor(options: options).assess(data)
            let title = lang == .zh ? "目标状态：按文件统计（\(data.name)）" : "Status of targets by document (\(data.name))"
            try out.emit(StatusOverview.byDocument(results, language: lang, title: title).svg)
            return
        }
        let charts = ChartSet.make(data: data, targets: data.targets, options: options, language: lang).filter {
            all ? !$0.path.isEmpty : $0.result.assessment.status.severityRank != nil
        }
        let title = lang == .zh ? "目标进展一览（\(data.name)）" : "Progress towards targets (\(data.name))"
        try out.emit(OnTrackCharts.Dashboard(charts: charts, language: lang, title: title, columns: columns).svg)
    }
}
