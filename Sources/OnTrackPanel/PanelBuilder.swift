/// Collects observations in input order and lays them out as a ``Panel``.
///
/// Rows may come in any order. ``build()`` groups them by series with a stable counting sort,
/// sorts each series by year (stable, so of two values for one year the later row wins, as in the
/// single-series rules) and keeps one value per year.
public struct PanelBuilder: Sendable {
    /// Rows in blocks, as parsed: series numbers local to the block and the map to the panel's.
    private var blocks: [Block] = []
    private var loose = Block(keys: [], map: nil, years: [], values: [])

    struct Block: Sendable {
        var keys: [Int32]
        var map: [Int32]?
        var years: [Int32]
        var values: [Double]
    }

    public init() {}

    public var rowCount: Int { blocks.reduce(loose.keys.count) { $0 + $1.keys.count } }

    /// Adds one observation of series number `series` (an index into the ids given to ``build(seriesIDs:)``).
    public mutating func append(series: Int32, year: Int32, value: Double) {
        loose.keys.append(series)
        loose.years.append(year)
        loose.values.append(value)
    }

    /// Adds a block of rows without copying it: row i is of series `map[keys[i]]`.
    public mutating func append(keys: [Int32], map: [Int32], years: [Int32], values: [Double]) {
        precondition(keys.count == years.count && years.count == values.count)
        flushLoose()
        blocks.append(Block(keys: keys, map: map, years: years, values: values))
    }

    /// Adds a block of rows without copying it: row i is of series `keys[i]`.
    public mutating func append(keys: [Int32], years: [Int32], values: [Double]) {
        precondition(keys.count == years.count && years.count == values.count)
        flushLoose()
        blocks.append(Block(keys: keys, map: nil, years: years, values: values))
    }

    private mutating func flushLoose() {
        if !loose.keys.isEmpty {
            blocks.append(loose)
            loose = Block(keys: [], map: nil, years: [], values: [])
        }
    }

    /// The panel, with `seriesIDs[s]` the id of series number s. Consumes the rows.
    public mutating func build(seriesIDs: [String]) -> (panel: Panel, duplicates: Int) {
        flushLoose()
        let n = seriesIDs.count
        let total = rowCount
        var offsets = [Int](repeating: 0, count: n + 1)
        for block in blocks {
            if let map = block.map {
                for k in block.keys { offsets[Int(map[Int(k)]) + 1] += 1 }
            } else {
                for k in block.keys { offsets[Int(k) + 1] += 1 }
            }
        }
        for s in 0..<n { offsets[s + 1] += offsets[s] }
        // Every slot is written exactly once below, so the arrays start uninitialised (no page is
        // touched before its rows land), and each block is freed once its rows are placed: the
        // rows are never held twice in full.
        var blocks = self.blocks
        self.blocks = []
        var values: [Double] = []
        var yearsOut: [Int32] = []
        // One block already in series order (a streamed piece, a panel written series by series):
        // its rows are where the counting sort would put them, so its arrays are taken as they are.
        if blocks.count == 1, blocks[0].map == nil, Self.nondecreasing(blocks[0].keys) {
            yearsOut = blocks[0].years
            values = blocks[0].values
            blocks = []
        } else {
            scatter(&blocks, offsets: offsets, total: total, years: &yearsOut, values: &values)
        }
        // Sort each series by year (insertion sort: stable and linear on sorted input), then keep the
        // last value of each year, compacting in place.
        var write = 0
        var duplicates = 0
        var compacted = [Int](repeating: 0, count: n + 1)
        yearsOut.withUnsafeMutableBufferPointer { yp in
            values.withUnsafeMutableBufferPointer { vp in
                guard let y = yp.baseAddress, let v = vp.baseAddress else { return }
                for s in 0..<n {
                    let lo = offsets[s], hi = offsets[s + 1]
                    if hi - lo > 1 {
                        for i in (lo + 1)..<hi where y[i] < y[i - 1] {
                            let year = y[i], value = v[i]
                            var j = i
                            while j > lo, y[j - 1] > year {
                                y[j] = y[j - 1]
                                v[j] = v[j - 1]
                                j -= 1
                            }
                            y[j] = year
                            v[j] = value
                        }
                    }
                    var i = lo
                    while i < hi {
                        var last = i
                        while last + 1 < hi, y[last + 1] == y[i] { last += 1 }
                        duplicates += last - i
                        y[write] = y[last]
                        v[write] = v[last]
                        write += 1
                        i = last + 1
                    }
                    compacted[s + 1] = write
                }
            }
        }
        if write < yearsOut.count {
            yearsOut.removeSubrange(write...)
            values.removeSubrange(write...)
        }
        return (Panel(seriesIDs: seriesIDs, offsets: compacted, years: yearsOut, values: values), duplicates)
    }

    private static func nondecreasing(_ keys: [Int32]) -> Bool {
        keys.withUnsafeBufferPointer { k in
            var i = 1
            while i < k.count, k[i - 1] <= k[i] { i += 1 }
            return i >= k.count
        }
    }

    /// Places the rows of `blocks` series after series (a stable counting sort on `offsets`).
    private func scatter(_ blocks: inout [Block], offsets: [Int], total: Int, years yearsOut: inout [Int32], values: inout [Double]) {
        var next = offsets
        yearsOut = [Int32](unsafeUninitializedCapacity: total) { yp, yCount in
            values = [Double](unsafeUninitializedCapacity: total) { vp, vCount in
                for b in blocks.indices {
                    let block = blocks[b]
                    blocks[b] = Block(keys: [], map: nil, years: [], values: [])
                    let map = block.map ?? []
                    let direct = block.map == nil
                    for i in 0..<block.keys.count {
                        let s = direct ? Int(block.keys[i]) : Int(map[Int(block.keys[i])])
                        (yp.baseAddress! + next[s]).initialize(to: block.years[i])
                        (vp.baseAddress! + next[s]).initialize(to: block.values[i])
                        next[s] += 1
                    }
                }
                vCount = total
            }
            yCount = total
        }
    }
}
