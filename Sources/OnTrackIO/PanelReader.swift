import Foundation
import OnTrackPanel

/// How the observations of a panel are laid out.
public enum PanelLayout: String, Sendable, CaseIterable {
    /// Long if the header has `year` and `value` columns, else wide.
    case auto
    /// One row per observation: `series_id,year,value`.
    case long
    /// One row per series, one column per year.
    case wide
}

/// An input row (or a wide cell) that was not used, and why.
public struct PanelRejection: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public var reason: String
    /// The record as written.
    public var record: String
}

/// The series ids of a panel and of its targets, numbered in order of first sight.
public struct SeriesIndex: Sendable {
    var interner: ByteInterner
    /// Series numbered below this have observations in the panel.
    public let observedCount: Int
}

/// What reading a panel produced: the panel, how its rows were used, and the rows not used.
public struct PanelReadResult: Sendable {
    public var panel: Panel
    public var index: SeriesIndex
    public var layout: PanelLayout
    public var bytes: Int
    /// Data records read (not counting the header and blank lines).
    public var records: Int
    /// Observations kept, after removing duplicates.
    public var observations: Int
    /// Cells that spell a missing value (empty, NA, ..): skipped by design.
    public var missing: Int
    /// Observations replaced by a later row for the same series and year.
    public var duplicates: Int
    /// Rows or cells not used, in input order; at most ``PanelReader/keptRejections`` are kept.
    public var rejections: [PanelRejection]
    public var rejectionCount: Int
    /// The shape the header was recognised as, and the header's names of the id columns.
    public var shape: PanelShape = .plain
    public var idColumnNames: [String] = []
    /// The header, and the first data rows as text (for hints when targets match nothing).
    public var header: [String] = []
    public var sample: [[String]] = []
}

/// Reads a panel of observations, long or wide, from a file descriptor (a file or stdin), in blocks
/// parsed in parallel and merged in input order into a columnar ``Panel``.
///
/// Every data row is either used, counted as missing, or reported as a ``PanelRejection`` with its
/// line, column and reason; malformed input never stops the read. Only a missing or unusable header
/// is an error.
public struct PanelReader: Sendable {
    public var layout: PanelLayout
    /// Columns whose values, joined with ":", make the series id; empty means `series_id`, else
    /// `indicator_id`, else (wide layout) the first column.
    public var idColumns: [String]
    /// Year and value columns, period years (see ``PanelColumnOptions``).
    public var columns: PanelColumnOptions
    public var workers: Int
    public var blockSize: Int
    public static let keptRejections = 100_000

    public init(layout: PanelLayout = .auto, idColumns: [String] = [], workers: Int = 2, blockSize: Int = 8 << 20) {
        self.layout = layout
        self.idColumns = idColumns
        self.columns = PanelColumnOptions(layout: layout, idColumns: idColumns)
        self.workers = max(1, workers)
        self.blockSize = blockSize
    }

    /// A reader with the column mapping of `columns` (year and value columns, period years).
    public init(columns: PanelColumnOptions, workers: Int = 2, blockSize: Int = 8 << 20) {
        self.init(layout: columns.layout, idColumns: columns.idColumns, workers: workers, blockSize: blockSize)
        self.columns = columns
    }

    /// Reads everything from `fd`; `file` names the input in messages; `progress` gets the bytes read.
    public func read(fd: Int32, file: String, progress: ((Int) -> Void)? = nil) throws(LocatedError) -> PanelReadResult {
        let source = BlockSource(fd: fd, blockSize: blockSize)
        let firstBlock: [UInt8]?
        do { firstBlock = try source.next() } catch { throw LocatedError(file: file, line: 0, column: 0, message: error.message) }
        guard let firstBlock else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the input is empty; expected a header row")
        }
        var options = columns
        options.layout = layout
        options.idColumns = idColumns
        let (format, dataStart, headerLines) = try firstBlock.withUnsafeBufferPointer { p throws(LocatedError) in
            try RowFormat.header(p, file: file, options: options)
        }
        var subAnnual: (rejection: PanelRejection, count: Int)?

        var interner = ByteInterner(capacity: 1 << 16)
        var builder = PanelBuilder()
        var result = PanelReadResult(panel: Panel.empty,
                                     index: SeriesIndex(interner: ByteInterner(), observedCount: 0),
                                     layout: format.layout, bytes: 0, records: 0, observations: 0, missing: 0,
                                     duplicates: 0, rejections: [], rejectionCount: 0)
        var nextLine = headerLines + 1
        // The next blocks are parsed while these are merged: the merge numbers ids in file order.
        let ahead = ParsedAhead(source, first: (firstBlock, dataStart), workers: workers) { bytes, start in
            ParsedBlock(bytes, from: start, format: format)
        }
        while let parsed = try ahead.next(file: file, line: nextLine) {
            for block in parsed {
                var map = [Int32](repeating: 0, count: block.keys.count)
                block.keys.arena.withUnsafeBufferPointer { arena in
                    var start = 0
                    for (k, end) in block.keys.ends.enumerated() {
                        map[k] = interner.intern(arena, start, end)
                        start = end
                    }
                }
                builder.append(keys: block.rowKeys, map: map, years: block.years, values: block.values)
                for var r in block.rejections {
                    if result.rejections.count < Self.keptRejections {
                        r.line += nextLine - 1
                        result.rejections.append(r)
                    }
                }
                result.rejectionCount += block.rejectionCount
                result.records += block.records
                result.missing += block.missing
                if var first = block.subAnnual, subAnnual == nil {
                    first.line += nextLine - 1
                    subAnnual = (first, 0)
                }
                subAnnual?.count += block.subAnnualCount
                nextLine += block.lines
            }
            progress?(source.bytesRead)
        }
        if let subAnnual {
            let r = subAnnual.rejection
            throw LocatedError(file: file, line: r.line, column: r.column,
                               message: "column '\(format.header[format.yearColumn])' holds sub-annual periods such as '\(r.reason)' (\(subAnnual.count) row(s)); OnTrack assesses yearly series: keep the annual rows (FREQ A) or sum or average them by year first")
        }
        let ids = interner.strings()
        let (panel, duplicates) = builder.build(seriesIDs: ids)
        result.panel = panel
        result.index = SeriesIndex(interner: interner, observedCount: ids.count)
        result.bytes = source.bytesRead
        result.observations = panel.observationCount
        result.duplicates = duplicates
        result.shape = format.shape
        result.idColumnNames = format.idColumns.map { format.header[$0] }
        result.header = format.header
        result.sample = format.sample
        return result
    }
}

/// Which columns of a record hold what.
struct RowFormat: Sendable {
    var layout: PanelLayout
    /// Columns joined (with ":") into the series id.
    var idColumns: [Int]
    /// Long layout: the year and value columns.
    var yearColumn = -1
    var valueColumn = -1
    /// Wide layout: the year of each column, or nil.
    var columnYears: [Int32?] = []
    var width: Int
    var shape: PanelShape = .plain
    /// The id of a row whose id cells are all empty (Open SDG's headline); nil: rejected.
    var emptyID: [UInt8]?
    /// Periods such as 2015-16 are their last year.
    var periodLast = false
    var header: [String] = []
    var sample: [[String]] = []

    /// Reads the header record of `bytes`; returns the format, the offset of the first data record
    /// and the number of lines the header took.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>, file: String, options: PanelColumnOptions) throws(LocatedError) -> (RowFormat, Int, Int) {
        var scanner = ByteScanner(bytes)
        var spans: [ByteSpan] = []
        guard var record = scanner.next(into: &spans) else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the input is empty; expected a header row")
        }
        // World Bank API downloads start with "Data Source", "Last Updated Date" and blank lines.
        if case .fields = record, spans.count <= 3, let first = spans.first, scanner.text(first) == "Data Source" {
            while case .fields = record, (spans.count == 1 && spans[0].isEmpty)
                    || (spans.count <= 3 && ["Data Source", "Last Updated Date"].contains(scanner.text(spans[0]))),
                  let next = scanner.next(into: &spans) {
                record = next
            }
        }
        if case .malformed(_, _, let at, let message) = record {
            throw LocatedError(file: file, line: 1, column: scanner.column(at: at), message: "the header is malformed: \(message)")
        }
        let names = spans.map { scanner.text($0).trimmingCharacters(in: .whitespaces) }
        let lower = names.map { $0.lowercased() }
        func fail(_ message: String) -> LocatedError { LocatedError(file: file, line: 1, column: 1, message: message) }
        /// The character column where header cell `i` starts (its opening quote, if quoted).
        func place(_ i: Int) -> Int { scanner.column(at: spans[i].quoted ? spans[i].start - 1 : spans[i].start) }
        /// Two header cells that mean the same column: an error at the second, naming both.
        func twice(_ first: Int, _ second: Int, _ what: String) -> LocatedError {
            LocatedError(file: file, line: 1, column: place(second),
                         message: "\(what) has two columns: '\(names[first])' (column \(place(first))) and '\(names[second])' (column \(place(second))); keep one")
        }
        /// A column the reader uses must be the only one with its name.
        func unique(_ c: Int) throws(LocatedError) {
            if let other = lower.indices.first(where: { $0 != c && lower[$0] == lower[c] }) {
                throw twice(min(c, other), max(c, other), "'\(names[c])'")
            }
        }

        // The first data rows, as text: the first decides which columns are measures, all give hints.
        var peek = scanner
        var sample: [[String]] = []
        var peekSpans: [ByteSpan] = []
        while sample.count < 1000, let r = peek.next(into: &peekSpans) {
            if case .fields = r, !(peekSpans.count == 1 && peekSpans[0].isEmpty) { sample.append(peekSpans.map { peek.text($0) }) }
        }
        let mapping = try ColumnMapping.resolve(names: names, firstRow: sample.first, options: options, fail: fail)
        let ids = mapping.ids
        var format = RowFormat(layout: mapping.layout, idColumns: ids, width: names.count, shape: mapping.shape,
                               emptyID: mapping.emptyID.map { Array($0.utf8) }, periodLast: options.periodYear == .last,
                               header: names, sample: sample)
        switch mapping.layout {
        case .long:
            let y = mapping.year, v = mapping.value
            format.yearColumn = y
            format.valueColumn = v
            for c in ids + [y, v] { try unique(c) }
        case .wide:
            format.columnYears = names.enumerated().map { i, name in ids.contains(i) ? nil : Self.year(ofHeader: name) }
            guard format.columnYears.contains(where: { $0 != nil }) else {
                throw fail("no year columns for the wide layout: expected headers such as 2005 or \"2005 [YR2005]\" (the header has: \(names.joined(separator: ", ")))")
            }
            for c in ids { try unique(c) }
            var columnOfYear: [Int32: Int] = [:]
            for (c, year) in format.columnYears.enumerated() {
                guard let year else { continue }
                if let first = columnOfYear[year] { throw twice(first, c, "year \(year)") }
                columnOfYear[year] = c
            }
        case .auto:
            break
        }
        return (format, scanner.position, scanner.line - 1)
    }

    /// The year a wide-layout header names: `2005`, or World Bank Databank's `2005 [YR2005]`.
    static func year(ofHeader name: String) -> Int32? {
        let head = name.prefix(4)
        guard head.count == 4, head.allSatisfy(\.isASCII), let y = Int32(head), (1000...9999).contains(y) else { return nil }
        let rest = name.dropFirst(4)
        if rest.isEmpty || rest == " [YR\(head)]" { return y }
        return nil
    }
}

/// The rows of one block, with series ids numbered locally.
struct ParsedBlock: Sendable {
    var keys = ByteInterner(capacity: 4096)
    var rowKeys: [Int32] = []
    var years: [Int32] = []
    var values: [Double] = []
    var records = 0
    var missing = 0
    /// Line breaks in the block.
    var lines = 0
    /// With lines relative to the block (1 = its first line).
    var rejections: [PanelRejection] = []
    var rejectionCount = 0
    /// The first sub-annual period (its text as the reason) and how many rows have one.
    var subAnnual: PanelRejection?
    var subAnnualCount = 0

    /// `fastPath` false reads every record through the general scanner (tests compare the two).
    init(_ block: [UInt8], from start: Int, format: RowFormat, fastPath: Bool = true) {
        block.withUnsafeBufferPointer { p in parse(p, from: start, format, fastPath: fastPath) }
    }

    private mutating func parse(_ p: UnsafeBufferPointer<UInt8>, from start: Int, _ format: RowFormat, fastPath: Bool) {
        var scanner = ByteScanner(p, from: start)
        var spans: [ByteSpan] = []
        spans.reserveCapacity(format.width)
        var scratch: [UInt8] = []
        var lastKey: Int32 = -1
        var lastStart = 0, lastEnd = 0
        let capacity = format.layout == .long ? p.count / 20 : p.count / 6

        func reject(_ line: Int, _ at: Int, _ recordStart: Int, _ reason: String) {
            rejectionCount += 1
            if rejections.count < PanelReader.keptRejections {
                rejections.append(PanelRejection(line: line, column: scanner.column(at: at), reason: reason,
                                                 record: scanner.recordText(from: recordStart)))
            }
        }
        func text(_ s: ByteSpan) -> String { scanner.text(s) }

        // The id of the record: a span of the block, or bytes joined in `scratch`; nil with
        // `problem` set when the row cannot have one.
        var problem = (at: 0, reason: "")
        func key() -> Int32? {
            if format.idColumns.isEmpty, let id = format.emptyID { return keys.intern(id) }
            if format.idColumns.isEmpty { problem = (0, "the series id is empty"); return nil }
            if format.idColumns.count == 1 {
                let s = spans[format.idColumns[0]]
                if s.isEmpty, let id = format.emptyID { return keys.intern(id) }
                if s.isEmpty { problem = (s.start, "the series id is empty"); return nil }
                // Consecutive rows of one series: compare with the last id before checking and hashing.
                if lastKey >= 0, s.end - s.start == lastEnd - lastStart,
                   memcmp(p.baseAddress! + s.start, p.baseAddress! + lastStart, s.end - s.start) == 0 {
                    return lastKey
                }
                if let bad = scanner.identifierProblem(s, name: "series id") { problem = bad; return nil }
                if s.quoted && UnsafeBufferPointer(rebasing: p[s.start..<s.end]).contains(0x22) {
                    lastKey = -1
                    return keys.intern(Array(text(s).utf8))
                }
                lastKey = keys.intern(p, s.start, s.end)
                lastStart = s.start
                lastEnd = s.end
                return lastKey
            }
            scratch.removeAll(keepingCapacity: true)
            for (n, c) in format.idColumns.enumerated() {
                if let bad = scanner.identifierProblem(spans[c], name: "series id") { problem = bad; return nil }
                if n > 0 { scratch.append(0x3A) }
                scratch += Array(text(spans[c]).utf8)
            }
            if scratch.count == format.idColumns.count - 1, let id = format.emptyID { return keys.intern(id) }
            if scratch.count == format.idColumns.count - 1 {
                problem = (spans[format.idColumns[0]].start, "the series id is empty")
                return nil
            }
            return keys.intern(scratch)
        }

        // The fast path of the long layout with a one-column id: a row of plain fields on one line
        // (LF) is split eight bytes at a time, its year and value parsed inline and its id interned,
        // without spans. Anything else — a field count that is not the header's, an id with bytes
        // outside printable ASCII, a year or value that is not a plain number — goes to the general
        // scanner below, which reads that record exactly as it always has (interning is idempotent);
        // a block with a quote or a carriage return anywhere is read by the scanner throughout.
        // `PanelFastPathTests` holds the two paths to the same rows, ids, counts and rejections.
        let fast = fastPath && format.layout == .long && format.idColumns.count == 1 && format.width <= 16
            && memchr(p.baseAddress! + start, 0x22, p.count - start) == nil
            && memchr(p.baseAddress! + start, 0x0D, p.count - start) == nil
        let width = format.width, idColumn = format.idColumns.first ?? 0
        let yearColumn = format.yearColumn, valueColumn = format.valueColumn
        let base = p.baseAddress!
        let n = p.count
        var out = RowBuffer(capacity: max(1024, capacity))
        defer { out.free() }
        /// The first `,` or line feed at or after `i` (n when there is none), eight bytes at a time.
        @inline(__always) func delimiter(from i: Int) -> Int {
            var i = i
            while i + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let c = w ^ 0x2C2C_2C2C_2C2C_2C2C, l = w ^ 0x0A0A_0A0A_0A0A_0A0A
                // A zero byte of c or l is a delimiter; the lowest flagged byte is always a true one.
                let m = ((c &- 0x0101_0101_0101_0101) & ~c | (l &- 0x0101_0101_0101_0101) & ~l) & 0x8080_8080_8080_8080
                if m != 0 { return i + m.trailingZeroBitCount >> 3 }
                i += 8
            }
            while i < n, base[i] != 0x2C, base[i] != 0x0A { i += 1 }
            return i
        }
        while true {
            if fast {
                var i = scanner.position
                var rows = 0
                while i < n {
                    var idStart = 0, idEnd = 0, yearStart = 0, yearEnd = 0, valueStart = 0, valueEnd = 0
                    var field = 0, fieldStart = i, lineEnd = -1
                    while true {
                        let e = delimiter(from: fieldStart)
                        if e >= n { break }   // the last row has no line end: the scanner reads it
                        if field == idColumn { idStart = fieldStart; idEnd = e }
                        if field == yearColumn { yearStart = fieldStart; yearEnd = e }
                        if field == valueColumn { valueStart = fieldStart; valueEnd = e }
                        field += 1
                        if base[e] == 0x0A {
                            if field == width { lineEnd = e }
                            break
                        }
                        if field >= width { break }
                        fieldStart = e + 1
                    }
                    guard lineEnd >= 0, idEnd > idStart else { break }
                    var id: Int32
                    let length = idEnd - idStart
                    if lastKey >= 0, length == lastEnd - lastStart, memcmp(base + idStart, base + lastStart, length) == 0 {
                        id = lastKey
                    } else {
                        var plain = true
                        for k in idStart..<idEnd where base[k] < 0x20 || base[k] > 0x7E { plain = false; break }
                        guard plain else { break }
                        id = keys.intern(p, idStart, idEnd)
                        lastKey = id
                        lastStart = idStart
                        lastEnd = idEnd
                    }
                    var year = -1
                    if yearEnd - yearStart >= 1, yearEnd - yearStart <= 4 {
                        year = 0
                        for k in yearStart..<yearEnd {
                            let d = base[k] &- 0x30
                            if d > 9 { year = -1; break }
                            year = year * 10 + Int(d)
                        }
                    }
                    if year < 1 {
                        guard let y = NumberParsing.integer(p, yearStart, yearEnd), (1...9999).contains(y) else { break }
                        year = y
                    }
                    let value: Double
                    if let v = NumberParsing.plainDecimal(base, valueStart, valueEnd) {
                        value = v
                    } else if NumberParsing.isMissing(p, valueStart, valueEnd) {
                        records += 1
                        missing += 1
                        rows += 1
                        i = lineEnd + 1
                        continue
                    } else if let v = NumberParsing.double(p, valueStart, valueEnd), v.isFinite {
                        value = v
                    } else {
                        break
                    }
                    records += 1
                    out.append(id, Int32(year), value)
                    rows += 1
                    i = lineEnd + 1
                }
                scanner.skip(to: i, lines: rows)
            }
            guard let record = scanner.next(into: &spans) else { break }
            switch record {
            case .malformed(let line, let recordStart, let at, let message):
                records += 1
                reject(line, at, recordStart, message)
            case .fields(let line, let recordStart):
                if spans.count == 1, spans[0].isEmpty { continue } // a blank line
                if format.shape == .worldBank, ColumnMapping.isWorldBankFooter(spans, text) { continue }
                records += 1
                // As wide as the header, as in a dataset: a short row has lost cells, a long one has
                // shifted them, and either way no cell can be trusted to be under its header.
                guard spans.count == format.width else {
                    // Short: at the end of the row, where the next cell is missing; long: at the first extra cell.
                    let at = spans.count > format.width ? spans[format.width].start - (spans[format.width].quoted ? 1 : 0)
                                                        : spans[spans.count - 1].end + (spans[spans.count - 1].quoted ? 1 : 0)
                    reject(line, at, recordStart, "the row has \(spans.count) fields but the header has \(format.width)")
                    continue
                }
                guard let id = key() else {
                    reject(line, problem.at, recordStart, problem.reason)
                    continue
                }
                if format.layout == .long {
                    let ys = spans[format.yearColumn], vs = spans[format.valueColumn]
                    var year = NumberParsing.integer(p, ys.start, ys.end)
                    if year == nil {
                        // Not a plain year: a span of years (2015-16), or a sub-annual period (said once).
                        switch PeriodCell.parse(p, ys.start, ys.end, last: format.periodLast) {
                        case .year(let y): year = Int(y)
                        case .subAnnual:
                            subAnnualCount += 1
                            if subAnnual == nil {
                                subAnnual = PanelRejection(line: line, column: scanner.column(at: ys.start), reason: text(ys), record: "")
                            }
                            continue
                        case .invalid: break
                        }
                    }
                    guard let y = year, (1...9999).contains(y) else {
                        reject(line, ys.start, recordStart, "year '\(text(ys))' is not a whole year")
                        continue
                    }
                    if NumberParsing.isMissing(p, vs.start, vs.end) { missing += 1; continue }
                    guard let v = NumberParsing.double(p, vs.start, vs.end), v.isFinite else {
                        reject(line, vs.start, recordStart, "value '\(text(vs))' is not a finite number")
                        continue
                    }
                    out.append(id, Int32(y), v)
                } else {
                    for (c, year) in format.columnYears.enumerated() {
                        guard let year else { continue }
                        let s = spans[c]
                        if NumberParsing.isMissing(p, s.start, s.end) { missing += 1; continue }
                        guard let v = NumberParsing.double(p, s.start, s.end), v.isFinite else {
                            reject(line, s.start, recordStart, "the \(year) value '\(text(s))' is not a finite number")
                            continue
                        }
                        out.append(id, year, v)
                    }
                }
            }
        }
        (rowKeys, years, values) = out.arrays()
        lines = scanner.line - 1
        // A block that does not end with a line break (the last one) still ends its last line.
        if let last = p.last, last != 0x0A, last != 0x0D, p.count > start { lines += 1 }
    }
}

/// The rows of a block as they are parsed, appended without `Array`'s per-append uniqueness and
/// capacity checks (three appends a row were a tenth of the parsing); copied into the block's arrays
/// at the end, so the block holds no spare capacity.
private struct RowBuffer {
    private(set) var keys: UnsafeMutablePointer<Int32>
    private(set) var years: UnsafeMutablePointer<Int32>
    private(set) var values: UnsafeMutablePointer<Double>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        keys = .allocate(capacity: capacity)
        years = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
    }

    @inline(__always) mutating func append(_ key: Int32, _ year: Int32, _ value: Double) {
        if count == capacity { grow() }
        keys[count] = key
        years[count] = year
        values[count] = value
        count += 1
    }

    private mutating func grow() {
        capacity *= 2
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        keys = moved(keys)
        years = moved(years)
        values = moved(values)
    }

    func arrays() -> ([Int32], [Int32], [Double]) {
        (Array(UnsafeBufferPointer(start: keys, count: count)), Array(UnsafeBufferPointer(start: years, count: count)),
         Array(UnsafeBufferPointer(start: values, count: count)))
    }

    func free() {
        keys.deallocate()
        years.deallocate()
        values.deallocate()
    }
}

extension SeriesIndex {
    /// The number of series `id` when the panel has observations of it, else −1.
    public mutating func number(of id: String) -> Int32 {
        let n = interner.intern(Array(id.utf8))
        return Int(n) < observedCount ? n : -1
    }
}
