import ArgumentParser
import Foundation
import OnTrackIO

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a dataset: schema, ids, references, years, units, and every quote at its cited line.",
        discussion: reflow("""
        Every target and every observation taken from a document cites a file of the dataset's
        sources/ folder, a 1-based line (and last line, for table rows that span several) and the
        exact quoted text. validate checks that the quote is found there, after collapsing runs of
        white space to one space; when the quote sits elsewhere in the file it says on which line.

        It also checks what assess needs (required columns, numbers, known forms and bounds, unique
        ids, known indicator ids) and what makes sense: no duplicate targets, period_start after the
        baseline year, reductions and shares between 0 and 100, observations in the indicator's unit
        and not in the future, a conversion note for a target written in another unit.

        Findings are printed as file:line:column: error|warning: message. Warnings (target text not
        in the quote, unused indicators, what-if targets) fail only with --strict.

        A what-if target is a targets.csv row with an empty source_file: a target you set yourself
        rather than one a document prints (source_line, quote and target_text may be empty too).
        assess, chart, dashboard and report take it like any other; validate warns about it at its
        row, and validate --strict refuses it, so that a published dataset cites every target.

        Exit codes: 0 valid; 2 at least one error (or warning, with --strict).

        Examples:
          ontrack validate Datasets/chongqing
          ontrack validate Datasets/chongqing --format csv -o findings.csv
          ontrack validate my-dataset --strict   # before publishing: every target cited
        """)
    )

    @Argument(help: ArgumentHelp("Dataset folder.", valueName: "dataset"), completion: .directory)
    var dataset: String

    @Flag(help: "Treat warnings as errors (exit 2): also refuses what-if targets (no source_file), target text missing from its quote and unused indicators.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print errors only; no warnings, no summary.")
    var quiet = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Findings as a table, csv, tsv, json, jsonl, markdown or xlsx (columns severity, file, line, column, message) instead of compiler-style lines.", valueName: "format"))
    var format: OutputFormat?

    @Flag(help: "With --format table on a terminal: every column, not fitted to the terminal's width (the message is otherwise cut with … to fit).")
    var wide = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the findings to this file (atomically); the format follows its extension unless --format is given.", valueName: "file"), completion: .file())
    var output: String?

    func run() throws {
        let report = DatasetValidator().validate(folder: try DatasetLookup.folder(dataset))
        let shown = report.issues.filter { !quiet || $0.severity == .error }
        if format != nil || output != nil {
            var table = ReportTable(columns: ["severity", "file", "line", "column", "message"], maxDisplayWidth: ["message": 1000],
                                    importance: ["severity", "file", "line", "message", "column"])
            table.rows = shown.map { [.text($0.severity.rawValue), .text($0.place.file), .integer($0.place.line), .integer($0.place.column), .text($0.place.message)] }
            let out = OutputOptions(format: format, output: output, wide: wide)
            try out.emit(table: table, sheet: "findings")
        } else if !shown.isEmpty {
            try OutputOptions(format: nil, output: nil).emit(shown.map { "\($0)\n" }.joined())
        }
        let s = report.summary
        let failed = report.errors > 0 || (strict && report.warnings > 0)
        if !quiet {
            printError("\(dataset): \(s.indicators) indicators, \(s.targets) targets, \(s.observations) observations, \(s.quotesChecked) quotes checked in \(s.sources) source files; \(report.errors) error(s), \(report.warnings) warning(s)\(failed ? "" : " — valid")")
        }
        if failed { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
}
