import OnTrackCore
import Foundation
import OnTrackNumerics
import OnTrackPanel

/// Reads the targets of a panel (the vocabulary of `Datasets/FORMAT.md`, keyed by `series_id`) over
/// the fast byte path, in blocks parsed in parallel, so a million targets take a fraction of a
/// second. Rows that cannot be read are reported with line, column and reason, and skipped.
public enum PanelTargetsReader {
    public struct Result: Sendable {
        public var targets: PanelTargets
        public var rejections: [PanelRejection]
        public var rejectionCount: Int
    }

    /// Reads a whole targets file held in memory.
    public static func read(_ bytes: [UInt8], file: String, index: inout SeriesIndex) throws(LocatedError) -> Result {
        try parse(BlockSource(bytes: bytes), file: file, workers: 1).resolve(index: &index)
    }

    /// Reads targets from a file descriptor; new series ids are added to `index` (they have no
    /// observations).
    public static func read(fd: Int32, file: String, index: inout SeriesIndex, workers: Int = 2,
                            blockSize: Int = 4 << 20) throws(LocatedError) -> Result {
        try parse(fd: fd, file: file, workers: workers, blockSize: blockSize).resolve(index: &index)
    }

    /// Parses a targets file without the panel: every row checked, target ids checked for
    /// duplicates, series ids numbered within their block. ``Parsed/resolve(index:)`` then numbers
    /// the series against the panel's, so that the parsing can run while the panel is read.
    public static func parse(fd: Int32, file: String, workers: Int = 2, blockSize: Int = 4 << 20) throws(LocatedError) -> Parsed {
        try parse(BlockSource(fd: fd, blockSize: blockSize), file: file, workers: workers)
    }

    /// A parsed targets file, waiting for the panel's series numbers.
    public struct Parsed: Sendable {
        var blocks: [TargetBlock] = []
        var count = 0

        /// The targets, numbered against `index` (new series ids are added to it: they have no
        /// observations), with the rejected rows.
        public func resolve(index: inout SeriesIndex) -> Result {
            var copy = self
            return copy.take(index: &index)
        }

        /// ``resolve(index:)``, freeing each parsed block as soon as its targets are out (the
        /// parsed file is left empty), so that the two are not held in full at once.
        public mutating func take(index: inout SeriesIndex) -> Result {
            var result = Result(targets: PanelTargets(), rejections: [], rejectionCount: 0)
            result.targets.reserveCapacity(count)
            for b in blocks.indices {
                let block = blocks[b]
                blocks[b] = TargetBlock()
                Self.take(block, into: &result, index: &index)
            }
            blocks = []
            return result
        }

        /// Appends the targets of `block` to `result`, their series numbered against `index`.
        static func take(_ block: TargetBlock, into result: inout Result, index: inout SeriesIndex) {
            var map = [Int32](repeating: 0, count: block.keys.count)
            block.keys.arena.withUnsafeBufferPointer { arena in
                var start = 0
                for (k, end) in block.keys.ends.enumerated() {
                    map[k] = index.interner.intern(arena, start, end)
                    start = end
                }
            }
            for i in 0..<block.ids.count {
                let number = map[Int(block.rowKeys[i])]
                result.targets.append(id: block.ids[i], seriesID: block.seriesIDs[i],
                                      series: Int(number) < index.observedCount ? number : -1, spec: block.specs[i])
            }
            for r in block.rejections where result.rejections.count < PanelReader.keptRejections {
                result.rejections.append(r)
            }
            result.rejectionCount += block.rejectionCount
        }
    }

    /// Reads a targets file for ``PanelStream``: its series numbered in the order the targets first
    /// name them. Each parsed block is numbered and let go while the next ones are parsed, so the
    /// parsed file is never held whole beside the targets, and the numbering runs while the other
    /// core parses the next blocks.
    public static func readForStream(fd: Int32, file: String, workers: Int = 2, blockSize: Int = 4 << 20) throws(LocatedError) -> StreamTargets {
        // Room for the targets from the file's size: generous (pages never written are never
        // resident), since an array that outgrows its room is copied whole, both held at once.
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
        var index = SeriesIndex(interner: ByteInterner(capacity: max(1024, size / 56)), observedCount: Int(Int32.max))
        var result = Result(targets: PanelTargets(), rejections: [], rejectionCount: 0)
        result.targets.reserveCapacity(size / 24)
        _ = try parse(BlockSource(fd: fd, blockSize: blockSize), file: file, workers: workers) { block in
            Parsed.take(block, into: &result, index: &index)
        }
        return StreamTargets(numbered: result, index: index)
    }

    private static func parse(_ source: BlockSource, file: String, workers: Int) throws(LocatedError) -> Parsed {
        var parsed = Parsed()
        parsed.count = try parse(source, file: file, workers: workers) { parsed.blocks.append($0) }
        return parsed
    }

    /// Parses the file in blocks, `workers` at a time, and hands each parsed block to `consume` in
    /// file order on the calling thread, while the next blocks are parsed; returns the number of
    /// targets. Target ids are checked for duplicates across the whole file (the first is thrown at
    /// the end, after every block has been read).
    private static func parse(_ source: BlockSource, file: String, workers: Int,
                              consume: (TargetBlock) -> Void) throws(LocatedError) -> Int {
        let first: [UInt8]?
        do { first = try source.next() } catch { throw LocatedError(file: file, line: 0, column: 0, message: error.message) }
        guard let first else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the targets file is empty; expected a header row")
        }
        let (columns, dataStart, headerLines) = try first.withUnsafeBufferPointer { p throws(LocatedError) in
            try TargetColumns.header(p, file: file)
        }
        var count = 0
        // Target ids, numbered as bytes: a number that is not new is a duplicate.
        var seen = ByteInterner(capacity: max(1024, source.bytesRead / 60))
        var duplicate: (id: String, line: Int)?
        var nextLine = headerLines + 1
        let ahead = ParsedAhead(source, first: (first, dataStart), workers: workers) { bytes, start in
            TargetBlock(bytes, from: start, columns: columns)
        }
        while let blocksParsed = try ahead.next(file: file, line: nextLine) {
            for var block in blocksParsed {
                if duplicate == nil {
                    for i in 0..<block.ids.count {
                        let before = seen.count
                        var id = block.ids[i]
                        _ = id.withUTF8 { seen.intern($0, 0, $0.count) }
                        if seen.count == before {
                            duplicate = (block.ids[i], block.rowLines[i] + nextLine - 1)
                            break
                        }
                    }
                }
                for k in block.rejections.indices { block.rejections[k].line += nextLine - 1 }
                nextLine += block.lines
                count += block.ids.count
                consume(block)
            }
        }
        if let duplicate {
            throw LocatedError(file: file, line: duplicate.line, column: 1,
                               message: "target id '\(duplicate.id)' is used twice; give each row its own target_id")
        }
        return count
    }

    /// The targets of a dataset (`--targets FOLDER`), on the series of `index` named by their
    /// indicator ids.
    public static func targets(of data: Dataset, index: inout SeriesIndex) -> PanelTargets {
        var t = PanelTargets()
        let directions = Dictionary(data.indicators.map { ($0.id, $0.direction) }, uniquingKeysWith: { a, _ in a })
        for target in data.targets {
            t.append(id: target.id, seriesID: target.indicatorID, series: index.number(of: target.indicatorID),
                     spec: target.spec(direction: directions[target.indicatorID] ?? nil))
        }
        return t
    }
}

/// Where the columns of a targets file are.
struct TargetColumns: Sendable {
    var series: Int
    var target, form, bound, value, high, baseline, baselineYear, targetYear, start, direction, method: Int?
    var seriesName: String
    /// Cells in the header.
    var width: Int

    static func header(_ p: UnsafeBufferPointer<UInt8>, file: String) throws(LocatedError) -> (TargetColumns, Int, Int) {
        var scanner = ByteScanner(p)
        var spans: [ByteSpan] = []
        guard let head = scanner.next(into: &spans), case .fields = head else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the header of the targets file is malformed")
        }
        let names = spans.map { scanner.text($0).trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let series = column("series_id") ?? column("indicator_id") else {
            throw LocatedError(file: file, line: 1, column: 1, message: "no series_id column (the header has: \(names.joined(separator: ", ")))")
        }
        for name in ["form", "bound", "baseline_year", "target_year"] where column(name) == nil {
            throw LocatedError(file: file, line: 1, column: 1, message: "missing column \(name) (the header has: \(names.joined(separator: ", ")))")
        }
        let c = TargetColumns(series: series, target: column("target_id"), form: column("form"), bound: column("bound"),
                              value: column("value"), high: column("value_high"), baseline: column("baseline"),
                              baselineYear: column("baseline_year"), targetYear: column("target_year"),
                              start: column("period_start"), direction: column("direction"), method: column("method"),
                              seriesName: names[series], width: names.count)
        // A column the reader uses must be the only one with its name (a second `value` would be ignored).
        for k in [c.series, c.target, c.form, c.bound, c.value, c.high, c.baseline, c.baselineYear, c.targetYear, c.start,
                  c.direction, c.method].compactMap({ $0 }) {
            if let other = names.indices.first(where: { $0 != k && names[$0] == names[k] }) {
                func place(_ i: Int) -> Int { scanner.column(at: spans[i].quoted ? spans[i].start - 1 : spans[i].start) }
                let (a, b) = (min(k, other), max(k, other))
                throw LocatedError(file: file, line: 1, column: place(b),
                                   message: "'\(names[k])' has two columns (columns \(place(a)) and \(place(b))); keep one")
            }
        }
        return (c, scanner.position, scanner.line - 1)
    }
}

/// The targets of one block, with series ids numbered locally.
struct TargetBlock: Sendable {
    var keys = ByteInterner(capacity: 16)
    var rowKeys: [Int32] = []
    var rowLines: [Int] = []
    var ids: [String] = []
    var seriesIDs: [String] = []
    var specs: [TargetSpec] = []
    var rejections: [PanelRejection] = []
    var rejectionCount = 0
    var lines = 0

    init() {}

    init(_ block: [UInt8], from start: Int, columns: TargetColumns) {
        keys = ByteInterner(capacity: 4096)
        block.withUnsafeBufferPointer { p in parse(p, from: start, columns) }
    }

    private mutating func parse(_ p: UnsafeBufferPointer<UInt8>, from start: Int, _ c: TargetColumns) {
        // The words of the vocabulary, matched on their bytes (a String made per cell and looked up
        // by a string switch was a fifth of reading a targets file); any other text goes the usual way.
        let forms = WordTable(TargetForm.allCases.map { ($0.rawValue, $0) })
        let bounds = WordTable(TargetVocabulary.BoundWord.allCases.flatMap { w in w.spellings.map { ($0, w) } })
        let directions = WordTable(Direction.allCases.map { ($0.rawValue, Optional($0)) })
        let methods = WordTable(PathMethod.allCases.map { ($0.rawValue, Optional($0)) })
        var scanner = ByteScanner(p, from: start)
        var spans: [ByteSpan] = []
        typealias Message = TargetVocabulary.Message
        while let record = scanner.next(into: &spans) {
            switch record {
            case .malformed(let line, let recordStart, let at, let message):
                reject(line, scanner.column(at: at), message, scanner.recordText(from: recordStart))
            case .fields(let line, let recordStart):
                if spans.count == 1, spans[0].isEmpty { continue }
                // As wide as the header (as in a dataset's targets.csv).
                guard spans.count == c.width else {
                    let at = spans.count > c.width ? spans[c.width].start - (spans[c.width].quoted ? 1 : 0)
                                                   : spans[spans.count - 1].end + (spans[spans.count - 1].quoted ? 1 : 0)
                    reject(line, scanner.column(at: at), "the row has \(spans.count) fields but the header has \(c.width)",
                           scanner.recordText(from: recordStart))
                    continue
                }
                func at(_ k: Int?) -> ByteSpan? {
                    guard let k, k < spans.count else { return nil }
                    return spans[k]
                }
                /// The cell's text without surrounding spaces.
                func trimmed(_ k: Int?) -> ByteSpan? {
                    guard var s = at(k) else { return nil }
                    while s.start < s.end, p[s.start] == 0x20 { s.start += 1 }
                    while s.end > s.start, p[s.end - 1] == 0x20 { s.end -= 1 }
                    return s
                }
                func word(_ k: Int?) -> String {
                    guard let s = trimmed(k), !s.isEmpty else { return "" }
                    return scanner.text(s)
                }
                /// A word of the vocabulary by its bytes, else read as text by `parse`.
                func known<T>(_ k: Int?, _ table: WordTable<T>, _ parse: (String) -> Result<T, Message>) throws(Message) -> T {
                    if let s = trimmed(k), let v = table.value(p, s.start, s.end) { return v }
                    return try parse(word(k)).get()
                }
                func number(_ k: Int?, _ name: String) throws(Message) -> Double? {
                    guard let s = at(k), !s.isEmpty else { return nil }
                    guard let v = NumberParsing.double(p, s.start, s.end), v.isFinite else {
                        throw Message("\(name) '\(scanner.text(s))' is not a number", column: name)
                    }
                    return v
                }
                func year(_ k: Int?, _ name: String) throws(Message) -> Int? {
                    guard let s = at(k), !s.isEmpty else { return nil }
                    guard let y = NumberParsing.integer(p, s.start, s.end), (1...9999).contains(y) else {
                        throw Message("\(name) '\(scanner.text(s))' is not a whole year", column: name)
                    }
                    return y
                }
                // Ids hold no control characters (NUL included) and are UTF-8, as in a dataset.
                if let bad = scanner.identifierProblem(spans[c.series], name: "series id")
                    ?? c.target.flatMap({ scanner.identifierProblem(spans[$0], name: "target id") }) {
                    reject(line, scanner.column(at: bad.at), bad.reason, scanner.recordText(from: recordStart))
                    continue
                }
                do throws(Message) {
                    guard let series = at(c.series), !series.isEmpty else { throw Message("the series id is empty", column: c.seriesName) }
                    let form = try known(c.form, forms, TargetVocabulary.form)
                    // The numbers first: a row with a bad number and an unknown word reports the number.
                    let value = try number(c.value, "value"), high = try number(c.high, "value_high")
                    let bound = try TargetVocabulary.bound(try known(c.bound, bounds, TargetVocabulary.boundWord), value: value, high: high).get()
                    if form == .categorical, bound != nil {
                        throw Message("a categorical target has no numeric bound; use bound none", column: "bound")
                    }
                    guard let baselineYear = try year(c.baselineYear, "baseline_year") else { throw Message("baseline_year is empty", column: "baseline_year") }
                    guard let targetYear = try year(c.targetYear, "target_year") else { throw Message("target_year is empty", column: "target_year") }
                    let periodStart = try year(c.start, "period_start")
                    if let m = TargetVocabulary.check(form: form, bound: bound, valueText: at(c.value).map { scanner.text($0) } ?? "",
                                                      baselineYear: baselineYear, targetYear: targetYear, periodStart: periodStart) {
                        throw m
                    }
                    let spec = TargetSpec(form: form, bound: bound, targetYear: targetYear, baseline: try number(c.baseline, "baseline"),
                                          baselineYear: baselineYear, periodStart: periodStart,
                                          direction: try known(c.direction, directions, TargetVocabulary.direction),
                                          method: try known(c.method, methods, TargetVocabulary.method))
                    let seriesText = scanner.text(series)
                    rowKeys.append(series.quoted ? keys.intern(Array(seriesText.utf8)) : keys.intern(p, series.start, series.end))
                    rowLines.append(line)
                    let id = word(c.target)
                    ids.append(id.isEmpty ? seriesText : id)
                    seriesIDs.append(seriesText)
                    specs.append(spec)
                } catch {
                    let name = error.column
                    let column = [("target_id", c.target), ("form", c.form), ("bound", c.bound), ("value", c.value),
                                  ("value_high", c.high), ("baseline", c.baseline), ("baseline_year", c.baselineYear),
                                  ("target_year", c.targetYear), ("period_start", c.start), ("direction", c.direction),
                                  ("method", c.method), (c.seriesName, c.series)].first { $0.0 == name }?.1
                    reject(line, scanner.column(at: at(column ?? nil)?.start ?? recordStart), error.text,
                           scanner.recordText(from: recordStart))
                }
            }
        }
        lines = scanner.line - 1
        if let last = p.last, last != 0x0A, last != 0x0D, p.count > start { lines += 1 }
    }

    private mutating func reject(_ line: Int, _ column: Int, _ reason: String, _ record: String) {
        rejectionCount += 1
        if rejections.count < PanelReader.keptRejections {
            rejections.append(PanelRejection(line: line, column: column, reason: reason, record: record))
        }
    }
}

/// The words of one column of a targets file with what each means, matched on a cell's bytes.
struct WordTable<Value> {
    private let words: [(bytes: [UInt8], value: Value)]

    init(_ words: [(String, Value)]) {
        self.words = words.map { (Array($0.0.utf8), $0.1) }
    }

    /// The meaning of `p[start..<end]` when it is one of the words exactly, else nil.
    func value(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Value? {
        let n = end - start
        guard n > 0 else { return nil }
        for w in words where w.bytes.count == n {
            let same = w.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, p.baseAddress! + start, n) == 0 }
            if same { return w.value }
        }
        return nil
    }
}
