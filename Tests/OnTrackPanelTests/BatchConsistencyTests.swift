import Foundation
import OnTrackNumerics
import Testing
@testable import OnTrackIO
@testable import OnTrackPanel

/// The batch engine must give the same verdicts as the single-series rules. The panel is read twice,
/// through the fast parallel path and through the plain CSV reader, and every target is assessed by
/// the batch engine and by `Assessor` on the raw rows.
///
/// Runs on the committed 400-series sample; `ONTRACK_PANEL_SAMPLE=folder` points it at another
/// panel made by `Scripts/panel_generate.py` (`Scripts/bench-panel.sh` runs it on the 10k sample).
@Suite struct BatchConsistencyTests {
    static let folder = ProcessInfo.processInfo.environment["ONTRACK_PANEL_SAMPLE"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/panel-sample").path

    /// Raw observations in file order, read with the plain reader.
    static func rawObservations() throws -> [String: [YearValue]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/observations-long.csv")))
        let table = try CSVTable(bytes: bytes, file: "observations-long.csv", required: ["series_id", "year", "value"])
        var out: [String: [YearValue]] = [:]
        let missing: Set<String> = ["", "na", "nan", "n/a", "null", "..", "-"]
        for row in table.rows {
            let text = table.text("value", in: row)
            if missing.contains(text.lowercased()) { continue }
            out[table.text("series_id", in: row), default: []].append(YearValue(Int(table.text("year", in: row))!, Double(text)!))
        }
        return out
    }

    static func specs() throws -> [(id: String, series: String, spec: TargetSpec)] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/targets.csv")))
        let t = try CSVTable(bytes: bytes, file: "targets.csv", required: ["target_id", "series_id"])
        return try t.rows.map { row in
            func num(_ c: String) -> Double? { Double(t.text(c, in: row)) }
            let spec = TargetSpec(form: try TargetVocabulary.form(t.text("form", in: row)).get(),
                                  bound: try TargetVocabulary.bound(t.text("bound", in: row), value: num("value"), high: num("value_high")).get(),
                                  targetYear: Int(t.text("target_year", in: row))!, baseline: num("baseline"),
                                  baselineYear: Int(t.text("baseline_year", in: row))!,
                                  periodStart: Int(t.text("period_start", in: row)),
                                  direction: try TargetVocabulary.direction(t.text("direction", in: row)).get(),
                                  method: try TargetVocabulary.method(t.text("method", in: row)).get())
            return (t.text("target_id", in: row), t.text("series_id", in: row), spec)
        }
    }

    static func batch(layout: String, kernel: FitKernel, asOf: Int? = nil) throws -> (PanelTargets, [PanelAssessment]) {
        let fd = open(folder + "/observations-\(layout).csv", O_RDONLY)
        defer { close(fd) }
        // Small blocks and chunks, so that block seams and chunk seams are crossed many times.
        var read = try PanelReader(workers: 2, blockSize: 1 << 14).read(fd: fd, file: "panel")
        let tfd = open(folder + "/targets.csv", O_RDONLY)
        defer { close(tfd) }
        let targets = try PanelTargetsReader.read(fd: tfd, file: "targets.csv", index: &read.index, workers: 2, blockSize: 1 << 12).targets
        let engine = PanelAssessor(options: AssessmentOptions(asOf: asOf), kernel: kernel, chunkSize: 37, workers: 2)
        var all: [PanelAssessment] = []
        engine.run(read.panel, targets, encode: { _, r in r }, emit: { _, r in all += r })
        return (targets, all)
    }

    @Test(arguments: ["long", "wide"])
    func statusesAndRatesMatchTheSingleSeriesRules(layout: String) throws {
        let raw = try Self.rawObservations()
        let specs = try Self.specs()
        let (targets, results) = try Self.batch(layout: layout, kernel: .auto)
        try #require(results.count == specs.count)
        #expect(targets.ids == specs.map(\.id))
        var compared = 0
        for (i, s) in specs.enumerated() {
            let single = Assessor().assess(s.spec, observations: raw[s.series] ?? [])
            let batch = results[i].assessment
            #expect(batch.status == single.status, "\(s.id)")
            #expect(batch.direction == single.direction, "\(s.id)")
            #expect(batch.method == single.method, "\(s.id)")
            #expect(batch.baseline == single.baseline, "\(s.id)")
            #expect(batch.aim == single.aim, "\(s.id)")
            #expect(batch.latest == single.latest, "\(s.id)")
            #expect(batch.expectedAtLatest == single.expectedAtLatest, "\(s.id)")
            #expect(batch.gapToPath == single.gapToPath, "\(s.id)")
            #expect(batch.requiredFromBaseline == single.requiredFromBaseline, "\(s.id)")
            #expect(batch.requiredFromLatest == single.requiredFromLatest, "\(s.id)")
            #expect(batch.actualChange == single.actualChange, "\(s.id)")
            #expect(batch.ratio == single.ratio, "\(s.id)")
            compared += 1
        }
        #expect(compared == specs.count)
        // The sample exercises every verdict on the progress scale and more than one form.
        let statuses = Set(results.map(\.assessment.status))
        #expect(statuses.isSuperset(of: [.achieved, .onTrack, .needsAcceleration, .limitedProgress, .movingAway]))
    }

    @Test func projectionsMatchTheSingleSeriesFit() throws {
        let raw = try Self.rawObservations()
        let specs = try Self.specs()
        let (_, results) = try Self.batch(layout: "long", kernel: .auto)
        var forecasts = 0
        var models = Set<TrendModel>()
        for (i, s) in specs.enumerated() {
            guard let f = results[i].forecast else { continue }
            forecasts += 1
            models.insert(f.model)
            // One value per year, the later row winning, as the single rules clean them.
            var byYear: [Int: Double] = [:]
            for o in raw[s.series] ?? [] { byYear[o.year] = o.value }
            let years = byYear.keys.sorted()
            let fits = try #require(TrendFits.fit(years: years, values: years.map { byYear[$0]! }))
            #expect(fits.count == results[i].fitCount)
            let a = results[i].assessment
            let compound = a.method == "compound"
            let chosen = try #require(fits.select(preferLogLinear: compound))
            #expect(chosen.model == f.model, "\(s.id)")
            var bound = s.spec.bound!
            var scale = 1.0
            if s.spec.form == .reduction {
                bound = bound.reductionIndexBound
                scale = (s.spec.baseline ?? byYear[a.baseline!.year]!) / 100
            }
            let single = try #require(fits.forecast(chosen, year: s.spec.targetYear,
                                                    meets: bound.satisfyingInterval(direction: a.direction, tolerance: 0.05).scaled(by: scale)))
            #expect(abs(single.value / scale - f.value) <= 1e-9 * max(1, abs(f.value)), "\(s.id)")
            #expect(abs(single.low / scale - f.low) <= 1e-9 * max(1, abs(f.low)), "\(s.id)")
            #expect(abs(single.high / scale - f.high) <= 1e-9 * max(1, abs(f.high)), "\(s.id)")
            #expect(abs(single.probability - f.probability) <= 1e-9, "\(s.id)")
        }
        #expect(forecasts > specs.count / 2)
        #expect(models == Set(TrendModel.allCases))
    }

    @Test func kernelsAgree() throws {
        let (_, loop) = try Self.batch(layout: "long", kernel: .loop)
        let (_, blas) = try Self.batch(layout: "long", kernel: .blas)
        for (a, b) in zip(loop, blas) {
            #expect(a.forecast?.model == b.forecast?.model)
            if let x = a.forecast, let y = b.forecast {
                #expect(abs(x.value - y.value) <= 1e-9 * max(1, abs(x.value)))
                #expect(abs(x.probability - y.probability) <= 1e-9)
            }
        }
    }

    @Test func asOfHidesLaterActuals() throws {
        let raw = try Self.rawObservations()
        let specs = try Self.specs()
        let (_, results) = try Self.batch(layout: "wide", kernel: .auto, asOf: 2019)
        for (i, s) in specs.enumerated() {
            let single = Assessor(options: AssessmentOptions(asOf: 2019)).assess(s.spec, observations: raw[s.series] ?? [])
            #expect(results[i].assessment.status == single.status, "\(s.id)")
            #expect((results[i].assessment.latest?.year ?? 0) <= 2019)
        }
    }
}
