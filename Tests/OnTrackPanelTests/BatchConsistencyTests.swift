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

    static func batch(layout: String, kernel: FitKernel, asOf: Int? = nil) throws -> (PanelTargets, [Assessment]) {
        let fd = open(folder + "/observations-\(layout).csv", O_RDONLY)
        defer { close(fd) }
        // Small blocks and chunks, so that block seams and chunk seams are crossed many times.
        var read = try PanelReader(workers: 2, blockSize: 1 << 14).read(fd: fd, file: "panel")
        let tfd = open(folder + "/targets.csv", O_RDONLY)
        defer { close(tfd) }
        let targets = try PanelTargetsReader.read(fd: tfd, file: "targets.csv", index: &read.index, workers: 2, blockSize: 1 << 12).targets
        let engine = PanelAssessor(options: AssessmentOptions(asOf: asOf), kernel: kernel, chunkSize: 37, workers: 2)
        var all: [Assessment] = []
        engine.run(read.panel, targets, encode: { _, r in r }, emit: { _, r in all += r })
        return (targets, all)
    }

    static func near(_ x: Double?, _ y: Double?, tolerance: Double = 1e-9) -> Bool {
        guard let x, let y else { return x == nil && y == nil }
        return abs(x - y) <= tolerance * max(1, abs(x))
    }

    /// Everything but the projection is computed by the same code on the same numbers: equal. The
    /// projection's fits come from the grouped kernel in the batch and from a single fit here:
    /// equal within rounding.
    static func expectSame(_ batch: Assessment, _ single: Assessment, _ id: String) {
        #expect(batch.status == single.status, "\(id)")
        #expect(batch.direction == single.direction, "\(id)")
        #expect(batch.method == single.method, "\(id)")
        #expect(batch.baseline == single.baseline, "\(id)")
        #expect(batch.aim == single.aim, "\(id)")
        #expect(batch.latest == single.latest, "\(id)")
        #expect(batch.expectedAtLatest == single.expectedAtLatest, "\(id)")
        #expect(batch.gapToPath == single.gapToPath, "\(id)")
        #expect(batch.requiredFromBaseline == single.requiredFromBaseline, "\(id)")
        #expect(batch.requiredFromLatest == single.requiredFromLatest, "\(id)")
        #expect(batch.actualChange == single.actualChange, "\(id)")
        #expect(batch.ratio == single.ratio, "\(id)")
        #expect(batch.shortfall == single.shortfall, "\(id)")
        let p = batch.projection, q = single.projection
        #expect((p == nil) == (q == nil), "\(id)")
        #expect(p?.label == q?.label, "\(id)")
        #expect(p?.points == q?.points, "\(id)")
        #expect(p?.reach == q?.reach, "\(id)")
        #expect(near(p?.value, q?.value), "\(id)")
        #expect(near(p?.low, q?.low), "\(id)")
        #expect(near(p?.high, q?.high), "\(id)")
        #expect(near(p?.probability, q?.probability), "\(id)")
        #expect(batch.outlook == single.outlook, "\(id)")
        #expect((batch.explanation == nil) == (single.explanation == nil), "\(id)")
    }

    @Test(arguments: ["long", "wide"])
    func theBatchEngineGivesTheSingleSeriesVerdicts(layout: String) throws {
        let raw = try Self.rawObservations()
        let specs = try Self.specs()
        let (targets, results) = try Self.batch(layout: layout, kernel: .auto)
        try #require(results.count == specs.count)
        #expect(targets.ids == specs.map(\.id))
        for (i, s) in specs.enumerated() {
            Self.expectSame(results[i], Assessor().assess(s.spec, observations: raw[s.series] ?? []), s.id)
        }
        // The sample exercises every verdict on the progress scale, both final verdicts, every
        // projection model and all three outlooks.
        let statuses = Set(results.map(\.status))
        #expect(statuses.isSuperset(of: [.achieved, .onTrack, .needsAcceleration, .limitedProgress, .movingAway, .missed]))
        #expect(Set(results.compactMap { $0.projection?.model }) == Set(TrendModel.allCases))
        #expect(Set(results.compactMap(\.outlook)) == Set(Outlook.allCases))
        // Every form with a period gets an interval and a probability too.
        for form in [TargetForm.cumulative, .averageGrowth, .level, .reduction] {
            #expect(specs.indices.contains { specs[$0].spec.form == form && results[$0].projection?.probability != nil }, "\(form)")
        }
    }

    @Test func kernelsAgree() throws {
        let (_, loop) = try Self.batch(layout: "long", kernel: .loop)
        let (_, blas) = try Self.batch(layout: "long", kernel: .blas)
        for (a, b) in zip(loop, blas) {
            #expect(a.projection?.model == b.projection?.model)
            #expect(Self.near(a.projection?.value, b.projection?.value))
            #expect(Self.near(a.projection?.probability, b.projection?.probability))
        }
    }

    @Test func asOfHidesLaterActuals() throws {
        let raw = try Self.rawObservations()
        let specs = try Self.specs()
        let (_, results) = try Self.batch(layout: "wide", kernel: .auto, asOf: 2019)
        for (i, s) in specs.enumerated() {
            let single = Assessor(options: AssessmentOptions(asOf: 2019)).assess(s.spec, observations: raw[s.series] ?? [])
            Self.expectSame(results[i], single, s.id)
            #expect((results[i].latest?.year ?? 0) <= 2019)
        }
    }
}
