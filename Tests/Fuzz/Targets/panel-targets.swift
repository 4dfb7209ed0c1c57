// Fuzz target `panel-targets`: PanelTargetsReader (the targets of `assess --panel`), in memory and
// through a pipe in 4 KiB blocks on two threads; then the engine and both writers on what it accepted,
// against a small fixed panel whose series are named like the seeds' (a, b, s0000001, …).
import Foundation
import OnTrackCore
@testable import OnTrackIO
import OnTrackNumerics
import OnTrackPanel

/// A fixed panel: a few series with the shapes the rules branch on (growth, decline, flat, one point,
/// zeros and negatives, huge values).
let fixedPanel: PanelReadResult = {
    var rows = ["series_id,year,value"]
    let series: [(String, [(Int, Double)])] = [
        ("a", [(2018, 10), (2019, 11), (2020, 12.5), (2021, 13), (2022, 15)]),
        ("b", [(2020, 100), (2021, 90), (2022, 85), (2023, 70)]),
        ("c", [(2020, 5)]),
        ("d", [(2019, 0), (2020, 0), (2021, -3), (2022, 2)]),
        ("e", [(2020, 1e300), (2021, 1e306), (2022, 1.7e308)]),
        ("f", [(2020, 1e-300), (2021, 2e-300), (2022, 5e-324)]),
        ("s0000001", [(2015, 2.96), (2016, 0.68), (2017, 2.04), (2018, 3.84), (2019, 2.31), (2020, 3.95)]),
        ("s0000002", [(2018, 25212.7), (2019, 30265.2), (2020, 34352.6), (2021, 39574.9), (2022, 47635.9)]),
        ("s0000003", [(2018, 9.99), (2019, 9.86), (2020, 9.455), (2021, 9.40), (2022, 9.10)]),
        ("x", [(2020, 50), (2020 + 1, 50), (2022, 50)]),
    ]
    for (id, points) in series { for (y, v) in points { rows.append("\(id),\(y),\(v)") } }
    guard case .success(let r) = readPanel(Array((rows.joined(separator: "\n") + "\n").utf8), layout: .long, workers: 1, blockSize: 1 << 20) else {
        fatalError("the fixed panel does not read")
    }
    return r
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    var index = fixedPanel.index
    let memory = Result { () throws(LocatedError) in try PanelTargetsReader.read(bytes, file: "t.csv", index: &index) }
    var index2 = fixedPanel.index
    let piped = Result { () throws(LocatedError) in
        try withPipe(bytes) { fd throws(LocatedError) in
            try PanelTargetsReader.read(fd: fd, file: "t.csv", index: &index2, workers: 2, blockSize: 1 << 12)
        }
    }
    let r: PanelTargetsReader.Result
    switch (memory, piped) {
    case (.failure(let a), .failure(let b)):
        check(a == b, "the error depends on the block size: \(a) vs \(b)")
        check(a.file == "t.csv" && a.line >= 0 && !a.message.isEmpty, "an error without a place: \(a)")
        return 0
    case (.success(let a), .success(let b)):
        check(a.targets.ids == b.targets.ids && a.targets.seriesIDs == b.targets.seriesIDs && a.targets.series == b.targets.series
              && a.targets.specs == b.targets.specs, "the targets depend on the block size")
        check(a.rejections == b.rejections && a.rejectionCount == b.rejectionCount, "the rejections depend on the block size")
        r = a
    case (.success, .failure(let e)), (.failure(let e), .success):
        check(false, "one read failed and the other did not: \(e)")
        return 0
    }

    let lines = lineCount(bytes)
    for j in r.rejections {
        check(j.line >= 2 && j.line <= max(lines, 2) && j.column >= 1 && !j.reason.isEmpty, "a rejection without a true place: \(j)")
    }
    check(Set(r.targets.ids).count == r.targets.count, "two targets with one id were accepted")
    let t = r.targets
    for i in 0..<t.count {
        let spec = t.specs[i]
        let what = "target \(t.ids[i].debugDescription)"
        check(!t.ids[i].isEmpty && !t.seriesIDs[i].isEmpty, "\(what): an empty id was accepted")
        for id in [t.ids[i], t.seriesIDs[i]] {
            check(!id.unicodeScalars.contains(where: isControl), "\(what): the id \(id.debugDescription) holds a control character")
            check(!id.unicodeScalars.contains("\u{FFFD}") || String(decoding: bytes, as: UTF8.self).contains("\u{FFFD}"),
                  "\(what): the id \(id.debugDescription) was repaired from bytes that are not UTF-8")
        }
        check(spec.targetYear > spec.baselineYear, "\(what): target year not after the baseline year")
        check((1...9999).contains(spec.baselineYear) && (1...9999).contains(spec.targetYear), "\(what): a year out of range")
        if let ps = spec.periodStart { check(ps <= spec.targetYear, "\(what): period_start after the target year") }
        check(spec.baseline.map(\.isFinite) ?? true, "\(what): a non-finite baseline")
        if let bound = spec.bound {
            check(written(bound).allSatisfy(\.isFinite), "\(what): a non-finite bound")
            if case .range(let lo, let hi) = bound { check(lo <= hi, "\(what): a range with low > high") }
            check(spec.form != .categorical, "\(what): a categorical target with a bound")
        }
        let number = Int(t.series[i])
        check(number < fixedPanel.index.observedCount, "\(what): a series number past the observed series")
        if number >= 0 { check(fixedPanel.panel.seriesIDs[number] == t.seriesIDs[i], "\(what): matched to the wrong series") }
    }
    assessAndWrite(fixedPanel.panel, t)
    return 0
}
