import ArgumentParser
import Foundation
import OnTrackCore
import OnTrackExcel
import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

extension PanelLayout: ExpressibleByArgument {}
extension FitKernel: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension PeriodYear: ExpressibleByArgument {}

/// The options of `assess --panel`: large panels through the batch engine.
struct PanelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Assess a panel of observations (long: series_id,year,value; or wide: one column per year) instead of a dataset folder; '-' reads standard input. SDMX-CSV, Open SDG CSV and World Bank WDI/Databank exports are recognised from their header. An Excel workbook (.xlsx, recognised by its content) is read from its first sheet, or --sheet.", valueName: "file"), completion: .file())
    var panel: String?

    @Option(help: ArgumentHelp("The sheet of an .xlsx panel to read (default: the first).", valueName: "name"))
    var sheet: String?

    @Option(help: ArgumentHelp("The sheet of an .xlsx targets file to read (default: the first).", valueName: "name"))
    var targetsSheet: String?

    @Option(help: ArgumentHelp("The panel's targets: a CSV file (or an .xlsx workbook: its first sheet, or --targets-sheet) with series_id, form, bound, value, baseline, baseline_year, target_year, … or a dataset folder (its targets.csv, keyed by indicator_id). A series_id with * is a pattern (*, SP.DYN.*): one target per series it matches; a series's own rows win, then the most specific pattern.", valueName: "file|folder"), completion: .file())
    var targets: String?

    @Option(help: ArgumentHelp("auto, long or wide. auto reads a panel with a year column (year, TIME_PERIOD) and a value column (value, OBS_VALUE) as long, one with several year columns (2005, \"2005 [YR2005]\") as wide.", valueName: "layout"))
    var panelLayout: PanelLayout = .auto

    @Option(help: ArgumentHelp("Columns joined with ':' into the series id, e.g. \"Country Code,Indicator Code\". Default: series_id, else indicator_id; wide: Country Code with Indicator Code (World Bank), else the first column; long: the key columns (SDMX-CSV), the disaggregations (Open SDG), else every text column but year and value.", valueName: "a,b"))
    var idColumns: String?

    @Option(help: ArgumentHelp("The encoding of the panel file: auto, utf-8, gbk, gb18030, big5 or utf-16. auto reads UTF-8, or GB18030 when the start of the file is not UTF-8 but is GB18030 (and says so); other encodings are converted to UTF-8 by iconv before reading. The targets file (and a dataset's files) are always auto: UTF-8, or GB18030 when not valid UTF-8.", valueName: "encoding"))
    var encoding: TextEncoding = .auto

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

    @Option(help: ArgumentHelp("Write numbers with at most n significant digits (1–17). Default: the shortest text that reads back as the same number (up to 17 digits).", valueName: "n"))
    var precision: Int?

    @Flag(help: "Read the whole panel before assessing, even when it could be streamed (see docs/performance.md).")
    var noStreaming = false

    /// Bytes per read block and targets per chunk (tests: many small pieces).
    @Option(help: .hidden) var blockSize: Int?
    @Option(help: .hidden) var chunkSize: Int?

    @Flag(help: "Print the seconds spent reading, assessing and writing to standard error.")
    var timings = false

    /// xlsx output: hold the whole sheet in memory instead of libxlsxwriter's constant-memory mode
    /// (for measuring; see docs/performance.md).
    @Flag(help: .hidden) var xlsxInMemory = false
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
    /// `--bom`: a UTF-8 byte-order mark before CSV and TSV.
    var bom = false

    /// How the panel's columns are read (layout, id, year and value columns, period years).
    var columnOptions: PanelColumnOptions {
        PanelColumnOptions(layout: options.panelLayout,
                           idColumns: options.idColumns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [],
                           yearColumn: options.yearColumn, valueColumn: options.valueColumn, periodYear: options.periodYear)
    }

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
        case .xlsx: writerFormat = .csv  // not encoded: the rows go to a workbook as cells
        case .table: preconditionFailure("assess prints a panel's table itself (Assess.panelTable) from the tsv written here")
        }
        let workbook = format == .xlsx
        if workbook { try OutputOptions.refuseBinaryOnTerminal(output: output) }
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

        if let p = options.precision, !(1...17).contains(p) {
            throw ValidationError("--precision must be between 1 and 17 significant digits")
        }
        let writer = {
            var w = PanelWriter(format: writerFormat, forSpreadsheet: forSpreadsheet, precision: options.precision, columns: columns)
            w.byteOrderMark = bom
            return w
        }()
        let engine = PanelAssessor(options: rules, kernel: options.kernel, chunkSize: options.chunkSize ?? 4096, workers: workers)
        let panelName = panelPath == "-" ? "<stdin>" : panelPath

        // Streaming: a panel file whose series come one after another, in the order of their targets,
        // is assessed and written piece by piece as it is read, in bounded memory. Anything else
        // (or a rejected row) falls back to reading the whole panel first.
        var sink: ByteSink?
        var streamTargets: StreamTargets?
        // Not streamed (yet): one JSON array (its commas span pieces), --target, and the column
        // options of other shapes.
        // A workbook is written at the end (its rows go through libxlsxwriter): read whole.
        let streamable = writerFormat != .json && !workbook && options.everySeries.isEmpty && options.yearColumn == nil
            && options.valueColumn == nil && options.periodYear == .first
        if !options.noStreaming, streamable, let output, isRegularFile(panelPath), let targetsPath = options.targets,
           !FileManager.default.isDirectory(targetsPath) {
            do {
                sink = try ByteSink.atomicFile(output)
            } catch {
                throw ValidationError("\(error.localizedDescription)")
            }
            if let sink, sink.canRewind {
                let streamed: StreamSummary?
                do {
                    (streamed, streamTargets) = try stream(panelPath, targetsPath, sink: sink, writer: writer, engine: engine,
                                                           workers: workers, progress: progress)
                } catch {
                    sink.abort()
                    progress.clear()
                    throw error
                }
                if let streamed {
                    do { try sink.commit() } catch { sink.abort(); throw error }
                    progress.clear()
                    mark("stream: read, assess and write")
                    try report(panelName, records: streamed.records, observations: streamed.observations, series: streamed.series,
                               layout: streamed.layout, missing: streamed.missing, duplicates: streamed.duplicates, rejected: 0,
                               targets: streamed.targets, unobserved: streamed.unobserved, tally: streamed.tally,
                               marks: marks, workers: workers, mode: "streamed")
                    return
                }
                do { try sink.rewind() } catch { sink.abort(); throw error }
                mark("stream: stopped, reading the whole panel")
            }
        }

        let (read, targets): (PanelReadResult, PanelTargets)
        do {
            (read, targets) = try load(workers: workers, progress: progress, mark: mark, streamTargets: streamTargets)
            streamTargets = nil
        } catch {
            sink?.abort()
            throw error
        }

        // 4. Assess and write, chunk by chunk, in input order.
        if sink == nil {
            do {
                sink = try output.map(ByteSink.atomicFile) ?? .standardOutput()
            } catch {
                throw ValidationError("\(error.localizedDescription)")
            }
        }
        let out = sink!
        var tally = StatusTally(threshold: failOn)
        let frozen = targets
        if workbook {
            do {
                let sheet = try XLSXSheetWriter(columns: writer.columnNames, sheetName: "panel",
                                                constantMemory: !options.xlsxInMemory, forSpreadsheet: forSpreadsheet)
                try engine.run(read.panel, frozen, encode: { range, results in
                    (writer.cells(results, targets: frozen, range: range), results.map(\.status))
                }, emit: { range, chunk in
                    for row in chunk.0 { try sheet.append(row) }
                    tally.add(chunk.1)
                    progress.show("assessing", done: range.upperBound, of: frozen.count, unit: "targets")
                })
                try out.write(try sheet.finish())
                try out.commit()
            } catch let e as XLSXWriteError {
                out.abort()
                progress.clear()
                printError("error: cannot write the workbook: \(e)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            } catch {
                out.abort()
                progress.clear()
                throw error
            }
        } else {
        do {
            try out.write(writer.header())
            try engine.run(read.panel, frozen, encode: { range, results in
                (writer.encode(results, targets: frozen, range: range), results.map(\.status))
            }, emit: { range, chunk in
                try out.write(chunk.0)
                tally.add(chunk.1)
                progress.show("assessing", done: range.upperBound, of: frozen.count, unit: "targets")
            })
            try out.write(writer.footer(empty: frozen.count == 0))
            try out.commit()
        } catch {
            out.abort()
            progress.clear()
            throw error
        }
        }
        progress.clear()
        mark("assess and write")

        let observed = frozen.series.filter { $0 >= 0 }.count
        try report(panelName, records: read.records, observations: read.observations, series: read.panel.seriesCount,
                   layout: read.layout, missing: read.missing, duplicates: read.duplicates, rejected: read.rejectionCount,
                   targets: frozen.count, unobserved: frozen.count - observed, tally: tally, marks: marks,
                   workers: workers, mode: "whole panel", idColumnNames: read.idColumnNames, shape: read.shape)
    }

    /// The summary line, the timings and the alert exit.
    private func report(_ panelName: String, records: Int, observations: Int, series: Int, layout: PanelLayout, missing: Int,
                        duplicates: Int, rejected: Int, targets: Int, unobserved: Int, tally: StatusTally,
                        marks: [(String, Duration)], workers: Int, mode: String, idColumnNames: [String] = [],
                        shape: PanelShape = .plain) throws {
        printError("""
            \(panelName): \(records) rows, \(observations) observations of \(series) series \
            (\(layout.rawValue) layout; \(missing) missing, \(duplicates) duplicate, \(rejected) rejected); \
            \(targets) targets (\(unobserved) without observations): \
            \(Status.allCases.compactMap { s in tally.counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", "))
            """)
        if duplicates > 0, duplicates * 10 > observations {
            printError("warning: \(duplicates) observations were replaced by a later row for the same series and year: the series id (\(idColumnNames.isEmpty ? "no column" : idColumnNames.joined(separator: ","))) may leave out a column that tells series apart; see --id-columns")
        }
        if shape != .plain {
            printError("\(panelName): read as \(shape.rawValue)\(shape.rawValue == layout.rawValue ? "" : " (\(layout.rawValue))"): series id from \(idColumnNames.isEmpty ? "no column (one series, headline)" : idColumnNames.joined(separator: " : "))")
        }
        if options.timings {
            let text = marks.map { "\($0.0) \(String(format: "%.3f", Double($0.1.components.seconds) + Double($0.1.components.attoseconds) / 1e18)) s" }
            printError("timings: " + text.joined(separator: ", ") + " (\(workers) threads, kernel \(options.kernel.rawValue), \(mode))")
        }
        if let threshold = failOn, tally.alerts > 0 {
            printError("alert: \(tally.alerts) target(s) at or below \(threshold.rawValue)")
            throw ExitCode(ExitStatus.alert.rawValue)
        }
    }

    /// What a streamed run counted.
    struct StreamSummary {
        var records = 0, observations = 0, series = 0, missing = 0, duplicates = 0
        var layout = PanelLayout.long
        var targets = 0, unobserved = 0
        var tally = StatusTally(threshold: nil)
    }

    /// Streams the panel against its targets into `sink` (see ``PanelStream``); nil when the input
    /// cannot be streamed (the series are not together and in the targets' order, a row is rejected,
    /// or a file cannot be read): the caller then rewinds the sink and reads the whole panel, which
    /// also reports any error as usual.
    private func stream(_ panelPath: String, _ targetsPath: String, sink: ByteSink, writer: PanelWriter,
                        engine: PanelAssessor, workers: Int, progress: Progress) throws -> (StreamSummary?, StreamTargets?) {
        // Targets first: they fix the order the series must come in. They go back to the caller
        // when the panel cannot be streamed, so that the file is not parsed twice.
        let targets: StreamTargets
        do {
            let (fd, name, _) = try Self.open(targetsPath, encoding: .auto, sheet: options.targetsSheet)
            defer { if fd != 0 { close(fd) } }
            targets = try PanelTargetsReader.readForStream(fd: fd, file: name, workers: workers)
        } catch {
            return (nil, nil)   // the whole-panel path reports the error
        }
        // Pattern rows (series_id with *) are expanded against the whole panel: not streamed.
        guard targets.ordered, targets.result.rejectionCount == 0,
              !targets.result.targets.seriesIDs.contains(where: { $0.utf8.contains(UInt8(ascii: "*")) }) else { return (nil, targets) }
        let reader = PanelReader(columns: columnOptions, workers: workers, blockSize: options.blockSize ?? 8 << 20)
        // A file that cannot be opened or converted: the whole-panel path reports it.
        guard let opened = try? Self.open(panelPath, encoding: options.encoding, sheet: options.sheet) else { return (nil, targets) }
        let (fd, _, size) = opened
        defer { close(fd) }
        let stream: PanelStream
        do {
            stream = try PanelStream(fd: fd, file: panelPath, reader: reader, index: targets.index, targetSeries: targets.seriesCount)
            guard stream.streamable, try stream.prime() else { return (nil, targets) }
        } catch {
            return (nil, targets)
        }
        let summary = try streamPieces(stream, size: size, panelPath, targets.result.targets, sink: sink, writer: writer,
                                       engine: engine, progress: progress)
        return (summary, summary == nil ? targets : nil)
    }

    private func streamPieces(_ stream: PanelStream, size: Int?, _ panelPath: String, _ targets: PanelTargets, sink: ByteSink,
                        writer: PanelWriter, engine: PanelAssessor, progress: Progress) throws -> StreamSummary? {
        var summary = StreamSummary()
        try sink.write(writer.header())
        // Each piece is assessed and written on a serial queue (its chunks on the engine's workers)
        // while this thread merges the next blocks and builds the next piece, so that the cores are
        // not left idle while one thread merges. At most two pieces wait, to bound memory.
        let pipeline = PiecePipeline(sink: sink, threshold: failOn)
        defer { pipeline.drain() }
        // Targets are assessed in the same chunks as when the whole panel is read (multiples of the
        // engine's chunk size), so that grouped fits see the same groups and give the same bits.
        let chunk = engine.chunkSize
        var t = 0
        while t < targets.count {
            let piece: PanelStream.Piece?
            do { piece = try stream.next() } catch { return nil }
            guard let piece else { break }
            guard case .complete(let below, let end) = piece else { return nil }
            var tEnd = t
            while tEnd < targets.count, Int(targets.series[tEnd]) < below { tEnd += 1 }
            if !end { tEnd = t + (tEnd - t) / chunk * chunk }
            guard tEnd > t else { continue }
            let base = stream.held
            let panel = stream.panel(upTo: Int(targets.series[tEnd - 1]) + 1)
            var sub = PanelTargets()
            sub.reserveCapacity(tEnd - t)
            for k in t..<tEnd {
                let s = Int(targets.series[k])
                sub.append(id: targets.ids[k], seriesID: targets.seriesIDs[k], series: Int32(s - base), spec: targets.specs[k])
                if !stream.isObserved(s) { summary.unobserved += 1 }
            }
            try pipeline.submit(panel, sub, writer: writer, engine: engine)
            // Keep the series of the next target: it may have targets in the next chunk too.
            stream.release(below: tEnd < targets.count ? Int(targets.series[tEnd]) : below)
            t = tEnd
            progress.show("streaming \(panelPath)", done: stream.bytes, of: size, unit: "MB")
        }
        // The rest of the panel (series without targets) is read for the counts.
        while let piece = try? stream.next() {
            guard case .complete(let below, _) = piece else { return nil }
            stream.release(below: below)
        }
        precondition(t == targets.count, "every target is assessed")
        try pipeline.finish()
        summary.tally = pipeline.tally
        summary.records = stream.records
        summary.observations = stream.observations
        summary.series = stream.seriesCount
        summary.missing = stream.missing
        summary.duplicates = stream.duplicates
        summary.layout = stream.layout
        summary.targets = targets.count
        return summary
    }

    private func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return path != "-" && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads the panel and its targets (steps 1–3 of `assess --panel`, shared with `backtest --panel`):
    /// rejected rows are reported, and fatal unless --keep-going.
    func load(workers: Int, progress: Progress, mark: (String) -> Void,
              streamTargets: StreamTargets? = nil) throws -> (PanelReadResult, PanelTargets) {
        guard let panelPath = options.panel, options.targets != nil || !options.everySeries.isEmpty else {
            throw ValidationError("--panel needs --targets (a targets CSV file or a dataset folder) or --target")
        }
        let targetsPath = options.targets ?? ""
        // The targets file is parsed on its own thread while the panel is read (the panel's reader
        // leaves a core idle while it merges blocks); its series are numbered once the panel is in.
        let targetsIsFolder = options.targets.map { FileManager.default.isDirectory($0) } ?? false
        let parsing = TargetsParsing()
        let targetsSheet = options.targetsSheet
        let group = DispatchGroup()
        let parseTargets: @Sendable () -> Void = {
            do {
                let (fd, name, _) = try Self.open(targetsPath, encoding: .auto, sheet: targetsSheet)
                defer { if fd != 0 { close(fd) } }
                parsing.set(.success(try PanelTargetsReader.parse(fd: fd, file: name, workers: workers)))
            } catch {
                parsing.set(.failure(error))
            }
        }
        // With one worker (--jobs 1) the targets are parsed after the panel, on this thread.
        let targetsAlongside = options.targets != nil && streamTargets == nil && !targetsIsFolder && workers > 1
        if targetsAlongside { DispatchQueue.global().async(group: group, execute: parseTargets) }

        // 1. Observations.
        let reader = PanelReader(columns: columnOptions, workers: workers, blockSize: options.blockSize ?? 8 << 20)
        var read: PanelReadResult
        do {
            let (fd, name, size) = try Self.open(panelPath, encoding: options.encoding, sheet: options.sheet)
            defer { if fd != 0 { close(fd) } }
            read = try reader.read(fd: fd, file: name) { bytes in progress.show("reading \(name)", done: bytes, of: size, unit: "MB") }
        } catch let e as LocatedError {
            group.wait()
            progress.clear()
            printError(WorkbookInputs.shared.diagnostic(e))
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        progress.clear()
        mark("read panel")

        // 2. Targets.
        var targets = PanelTargets()
        var targetRejections: [PanelRejection] = []
        var targetRejectionCount = 0
        let targetsName = options.targets ?? "--target"
        if targetsIsFolder {
            let data = try loadDataset(targetsPath, keepGoing: keepGoing)
            targets = PanelTargetsReader.targets(of: data, index: &read.index)
        } else if options.targets != nil {
            group.wait()
            if streamTargets == nil, !targetsAlongside { parseTargets() }
            do {
                let r = try streamTargets?.renumbered(against: &read.index) ?? parsing.get().resolve(index: &read.index)
                targets = r.targets
                targetRejections = r.rejections
                targetRejectionCount = r.rejectionCount
            } catch {
                printError((error as? LocatedError).map(WorkbookInputs.shared.diagnostic) ?? "error: \(error)")
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
            for (file, r) in all.prefix(10) {
                printError("\(WorkbookInputs.shared.place(file, line: r.line, column: r.column)): error: \(r.reason)")
            }
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
    /// Input in another encoding than UTF-8 (given, or found by `auto` at the start of a file) is
    /// read whole, converted by iconv and handed on as an unlinked temporary file.
    /// An Excel workbook (the ZIP magic `PK\3\4` at its start, whatever its name; or a name ending
    /// in .xlsx) is read from `sheet` (default: the first) as CSV, named `FILE[SHEET]` in messages.
    private static func open(_ path: String, encoding: TextEncoding, sheet: String? = nil) throws -> (Int32, String, Int?) {
        if path == "-" {
            // The first four bytes tell a workbook; they are handed on with the rest otherwise.
            var head = [UInt8]()
            var byte: UInt8 = 0
            while head.count < 4 {
                let n = read(0, &byte, 1)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                head.append(byte)
            }
            let stdin = FileHandle.standardInput
            if XLSXReader.isZIP(head) || sheet != nil {
                return try workbook(Data(head) + stdin.readDataToEndOfFile(), name: "<stdin>", sheet: sheet)
            }
            guard encoding == .auto || encoding == .utf8 else {
                return try converted(Data(head) + stdin.readDataToEndOfFile(), name: "<stdin>", encoding: encoding)
            }
            return try relay(head)
        }
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else {
            throw LocatedError(file: path, line: 0, column: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        var magic = [UInt8](repeating: 0, count: 4)
        let m = size == nil ? 0 : pread(fd, &magic, 4, 0)
        if (m == 4 && XLSXReader.isZIP(magic)) || path.lowercased().hasSuffix(".xlsx") {
            let data = FileHandle(fileDescriptor: fd, closeOnDealloc: true).readDataToEndOfFile()
            return try workbook(data, name: path, sheet: sheet)
        }
        if let sheet {
            close(fd)
            throw LocatedError(file: path, line: 0, column: 0, message: "--sheet \(sheet) is for an .xlsx workbook, and this file is not one")
        }
        var chosen = encoding
        if encoding == .auto, size != nil {
            var head = [UInt8](repeating: 0, count: 1 << 16)
            let n = pread(fd, &head, head.count, 0)
            let prefix = Array(head.prefix(max(n, 0)))
            guard let found = Transcoder.detect(prefix + (n == head.count ? [0x80] : []), limit: max(n, 0)) else {
                close(fd)
                throw LocatedError(file: path, line: 0, column: 0,
                                   message: "neither UTF-8 nor GB18030 text; give its encoding with --encoding (gbk, gb18030, big5, utf-16) or save it as UTF-8")
            }
            chosen = found
        }
        guard chosen != .auto, chosen != .utf8 else { return (fd, path, size) }
        let data = FileHandle(fileDescriptor: fd, closeOnDealloc: true).readDataToEndOfFile()
        if encoding == .auto {
            let why = chosen == .utf16 ? "its byte-order mark" : "its start is not valid UTF-8"
            // Said once per file: a panel is opened again when streaming gives way to the whole read.
            if EncodingNotes.shared.first(path) {
                printError("note: \(path): read as \(chosen.rawValue) (\(why)); pass --encoding to say so")
            }
        }
        return try converted(data, name: path, encoding: chosen)
    }

    /// The sheet `sheet` (or the first) of the workbook in `data`, as CSV in an unlinked temporary file,
    /// named `NAME[SHEET]`; messages about it name cells (``WorkbookInputs``). A damaged workbook or
    /// an unknown sheet is an error naming the file.
    private static func workbook(_ data: Data, name: String, sheet: String?) throws -> (Int32, String, Int?) {
        let read: XLSXReader.Sheet
        do {
            read = try XLSXReader.read(data, file: name, sheet: sheet)
        } catch let e as XLSXReadError {
            throw LocatedError(file: e.place, line: 0, column: 0, message: e.detail)
        }
        let place = "\(name)[\(read.name)]"
        WorkbookInputs.shared.add(read, names: [name, place])
        return try temporary(read.csv, name: place)
    }

    /// A descriptor that reads `head` and then the rest of standard input, streamed: one end of a
    /// socket pair that a thread fills (sockets rather than a pipe, so that a reader that stops early
    /// costs the thread an EPIPE, not the process a SIGPIPE).
    private static func relay(_ head: [UInt8]) throws -> (Int32, String, Int?) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else {
            throw LocatedError(file: "<stdin>", line: 0, column: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        let (reader, writer) = (fds[0], fds[1])
        Thread.detachNewThread {
            defer { close(writer) }
            func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
                var done = 0
                while done < bytes.count {
                    let n = Foundation.send(writer, bytes.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL))
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { return false }
                    done += n
                }
                return true
            }
            guard head.withUnsafeBytes(send) else { return }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(0, &buffer, buffer.count)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                guard buffer.withUnsafeBytes({ send(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) else { return }
            }
        }
        return (reader, "<stdin>", nil)
    }

    /// `data` converted to UTF-8, in an unlinked temporary file.
    private static func converted(_ data: Data, name: String, encoding: TextEncoding) throws -> (Int32, String, Int?) {
        let (bytes, _) = try Transcoder.decode([UInt8](data), file: name, encoding: encoding)
        return try temporary(bytes, name: name)
    }

    /// `bytes` in an unlinked temporary file, read from its start.
    private static func temporary(_ bytes: [UInt8], name: String) throws -> (Int32, String, Int?) {
        // An unlinked temporary file: gone when closed, whatever happens.
        var template = Array((NSTemporaryDirectory() + "/ontrack-input-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        if fd >= 0 { unlink(String(cString: template)) }
        guard fd >= 0 else { throw LocatedError(file: name, line: 0, column: 0, message: "cannot convert: \(String(cString: strerror(errno)))") }
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let w = write(fd, raw.baseAddress! + done, raw.count - done)
                guard w > 0 else { throw LocatedError(file: name, line: 0, column: 0, message: "cannot convert: \(String(cString: strerror(errno)))") }
                done += w
            }
        }
        lseek(fd, 0, SEEK_SET)
        return (fd, name, bytes.count)
    }

    private func writeRejects(_ all: [(String, PanelRejection)], to path: String) throws {
        var table = "file,line,column,reason,record\n"
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        for (file, r) in all { table += "\(q(file)),\(r.line),\(r.column),\(q(r.reason)),\(q(r.record))\n" }
        try AtomicFile.write(table, to: path)
    }
}

/// The workbooks read as CSV in this run, by the names messages give them (the path, and
/// `PATH[SHEET]`), so that a message about line 5, column 3 of the CSV names the cell instead:
/// `panel.xlsx[data]!C5`.
final class WorkbookInputs: @unchecked Sendable {
    static let shared = WorkbookInputs()
    private let lock = NSLock()
    private var sheets: [String: XLSXReader.Sheet] = [:]

    func add(_ sheet: XLSXReader.Sheet, names: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for name in names { sheets[name] = sheet }
    }

    /// `FILE[SHEET]!C5` for a workbook's cell, else `FILE:LINE:COLUMN`.
    func place(_ file: String, line: Int, column: Int) -> String {
        lock.lock()
        let sheet = sheets[file]
        lock.unlock()
        guard let sheet, let cell = sheet.reference(line: line, column: column) else { return "\(file):\(line):\(column)" }
        let base = file.hasSuffix("[\(sheet.name)]") ? file : "\(file)[\(sheet.name)]"
        return "\(base)!\(cell)"
    }

    /// The error as compilers print it, with a workbook's cell as its place.
    func diagnostic(_ e: LocatedError) -> String {
        guard e.line > 0 else { return e.diagnostic }
        return "\(place(e.file, line: e.line, column: e.column)): error: \(e.message)"
    }
}

/// The outcome of parsing the targets file on another thread.
/// The files whose encoding note has been printed (``PanelRun``'s `open` runs twice on a panel whose
/// stream gives way to the whole read).
final class EncodingNotes: @unchecked Sendable {
    static let shared = EncodingNotes()
    private let lock = NSLock()
    private var said: Set<String> = []

    /// True the first time `path` is given.
    func first(_ path: String) -> Bool { lock.withLock { said.insert(path).inserted } }
}

/// Verdicts counted by status, and how many are at or below the `--fail-on` threshold (the
/// summary line and the alert exit of a panel run, streamed or whole).
struct StatusTally {
    let threshold: Status?
    private(set) var counts = [Status: Int]()
    private(set) var alerts = 0

    init(threshold: Status?) { self.threshold = threshold }

    mutating func add(_ statuses: [Status]) {
        for s in statuses {
            counts[s, default: 0] += 1
            if let threshold, s.isAtOrBelow(threshold) { alerts += 1 }
        }
    }
}

/// The streamed pieces' assessment and writing, on a serial queue of their own (``PanelRun``'s
/// `streamPieces`): pieces are written in the order they are submitted; the first write error stops
/// the rest and is thrown by ``finish()``. The counts are touched only on the queue, and read after
/// ``drain()``.
final class PiecePipeline: @unchecked Sendable {
    private let queue = DispatchQueue(label: "ontrack.stream.assess")
    /// Two pieces at most are submitted and not yet written.
    private let slots = DispatchSemaphore(value: 2)
    private let sink: ByteSink
    private let lock = NSLock()
    private var failed: Error?
    /// The first write error (set on the queue, read anywhere).
    private var failure: Error? {
        get { lock.withLock { failed } }
        set { lock.withLock { failed = newValue } }
    }
    private(set) var tally: StatusTally

    init(sink: ByteSink, threshold: Status?) {
        self.sink = sink
        tally = StatusTally(threshold: threshold)
    }

    /// Queues `targets` on `panel`; waits while two pieces are pending.
    func submit(_ panel: Panel, _ targets: PanelTargets, writer: PanelWriter, engine: PanelAssessor) throws {
        slots.wait()
        if let failure {
            slots.signal()
            throw failure
        }
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do {
                try engine.run(panel, targets, encode: { r, results in
                    (writer.encode(results, targets: targets, range: r), results.map(\.status))
                }, emit: { _, chunk in
                    try sink.write(chunk.0)
                    tally.add(chunk.1)
                })
            } catch {
                failure = error
            }
        }
    }

    /// Waits until every submitted piece is written (or given up after an error).
    func drain() { queue.sync {} }

    /// Drains, then throws the first write error.
    func finish() throws {
        drain()
        if let failure { throw failure }
    }
}

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
