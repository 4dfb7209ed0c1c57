// Fuzz target `dataset`: DatasetReader.parse on three CSV tables cut from the input at the byte 0x1E
// (ASCII record separator): indicators, targets, observations; a missing part is a small valid
// table. Then every command's path on what the reader accepted: assess (all output formats),
// path, and the SVG chart of each target.
// Promises checked: every row is loaded or reported, once; loaded rows keep the rules of
// Datasets/FORMAT.md; verdicts are finite or absent; nothing traps.
import Foundation
import OnTrackCharts
import OnTrackCore
@testable import OnTrackIO
import OnTrackNumerics

let defaultParts: [String] = [
    """
    indicator_id,name_zh,name_en,unit,kind,direction
    trade,货物进出口总额,Goods trade,亿元,level,higher
    share,数字经济比重,Digital economy share,%,share,

    """,
    """
    target_id,indicator_id,form,bound,value,value_high,target_text,baseline,baseline_year,target_year,period_start,source_file,source_line,quote
    t.trade,trade,level,reach,100,,100,50,2020,2025,,plan.txt,1,q
    t.share,share,share,>=,35,,≥35,25,2020,2025,,plan.txt,2,q
    t.cut,trade,reduction,>=,14,,降低14%,,2020,2025,,plan.txt,3,q
    t.sum,trade,cumulative,>,500,,＞【500】,,2020,2025,2021,plan.txt,4,q

    """,
    """
    indicator_id,year,value,unit,reliability,comparable,source,source_line,quote
    trade,2021,80,亿元,high,yes,https://example.org/2021,,q
    trade,2022,120,亿元,high,yes,https://example.org/2022,,q
    share,2022,36,%,high,yes,https://example.org/2022,,q

    """,
]

let files = ["indicators.csv", "targets.csv", "observations.csv"]
let required = [
    ["indicator_id", "name_zh", "name_en", "unit", "kind"],
    ["target_id", "indicator_id", "form", "bound", "value", "target_text", "baseline_year", "target_year", "source_file", "source_line", "quote"],
    ["indicator_id", "year", "value", "unit", "reliability", "comparable", "source", "quote"],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = inputBytes(data, size)
    var parts = bytes.split(separator: 0x1E, maxSplits: 2, omittingEmptySubsequences: false).map(Array.init)
    while parts.count < 3 { parts.append(Array(defaultParts[parts.count].utf8)) }
    var tables: [CSVTable] = []
    for k in 0..<3 {
        guard let t = try? CSVTable(bytes: parts[k], file: files[k], required: required[k]) else { return 0 }
        tables.append(t)
    }
    let year = 2024
    let result = DatasetReader.parse(name: "fuzz", indicators: tables[0], targets: tables[1], observations: tables[2], currentYear: year)
    let d = result.dataset
    for e in result.errors {
        check(files.contains(e.file) && e.line >= 2 && e.column >= 1 && !e.message.isEmpty, "an error without a true place: \(e)")
    }
    // Every row is loaded or reported, once.
    let loaded = [d.indicators.count, d.targets.count, d.observations.count]
    for k in 0..<3 {
        let reported = result.errors.filter { $0.file == files[k] }.count
        check(tables[k].rows.count == loaded[k] + reported,
              "\(files[k]): \(tables[k].rows.count) rows, \(loaded[k]) loaded, \(reported) reported")
    }
    // What was loaded keeps the rules.
    let indicators = d.indicatorsByID
    check(indicators.count == d.indicators.count, "two indicators with one id were loaded")
    check(Set(d.targets.map(\.id)).count == d.targets.count, "two targets with one id were loaded")
    for t in d.targets {
        let what = "target \(t.id)"
        check(indicators[t.indicatorID] != nil, "\(what): unknown indicator loaded")
        check(t.targetYear > t.baselineYear && (1900...2100).contains(t.baselineYear) && (1900...2100).contains(t.targetYear), "\(what): bad years loaded")
        if let p = t.periodStart { check(p > t.baselineYear && p <= t.targetYear, "\(what): period_start \(p) outside (baseline, target]") }
        check(t.baseline.map(\.isFinite) ?? true, "\(what): non-finite baseline loaded")
        if let b = t.bound {
            check(written(b).allSatisfy(\.isFinite), "\(what): non-finite bound loaded")
            if t.form == .reduction { check(b.center > 0 && b.center < 100, "\(what): a cut of \(b.center) % loaded") }
            if t.form == .share, let i = indicators[t.indicatorID], i.kind == .share, i.unit == "%" {
                check(written(b).allSatisfy { (0...100).contains($0) }, "\(what): a share outside 0–100 % loaded")
            }
        }
    }
    for o in d.observations {
        check(o.value.isFinite && o.year <= year && (1900...2100).contains(o.year) && indicators[o.indicatorID] != nil,
              "observation \(o.indicatorID) \(o.year) \(o.value) loaded")
    }

    // Every command's path on what was accepted.
    let options = AssessmentOptions(evaluationYear: year)
    let assessor = DatasetAssessor(options: options)
    let results = assessor.assess(d)
    check(results.count == d.targets.count, "\(results.count) verdicts for \(d.targets.count) targets")
    for r in results { checkFinite(r.assessment, "target \(r.target.id)") }
    let table = AssessmentReport.assess(results)
    for row in table.rows {
        for cell in row { if case .number(let v?) = cell { check(v.isFinite, "a non-finite number \(v) in the assess table") } }
    }
    for format in OutputFormat.allCases { _ = format.encode(table, forSpreadsheet: true) }
    // Text that could spell inf or NaN (names, notes) makes the chart check moot.
    let spelled = String(decoding: parts.joined(), as: UTF8.self).lowercased()
    let canSpell = spelled.contains("inf") || spelled.contains("nan")
    for r in results.prefix(8) {
        let path = assessor.path(of: r.target, in: d)
        for p in path {
            for v in [p.expected, p.actual, p.gap, p.notComparable] { check(v.map(\.isFinite) ?? true, "target \(r.target.id): a non-finite path value in \(p.year)") }
        }
        let svg = TrajectoryChart(result: r, path: path, aboutTolerance: options.aboutTolerance).svg
        check(canSpell || (!svg.lowercased().contains("nan") && !svg.contains("inf")), "target \(r.target.id): the chart holds NaN or inf")
    }
    return 0
}
