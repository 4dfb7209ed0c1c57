import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

extension PanelLayout: ExpressibleByArgument {}
extension FitKernel: ExpressibleByArgument {}

/// The options of `assess --panel`: large panels through the batch engine.
struct PanelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Assess a panel of observations (long: series_id,year,value; or wide: one column per year) instead of a dataset folder; '-' reads standard input.", valueName: "file"))
    var panel: String?

    @Option(help: ArgumentHelp("The panel's targets: a CSV file with series_id, form, bound, value, baseline, baseline_year, target_year, … or a dataset folder (its targets.csv, keyed by indicator_id).", valueName: "file|folder"))
    var targets: String?

    @Option(help: ArgumentHelp("auto, long or wide. auto reads a panel with year and value columns as long.", valueName: "layout"))
    var panelLayout: PanelLayout = .auto

    @Option(help: ArgumentHelp("Columns joined with ':' into the series id, e.g. \"Country Code,Indicator Code\". Default: series_id, else indicator_id, else the first column (wide).", valueName: "a,b"))
    var idColumns: String?

    @Option(help: ArgumentHelp("Threads for parsing and fitting. Default: the number of cores.", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("How grouped fits multiply: auto (loops for straight lines, BLAS dgemm for the quadratic), loop or blas.", valueName: "kernel"))
    var kernel: FitKernel = .auto

    @Option(help: ArgumentHelp("Write every rejected row (line, column, reason, record) to this CSV file.", valueName: "file"))
    var rejects: String?

    @Option(help: ArgumentHelp("Write numbers with at most n significant digits (1–17). Default: the shortest text that reads back as the same number (up to 17 digits).", valueName: "n"))
    var precision: Int?

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

    func run() throws {
        guard let panelPath = options.panel else { return }
        guard options.targets != nil else {
            throw ValidationError("--panel needs --targets: a targets CSV file or a dataset folder")
        }
        let writerFormat: PanelWriter.Format
        switch format ?? .csv {
        case .csv: writerFormat = .csv
        case .json, .jsonl: writerFormat = .jsonl
        case .table, .markdown: throw ValidationError("panels are written as csv or json (JSON Lines); --format table and markdown are for datasets")
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
        if let p = options.precision, !(1...17).contains(p) {
            throw ValidationError("--precision must be between 1 and 17 significant digits")
        }
        let writer = PanelWriter(format: writerFormat, forSpreadsheet: forSpreadsheet, precision: options.precision)
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
        guard let panelPath = options.panel, let targetsPath = options.targets else {
            throw ValidationError("--panel needs --targets: a targets CSV file or a dataset folder")
        }
        // The targets file is parsed on its own thread while the panel is read (the panel's reader
        // leaves a core idle while it merges blocks); its series are numbered once the panel is in.
        let targetsIsFolder = FileManager.default.isDirectory(targetsPath)
        let parsing = TargetsParsing()
        let group = DispatchGroup()
        if !targetsIsFolder {
            DispatchQueue.global().async(group: group) {
                do {
                    let (fd, name, _) = try Self.open(targetsPath)
                    defer { if fd != 0 { close(fd) } }
                    parsing.set(.success(try PanelTargetsReader.parse(fd: fd, file: name, workers: workers)))
                } catch {
                    parsing.set(.failure(error))
                }
            }
        }

        // 1. Observations.
        let reader = PanelReader(layout: options.panelLayout,
                                 idColumns: options.idColumns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
                                 workers: workers)
        var read: PanelReadResult
        do {
            let (fd, name, size) = try Self.open(panelPath)
            defer { if fd != 0 { close(fd) } }
            read = try reader.read(fd: fd, file: name) { bytes in progress.show("reading \(name)", done: bytes, of: size, unit: "MB") }
        } catch let e as LocatedError {
            group.wait()
            progress.clear()
            printError(e.diagnostic)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        progress.clear()
        mark("read panel")

        // 2. Targets.
        var targets: PanelTargets
        var targetRejections: [PanelRejection] = []
        var targetRejectionCount = 0
        let targetsName = targetsPath
        if targetsIsFolder {
            let data = try loadDataset(targetsPath, keepGoing: keepGoing)
            targets = PanelTargetsReader.targets(of: data, index: &read.index)
        } else {
            group.wait()
            do {
                let r = try parsing.get().resolve(index: &read.index)
                targets = r.targets
                targetRejections = r.rejections
                targetRejectionCount = r.rejectionCount
            } catch {
                printError((error as? LocatedError)?.diagnostic ?? "error: \(error)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
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

        return (read, targets)
    }

    /// A file descriptor for `path` ('-' = stdin), a name for messages and the size if known.
    private static func open(_ path: String) throws -> (Int32, String, Int?) {
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

/// The outcome of parsing the targets file on another thread.
final class TargetsParsing: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<PanelTargetsReader.Parsed, Error>?

    func set(_ r: Result<PanelTargetsReader.Parsed, Error>) {
        lock.lock()
        result = r
        lock.unlock()
    }

    /// The parsed targets (after the parsing thread is done).
    func get() throws -> PanelTargetsReader.Parsed {
        lock.lock()
        defer { lock.unlock() }
        return try result!.get()
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
