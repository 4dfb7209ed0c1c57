import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

extension PanelLayout: ExpressibleByArgument {}
extension FitKernel: ExpressibleByArgument {}
extension PeriodYear: ExpressibleByArgument {}

/// The options of `assess --panel`: large panels through the batch engine.
struct PanelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Assess a panel of observations (long: series_id,year,value; or wide: one column per year) instead of a dataset folder; '-' reads standard input. SDMX-CSV, Open SDG CSV and World Bank WDI/Databank exports are recognised from their header.", valueName: "file"), completion: .file())
    var panel: String?

    @Option(help: ArgumentHelp("The panel's targets: a CSV file with series_id, form, bound, value, baseline, baseline_year, target_year, … or a dataset folder (its targets.csv, keyed by indicator_id). A series_id with * is a pattern (*, SP.DYN.*): one target per series it matches; a series's own rows win, then the most specific pattern.", valueName: "file|folder"), completion: .file())
    var targets: String?

    @Option(help: ArgumentHelp("auto, long or wide. auto reads a panel with a year column (year, TIME_PERIOD) and a value column (value, OBS_VALUE) as long, one with several year columns (2005, \"2005 [YR2005]\") as wide.", valueName: "layout"))
    var panelLayout: PanelLayout = .auto

    @Option(help: ArgumentHelp("Columns joined with ':' into the series id, e.g. \"Country Code,Indicator Code\". Default: series_id, else indicator_id; wide: Country Code with Indicator Code (World Bank), else the first column; long: the key columns (SDMX-CSV), the disaggregations (Open SDG), else every text column but year and value.", valueName: "a,b"))
    var idColumns: String?

    @Option(help: ArgumentHelp("The year column of a long panel (default: year, else TIME_PERIOD). Implies the long layout.", valueName: "name"))
    var yearColumn: String?

    @Option(help: ArgumentHelp("The value column of a long panel, e.g. lifeExp (default: value, else OBS_VALUE). Implies the long layout.", valueName: "name"))
    var valueColumn: String?

    @Option(help: ArgumentHelp("The year of a period such as 2015-16 or 2014/2015: first (as sdg-build) or last.", valueName: "first|last"))
    var periodYear: PeriodYear = .first

    @Option(name: .customLong("target"), help: ArgumentHelp("One target for every series (a pattern row with series_id *), in the columns of a targets file: \"form=level,bound=>=,value=70,baseline_year=2015,target_year=2030\". Repeatable; rows of --targets win.", valueName: "k=v,…"))
    var everySeries: [String] = []

    @Option(help: ArgumentHelp("Threads for parsing and fitting. Default: the number of cores.", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("How grouped fits multiply: auto (loops for straight lines, BLAS dgemm for the quadratic), loop or blas.", valueName: "kernel"))
    var kernel: FitKernel = .auto

    @Option(help: ArgumentHelp("Write every rejected row (line, column, reason, record) to this CSV file.", valueName: "file"), completion: .file())
    var rejects: String?

    @Flag(help: "Print the seconds spent reading, assessing and writing to standard error.")
    var timings = false
}

/// Runs `assess --panel`.
struct PanelRun {
    var options: PanelOptions
    var rules: AssessmentOptions
    var format: OutputFormat?
    var output: String?
    var failOn: Status?
    var keepGoing: Bool
    /// Neutralise spreadsheet formulas in text cells of CSV output (`--for-spreadsheet`).
    var forSpreadsheet = false
    /// `--columns`: the output columns, in order; nil: all.
    var columns: [String]? = nil

    func run() throws {
        guard let panelPath = options.panel else { return }
        guard options.targets != nil || !options.everySeries.isEmpty else {
            throw ValidationError("--panel needs --targets (a targets CSV file or a dataset folder) or --target")
        }
        let writerFormat: PanelWriter.Format
        switch format ?? .csv {
        case .csv: writerFormat = .csv
        case .tsv: writerFormat = .tsv
        case .json: writerFormat = .json
        case .jsonl: writerFormat = .jsonl
        case .markdown: writerFormat = .markdown
        case .table: throw ValidationError("panels are written as csv, tsv, json (one array), jsonl (JSON Lines) or markdown; --format table is for datasets")
        }
        let workers = max(1, options.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let progress = Progress(enabled: isatty(STDERR_FILENO) == 1)
        let clock = ContinuousClock()
        var marks: [(String, Duration)] = []
        var last = clock.now
        func mark(_ name: String) {
            let now = clock.now
            marks.append((name, now - last))
            last = now
        }

        let (read, targets) = try load(workers: workers, progress: progress, mark: mark)
        let panelName = panelPath == "-" ? "<stdin>" : panelPath

        // 4. Assess and write, chunk by chunk, in input order.
        let sink: ByteSink
        do {
            sink = try output.map(ByteSink.atomicFile) ?? .standardOutput()
        } catch {
            throw ValidationError("\(error.localizedDescription)")
        }
        let writer = PanelWriter(format: writerFormat, forSpreadsheet: forSpreadsheet, columns: columns)
        let engine = PanelAssessor(options: rules, kernel: options.kernel, workers: workers)
        var counts = [Status: Int]()
        var alerts = 0
        let threshold = failOn
        let frozen = targets
        do {
            try sink.write(writer.header())
            try engine.run(read.panel, frozen, encode: { range, results in
                (writer.encode(results, targets: frozen, range: range), results.map(\.status))
            }, emit: { range, chunk in
                try sink.write(chunk.0)
                for s in chunk.1 {
                    counts[s, default: 0] += 1
                    if let threshold, s.isAtOrBelow(threshold) { alerts += 1 }
                }
                progress.show("assessing", done: range.upperBound, of: frozen.count, unit: "targets")
            })
            try sink.write(writer.footer(empty: frozen.count == 0))
            try sink.commit()
        } catch {
            sink.abort()
            progress.clear()
            throw error
        }
        progress.clear()
        mark("assess and write")

        let observed = frozen.series.filter { $0 >= 0 }.count
        printError("""
            \(panelName): \(read.records) rows, \(read.observations) observations of \(read.panel.seriesCount) series \
            (\(read.layout.rawValue) layout; \(read.missing) missing, \(read.duplicates) duplicate, \(read.rejectionCount) rejected); \
            \(frozen.count) targets (\(frozen.count - observed) without observations): \
            \(Status.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", "))
            """)
        if read.duplicates > 0, read.duplicates * 10 > read.observations {
            printError("warning: \(read.duplicates) observations were replaced by a later row for the same series and year: the series id (\(read.idColumnNames.isEmpty ? "no column" : read.idColumnNames.joined(separator: ","))) may leave out a column that tells series apart; see --id-columns")
        }
        if read.shape != .plain {
            printError("\(panelName): read as \(read.shape.rawValue)\(read.shape.rawValue == read.layout.rawValue ? "" : " (\(read.layout.rawValue))"): series id from \(read.idColumnNames.isEmpty ? "no column (one series, headline)" : read.idColumnNames.joined(separator: " : "))")
        }
        if options.timings {
            let text = marks.map { "\($0.0) \(String(format: "%.3f", Double($0.1.components.seconds) + Double($0.1.components.attoseconds) / 1e18)) s" }
            printError("timings: " + text.joined(separator: ", ") + " (\(workers) threads, kernel \(options.kernel.rawValue))")
        }
        if let threshold, alerts > 0 {
            printError("alert: \(alerts) target(s) at or below \(threshold.rawValue)")
            throw ExitCode(ExitStatus.alert.rawValue)
        }
    }

    /// Reads the panel and its targets (steps 1–3 of `assess --panel`, shared with `backtest --panel`):
    /// rejected rows are reported, and fatal unless --keep-going.
    func load(workers: Int, progress: Progress, mark: (String) -> Void) throws -> (PanelReadResult, PanelTargets) {
        guard let panelPath = options.panel, options.targets != nil || !options.everySeries.isEmpty else {
            throw ValidationError("--panel needs --targets (a targets CSV file or a dataset folder) or --target")
        }
        // 1. Observations.
        let columns = PanelColumnOptions(layout: options.panelLayout,
                                         idColumns: options.idColumns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
                                         yearColumn: options.yearColumn, valueColumn: options.valueColumn, periodYear: options.periodYear)
        let reader = PanelReader(columns: columns, workers: workers)
        var read: PanelReadResult
        do {
            let (fd, name, size) = try open(panelPath)
            defer { if fd != 0 { close(fd) } }
            read = try reader.read(fd: fd, file: name) { bytes in progress.show("reading \(name)", done: bytes, of: size, unit: "MB") }
        } catch let e as LocatedError {
            progress.clear()
            printError(e.diagnostic)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        progress.clear()
        mark("read panel")

        // 2. Targets.
        var targets = PanelTargets()
        var targetRejections: [PanelRejection] = []
        var targetRejectionCount = 0
        let targetsName = options.targets ?? "--target"
        if let targetsPath = options.targets, FileManager.default.isDirectory(targetsPath) {
            let data = try loadDataset(targetsPath, keepGoing: keepGoing)
            targets = PanelTargetsReader.targets(of: data, index: &read.index)
        } else if let targetsPath = options.targets {
            do {
                let (fd, name, _) = try open(targetsPath)
                defer { if fd != 0 { close(fd) } }
                let r = try PanelTargetsReader.read(fd: fd, file: name, index: &read.index, workers: workers)
                targets = r.targets
                targetRejections = r.rejections
                targetRejectionCount = r.rejectionCount
            } catch {
                printError((error as? LocatedError)?.diagnostic ?? "error: \(error)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        // --target: one pattern row (series_id *) each, after the rows of --targets.
        if !options.everySeries.isEmpty {
            do {
                let text = try PanelTargetMatching.targetsText(options: options.everySeries)
                let r = try PanelTargetsReader.read(Array(text.utf8), file: "--target", index: &read.index)
                for i in 0..<r.targets.count {
                    targets.append(id: r.targets.ids[i], seriesID: r.targets.seriesIDs[i], series: r.targets.series[i], spec: r.targets.specs[i])
                }
                if let first = r.rejections.first {
                    printError("--target: error: \(first.reason) (in \(first.record))")
                    throw ExitCode(ExitStatus.badInput.rawValue)
                }
            } catch let e as LocatedError {
                printError("--target: error: \(e.message)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        // Pattern rows (series_id * or PREFIX*): one target per series they win.
        let expansion = PanelTargetMatching.expand(targets, seriesIDs: read.panel.seriesIDs)
        targets = expansion.targets
        mark("read targets")

        // 3. Rejected rows: reported, and fatal unless --keep-going.
        let panelName = panelPath == "-" ? "<stdin>" : panelPath
        let rejected = read.rejectionCount + targetRejectionCount
        if rejected > 0 {
            let all = read.rejections.map { (panelName, $0) } + targetRejections.map { (targetsName, $0) }
            for (file, r) in all.prefix(10) { printError("\(file):\(r.line):\(r.column): error: \(r.reason)") }
            if rejected > 10 { printError("… and \(rejected - 10) more\(options.rejects == nil ? " (--rejects FILE lists them all)" : "")") }
            if let path = options.rejects { try writeRejects(all, to: path) }
            if !keepGoing {
                printError("\(rejected) row(s) rejected; fix them or pass --keep-going to assess the rest")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }

        try checkMatches(read, targets, emptyPatterns: expansion.emptyPatterns, panelName: panelName, targetsName: targetsName)
        for pattern in expansion.emptyPatterns {
            printError("warning: the pattern '\(pattern)' matches no series of \(panelName) (or every series it matches has a target of its own)")
        }
        return (read, targets)
    }

    /// When most targets (or all) find no series in the panel, says so first, with the id columns
    /// under which they would have. Stops with exit 2 unless --keep-going when all find none, or
    /// when other id columns would match more targets than the ones used (a wrong id, not targets
    /// ahead of their data: then a warning).
    /// A pattern row that matches no series counts as one target that finds none.
    private func checkMatches(_ read: PanelReadResult, _ targets: PanelTargets, emptyPatterns: [String], panelName: String, targetsName: String) throws {
        let unmatchedRows = targets.series.indices.filter { targets.series[$0] < 0 }
        let unmatched = unmatchedRows.map { targets.seriesIDs[$0] } + emptyPatterns
        let total = targets.count + emptyPatterns.count
        guard total > 0, unmatched.count * 2 > total else { return }
        let missing = Set(unmatched)
        func list(_ ids: some Collection<String>) -> String {
            ids.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
        }
        let idText = read.idColumnNames.isEmpty ? "no id column" : read.idColumnNames.joined(separator: ",")
        // Columns whose values are ids: not the years of a wide panel, not the value of a long one.
        let skip = Set(read.header.indices.filter { i in
            read.layout == .wide ? read.header[i].prefix(4).allSatisfy(\.isNumber) && read.header[i].count >= 4
                                 : ["value", "obs_value"].contains(read.header[i].lowercased())
        })
        let hint = PanelTargetMatching.likelyIDColumns(unmatched: missing, header: read.header, sample: read.sample, skip: skip)
            .flatMap { $0.columns == read.idColumnNames ? nil : $0 }
        let fatal = unmatched.count == total || (hint.map { $0.matches.count > total - unmatched.count } ?? false)
        let stop = fatal && !keepGoing
        var message = "\(stop ? "error" : "warning"): \(unmatched.count) of \(total) targets find no series in \(panelName): "
        message += "its ids (from \(idText)) are like \(read.panel.seriesIDs.isEmpty ? "(none: no observations)" : list(read.panel.seriesIDs)); "
        message += "\(targetsName) names \(list(missing.sorted()))"
        if let hint {
            let quoted = hint.columns.contains { $0.contains(" ") } ? "\"\(hint.columns.joined(separator: ","))\"" : hint.columns.joined(separator: ",")
            message += "\n  --id-columns \(quoted) would match \(hint.matches.count) of them in the first \(read.sample.count) rows: \(list(hint.matches))"
        }
        if stop {
            message += "\n  pass --keep-going to assess them anyway (as without observations)"
        }
        printError(message)
        if stop { throw ExitCode(ExitStatus.badInput.rawValue) }
    }

    /// A file descriptor for `path` ('-' = stdin), a name for messages and the size if known.
    private func open(_ path: String) throws -> (Int32, String, Int?) {
        if path == "-" { return (0, "<stdin>", nil) }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LocatedError(file: path, line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        return (fd, path, size)
    }

    private func writeRejects(_ all: [(String, PanelRejection)], to path: String) throws {
        var table = "file,line,column,reason,record\n"
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        for (file, r) in all { table += "\(q(file)),\(r.line),\(r.column),\(q(r.reason)),\(q(r.record))\n" }
        try AtomicFile.write(table, to: path)
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// A one-line progress display on standard error, only when it is a terminal.
final class Progress {
    let enabled: Bool
    private var lastShown = ContinuousClock.now
    private var visible = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ what: String, done: Int, of total: Int?, unit: String) {
        guard enabled, ContinuousClock.now - lastShown > .milliseconds(200) else { return }
        lastShown = .now
        let text: String
        if unit == "MB" {
            let mb = Double(done) / 1_048_576
            text = total.map { String(format: "%@: %.0f of %.0f MB (%.0f%%)", what, mb, Double($0) / 1_048_576, 100 * Double(done) / Double(max($0, 1))) }
                ?? String(format: "%@: %.0f MB", what, mb)
        } else {
            text = total.map { String(format: "%@: %d of %d %@ (%.0f%%)", what, done, $0, unit, 100 * Double(done) / Double(max($0, 1))) }
                ?? "\(what): \(done) \(unit)"
        }
        writeToStandardError("\r\u{1B}[K" + text)
        visible = true
    }

    func clear() {
        guard visible else { return }
        writeToStandardError("\r\u{1B}[K")
        visible = false
    }
}
