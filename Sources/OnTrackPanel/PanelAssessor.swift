import OnTrackNumerics

/// Assesses every target of a panel with the one engine (``Assessor``): the status, the rates and
/// the projection. The only thing done here in bulk is the fitting: the trend models of every
/// target's projection window (``Assessor/fitWindow(_:years:)``) are fitted many series at a time by
/// ``TrendFitter`` and handed to the assessor, which would otherwise fit them one by one.
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
                                      encode: @escaping @Sendable (Range<Int>, [Assessment]) -> Output,
                                      emit: (Range<Int>, Output) throws -> Void) rethrows {
        // One OpenBLAS thread in every mode: with --jobs 1 its idle pool would spin on the other core.
        BLASThreads.set(1)
        let me = self
        try Parallel.stream(chunkCount(targets), workers: workers, { c in
            let range = me.chunk(c, of: targets)
            return encode(range, me.assess(panel, targets, range))
        }, emit: { c, output in try emit(chunk(c, of: targets), output) })
    }

    /// Every target's verdict, in order (for callers that keep them all, such as datasets).
    public func assessAll(_ panel: Panel, _ targets: PanelTargets) -> [Assessment] {
        var all: [Assessment] = []
        all.reserveCapacity(targets.count)
        run(panel, targets, encode: { _, verdicts in verdicts }, emit: { _, verdicts in all += verdicts })
        return all
    }

    /// Assesses the targets in `range` on the calling thread.
    public func assess(_ panel: Panel, _ targets: PanelTargets, _ range: Range<Int>) -> [Assessment] {
        let asOf = options.asOf
        let assessor = Assessor(options: options)
        var windows = [Range<Int>]()
        windows.reserveCapacity(range.count)
        for t in range {
            let s = targets.series[t]
            guard s >= 0 else { windows.append(0..<0); continue }
            let r = panel.range(of: Int(s), asOf: asOf)
            let w = assessor.fitWindow(targets.specs[t], years: panel.years[r])
            windows.append(w.count >= TrendFits.minimumCount ? w : 0..<0)
        }
        let fits = panel.years.withUnsafeBufferPointer { yp in
            panel.values.withUnsafeBufferPointer { vp in
                TrendFitter(kernel: kernel, cache: cache).fit(years: yp, values: vp, ranges: windows)
            }
        }
        var out = [Assessment]()
        out.reserveCapacity(range.count)
        var observations = [YearValue]()
        for (i, t) in range.enumerated() {
            observations.removeAll(keepingCapacity: true)
            let s = targets.series[t]
            if s >= 0 {
                for k in panel.range(of: Int(s), asOf: asOf) {
                    observations.append(YearValue(Int(panel.years[k]), panel.values[k]))
                }
            }
            let broken = s >= 0 ? panel.nonComparable[Int(s)] ?? [] : []
            out.append(assessor.assess(targets.specs[t], observations: observations, nonComparable: broken, fits: .given(fits[i])))
        }
        return out
    }
}
