import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackIO
@testable import OnTrackPanel

// Regression tests for issue 12, items 4 (CR line ends), 5 (wide headers and row widths), 6 (ids
// with stray quotes, control characters or invalid UTF-8) and 14 (the interner's hash).

/// Writes `bytes` into a pipe from another thread and gives the read end to `body`.
func throughPipe<T>(_ bytes: [UInt8], _ body: (Int32) throws -> T) throws -> T {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let writer = fds[1]
    let feeder = Thread {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        close(writer)
    }
    feeder.start()
    defer { close(fds[0]) }
    return try body(fds[0])
}

/// Reads raw bytes as a panel, in blocks of `blockSize` (4096 at least) parsed by two workers.
private func readPanelBytes(_ bytes: [UInt8], layout: PanelLayout = .auto, idColumns: [String] = [],
                            blockSize: Int = 1 << 12) throws -> PanelReadResult {
    try throughPipe(bytes) { fd in
        try PanelReader(layout: layout, idColumns: idColumns, workers: 2, blockSize: blockSize).read(fd: fd, file: "p.csv")
    }
}

private func rejections(_ r: PanelReadResult) -> [String] {
    r.rejections.map { "\($0.line):\($0.column) \($0.reason)" }
}

private func targetIndex() throws -> SeriesIndex {
    try readPanel("series_id,year,value\na,2020,1\nb,2020,2\n").index
}

private let targetHeader = "target_id,series_id,form,bound,value,baseline_year,target_year"

@Suite struct PanelLineEndTests {
    @Test func loneCarriageReturnsEndLinesInTheLongLayout() throws {
        let r = try readPanel("series_id,year,value\ra,2020,1\ra,2021,2\rb,2020,x\rb,2021,4\r")
        #expect(series(r, "a") == [YearValue(2020, 1), YearValue(2021, 2)])
        #expect(series(r, "b") == [YearValue(2021, 4)])
        #expect(r.records == 4 && r.observations == 3)
        #expect(rejections(r) == ["4:8 value 'x' is not a finite number"])
        #expect(r.rejections.first?.record == "b,2020,x")
    }

    @Test func loneCarriageReturnsInTheWideLayoutWithQuotedIdsAndNoFinalLineEnd() throws {
        let r = try readPanel("id,2020,2021\r\"k, 1\",1,2\r\rk2,3,\rk3,5,zz")
        #expect(r.layout == .wide)
        #expect(series(r, "k, 1") == [YearValue(2020, 1), YearValue(2021, 2)])
        #expect(series(r, "k2") == [YearValue(2020, 3)])
        #expect(rejections(r) == ["5:6 the 2021 value 'zz' is not a finite number"])
    }

    @Test func aQuotedFieldKeepsItsCarriageReturnAndCountsItAsALine() throws {
        let r = try readPanel("series_id,year,value,note\ra,2020,1,\"x\ry\"\ra,2021,2,\"x\r\ny\"\rb,2020,bad,\r")
        #expect(series(r, "a") == [YearValue(2020, 1), YearValue(2021, 2)])
        #expect(rejections(r) == ["6:8 value 'bad' is not a finite number"])
    }

    /// The same rows with LF, CRLF and CR line ends, read in 4 KiB blocks (so records straddle the
    /// seams, a CRLF among them) and in one block, give the same panel and the same line numbers.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndAcrossBlockSeams(_ end: String) throws {
        var text = "series_id,year,value" + end
        for i in 0..<3000 {
            text += i % 500 == 499 ? "s\(i % 13),19x9,\(i)" + end : "s\(i % 13),\(1000 + i),\(i).25" + end
            if i % 250 == 0 { text += end } // a blank line
        }
        text += "z,2000,oops" + end
        let small = try readPanel(text, blockSize: 1 << 12)
        let big = try readPanel(text, blockSize: 1 << 24)
        let reference = try readPanel(text.replacingOccurrences(of: end, with: "\n"), blockSize: 1 << 24)
        for r in [small, big] {
            #expect(r.panel.seriesIDs == reference.panel.seriesIDs)
            #expect(r.panel.values == reference.panel.values && r.panel.years == reference.panel.years)
            #expect(r.records == 3001 && r.observations == 2994)
            #expect(rejections(r) == rejections(reference))
        }
        // Header, 3000 rows, 12 blank lines: "z,2000,oops" is line 3014.
        #expect(rejections(reference).last == "3014:8 value 'oops' is not a finite number")
        #expect(reference.rejections.count == 7)
    }

    /// A CRLF cut between its CR and its LF by the end of a read must not count as two line ends.
    @Test func aCRLFSplitByTheEndOfABlock() throws {
        // The first read takes exactly 4096 bytes; make its last byte the CR of a CRLF.
        let header = "series_id,year,value\r\n"
        var text = header
        var i = 0
        while text.utf8.count < 4096 - 40 { text += "a,\(1000 + i),1\r\n"; i += 1 }
        let pad = 4096 - 1 - text.utf8.count - "b,2000,".utf8.count
        text += "b,2000," + String(repeating: "1", count: pad) + "\r\n"
        #expect(Array(text.utf8)[4095] == 0x0D)
        for _ in 0..<50 { text += "c,\(1000 + i),1\r\n"; i += 1 }
        text += "c,2000,bad\r\n"
        let r = try readPanel(text, blockSize: 1 << 12)
        let lines = text.components(separatedBy: "\r\n").count - 1
        #expect(rejections(r) == ["\(lines):8 value 'bad' is not a finite number"])
        #expect(r.records == lines - 1)
    }

    @Test func blockCutsFollowTheScanner() {
        func cut(_ s: String) -> Int? { BlockSource.lastRecordEnd(Array(s.utf8)) }
        #expect(cut("a,1\r\nb,2\r") == 5)          // the last CR may be half of a CRLF
        #expect(cut("a,1\rb,2\r\n") == 9)
        #expect(cut("a,1\rb,2\rc") == 8)
        #expect(cut("a,\"x\ry\"\rb") == 8)          // a CR inside quotes is data
        #expect(cut("a,\"x\r\n") == nil)
        #expect(cut("a\"b,1\nc,\"d\ne\",2\nf") == 16) // a stray quote does not open a quoted field
        #expect(cut("\"a\"x,\"\n1\n") == 9)         // after text after a closing quote, a quote opens nothing
        #expect(cut("\"a\"\"\nb\"\nc") == 8)        // a doubled quote stays inside the field
    }

    /// Random text over the bytes that matter (quotes, commas, CR, LF) read in 4 KiB blocks and in
    /// one block: block cuts and the scanner agree on every record, so both reads are the same.
    @Test func randomTextReadsTheSameInSmallAndLargeBlocks() throws {
        let alphabet = Array("aab1122.,,,,\"\"\n\n\r -".utf8)
        var x: UInt64 = 0x2545_F491_4F6C_DD1D
        for round in 0..<40 {
            var bytes = Array("series_id,year,value\n".utf8)
            for _ in 0..<(12_000 + round * 300) {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17
                // Mostly well-formed rows, with a random byte now and then.
                if x % 9 == 0 {
                    bytes.append(alphabet[Int(x >> 32) % alphabet.count])
                } else if x % 9 == 1 {
                    bytes += Array("\"s\(x % 50)\",\(2000 + x % 20),\(x % 1000)\(x % 3 == 0 ? "\r\n" : x % 3 == 1 ? "\r" : "\n")".utf8)
                } else if x % 9 == 2 {
                    bytes += Array("s\(x % 50),\(2000 + x % 20),\(x % 1000)\n".utf8)
                }
            }
            let small = try readPanelBytes(bytes, blockSize: 1 << 12)
            let big = try readPanelBytes(bytes, blockSize: 1 << 24)
            #expect(small.panel.seriesIDs == big.panel.seriesIDs, "round \(round)")
            #expect(small.panel.values == big.panel.values && small.panel.years == big.panel.years, "round \(round)")
            #expect(small.records == big.records && small.missing == big.missing, "round \(round)")
            #expect(small.rejections == big.rejections, "round \(round)")
        }
    }

    @Test func targetsWithLoneCarriageReturnsAcrossBlockSeams() throws {
        var text = targetHeader + "\r"
        for i in 0..<400 { text += "t\(i),\(i % 2 == 0 ? "a" : "b"),level,>=,\(i),2020,2025\r" }
        text += "bad,a,level,>=,1,2020,1999\r"
        var index = try targetIndex()
        let r = try throughPipe(Array(text.utf8)) { fd in
            try PanelTargetsReader.read(fd: fd, file: "t.csv", index: &index, workers: 2, blockSize: 1 << 12)
        }
        #expect(r.targets.ids.count == 400 && r.targets.ids.last == "t399")
        #expect(r.targets.series.prefix(2) == [0, 1])
        #expect(r.rejections.map { "\($0.line) \($0.reason)" } == ["402 target_year 1999 is not after baseline_year 2020"])
        var again = try targetIndex()
        let memory = try PanelTargetsReader.read(Array(text.utf8), file: "t.csv", index: &again)
        #expect(memory.targets.ids == r.targets.ids && memory.rejections == r.rejections)
    }
}

@Suite struct PanelWidthTests {
    @Test(arguments: [("2010", "2010"), ("2010", "2010 [YR2010]"), ("2010 [YR2010]", "\"2010\"")])
    func aYearWithTwoWideColumnsIsAnError(_ first: String, _ second: String) throws {
        let text = "country,\(first),2011,\(second)\nx,1,2,3\n"
        let error = try #require(throws: LocatedError.self) { try readPanel(text) }
        let firstName = first.replacingOccurrences(of: "\"", with: "")
        let secondName = second.replacingOccurrences(of: "\"", with: "")
        let secondColumn = "country,\(first),2011,".count + 1
        #expect(error.line == 1 && error.column == secondColumn)
        #expect(error.message == "year 2010 has two columns: '\(firstName)' (column 9) and '\(secondName)' (column \(secondColumn)); keep one")
    }

    @Test func usedColumnsNamedTwiceAreAnError() throws {
        let long = try #require(throws: LocatedError.self) { try readPanel("series_id,year,value,Year\na,2020,1,2021\n") }
        #expect(long.description == "p.csv:1:22: 'year' has two columns: 'year' (column 11) and 'Year' (column 22); keep one")
        let ids = try #require(throws: LocatedError.self) { try readPanel("series_id,2020,series_id\na,1,b\n") }
        #expect(ids.column == 16 && ids.message.hasPrefix("'series_id' has two columns"))
        // Unused columns may repeat.
        #expect(try readPanel("series_id,year,value,note,note\na,2020,1,x,y\n").observations == 1)

        var index = try targetIndex()
        let text = targetHeader + ",Value\nt1,a,level,>=,1,2020,2025,2\n"
        let targets = try #require(throws: LocatedError.self) { try PanelTargetsReader.read(Array(text.utf8), file: "t.csv", index: &index) }
        #expect(targets.description == "t.csv:1:64: 'value' has two columns (columns 32 and 64); keep one")
    }

    @Test func shortAndLongWideRowsAreRejectedRows() throws {
        let r = try readPanel("""
            id,2019,2020,2021
            a,1,2,3
            b,1,2
            c,1,2,3,4
            d
            "e",1,2,"3",""
            f,,,
            """)
        #expect(series(r, "a").count == 3)
        #expect(r.observations == 3 && !r.panel.seriesIDs.contains { ["b", "c", "d", "e"].contains($0) })
        #expect(rejections(r) == [
            "3:6 the row has 3 fields but the header has 4",
            "4:9 the row has 5 fields but the header has 4",
            "5:2 the row has 1 fields but the header has 4",
            "6:13 the row has 5 fields but the header has 4",
        ])
        #expect(r.records == 6 && r.missing == 3 && r.rejectionCount == 4)
    }

    @Test func shortAndLongRowsAreRejectedInTheLongLayoutAndInTargets() throws {
        let r = try readPanel("series_id,year,value\na,2020,1,\nb,2020\nc,2020,3\n")
        #expect(r.panel.seriesIDs == ["c"])
        #expect(rejections(r) == ["2:10 the row has 4 fields but the header has 3", "3:7 the row has 2 fields but the header has 3"])

        var index = try targetIndex()
        let text = targetHeader + "\nt1,a,level,>=,1,2020,2025\nt2,a,level,>=,1,2020,2025,x\nt3,a,level,>=,1,2020\n"
        let t = try PanelTargetsReader.read(Array(text.utf8), file: "t.csv", index: &index)
        #expect(t.targets.ids == ["t1"])
        #expect(t.rejections.map { "\($0.line):\($0.column) \($0.reason)" } == [
            "3:27 the row has 8 fields but the header has 7", "4:21 the row has 6 fields but the header has 7",
        ])
    }
}

@Suite struct PanelIdentifierTests {
    /// A long panel whose second row has the id `id` (raw bytes).
    func panel(_ id: [UInt8]) throws -> PanelReadResult {
        try readPanelBytes(Array("series_id,year,value\na,2020,1\n".utf8) + id + Array(",2020,2\nz,2020,3\n".utf8))
    }

    @Test func strayQuotesRejectTheRowAndOnlyTheRow() throws {
        let r = try readPanel("series_id,year,value\nab\"c,2020,1\nd,2020,2\"\ne,2020,3\n\"f\"g,2020,4\nh,2020,5\n")
        #expect(r.panel.seriesIDs == ["e", "h"])
        #expect(rejections(r) == [
            "2:3 \(ByteScanner.strayQuote)",
            "3:9 \(ByteScanner.strayQuote)",
            "5:4 text after the closing quote",
        ])
        // A quoted id with a doubled quote is well-formed CSV and keeps its quote.
        let quoted = try readPanel("series_id,year,value\n\"a\"\"b\",2020,1\n")
        #expect(quoted.panel.seriesIDs == ["a\"b"])
    }

    /// A stray quote must not make block cuts and the scanner disagree: what follows it is read as
    /// in one block.
    @Test func aStrayQuoteBeforeQuotedLineBreaksAcrossSeams() throws {
        var text = "series_id,year,value,note\nx\"y,2020,1,\n"
        for i in 0..<400 { text += "s\(i % 5),\(1000 + i),\(i),\"a\nb\"\n" }
        let small = try readPanel(text, blockSize: 1 << 12)
        let big = try readPanel(text, blockSize: 1 << 24)
        #expect(small.observations == 400 && big.observations == 400)
        #expect(small.panel.values == big.panel.values)
        #expect(rejections(small) == ["2:2 \(ByteScanner.strayQuote)"])
    }

    @Test func controlCharactersInIdsRejectTheRow() throws {
        for (id, code, column) in [([0x61, 0x00, 0x62], "U+0000", 2), ([0x00], "U+0000", 1), ([0x1B, 0x5B, 0x33, 0x31, 0x6D], "U+001B", 1),
                                   ([0x61, 0x09], "U+0009", 2), ([0x7F], "U+007F", 1), ([0xC2, 0x85], "U+0085", 1)] as [([UInt8], String, Int)] {
            let r = try panel(id)
            #expect(r.panel.seriesIDs == ["a", "z"], "\(id)")
            #expect(rejections(r) == ["3:\(column) the series id holds the control character \(code); ids may not contain control characters"])
        }
    }

    @Test func invalidUTF8InIdsRejectsTheRow() throws {
        let bad: [[UInt8]] = [
            [0x61, 0xFF], [0x80], [0xC3], [0xC3, 0x28], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xE4, 0xB8], [0xF5, 0x80, 0x80, 0x80],
        ]
        for id in bad {
            let r = try panel(id)
            #expect(r.panel.seriesIDs == ["a", "z"], "\(id)")
            #expect(r.rejections.map(\.reason) == ["the series id is not valid UTF-8"], "\(id)")
            #expect(r.rejections.first?.line == 3)
        }
        for good in ["中国", "ü", "😀x", "\u{FFFD}", "\u{10FFFF}", "a b"] {
            let r = try panel(Array(good.utf8))
            #expect(r.panel.seriesIDs == ["a", good, "z"], "\(good)")
            #expect(r.rejectionCount == 0)
        }
    }

    @Test func joinedIdsAndQuotedIdsAreCheckedToo() throws {
        let text = Array("country,code,2020\nCHN,X,1\n\"KO\u{0}R\",Y,2\nUSA,\"".utf8) + [0xFE] + Array("\",3\n".utf8)
        let r = try readPanelBytes(text, idColumns: ["country", "code"])
        #expect(r.panel.seriesIDs == ["CHN:X"])
        #expect(r.rejections.map(\.reason) == [
            "the series id holds the control character U+0000; ids may not contain control characters",
            "the series id is not valid UTF-8",
        ])
        #expect(r.rejections.map(\.line) == [3, 4])
    }

    @Test func targetsRejectTheSameIds() throws {
        var index = try targetIndex()
        var bytes = Array((targetHeader + "\nt1,a,level,>=,1,2020,2025\n").utf8)
        bytes += Array("t2,a".utf8) + [0x00] + Array(",level,>=,1,2020,2025\n".utf8)
        bytes += Array("t3,".utf8) + [0xC3, 0x28] + Array(",level,>=,1,2020,2025\n".utf8)
        bytes += Array("t\"4,a,level,>=,1,2020,2025\n".utf8)
        bytes += Array("t5".utf8) + [0x07] + Array(",a,level,>=,1,2020,2025\n".utf8)
        bytes += Array("t6,b,level,>=,1,2020,2025\n".utf8)
        let r = try PanelTargetsReader.read(bytes, file: "t.csv", index: &index)
        #expect(r.targets.ids == ["t1", "t6"])
        #expect(r.rejections.map { "\($0.line):\($0.column) \($0.reason)" } == [
            "3:5 the series id holds the control character U+0000; ids may not contain control characters",
            "4:4 the series id is not valid UTF-8",
            "5:2 \(ByteScanner.strayQuote)",
            "6:3 the target id holds the control character U+0007; ids may not contain control characters",
        ])
    }
}

@Suite struct ByteInternerHashTests {
    func hash(_ key: [UInt8], seed: UInt64 = 0) -> UInt64 {
        key.withUnsafeBufferPointer { ByteInterner.hash($0, 0, $0.count, seed: seed) }
    }

    /// Families of keys that differ only in a few bytes — short numbered ids, ISO-like codes, and
    /// long ids sharing a prefix — must fill a table's slots like random numbers would.
    @Test(arguments: [
        "s%06d (7 bytes)", "s%07d (8 bytes)", "%d (1-6 bytes)", "3 letters", "06-byte prefix", "14-byte prefix",
        "15-byte prefix", "30-byte prefix", "46-byte prefix", "47-byte prefix", "62-byte prefix",
    ])
    func slotsAreFilledLikeRandomNumbers(_ family: String) {
        let n = 60_000
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        func key(_ i: Int) -> [UInt8] {
            switch family {
            case "s%06d (7 bytes)": return Array(String(format: "s%06d", i).utf8)
            case "s%07d (8 bytes)": return Array(String(format: "s%07d", i).utf8)
            case "%d (1-6 bytes)": return Array(String(i).utf8)
            case "3 letters": return [letters[i % 26], letters[i / 26 % 26], letters[i / 676 % 26]] + (i >= 17_576 ? [UInt8(0x30 + i / 17_576)] : [])
            default: // a shared prefix, then two bytes: the adversarial case
                return [UInt8](repeating: 0x78, count: Int(family.prefix(2))!) + [UInt8(i / 256), UInt8(i % 256)]
            }
        }
        let bits = 17
        let mask = (1 << bits) - 1
        var used = Set<Int>()
        var distinct = Set<UInt64>()
        for i in 0..<n {
            let h = hash(key(i))
            distinct.insert(h)
            used.insert(Int(truncatingIfNeeded: h) & mask)
        }
        #expect(distinct.count == n)
        // n keys into m slots at random occupy m(1 − e^(−n/m)) of them (≈ 48 000 here).
        let m = Double(1 << bits)
        let expected = m * (1 - exp(-Double(n) / m))
        #expect(Double(used.count) > 0.97 * expected, "\(used.count) of \(Int(expected)) expected slots")
    }

    /// Flipping any one bit of a key of any length flips about half of the hash's bits, the low
    /// bits (the slot) included.
    @Test func everyByteOfEveryLengthAvalanches() {
        var x: UInt64 = 0x1234_5678_9ABC_DEF1
        for length in 1...70 {
            var flips = 0, changed = 0, changedLow = 0
            for _ in 0..<8 {
                var key = [UInt8](repeating: 0, count: length)
                for k in 0..<length { x = x &* 6364136223846793005 &+ 1442695040888963407; key[k] = UInt8(x >> 56) }
                let h = hash(key)
                for bit in 0..<(length * 8) {
                    var other = key
                    other[bit / 8] ^= 1 << (bit % 8)
                    let d = h ^ hash(other)
                    #expect(d != 0, "length \(length), bit \(bit)")
                    changed += d.nonzeroBitCount
                    changedLow += (d & 0xFFFF).nonzeroBitCount
                    flips += 1
                }
            }
            let mean = Double(changed) / Double(flips), meanLow = Double(changedLow) / Double(flips)
            #expect((28...36).contains(mean), "length \(length): \(mean) bits of 64")
            #expect((6.5...9.5).contains(meanLow), "length \(length): \(meanLow) of the low 16 bits")
        }
    }

    @Test func theSeedChangesTheHashButNotTheNumbering() {
        let keys = (0..<5000).map { Array("k\($0)".utf8) } + [[], [0], [0, 0]]
        #expect(hash(keys[1], seed: 1) != hash(keys[1], seed: 2))
        var a = ByteInterner(capacity: 4), b = ByteInterner(capacity: 1 << 14)
        let numbers = keys.map { a.intern($0) }
        #expect(numbers == Array(0..<Int32(keys.count)))
        #expect(keys.map { b.intern($0) } == numbers)
        #expect(keys.reversed().map { a.intern($0) } == numbers.reversed())
        #expect(a.strings() == keys.map { String(decoding: $0, as: UTF8.self) })
    }
}
