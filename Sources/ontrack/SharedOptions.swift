import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackExcel
import OnTrackIO
import OnTrackNumerics

extension OutputFormat: ExpressibleByArgument {}
extension PathMethod: ExpressibleByArgument {}
extension Status: ExpressibleByArgument {}
extension BaselineRule: ExpressibleByArgument {}

/// The statuses `--fail-on` and `--threshold` accept: their validation and their shell completion
/// use these lists, so that completion offers only what is accepted.
enum StatusChoices {
    /// `assess --fail-on`: any status on the progress scale.
    static let failOn = Status.allCases.filter { $0.severityRank != nil }
    /// `alerts --threshold`: on the scale, below achieved.
    static let alertThreshold = failOn.filter { $0 != .achieved }
    /// `backtest --threshold`: an early verdict, so neither achieved nor missed.
    static let backtestThreshold = alertThreshold.filter { $0 != .missed }

    static func completion(_ choices: [Status]) -> CompletionKind { .list(choices.map(\.rawValue)) }
}

/// Options every assessment shares.
struct RuleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Ignore actuals after this year (back-testing).", valueName: "year"))
    var asOf: Int?

    @Option(help: ArgumentHelp("Force one path method on level, share, rate and ratio targets: compound or linear. Default: compound for levels, linear (percentage points) for shares, rates and ratios.", valueName: "method"))
    var method: PathMethod?

    @Option(help: ArgumentHelp("Cut-offs of the progress ratio R for on track, needs acceleration and limited progress (Eurostat/Open SDG defaults).", valueName: "a,b,c"))
    var thresholds: String = "0.95,0.60,0"

    @Option(help: ArgumentHelp("Relative tolerance of 'about' (左右/约) targets: 0.05 accepts ±5% of the target value.", valueName: "fraction"))
    var aboutTolerance: Double = 0.05

    @Option(help: ArgumentHelp("Cut-offs of the outlook on p_reach, the probability of meeting the target: likely at or above the first, unlikely at or below the second, uncertain between.", valueName: "likely,unlikely"))
    var outlookThresholds: String = "0.8,0.2"

    @Option(help: ArgumentHelp("The stand-in when the plan prints no baseline: first-after (Statistics Canada: the first observation at or after the baseline year) or earliest (the earliest observation, as OnTrack did before).", valueName: "rule"))
    var baselineRule: BaselineRule = .firstAtOrAfter

    @Option(help: ArgumentHelp("The year the assessment is made in (default: this year; the year after --as-of when that is given). A target year before it has passed: without a comparable value for that year the verdict is insufficient_data (reason target_year_unobserved), never a guess.", valueName: "year"))
    var evaluationYear: Int?

    func options() throws -> AssessmentOptions {
        let parts = thresholds.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else {
            throw ValidationError("--thresholds needs three numbers such as 0.95,0.60,0 (got '\(thresholds)')")
        }
        let t = ProgressThresholds(onTrack: a, needsAcceleration: b, limitedProgress: c)
        guard t.isValid else { throw ValidationError("--thresholds must be decreasing: on track > needs acceleration > limited progress") }
        guard aboutTolerance.isFinite, aboutTolerance >= 0, aboutTolerance < 1 else {
            throw ValidationError("--about-tolerance must be in [0, 1)")
        }
        let o = outlookThresholds.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard o.count == 2, let likely = o[0], let unlikely = o[1] else {
            throw ValidationError("--outlook-thresholds needs two probabilities such as 0.8,0.2 (got '\(outlookThresholds)')")
        }
        let outlook = OutlookThresholds(likely: likely, unlikely: unlikely)
        guard outlook.isValid else { throw ValidationError("--outlook-thresholds must satisfy 0 ≤ unlikely < likely ≤ 1") }
        return AssessmentOptions(thresholds: t, outlook: outlook, aboutTolerance: aboutTolerance, asOf: asOf,
                                 evaluationYear: evaluationYear ?? Self.currentYear, method: method, baselineRule: baselineRule)
    }

    /// This year by the clock (UTC).
    static var currentYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: Date())
    }
}

/// Where and how results are written.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("table, csv, tsv, json (one array), jsonl (JSON Lines), markdown or xlsx (an Excel workbook: to a file with -o, or a pipe, never a terminal). Default: from the -o file's extension (.csv, .tsv, .json, .jsonl, .md, .xlsx); else table on a terminal, csv when piped.", valueName: "format"))
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Flag(help: ArgumentHelp("CSV meant for a spreadsheet: text cells that start with =, +, -, @, a tab or a carriage return get a leading ' so that Excel, LibreOffice or Google Sheets show them as text instead of running them as formulas. Numbers are never changed. Off by default: plain CSV stays exact for the programs that read it. Also TSV, and the text cells of xlsx (always string cells, never formulas; the ' keeps them text when a cell is edited)."))
    var forSpreadsheet = false

    @Flag(help: ArgumentHelp("In the table format, show every column: not the compact set, and not fitted to the terminal's width (on a terminal, the least important columns are left out until the table fits, and a note on stderr names them). CSV, TSV, JSON, Markdown and xlsx always carry every column."))
    var wide = false

    @Flag(help: ArgumentHelp("Start CSV and TSV output with a UTF-8 byte-order mark (EF BB BF), so that Excel — on Chinese Windows among others — reads the text as UTF-8 instead of the system's code page. Other formats ignore it."))
    var bom = false

    init() {}

    init(format: OutputFormat?, output: String?, forSpreadsheet: Bool = false, wide: Bool = false, bom: Bool = false) {
        self.format = format
        self.output = output
        self.forSpreadsheet = forSpreadsheet
        self.wide = wide
        self.bom = bom
    }

    /// `table` in the resolved text format, formulas neutralised when `--for-spreadsheet` is given; in
    /// the table format on a terminal, fitted to its width unless `fitting` is false (`--columns`
    /// chose the columns) or `--wide` is given (see ``fittedToTerminal(_:)``).
    func encode(_ table: ReportTable, fitting: Bool = true) -> String {
        resolvedFormat.encode(fitting ? fittedToTerminal(table) : table, forSpreadsheet: forSpreadsheet)
    }

    /// The UTF-8 byte-order mark.
    static let byteOrderMark = "\u{FEFF}"

    /// Writes `table` in the resolved format: text formats through ``encode(_:fitting:)`` (a
    /// byte-order mark first for CSV and TSV with `--bom`), `xlsx` as a workbook with one sheet
    /// named `sheet`. A workbook is refused on a terminal.
    func emit(table: ReportTable, sheet: String = "ontrack", fitting: Bool = true) throws {
        let format = resolvedFormat
        guard format == .xlsx else {
            let text = encode(table, fitting: fitting)
            try emit(bom && (format == .csv || format == .tsv) ? Self.byteOrderMark + text : text)
            return
        }
        try Self.refuseBinaryOnTerminal(output: output)
        let bytes: [UInt8]
        do {
            bytes = try XLSXSheetWriter.bytes(table, sheetName: sheet, forSpreadsheet: forSpreadsheet)
        } catch {
            printError("error: cannot write the workbook: \(error)")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        try emit(bytes: bytes)
    }

    /// An `.xlsx` workbook is bytes for a program, not a terminal: without -o, on a terminal, it is
    /// exit 2 with a message saying to give a file (a pipe or a redirection is fine).
    static func refuseBinaryOnTerminal(output: String?) throws {
        guard output == nil, isatty(STDOUT_FILENO) == 1 else { return }
        printError("error: an .xlsx workbook is binary and is not written to a terminal; write it to a file with -o out.xlsx (or pipe it)")
        throw ExitCode(ExitStatus.badInput.rawValue)
    }

    /// Writes bytes to the output file (atomically) or standard output, as ``emit(_:)`` does text.
    func emit(bytes: [UInt8]) throws {
        if let output {
            do {
                let file = try AtomicFile.Writer(output)
                do { try file.write(bytes); try file.commit() } catch { file.abort(); throw error }
            } catch {
                printError("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        } else {
            do { try ByteSink.standardOutput().write(bytes) } catch {
                printError("error: \(error.localizedDescription) (standard output is full or closed; redirect it to a file with -o)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
    }

    /// The format asked for; else from the output file's extension (.json, .jsonl, .csv, .tsv, .md,
    /// .txt, .xlsx); else table
    /// on a terminal and CSV when piped.
    var resolvedFormat: OutputFormat {
        if let format { return format }
        if let output {
            switch URL(fileURLWithPath: output).pathExtension.lowercased() {
            case "json": return .json
            case "jsonl", "ndjson": return .jsonl
            case "tsv", "tab": return .tsv
            case "txt": return .table
            case "md", "markdown": return .markdown
            case "xlsx": return .xlsx
            default: return .csv
            }
        }
        return isatty(STDOUT_FILENO) == 1 ? .table : .csv
    }

    /// Writes `text` to the output file (atomically) or standard output. A full or closed standard
    /// output, or a file that cannot be written, is exit 2 with one line saying so — never a trap.
    func emit(_ text: String) throws {
        try emit(bytes: Array(text.utf8))
    }
}

/// Reads a dataset folder, printing every rejected row; stops with exit 2 unless told to go on.
func loadDataset(_ path: String, keepGoing: Bool) throws -> Dataset {
    let result: DatasetReader.Result
    let folder = try DatasetLookup.folder(path)
    do {
        result = try DatasetReader.read(folder: folder)
    } catch {
        printError(error.diagnostic)
        throw ExitCode(ExitStatus.badInput.rawValue)
    }
    for n in result.notices { printError("note: " + n) }
    for e in result.errors { printError(e.diagnostic) }
    if !result.errors.isEmpty {
        if keepGoing {
            printError("warning: \(result.errors.count) row(s) skipped, listed above")
        } else {
            printError("\(result.errors.count) row(s) rejected; fix them or pass --keep-going to assess the rest")
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
    }
    return result.dataset
}

/// Prints a message on standard error, one line per line of `message`. Text from input files
/// (cells quoted in an error) cannot reach the terminal as escape sequences or bidi overrides.
func printError(_ message: String) {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.terminal(String($0)) }
    writeToStandardError(lines.joined(separator: "\n") + "\n")
}

/// Writes to standard error with write(2), ignoring failures: a closed or full stderr must not
/// crash the run (FileHandle.write traps on them), and there is nowhere left to report them.
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + done, $0.count - done) }
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return }
        done += n
    }
}

/// Help text written with hard line breaks, as one line per paragraph, so that the argument parser
/// wraps it to the terminal. Lines that start with a space (examples, tables) and empty lines keep
/// their breaks; a line that continues a paragraph is joined to the one before.
func reflow(_ text: String) -> String {
    var out: [String] = []
    var joinable = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let keep = line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("-") || line.hasPrefix("•")
        if !keep, joinable, let last = out.popLast() {
            out.append(last + " " + line)
        } else {
            out.append(String(line))
        }
        joinable = !line.isEmpty && !line.hasPrefix(" ") && !line.hasSuffix(":")
    }
    return out.joined(separator: "\n")
}
