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

        An Open SDG data repository works too: one chart per configured series (ids like 3.4.1,
        or 1.3.1-s2 for the second series of 1.3.1), English names from its metadata. A series
        without a target is drawn against the value its on-track pace leads to, labelled as a pace.

        Examples:
          ontrack dashboard Datasets/chongqing -o dashboard.svg
          ontrack dashboard Datasets/chongqing --overview --lang en -o overview.svg
          ontrack dashboard ../opensdg/canada-gif --overview --lang en -o goals.svg
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder, or an Open SDG data repository (or give --panel and --targets).", valueName: "dataset"), completion: .directory)
    var dataset: String?

    @OptionGroup(title: "Panel input (instead of a dataset)") var panel: PanelOptions

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
        let folder = try AssessedFolder.load(dataset, panel: panel, options: options, keepGoing: keepGoing)
        let data = folder.data
        let out = OutputOptions(format: nil, output: output)
        if overview {
            let by = folder.isOpenSDG ? lang.pick("按目标（Goal）统计", "by goal") : lang.pick("按文件统计", "by document")
            let title = lang == .zh ? "目标状态：\(by)（\(data.name)）" : "Status of targets \(by) (\(data.name))"
            try out.emit(StatusOverview.byDocument(folder.results, language: lang, title: title).svg)
            return
        }
        let charts = folder.charts(language: lang).filter {
            all ? !$0.path.isEmpty : $0.result.assessment.status.severityRank != nil
        }
        let title = lang == .zh ? "目标进展一览（\(data.name)）" : "Progress towards targets (\(data.name))"
        try out.emit(OnTrackCharts.Dashboard(charts: charts, language: lang, title: title, columns: columns).svg)
    }
}
