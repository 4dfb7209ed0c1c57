import Foundation
import OnTrackCore
import OnTrackNumerics

/// An assessed Open SDG repository seen as a plan dataset, so that the charts, the dashboard and
/// the briefing draw it as they draw a plan: one indicator and one target per configured series.
///
/// - The target id is the indicator number, with `-sk` for the k-th series when there are several
///   (`3.4.1-s2`); the name is the number, the indicator's name and the series' name parts.
/// - The "document" is the goal (`Goal 3`), so overviews count by goal.
/// - A series with a target is drawn against it; a series without one against the value that keeps
///   the measure's on-track pace from the base value, and its target text says so. The status is
///   always the series' own (``OpenSDGSeriesResult/status``): for a series without a target, the
///   no-target method's.
public enum OpenSDGDataset {
    /// The dataset and its verdicts, in the results' order (indicators, then their series).
    public static func make(_ results: [OpenSDGIndicatorResult], repository: OpenSDGRepository)
        -> (dataset: Dataset, assessments: [TargetAssessment]) {
        let name = URL(fileURLWithPath: repository.root).standardizedFileURL.lastPathComponent
        var indicators: [Indicator] = [], targets: [Target] = [], observations: [Observation] = []
        var assessments: [TargetAssessment] = []
        for result in results {
            let info = result.indicator
            let goal = info.number.split(separator: ".").first.map(String.init) ?? info.number
            for (k, series) in result.series.enumerated() {
                let id = result.series.count == 1 ? info.number : "\(info.number)-s\(k + 1)"
                var title = info.number + (info.name.map { " " + $0 } ?? "")
                if !series.name.isEmpty { title += " — " + series.name }
                let unit = series.options.unit.map(repository.translations.translate) ?? ""
                let direction = series.measurement.direction
                let indicator = Indicator(id: id, nameZh: title, nameEn: title, unit: unit, kind: .level,
                                          direction: direction, scope: info.number)
                let file = info.dataFile.map { "data/" + URL(fileURLWithPath: $0).lastPathComponent }
                    ?? "data/indicator_\(info.id).csv"
                let source = SourceReference(document: "Goal \(goal)", location: file, quote: "")
                let spec = series.spec
                let target = Target(id: id, indicatorID: id, form: .level, bound: spec?.bound,
                                    targetText: targetText(series), baseline: nil,
                                    baselineYear: spec?.baselineYear ?? series.measurement.baseYear,
                                    targetYear: spec?.targetYear ?? series.measurement.targetYear,
                                    source: source, note: series.notes.joined(separator: "; "),
                                    boundIsPace: series.options.target == nil)
                let used = series.observations.enumerated().map { i, o in
                    Observation(indicatorID: id, year: o.year, value: o.value, unit: unit, reliability: .high,
                                source: source, sourceTitle: name, order: i)
                }
                var assessment = series.assessment ?? Assessment(status: series.status)
                assessment.status = series.status
                if series.assessment == nil { assessment.notes = series.notes }
                indicators.append(indicator)
                targets.append(target)
                observations += used
                assessments.append(TargetAssessment(target: target, indicator: indicator, assessment: assessment,
                                                    used: used, notComparable: []))
            }
        }
        return (Dataset(name: name, indicators: indicators, targets: targets, observations: observations), assessments)
    }

    /// The target as a reader sees it: the bound on the configured value, or for a series without
    /// one the bound on the value that the on-track pace leads to (the chart calls it a pace).
    static func targetText(_ series: OpenSDGSeriesResult) -> String {
        let m = series.measurement
        let sign = m.direction == .higherIsBetter ? "≥ " : "≤ "
        if let target = series.options.target { return sign + PlainText.significant(target) }
        guard let aim = m.onTrackAim else { return "" }
        return sign + PlainText.significant(aim)
    }
}
