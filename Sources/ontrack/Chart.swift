import ArgumentParser
import Foundation
import OnTrackCharts
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackOpenSDG

extension ChartLanguage: ExpressibleByArgument {}

struct Chart: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trajectory charts (SVG): baseline, target and bound, required path, actuals, projection.",
        discussion: reflow("""
        One chart per target. The dashed grey line is the path required from the baseline; the solid
        line the actuals (a gap in the data is a gap in the line); grey squares are values on another
        definition, drawn apart; the dotted line is the projection to the target year; the coloured
        dashed line is the path still required from the latest actual. A shaded band at the target
        year shows the bound (≥, ≤, about, range). The title carries the status as text and colour.

        Cumulative targets show the running total against the target total; average-growth targets
        the annual rates against the required average; reductions an index (baseline year = 100).

        With --id and no --out-dir the SVG goes to standard output or -o FILE. With --out-dir, one
        file per target is written there (atomically), named after the target id.

        An Open SDG data repository works too: one chart per configured series (ids like 3.4.1,
        or 1.3.1-s2 for the second series of 1.3.1), English names from its metadata. A series
        without a target is drawn against the value its on-track pace leads to, labelled as a pace.

        Examples:
          ontrack chart Datasets/chongqing --id 004.c2.17 -o trade.svg
          ontrack chart Datasets/chongqing --id 004.c2.17 --lang en > trade-en.svg
          ontrack chart Datasets/chongqing --out-dir charts/
          ontrack chart ../opensdg/canada-gif --id 3.4.1 --lang en -o 3.4.1.svg
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder, or an Open SDG data repository (or give --panel and --targets).", valueName: "dataset"), completion: .directory)
    var dataset: String?

    @OptionGroup(title: "Panel input (instead of a dataset)") var panel: PanelOptions

    @Option(help: ArgumentHelp("A target id, or an indicator id for all its targets. Default: every target (needs --out-dir).", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("Label language: zh or en.", valueName: "lang"))
    var lang: ChartLanguage = .zh

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the one chart to this file (atomically).", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Write one SVG per target into this folder (created if missing).", valueName: "folder"), completion: .directory)
    var outDir: String?

    @Flag(help: "With --out-dir: only targets judged on the progress scale (skip those without data).")
    var judgedOnly = false

    @OptionGroup var rules: RuleOptions

    @Flag(help: "Go on when some rows are rejected (they are listed on stderr).")
    var keepGoing = false

    func run() throws {
        let options = try rules.options()
        let folder = try AssessedFolder.load(dataset, panel: panel, options: options, keepGoing: keepGoing)
        var selected = folder.data.targets
        if let id {
            selected = selected.filter { $0.id == id || $0.indicatorID == id || $0.id.hasPrefix(id + "-s") }
            if selected.isEmpty { throw ValidationError("no target or indicator with id '\(id)' in \(dataset ?? panel.targets ?? "the input")") }
        }
        let charts = folder.charts(selected, language: lang)
            .filter { !judgedOnly || $0.result.assessment.status.severityRank != nil }
        if let outDir {
            do { try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true) } catch {
                throw ValidationError("cannot create \(outDir): \(error.localizedDescription)")
            }
            for chart in charts {
                let file = URL(fileURLWithPath: outDir).appendingPathComponent(Markup.fileName(chart.result.target.id, extension: "svg")).path
                do { try AtomicFile.write(chart.svg, to: file) } catch { throw ValidationError("cannot write \(file): \(error.localizedDescription)") }
            }
            printError("\(charts.count) chart(s) written to \(outDir)")
            return
        }
        guard charts.count == 1, let chart = charts.first else {
            throw ValidationError("\(charts.count) targets selected; pass a target id, or --out-dir to write one file each")
        }
        let out = OutputOptions(format: nil, output: output)
        try out.emit(chart.svg)
    }
}
