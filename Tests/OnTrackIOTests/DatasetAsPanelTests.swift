import Foundation
import OnTrackCore
import OnTrackNumerics
import OnTrackPanel
import Testing
@testable import OnTrackIO

/// The whole Chongqing dataset written both ways: assessed as a dataset folder, and as a long panel
/// CSV of its observations (one value per indicator and year, after the conflict rule) with the
/// dataset's targets — the way `ontrack assess --panel FILE --targets FOLDER` reads it. Every
/// number must agree.
@Suite struct DatasetAsPanelTests {
    static func near(_ x: Double?, _ y: Double?) -> Bool {
        guard let x, let y else { return x == nil && y == nil }
        return abs(x - y) <= 1e-12 * max(1, abs(x))
    }

    @Test(arguments: [nil, 2022] as [Int?])
    func theSameTargetGivesTheSameNumbersWhicheverWayItComesIn(asOf: Int?) throws {
        let data = try DatasetReader.read(folder: packageRoot.appendingPathComponent("Datasets/chongqing").path).dataset
        let options = AssessmentOptions(asOf: asOf, evaluationYear: 2026)
        let asDataset = DatasetAssessor(options: options).assess(data)

        // The observations as a user would export them: series_id,year,value, shuffled by indicator.
        var csv = "series_id,year,value\n"
        var rows = 0
        for indicator in data.indicators.reversed() {
            let chosen = DatasetAssessor.select(data.observations.filter { $0.indicatorID == indicator.id }, unit: indicator.unit).used
            for o in chosen.reversed() {
                csv += "\(indicator.id),\(o.year),\(o.value)\n"
                rows += 1
            }
        }
        #expect(rows > 80)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("observations.csv", csv)
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        var read = try PanelReader(workers: 2).read(fd: fd, file: "observations.csv")
        let targets = PanelTargetsReader.targets(of: data, index: &read.index)
        let asPanel = PanelAssessor(options: options, workers: 2).assessAll(read.panel, targets)

        try #require(asPanel.count == asDataset.count)
        var compared = 0, projections = 0
        for (d, p) in zip(asDataset, asPanel) {
            let a = d.assessment, id = d.target.id
            // Values on another definition are dataset metadata: a panel has none, so there the
            // target simply has no later comparable value.
            if a.status == .notComparable {
                #expect(p.status == .insufficientData, "\(id)")
                continue
            }
            #expect(a.status == p.status, "\(id)")
            #expect(a.baseline == p.baseline && a.latest == p.latest && a.aim == p.aim, "\(id)")
            for (x, y) in [(a.ratio, p.ratio), (a.gapToPath, p.gapToPath), (a.requiredFromLatest?.value, p.requiredFromLatest?.value),
                           (a.actualChange?.value, p.actualChange?.value), (a.shortfall, p.shortfall),
                           (a.projection?.value, p.projection?.value), (a.projection?.low, p.projection?.low),
                           (a.projection?.high, p.projection?.high), (a.projection?.probability, p.projection?.probability)] {
                #expect(Self.near(x, y), "\(id): \(String(describing: x)) vs \(String(describing: y))")
            }
            #expect(a.projection?.label == p.projection?.label && a.projection?.reach == p.projection?.reach, "\(id)")
            #expect(a.outlook == p.outlook && a.explanation == p.explanation, "\(id)")
            compared += 1
            if a.projection?.probability != nil { projections += 1 }
        }
        #expect(compared > 500)
        #expect(projections > 0)
    }
}
