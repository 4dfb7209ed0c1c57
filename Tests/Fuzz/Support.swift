// Shared by every fuzz target (Tests/Fuzz/Targets/*.swift); built by Scripts/fuzz.sh, not by SwiftPM.
//
// A harness feeds the bytes libFuzzer gives it to one reader and then checks what the reader
// promises (README, docs/panel.md, Datasets/FORMAT.md). It never passes bytes that are expected to
// crash: every trap — a Swift runtime trap in the code under test or a failed `check` below — is a
// finding, and libFuzzer keeps the input in .build-fuzz/crashes/<target>/.
import Foundation
import OnTrackCore
@testable import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

/// Stops the run on a broken promise; the message names the promise.
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("FUZZ FINDING: \(message())", file: file, line: line)
    }
}

/// The fuzz input as an array.
func inputBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Runs `body` with the read end of a pipe that yields `bytes` and then end of file, as a panel
/// arrives on standard input. Small inputs fit the pipe's buffer; larger ones are fed by a thread.
func withPipe<T>(_ bytes: [UInt8], _ body: (Int32) throws(LocatedError) -> T) throws(LocatedError) -> T {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { fatalError("pipe: \(String(cString: strerror(errno)))") }
    let reader = fds[0], writer = fds[1]
    @Sendable func feed() {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
        }
        close(writer)
    }
    if bytes.count <= 32 << 10 {
        feed()
        defer { close(reader) }
        return try body(reader)
    }
    let done = DispatchSemaphore(value: 0)
    let feeder = Thread { feed(); done.signal() }
    feeder.start()
    defer { close(reader); done.wait() }
    return try body(reader)
}

/// Called once by libFuzzer: a reader that stops early must not kill the feeding thread.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    signal(SIGPIPE, SIG_IGN)
    return 0
}

/// Number of line ends (LF, CRLF, lone CR) in `bytes`, plus one for a last line without one.
func lineCount(_ bytes: [UInt8]) -> Int {
    var n = 0, i = 0
    while i < bytes.count {
        if bytes[i] == 0x0A { n += 1 } else if bytes[i] == 0x0D { n += 1; if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 } }
        i += 1
    }
    if let last = bytes.last, last != 0x0A, last != 0x0D { n += 1 }
    return n
}

/// The cells of the first line, split at commas and trimmed (for picking id columns by name).
func headerNames(_ bytes: [UInt8]) -> [String] {
    let line = bytes.prefix { $0 != 0x0A && $0 != 0x0D }
    return String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
}

/// Whether a scalar is a control character (C0, DEL, C1).
func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || (0x7F...0x9F).contains(u.value) }

// MARK: - Verdicts

/// README: "Every number is either finite or absent" — in every verdict, whatever the input.
func checkFinite(_ a: Assessment, _ what: String) {
    func ok(_ v: Double?, _ name: String) { check(v.map(\.isFinite) ?? true, "\(what): \(name) = \(v!) is not finite (status \(a.status.rawValue))") }
    ok(a.baseline?.value, "baseline")
    ok(a.aim, "aim")
    ok(a.latest?.value, "latest")
    ok(a.expectedAtLatest, "expected_at_latest")
    ok(a.gapToPath, "gap_to_path")
    ok(a.gapToPathPercent, "gap_to_path_pct")
    ok(a.requiredFromBaseline?.display, "required_from_baseline")
    ok(a.requiredFromLatest?.display, "required_from_latest")
    ok(a.actualChange?.display, "actual_rate")
    ok(a.ratio, "ratio")
    ok(a.projection?.value, "projected")
    ok(a.projectionGap, "projection_gap")
    ok(a.projection?.low, "pi80_low")
    ok(a.projection?.high, "pi80_high")
    ok(a.projection?.probability, "p_reach")
    ok(a.shortfall, "shortfall")
    ok(a.shortfallPercent, "shortfall_pct")
    ok(a.cumulative?.runningSum, "cumulative running sum")
    ok(a.cumulative?.expectedRunningSum, "cumulative expected running sum")
    ok(a.cumulative?.remaining, "cumulative_remaining")
    ok(a.cumulative?.averageNeeded, "cumulative_average_needed")
    ok(a.cumulative?.latestFlow, "cumulative latest flow")
    if let p = a.projection?.probability { check((0...1).contains(p), "\(what): p_reach \(p) is outside [0, 1]") }
}

/// Assesses `targets` on `panel` and writes the verdicts as CSV and JSON Lines: no trap, every
/// number finite or absent, one verdict per target.
func assessAndWrite(_ panel: Panel, _ targets: PanelTargets, evaluationYear: Int = 2024, parseJSON: Bool = true) {
    guard targets.count > 0 else { return }
    let engine = PanelAssessor(options: AssessmentOptions(evaluationYear: evaluationYear), workers: 1)
    let results = engine.assessAll(panel, targets)
    check(results.count == targets.count, "\(results.count) verdicts for \(targets.count) targets")
    for (i, a) in results.enumerated() { checkFinite(a, "target \(targets.ids[i])") }
    for format in [PanelWriter.Format.csv, .jsonl] {
        let writer = PanelWriter(format: format, forSpreadsheet: format == .csv)
        var out = writer.header()
        out += writer.encode(results, targets: targets, range: 0..<targets.count)
        check(String(validating: out, as: UTF8.self) != nil, "the \(format.rawValue) output is not UTF-8")
        if format == .csv {
            // The output reads back as CSV with one row per target, every row as wide as the header.
            guard let records = try? CSVReader.parse(out, file: "out.csv") else {
                check(false, "the CSV output does not read back as CSV"); return
            }
            check(records.count == targets.count + 1, "the CSV output has \(records.count - 1) rows for \(targets.count) targets")
            for r in records { check(r.fields.count == PanelWriter.columns.count, "a CSV output row has \(r.fields.count) cells") }
        } else {
            let lines = out.split(separator: 0x0A)
            check(lines.count == targets.count, "the JSON Lines output has \(lines.count) lines for \(targets.count) targets")
            for line in lines where parseJSON {
                check((try? JSONSerialization.jsonObject(with: Data(line))) is [String: Any], "a JSON line is not an object: \(String(decoding: line, as: UTF8.self))")
            }
        }
    }
}

// MARK: - Panels

/// Reads `bytes` as a panel through a pipe.
func readPanel(_ bytes: [UInt8], layout: PanelLayout, idColumns: [String] = [], workers: Int, blockSize: Int) -> Result<PanelReadResult, LocatedError> {
    Result { () throws(LocatedError) in
        try withPipe(bytes) { fd throws(LocatedError) in
            try PanelReader(layout: layout, idColumns: idColumns, workers: workers, blockSize: blockSize).read(fd: fd, file: "p.csv")
        }
    }
}

/// What a panel read promises, whatever the bytes.
func checkPanel(_ r: PanelReadResult, _ bytes: [UInt8], layout: PanelLayout) {
    let p = r.panel
    check(p.offsets.count == p.seriesIDs.count + 1 && p.offsets.first == 0 && p.offsets.last == p.values.count,
          "the panel's offsets do not frame its observations")
    check(Set(p.seriesIDs).count == p.seriesIDs.count, "two series have the same id")
    for s in 0..<p.seriesCount {
        let range = p.range(of: s)
        // (A series may have no observation: an id whose rows were all missing or rejected.)
        for k in range {
            check(p.values[k].isFinite, "series \(p.seriesIDs[s]) holds the non-finite value \(p.values[k])")
            check((1...9999).contains(p.years[k]), "series \(p.seriesIDs[s]) holds the year \(p.years[k])")
            if k > range.lowerBound { check(p.years[k - 1] < p.years[k], "series \(p.seriesIDs[s]): years not strictly increasing") }
        }
    }
    // Ids: not empty, UTF-8, no control characters (issue 12, item 6: the dataset reader's rules).
    r.index.interner.arena.withUnsafeBufferPointer { arena in
        var start = 0
        for end in r.index.interner.ends {
            let key = Array(arena[start..<end])
            check(!key.isEmpty, "an empty series id was kept")
            guard let text = String(validating: key, as: UTF8.self) else {
                check(false, "the series id \(key) is not UTF-8"); return
            }
            check(!text.unicodeScalars.contains(where: isControl), "the series id \(text.debugDescription) holds a control character")
            start = end
        }
    }
    check(r.observations == p.observationCount, "observations \(r.observations) ≠ the panel's \(p.observationCount)")
    check(r.rejectionCount >= r.rejections.count, "more rejections kept than counted")
    check(r.records >= r.rejectionCount || layout == .wide, "more rejected rows than rows")
    if layout == .long {
        // docs/panel.md: every input row is used, counted as missing, or rejected.
        check(r.records == r.observations + r.duplicates + r.missing + r.rejectionCount,
              "rows do not add up: \(r.records) rows ≠ \(r.observations) kept + \(r.duplicates) duplicate + \(r.missing) missing + \(r.rejectionCount) rejected")
    }
    let lines = lineCount(bytes)
    for j in r.rejections {
        check(j.line >= 2 && j.line <= max(lines, 2), "a rejection at line \(j.line) of a \(lines)-line input: \(j.reason)")
        check(j.column >= 1, "a rejection at column \(j.column)")
        check(!j.reason.isEmpty, "a rejection without a reason")
    }
}

/// Two reads of the same bytes must agree whatever the block size and the number of threads.
func checkSame(_ a: PanelReadResult, _ b: PanelReadResult, _ what: String) {
    check(a.panel.seriesIDs == b.panel.seriesIDs, "\(what): series ids differ")
    check(a.panel.offsets == b.panel.offsets && a.panel.years == b.panel.years, "\(what): observations differ")
    check(zip(a.panel.values, b.panel.values).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(what): values differ")
    check(a.records == b.records && a.missing == b.missing && a.duplicates == b.duplicates && a.rejectionCount == b.rejectionCount,
          "\(what): counts differ (records \(a.records)/\(b.records), missing \(a.missing)/\(b.missing), duplicates \(a.duplicates)/\(b.duplicates), rejected \(a.rejectionCount)/\(b.rejectionCount))")
    check(a.rejections == b.rejections, "\(what): rejections differ: \(a.rejections.prefix(3)) vs \(b.rejections.prefix(3))")
}

/// The numbers a bound is written with.
func written(_ b: Bound) -> [Double] {
    switch b {
    case .reach(let v), .atLeast(let v), .moreThan(let v), .atMost(let v), .lessThan(let v), .about(let v): return [v]
    case .range(let lo, let hi): return [lo, hi]
    }
}

/// Targets of several forms on the first series of a panel, with values taken from the series.
func probeTargets(_ p: Panel) -> PanelTargets {
    var t = PanelTargets()
    for s in 0..<min(p.seriesCount, 3) {
        let range = p.range(of: s)
        guard !range.isEmpty else { continue }
        let first = p.values[range.lowerBound], last = p.values[range.upperBound - 1]
        let year = Int(p.years[range.lowerBound])
        guard year < 9990 else { continue }
        let id = p.seriesIDs[s]
        let specs: [TargetSpec] = [
            TargetSpec(form: .level, bound: .reach(last * 2), targetYear: year + 5, baseline: nil, baselineYear: year),
            TargetSpec(form: .level, bound: .atMost(first / 3), targetYear: year + 9, baseline: first, baselineYear: year, method: .linear),
            TargetSpec(form: .share, bound: .range(min(first, last), max(first, last)), targetYear: year + 3, baseline: nil, baselineYear: year),
            TargetSpec(form: .reduction, bound: .atLeast(14), targetYear: year + 5, baseline: first, baselineYear: year),
            TargetSpec(form: .cumulative, bound: .moreThan(last * 5), targetYear: year + 5, baseline: nil, baselineYear: year),
            TargetSpec(form: .averageGrowth, bound: .about(6), targetYear: year + 5, baseline: first, baselineYear: year),
        ]
        // Only targets the targets reader could have accepted: every written number finite.
        for (k, spec) in specs.enumerated() where spec.bound.map(written)?.allSatisfy(\.isFinite) ?? true {
            t.append(id: "\(s).\(k)", seriesID: id, series: Int32(s), spec: spec)
        }
    }
    return t
}

/// The panel properties for one layout: the read is the same in one block on one thread and in
/// 4 KiB blocks on two; its result keeps every promise; the engine takes whatever it accepted.
func fuzzPanel(_ bytes: [UInt8], layout: PanelLayout) {
    let one = readPanel(bytes, layout: layout, workers: 1, blockSize: 1 << 16)
    let many = readPanel(bytes, layout: layout, workers: 2, blockSize: 1 << 12)
    switch (one, many) {
    case (.failure(let a), .failure(let b)):
        check(a == b, "the header error depends on the block size: \(a) vs \(b)")
        check(a.line >= 0 && a.column >= 0 && !a.message.isEmpty, "a header error without a place or message: \(a)")
        return
    case (.success(let a), .success(let b)):
        checkPanel(a, bytes, layout: layout)
        checkSame(a, b, "one block vs 4 KiB blocks on two threads")
        assessAndWrite(a.panel, probeTargets(a.panel), parseJSON: false)
    case (.success, .failure(let e)), (.failure(let e), .success):
        check(false, "one read failed and the other did not: \(e)")
    }
    // Joined id columns, named as in the header.
    let names = headerNames(bytes)
    if names.count >= 3, case .success(let r) = readPanel(bytes, layout: layout, idColumns: [names[0], names[1]], workers: 1, blockSize: 1 << 16) {
        checkPanel(r, bytes, layout: layout)
    }
}
