import OnTrackNumerics

/// Assesses every target of a panel: the single-series rules (``Assessor``) for the status and the
/// rates, and for value targets a projection chosen among the trend models of ``TrendFits``, fitted
/// many series at a time by ``TrendFitter``.
///
/// Targets are processed in chunks of ``chunkSize`` on ``workers`` threads; results come back in
/// input order. See `docs/panel.md` for the method.
public struct PanelAssessor: Sendable {
    public var options: AssessmentOptions
    public var kernel: FitKernel
    public var chunkSize: Int
    public var workers: Int
    /// Quadratic bases shared by all chunks.
    let cache = BasisCache()

    public init(options: AssessmentOptions = AssessmentOptions(), kernel: FitKernel = .auto,
                chunkSize: Int = 4096, workers: Int = 2) {
        self.options = options
        self.kernel = kernel
        self.chunkSize = max(1, chunkSize)
        self.workers = max(1, workers)
    }

    /// The number of chunks `targets` is cut into.
    public func chunkCount(_ targets: PanelTargets) -> Int { (targets.count + chunkSize - 1) / chunkSize }

    /// The targets of chunk `c`.
    public func chunk(_ c: Int, of targets: PanelTargets) -> Range<Int> {
        (c * chunkSize)..<min(targets.count, (c + 1) * chunkSize)
    }

    /// Assesses all targets; `encode` runs on the worker threads, one chunk at a time, and `emit`
    /// gets the encoded chunks in input order on the calling thread.
    public func run<Output: Sendable>(_ panel: Panel, _ targets: PanelTargets,
                                      encode: @escaping @Sendable (Range<Int>, [PanelAssessment]) -> Output,
                                      emit: (Range<Int>, Output) throws -> Void) rethrows {
        if workers > 1 { BLASThreads.set(1) }
        let me = self
        try Parallel.stream(chunkCount(targets), workers: workers, { c in
            let range = me.chunk(c, of: targets)
            return encode(range, me.assess(panel, targets, range))
        }, emit: { c, output in try emit(chunk(c, of: targets), output) })
    }

    /// Assesses the targets in `range` on the calling thread.
    public func assess(_ panel: Panel, _ targets: PanelTargets, _ range: Range<Int>) -> [PanelAssessment] {
        let asOf = options.asOf
        var ranges = [Range<Int>]()
        ranges.reserveCapacity(range.count)
        for t in range {
            let s = targets.series[t]
            let fitted = targets.specs[t].form.isValueInTargetYear
            ranges.append(s >= 0 && fitted ? panel.range(of: Int(s), asOf: asOf) : 0..<0)
        }
        let fits = panel.years.withUnsafeBufferPointer { yp in
            panel.values.withUnsafeBufferPointer { vp in
                TrendFitter(kernel: kernel, cache: cache).fit(years: yp, values: vp, ranges: ranges)
            }
        }
        var assessor = Assessor(options: options)
        assessor.options.projectsValueTargets = false
        var out = [PanelAssessment]()
        out.reserveCapacity(range.count)
        var observations = [YearValue]()
        for (i, t) in range.enumerated() {
            let spec = targets.specs[t]
            observations.removeAll(keepingCapacity: true)
            let s = targets.series[t]
            if s >= 0 {
                for k in panel.range(of: Int(s), asOf: asOf) {
                    observations.append(YearValue(Int(panel.years[k]), panel.values[k]))
                }
            }
            let a = assessor.assess(spec, observations: observations)
            var forecast: Forecast?
            if let f = fits[i] {
                forecast = project(spec, a, f, observations: observations)
            }
            out.append(PanelAssessment(assessment: a, fitCount: fits[i]?.count ?? 0, forecast: forecast))
        }
        return out
    }

    /// The projection of a value target in its target year, on the assessment's scale.
    func project(_ spec: TargetSpec, _ a: Assessment, _ fits: TrendFits, observations: [YearValue]) -> Forecast? {
        guard var bound = spec.bound, spec.targetYear > fits.lastYear else { return nil }
        let compound = (a.method ?? (options.method ?? spec.method ?? spec.form.defaultMethod).rawValue) == PathMethod.compound.rawValue
        guard let model = fits.select(preferLogLinear: compound) else { return nil }
        var scale = 1.0
        if spec.form == .reduction {
            // The index bound in the observation's unit: index = 100 · value / baseline level.
            guard let level = reductionLevel(spec, a, observations: observations), level > 0 else { return nil }
            bound = bound.reductionIndexBound
            scale = level / 100
        }
        let meets = bound.satisfyingInterval(direction: a.direction, tolerance: options.aboutTolerance).scaled(by: scale)
        guard var f = fits.forecast(model, year: spec.targetYear, meets: meets) else { return nil }
        if scale != 1 {
            f.value /= scale
            f.low /= scale
            f.high /= scale
        }
        return f
    }

    /// The level a reduction is measured from: the printed baseline, else the observation that
    /// stood in for it.
    func reductionLevel(_ spec: TargetSpec, _ a: Assessment, observations: [YearValue]) -> Double? {
        if let b = spec.baseline { return b }
        guard let year = a.baseline?.year else { return nil }
        return observations.first(where: { $0.year == year })?.value
    }
}
