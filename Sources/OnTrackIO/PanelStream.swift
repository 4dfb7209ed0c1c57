import Foundation
import OnTrackPanel

/// Reads a panel whose series arrive one after another — every series' rows together, the series
/// in the order of their targets — in pieces: each ``next()`` gives the series that are complete so
/// far as a small ``Panel``, so that they can be assessed and written while the rest is read, and
/// memory does not grow with the number of series.
///
/// Series are numbered as the targets first name them (``PanelTargetsReader/readForStream(fd:file:workers:blockSize:)``).
/// Rows of a series that no target names are counted and dropped. A row of a series that is already
/// complete (its rows were not together, or the series came before the series of an earlier target)
/// stops the stream with ``Piece/notContiguous``; so does a rejected row: the caller then reads the
/// whole panel the usual way (``PanelReader``), which accepts any order and reports rejected rows
/// before anything is assessed.
public final class PanelStream {
    /// What ``next()`` gives.
    public enum Piece {
        /// Every series numbered below `below` is complete (all of them at the end of the input).
        case complete(below: Int, end: Bool)
        /// The input is not in the order streaming needs (or has a rejected row), at this line.
        case notContiguous(line: Int, reason: String)
    }

    private let source: BlockSource
    private let format: RowFormat
    private let blocks: ParsedAhead<ParsedBlock>
    private var index: SeriesIndex
    /// Series numbers below this are named by targets.
    private let targetSeries: Int
    private var finished = false
    /// The first series not yet handed out, and the series rows are coming for now.
    private var first = 0
    private var current = 0
    /// Rows of series first... (current included), in order.
    private var keys: [Int32] = []
    private var years: [Int32] = []
    private var values: [Double] = []
    /// Series numbers the panel has named (any row, even one with a missing value).
    private var seen: [Bool] = []
    private var nextLine: Int
    /// The series number likely to come next (one past the last one seen).
    private var guess = 0

    public private(set) var records = 0
    public private(set) var missing = 0
    public private(set) var duplicates = 0
    public private(set) var observations = 0
    public private(set) var seriesCount = 0
    public let layout: PanelLayout
    public var bytes: Int { source.bytesRead }

    /// Starts reading `fd`: reads the header (errors as ``PanelReader`` gives them).
    public init(fd: Int32, file: String, reader: PanelReader, index: SeriesIndex, targetSeries: Int) throws(LocatedError) {
        source = BlockSource(fd: fd, blockSize: reader.blockSize)
        let firstBlock: [UInt8]?
        do { firstBlock = try source.next() } catch { throw LocatedError(file: file, line: 0, column: 0, message: error.message) }
        guard let firstBlock else {
            throw LocatedError(file: file, line: 1, column: 1, message: "the input is empty; expected a header row")
        }
        let (format, dataStart, headerLines) = try firstBlock.withUnsafeBufferPointer { p throws(LocatedError) in
            var options = reader.columns
            options.layout = reader.layout
            options.idColumns = reader.idColumns
            return try RowFormat.header(p, file: file, options: options)
        }
        self.format = format
        layout = format.layout
        blocks = ParsedAhead(source, first: (firstBlock, dataStart), workers: reader.workers) { bytes, start in
            ParsedBlock(bytes, from: start, format: format)
        }
        self.index = index
        self.targetSeries = targetSeries
        nextLine = headerLines + 1
        seen = [Bool](repeating: false, count: max(targetSeries, 1024))
    }

    /// Whether the panel can be streamed: a plain long or wide file (the shapes that need the whole
    /// file — SDMX-CSV, Open SDG, World Bank with its footers and periods — are read whole).
    public var streamable: Bool { format.shape == .plain }

    /// Whether any target's series `s` had a row in the panel.
    public func isObserved(_ s: Int) -> Bool { s < seen.count && seen[s] }

    private var primed: Piece??

    /// Reads the first piece ahead (``next()`` gives it); false when the input already cannot be
    /// streamed — the common case for a scattered file, found in its first blocks.
    public func prime() throws(LocatedError) -> Bool {
        let piece = try next()
        primed = .some(piece)
        if case .notContiguous = piece { return false }
        return true
    }

    /// The next complete series, nil at the end of the input.
    public func next() throws(LocatedError) -> Piece? {
        if let piece = primed {
            primed = nil
            return piece
        }
        while !finished {
            // The next blocks are parsed while these are merged and their series assessed, so that
            // both cores have work from the first block on.
            guard let parsed = try blocks.next(file: "", line: nextLine) else {
                finished = true
                current = targetSeries
                return .complete(below: targetSeries, end: true)
            }
            for block in parsed {
                if block.rejectionCount > 0 {
                    let r = block.rejections.first
                    return .notContiguous(line: (r?.line ?? 1) + nextLine - 1, reason: r?.reason ?? "a rejected row")
                }
                var map = [Int32](repeating: 0, count: block.keys.count)
                block.keys.arena.withUnsafeBufferPointer { arena in
                    var start = 0
                    for (k, end) in block.keys.ends.enumerated() {
                        // In a panel in the targets' order, a block's next series is the one after
                        // the last (or the last again, at the start of a block): checked by its
                        // bytes before the id is hashed and looked up.
                        let g: Int32
                        if index.interner.isKey(guess, arena, start, end) {
                            g = Int32(guess)
                        } else if index.interner.isKey(guess - 1, arena, start, end) {
                            g = Int32(guess - 1)
                        } else {
                            g = index.interner.intern(arena, start, end)
                        }
                        guess = Int(g) + 1
                        map[k] = g
                        if Int(g) >= seen.count { seen += [Bool](repeating: false, count: max(Int(g) + 1 - seen.count, seen.count)) }
                        if !seen[Int(g)] { seen[Int(g)] = true; seriesCount += 1 }
                        start = end
                    }
                }
                records += block.records
                missing += block.missing
                // Local copies in the row loop: stored properties of a class pay an exclusivity
                // check on every access.
                var keys = self.keys, years = self.years, values = self.values
                self.keys = []; self.years = []; self.values = []
                var current = self.current
                let first = self.first, targetSeries = self.targetSeries
                var untargeted = 0
                var broken = false
                // A run of rows of one series is moved in one copy.
                let rowCount = block.rowKeys.count
                var i = 0
                while i < rowCount {
                    let k = block.rowKeys[i]
                    var runEnd = i + 1
                    while runEnd < rowCount, block.rowKeys[runEnd] == k { runEnd += 1 }
                    defer { i = runEnd }
                    let g = Int(map[Int(k)])
                    if g >= targetSeries { untargeted += runEnd - i; continue }   // no target: counted, not kept
                    if g != current {
                        if g < current { broken = true; break }
                        current = g
                    }
                    keys.append(contentsOf: repeatElement(Int32(g - first), count: runEnd - i))
                    years.append(contentsOf: block.years[i..<runEnd])
                    values.append(contentsOf: block.values[i..<runEnd])
                }
                self.keys = keys; self.years = years; self.values = values
                self.current = current
                observations += untargeted
                if broken {
                    return .notContiguous(line: nextLine, reason: "the rows of a series are not together, or the series are not in the order of their targets")
                }
                nextLine += block.lines
            }
            // Every series before the current one is complete.
            if current > first { return .complete(below: current, end: false) }
        }
        return nil
    }

    /// The lowest series number whose rows are still held.
    public var held: Int { first }

    /// The last panel handed out, for the counts of ``release(below:)``.
    private var last: Panel?

    /// The complete series held..<end as a panel (its series s is series `held + s`).
    public func panel(upTo end: Int) -> Panel {
        precondition(end >= first && (end <= current || finished), "only complete series")
        let span = end - first
        let split = rows(below: span)
        var builder = PanelBuilder()
        builder.append(keys: Array(keys[..<split]), years: Array(years[..<split]), values: Array(values[..<split]))
        let panel = builder.build(seriesIDs: [String](repeating: "", count: span)).panel
        last = panel
        return panel
    }

    /// The number of held rows of series below `first + span` (rows are in series order).
    private func rows(below span: Int) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(keys[mid]) < span { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Drops the rows of the series below `end`: they have been assessed. Duplicates and
    /// observations are counted as the whole-panel reader counts them (except that the rows of
    /// series without a target are not kept, so a repeated year among them counts as an
    /// observation, not as a duplicate).
    public func release(below end: Int) {
        guard end > first else { return }
        let span = end - first
        let split = rows(below: span)
        let kept: Int
        if let last, last.seriesCount >= span {
            kept = last.offsets[span]
        } else {
            var builder = PanelBuilder()
            builder.append(keys: Array(keys[..<split]), years: Array(years[..<split]), values: Array(values[..<split]))
            kept = builder.build(seriesIDs: [String](repeating: "", count: span)).panel.observationCount
        }
        last = nil
        duplicates += split - kept
        observations += kept
        keys = keys[split...].map { $0 - Int32(span) }
        years.removeSubrange(..<split)
        values.removeSubrange(..<split)
        first = end
    }
}

/// Targets numbered for streaming (``PanelTargetsReader/readForStream(fd:file:workers:blockSize:)``).
public struct StreamTargets: Sendable {
    public var result: PanelTargetsReader.Result
    /// The series ids the targets name, numbered in order of first sight.
    public var index: SeriesIndex
    /// Whether the targets of each series are together, the series in order of first sight.
    public var ordered: Bool

    public var seriesCount: Int { index.interner.count }

    /// Targets whose series are numbered in `index` in order of first sight.
    init(numbered result: PanelTargetsReader.Result, index: SeriesIndex) {
        var ordered = true
        var last: Int32 = -1
        for s in result.targets.series {
            if s < last { ordered = false; break }
            last = s
        }
        self.result = result
        self.index = index
        self.ordered = ordered
    }

    /// The same targets numbered against a panel read whole (as ``PanelTargetsReader/Parsed/resolve(index:)``
    /// numbers them): series the panel has keep its number, new ids are added to `panel`.
    public func renumbered(against panel: inout SeriesIndex) -> PanelTargetsReader.Result {
        var map = [Int32](repeating: -1, count: index.interner.count)
        index.interner.arena.withUnsafeBufferPointer { arena in
            var start = 0
            var guess = 0
            for (k, end) in index.interner.ends.enumerated() {
                // Targets in the panel's order: the next series is most often the panel's next one.
                let n = panel.interner.isKey(guess, arena, start, end) ? Int32(guess) : panel.interner.intern(arena, start, end)
                map[k] = n
                guess = Int(n) + 1
                start = end
            }
        }
        var result = self.result
        for t in result.targets.series.indices {
            let n = map[Int(result.targets.series[t])]
            result.targets.series[t] = Int(n) < panel.observedCount ? n : -1
        }
        return result
    }
}
