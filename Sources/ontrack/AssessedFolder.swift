import ArgumentParser
import Foundation
import OnTrackCharts
import OnTrackCore
import OnTrackIO
import OnTrackNumerics
import OnTrackOpenSDG

/// What `chart`, `dashboard` and `report` draw: a plan dataset, or an Open SDG data repository
/// seen as one (``OpenSDGDataset``), with the one engine's verdicts.
struct AssessedFolder {
    var data: Dataset
    var results: [TargetAssessment]
    var options: AssessmentOptions
    /// Whether the folder is an Open SDG repository (its "documents" are goals).
    var isOpenSDG: Bool

    /// The input of `chart`, `dashboard` and `report`: a dataset folder or Open SDG repository, or
    /// `--panel FILE --targets FILE`.
    static func load(_ folder: String?, panel: PanelOptions, options: AssessmentOptions, keepGoing: Bool) throws -> AssessedFolder {
        switch (folder, panel.panel) {
        case (let folder?, nil): return try load(folder, options: options, keepGoing: keepGoing)
        case (nil, _?): return try load(panel: panel, options: options, keepGoing: keepGoing)
        case (_?, _?): throw ValidationError("give either a dataset folder or --panel, not both")
        case (nil, nil): throw ValidationError("give a dataset folder (or an Open SDG repository), or --panel FILE --targets FILE")
        }
    }

    /// A panel and its targets, seen as a dataset: one indicator per series (named by its id), one
    /// target per targets row, the panel's values as observations — then the one engine, as for a
    /// dataset.
    static func load(panel: PanelOptions, options: AssessmentOptions, keepGoing: Bool) throws -> AssessedFolder {
        let workers = max(1, panel.jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let run = PanelRun(options: panel, rules: options, format: nil, output: nil, failOn: nil, keepGoing: keepGoing)
        let (read, targets) = try run.load(workers: workers, progress: Progress(enabled: isatty(STDERR_FILENO) == 1), mark: { _ in })
        let p = read.panel
        let file = panel.panel == "-" ? "<stdin>" : (panel.panel ?? "")
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var indicators: [Indicator] = [], list: [Target] = [], observations: [Observation] = []
        var seen = Set<String>()
        let source = SourceReference(document: "", location: file, quote: "")
        for t in 0..<targets.count {
            let spec = targets.specs[t], seriesID = targets.seriesIDs[t]
            var target = Target(id: targets.ids[t], indicatorID: seriesID, form: spec.form, bound: spec.bound, targetText: "",
                                baseline: spec.baseline, baselineYear: spec.baselineYear, targetYear: spec.targetYear,
                                periodStart: spec.periodStart, method: spec.method, source: source)
            target.targetText = TargetWording.english(target, unit: "")
            list.append(target)
            guard seen.insert(seriesID).inserted else { continue }
            indicators.append(Indicator(id: seriesID, nameZh: seriesID, nameEn: seriesID, unit: "", kind: .level, direction: spec.direction))
            let s = Int(targets.series[t])
            guard s >= 0 else { continue }
            for i in p.range(of: s) {
                observations.append(Observation(indicatorID: seriesID, year: Int(p.years[i]), value: p.values[i], unit: "",
                                                reliability: .high, source: source, order: observations.count))
            }
            for o in p.nonComparable[s] ?? [] {
                observations.append(Observation(indicatorID: seriesID, year: o.year, value: o.value, unit: "", reliability: .high,
                                                comparable: false, source: source, order: observations.count))
            }
        }
        let data = Dataset(name: name, indicators: indicators, targets: list, observations: observations)
        return AssessedFolder(data: data, results: DatasetAssessor(options: options).assess(data), options: options, isOpenSDG: false)
    }

    static func load(_ folder: String, options: AssessmentOptions, keepGoing: Bool) throws -> AssessedFolder {
        if OpenSDGRepository.recognises(folder) {
            do {
                let repository = try OpenSDGRepository.read(folder)
                let results = try OpenSDGAssessor(options: options).assess(repository)
                let (data, assessments) = OpenSDGDataset.make(results, repository: repository)
                return AssessedFolder(data: data, results: assessments, options: options, isOpenSDG: true)
            } catch {
                printError("\(error)")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        let data = try loadDataset(folder, keepGoing: keepGoing)
        return AssessedFolder(data: data, results: DatasetAssessor(options: options).assess(data), options: options, isOpenSDG: false)
    }

    /// One chart per result whose target is among `targets` (every target when nil), in order.
    func charts(_ targets: [Target]? = nil, language: ChartLanguage) -> [TrajectoryChart] {
        let wanted = targets.map { Set($0.map(\.id)) }
        let assessor = DatasetAssessor(options: options)
        return results.filter { wanted?.contains($0.target.id) ?? true }.map { r in
            var chart = TrajectoryChart(result: r, path: assessor.path(of: r.target, in: data), language: language,
                                        aboutTolerance: options.aboutTolerance)
            if let d = data.documents[r.target.source.document] {
                let title = language == .zh ? d.titleZh : d.titleEn
                // The outline is cited by its title: the Chinese title says it already.
                if !title.isEmpty, language == .en || title != r.target.source.document { chart.documentTitle = title }
            }
            return chart
        }
    }
}
