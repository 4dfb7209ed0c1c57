import Foundation
import OnTrackNumerics
import OnTrackPanel

/// One configured series of an indicator and both verdicts on it: Open SDG's progress measure
/// (reproducing sdg-build) and OnTrack's own (status, projection, interval, probability, outlook).
public struct OpenSDGSeriesResult: Sendable {
    public var indicatorID: String
    public var options: SeriesOptions
    /// The series' name parts after translation (series, unit, disaggregation values).
    public var parts: [String]
    /// The key of the series in the components file (sdg-build's tag, cut to 122 characters).
    public var tag: String
    public var observations: [YearValue]
    public var measurement: ProgressMeasurement
    /// OnTrack's verdict from the one engine: the target as a ``TargetSpec``; without a target, a
    /// spec aiming at the value that keeps the on-track pace, for the projection only (the status is
    /// the no-target method's).
    public var assessment: Assessment?
    /// The target the engine judged: the configured one, or without a target the on-track pace's
    /// value (see ``assessment``); nil when nothing was judged.
    public var spec: TargetSpec?
    /// OnTrack's status.
    public var status: Status
    public var notes: [String]

    /// The series' name: its parts joined with " / " (empty for an indicator's headline).
    public var name: String { parts.joined(separator: " / ") }
}

/// One indicator: its series and the roll-up, or the manual status.
public struct OpenSDGIndicatorResult: Sendable {
    public var indicator: OpenSDGIndicator
    public var series: [OpenSDGSeriesResult]
    /// The roll-up of the series' scores (groups first); nil when the calculation is off.
    public var rollUp: ProgressRollUp?
    public var notes: [String]

    /// The Open SDG status as sdg-build writes it: the roll-up's, or the manual `progress_status`
    /// (possibly empty) when the calculation is off.
    public var opensdgStatus: String {
        if let rollUp { return rollUp.status.rawValue }
        return indicator.manualStatus ?? ""
    }

    public var score: Double? { rollUp?.score }

    /// The status in OnTrack's vocabulary.
    public var status: Status {
        if let rollUp {
            if let s = rollUp.status.onTrackStatus { return s }
            return series.contains { $0.measurement.unavailable == .noData || $0.measurement.unavailable == .singleYear
                || $0.measurement.unavailable == .baseYearAfterLatest } ? .insufficientData : .notAssessable
        }
        return OpenSDGStatus(rawValue: opensdgStatus)?.onTrackStatus ?? .notAssessable
    }
}

/// Assesses every configured series of an Open SDG repository.
public struct OpenSDGAssessor: Sendable {
    public var measure: ProgressMeasure
    /// OnTrack's rules for its own verdict.
    public var options: AssessmentOptions
    public var workers: Int

    public init(measure: ProgressMeasure = ProgressMeasure(), options: AssessmentOptions = AssessmentOptions(),
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.measure = measure
        self.options = options
        self.workers = workers
    }

    /// Every indicator of `repository`, in its order; the data files are read in parallel. A data
    /// file that cannot be read stops the run.
    public func assess(_ repository: OpenSDGRepository, only: Set<String>? = nil) throws -> [OpenSDGIndicatorResult] {
        let indicators = repository.indicators.filter { only?.contains($0.id) ?? true }
        let results = Parallel.map(indicators.count, workers: workers) { i -> Result<OpenSDGIndicatorResult, OpenSDGError> in
            let indicator = indicators[i]
            do {
                let data = try indicator.autoProgress ? indicator.dataFile.map(IndicatorData.read) : nil
                return .success(assess(indicator, data: data, repository: repository))
            } catch let e as OpenSDGError {
                return .failure(e)
            } catch {
                return .failure(OpenSDGError(path: indicator.dataFile ?? indicator.id, message: "\(error)"))
            }
        }
        return try results.map { try $0.get() }
    }

    /// One indicator, its data already read (nil: no data file).
    public func assess(_ indicator: OpenSDGIndicator, data: IndicatorData?, repository: OpenSDGRepository) -> OpenSDGIndicatorResult {
        guard indicator.autoProgress else {
            var notes = ["auto_progress_calculation is off"]
            if let s = indicator.manualStatus, !s.isEmpty { notes.append("manual progress_status: \(s)") }
            return OpenSDGIndicatorResult(indicator: indicator, series: [], rollUp: nil, notes: notes)
        }
        var notes: [String] = []
        if data == nil { notes.append("no data file (data/indicator_\(indicator.id).csv)") }
        if let s = indicator.manualStatus, !s.isEmpty {
            notes.append("progress_status \(s) in the configuration is not used: the calculation is on")
        }
        var series: [OpenSDGSeriesResult] = []
        func node(_ entry: ProgressEntry) -> ProgressNode {
            switch entry {
            case .group(let members):
                return .group(members.map(node))
            case .series(let options):
                let r = assess(options, indicator: indicator, data: data, repository: repository)
                series.append(r)
                return .series(score: r.measurement.score, targetAchieved: r.measurement.targetAchieved)
            }
        }
        let nodes = indicator.progressEntries.map(node)
        let rollUp = ProgressMeasure.rollUp(nodes)
        return OpenSDGIndicatorResult(indicator: indicator, series: series, rollUp: rollUp, notes: notes)
    }

    /// One series.
    public func assess(_ options: SeriesOptions, indicator: OpenSDGIndicator, data: IndicatorData?,
                       repository: OpenSDGRepository) -> OpenSDGSeriesResult {
        let t = repository.translations
        let parts = options.nameParts.map(t.translate)
        var notes: [String] = []
        var observations: [YearValue] = []
        if let data {
            let selected = data.select(options, roles: repository.roles, translate: t.translate)
            observations = selected.observations
            notes += selected.notes
            if let asOf = self.options.asOf {
                // Back-testing: both measures see the data as of that year.
                observations.removeAll { $0.year > asOf }
            }
        }
        var m = measure
        if !options.thresholds.isEmpty {
            func custom(_ base: ProgressThresholds) -> ProgressThresholds {
                ProgressThresholds(onTrack: options.thresholds["high"] ?? base.onTrack,
                                   needsAcceleration: options.thresholds["med"] ?? base.needsAcceleration,
                                   limitedProgress: options.thresholds["low"] ?? base.limitedProgress)
            }
            m.options.growthThresholds = custom(m.options.growthThresholds)
            m.options.ratioThresholds = custom(m.options.ratioThresholds)
        }
        let measurement = m.measure(options.spec, observations: observations)
        let (spec, assessment, status, extra) = verdict(options, measurement: measurement, observations: observations)
        return OpenSDGSeriesResult(indicatorID: indicator.id, options: options, parts: parts,
                                   tag: SeriesTag.make(indicator: indicator.id, parts: parts),
                                   observations: observations, measurement: measurement, assessment: assessment,
                                   spec: spec, status: status, notes: notes + measurement.notes + extra)
    }

    /// OnTrack's verdict on a measured series.
    func verdict(_ options: SeriesOptions, measurement m: ProgressMeasurement,
                 observations: [YearValue]) -> (TargetSpec?, Assessment?, Status, [String]) {
        let assessor = Assessor(options: self.options)
        let direction = m.direction
        if let target = options.target {
            // A target: OnTrack's own rules, from the configured base year (the first later
            // observation when that year has none, Statistics Canada's rule).
            guard m.unavailable != .duplicateYears, !observations.isEmpty else { return (nil, nil, m.onTrackStatus, []) }
            // A bound, as sdg-build reads a target: achieved once the value is at or past it.
            let bound: Bound = direction == .higherIsBetter ? .atLeast(target) : .atMost(target)
            let spec = TargetSpec(form: .level, bound: bound, targetYear: m.targetYear, baseline: nil,
                                  baselineYear: options.baseYear ?? measure.options.baseYear, direction: direction)
            let a = assessor.assess(spec, observations: observations)
            return (spec, a, a.status, [])
        }
        // No target: the status is the no-target method's; the projection aims at the value that
        // keeps the on-track pace from the base value.
        guard let aim = m.onTrackAim, m.unavailable == nil else { return (nil, nil, m.onTrackStatus, []) }
        let bound: Bound = direction == .higherIsBetter ? .atLeast(aim) : .atMost(aim)
        let spec = TargetSpec(form: .level, bound: bound, targetYear: m.targetYear, baseline: nil,
                              baselineYear: m.baseYear, direction: direction)
        var a = assessor.assess(spec, observations: observations)
        let pace = m.thresholds.onTrack * 100
        let note = "no target: the projection is judged against \(Self.format(aim)) in \(m.targetYear), the value that keeps the on-track pace (\(Self.format(pace)) % a year) from \(m.baseYear)"
        a.explanation = nil
        return (spec, a, m.onTrackStatus, [note])
    }

    static func format(_ x: Double) -> String {
        let s = String(format: "%.4g", x)
        return s
    }
}
