import Foundation

/// Levels, shares, rates, ratios and reductions: a target value in a target year, judged against a
/// compound or linear path.
extension Assessor {
    /// A level target restated so that the generic path rules apply: reductions become an index.
    struct ValueProblem {
        var baseline: YearValue
        var aim: Double
        var bound: Bound
        var method: PathMethod
        var observations: [YearValue]
        var nonComparable: [YearValue]
        /// Raw value = value × scale: the baseline level / 100 for reductions, else 1.
        var scale = 1.0
        /// What restating the problem had to say (values left out).
        var notes: [String] = []
    }

    /// Builds the problem or returns the verdict that stops the rules early.
    func valueProblem(_ c: Context) -> Result<ValueProblem, Assessment.Stop> {
        var a = c.verdict
        guard var baseline = c.baseline else {
            return .failure(.init(noBaseline(c)))
        }
        var bound = c.bound
        var observations = c.observations
        var broken = c.nonComparable
        var method = options.method ?? c.spec.method ?? c.spec.form.defaultMethod
        var scale = 1.0
        var notes: [String] = []
        if c.spec.form == .reduction {
            // "降低14%": index with the baseline year = 100, target 100 − 14; the observations are
            // levels of the same indicator, rescaled by the baseline-year level.
            let level = baseline.value
            guard level > 0, level / 100 > 0 else {
                a.notes.append("a reduction needs a positive baseline level (got \(level))")
                return .failure(.init(a))
            }
            func index(_ v: YearValue) -> YearValue { YearValue(v.year, 100 * v.value / level) }
            // An index that overflows (a level 1e300 times the baseline's) is not a number to judge.
            observations = observations.map(index)
            broken = broken.map(index).filter { $0.value.isFinite }
            if observations.contains(where: { !$0.value.isFinite }) {
                observations.removeAll { !$0.value.isFinite }
                notes.append("a value too large for an index of the baseline level was left out")
            }
            baseline = YearValue(baseline.year, 100)
            bound = bound.reductionIndexBound
            method = options.method ?? c.spec.method ?? .compound
            scale = level / 100
        }
        let aim = bound.aim(c.direction)
        return .success(ValueProblem(baseline: baseline, aim: aim, bound: bound, method: method,
                                     observations: observations, nonComparable: broken, scale: scale, notes: notes))
    }

    func assessValue(_ c: Context) -> Assessment {
        var a = c.verdict
        let p: ValueProblem
        switch valueProblem(c) {
        case .failure(let stop): return stop.assessment
        case .success(let problem): p = problem
        }
        a.notes += p.notes
        if c.spec.form == .reduction {
            a.notes.append("values are an index, \(p.baseline.year) = 100")
        }
        a.baseline = p.baseline
        a.aim = p.aim
        let t0 = p.baseline.year, tT = c.spec.targetYear
        // Values after the target year say nothing about it: the target year's own value decides.
        let latest = p.observations.last(where: { $0.year > t0 && $0.year <= tT })
        let passed = hasPassed(tT, observations: p.observations)

        var method = p.method
        if method == .compound, p.baseline.value <= 0 || p.aim <= 0 || (latest.map { $0.value <= 0 } ?? false) {
            method = .linear
            a.notes.append("compound growth is undefined for non-positive values; percentage points used instead")
        }
        guard let path = try? TargetPath(baseline: p.baseline.value, baselineYear: t0, target: p.aim, targetYear: tT, method: method) else {
            a.notes.append("no path can be drawn from \(t0) to \(tT)")
            return a
        }
        a.method = method.rawValue
        let required = path.requiredChange
        a.requiredFromBaseline = required
        let isMet = { (v: Double) in p.bound.isMet(by: v, direction: c.direction, tolerance: self.options.aboutTolerance) }

        if latest == nil, !passed, a.baselineFromObservation, isMet(p.baseline.value) {
            // The stand-in baseline is itself an actual, and it already meets the target.
            a.latest = p.baseline
            a.status = .achieved
            a.notes.append("the only observation (\(p.baseline.year)) already meets the target")
            return a
        }
        guard let latest else {
            a.status = Self.missingActual(Context(spec: c.spec, bound: p.bound, direction: c.direction, baseline: p.baseline,
                                                  observations: p.observations, nonComparable: p.nonComparable, verdict: a))
            if a.status == .notComparable { a.notes.append("later values are on another definition (series break)") }
            if a.status == .insufficientData {
                if passed {
                    a.targetYearUnobserved = true
                    a.notes.append(Self.unobservedNote(tT))
                } else {
                    a.notes.append(Self.noActualNote(after: t0))
                }
            }
            return a
        }
        a.latest = latest
        let expected = path.value(at: latest.year)
        a.expectedAtLatest = expected
        a.gapToPath = Self.finite(latest.value - expected)
        a.gapToPathPercent = expected != 0 ? Self.finite((latest.value - expected) / abs(expected) * 100) : nil

        let elapsed = latest.year - t0
        let actual: AnnualChange?
        switch method {
        case .compound:
            actual = (try? Growth.compoundRate(from: p.baseline.value, to: latest.value, years: elapsed)).map(AnnualChange.percent)
            if latest.year < tT {
                a.requiredFromLatest = (try? Growth.compoundRate(from: latest.value, to: p.aim, years: tT - latest.year)).map(AnnualChange.percent)
            }
        case .linear:
            actual = (try? Growth.pointsPerYear(from: p.baseline.value, to: latest.value, years: elapsed)).map(AnnualChange.points)
            if latest.year < tT {
                a.requiredFromLatest = (try? Growth.pointsPerYear(from: latest.value, to: p.aim, years: tT - latest.year)).map(AnnualChange.points)
            }
        }
        a.actualChange = actual
        let ratio: Double? = c.direction.flatMap { d in
            guard let actual, required.value != 0 else { return nil }
            return Self.finite(d.sign * actual.value / abs(required.value))
        }

        if latest.year == tT {
            // Ex post: the target year is observed, and its value decides.
            a.ratio = ratio
            if isMet(latest.value) {
                a.status = .achieved
                a.notes.append("met in the target year \(tT)")
            } else {
                a.status = .missed
                Self.shortfall(aim: p.aim, value: latest.value, direction: c.direction, into: &a)
                a.notes.append("missed in the target year \(tT)")
            }
            return a
        }

        if c.spec.bound != nil {
            a.projection = Projector.value(fits: c.fits, compound: method == .compound,
                                           meets: p.bound.satisfyingInterval(direction: c.direction, tolerance: options.aboutTolerance),
                                           scale: p.scale, targetYear: tT, latest: latest, baselineYear: t0, actual: actual,
                                           isMet: isMet, direction: c.direction)
        }
        if passed {
            Self.unobserved(&a, ratio: ratio, targetYear: tT, latest: latest.year, period: false)
            return a
        }
        if isMet(latest.value) {
            a.status = .achieved
            return a
        }
        guard c.direction != nil else {
            Self.directionUnknown(&a)
            return a
        }
        if required.value == 0 {
            // A maintain target (baseline already at the floor): judged on the floor, not on growth.
            a.status = .movingAway
            a.notes.append("below the level the target requires to be maintained")
            return a
        }
        guard actual != nil else {
            a.status = .notAssessable
            a.notes.append("no actual rate of change can be computed")
            return a
        }
        grade(ratio, into: &a)
        return a
    }

    /// The verdict without a baseline: achieved if a value already meets the bound, else "no baseline".
    func noBaseline(_ c: Context) -> Assessment {
        var a = c.verdict
        a.aim = c.bound.aim(c.direction)
        let tT = c.spec.targetYear
        let isMet = { (v: Double) in c.bound.isMet(by: v, direction: c.direction, tolerance: self.options.aboutTolerance) }
        // A value target's own year needs no baseline to be judged (a reduction does: it is a cut
        // from the baseline level).
        if c.spec.form != .reduction, let v = c.observations.first(where: { $0.year == tT }) {
            a.latest = v
            if isMet(v.value) {
                a.status = .achieved
                a.notes.append("no baseline, but the target year \(tT) is observed and meets the target")
            } else {
                a.status = .missed
                Self.shortfall(aim: a.aim ?? c.bound.center, value: v.value, direction: c.direction, into: &a)
                a.notes.append("no baseline; missed in the target year \(tT)")
            }
            return a
        }
        let before = c.observations.last(where: { $0.year < tT })
        a.latest = before
        if hasPassed(tT, observations: c.observations) {
            a.status = .insufficientData
            a.targetYearUnobserved = true
            a.notes.append(Self.unobservedNote(tT))
            return a
        }
        if let v = before, c.spec.form != .reduction, isMet(v.value) {
            a.status = .achieved
            a.notes.append("no baseline, but the \(v.year) value already meets the target")
        } else {
            a.status = .noBaseline
            a.notes.append("no baseline in the document and no observation to stand in for it")
        }
        return a
    }

    func valuePath(_ c: Context) -> [PathPoint] {
        guard case .success(let p) = valueProblem(c) else { return [] }
        var method = p.method
        if method == .compound, p.baseline.value <= 0 || p.aim <= 0 { method = .linear }
        guard let path = try? TargetPath(baseline: p.baseline.value, baselineYear: p.baseline.year, target: p.aim,
                                         targetYear: c.spec.targetYear, method: method) else { return [] }
        let actual = Dictionary(p.observations.map { ($0.year, $0.value) }, uniquingKeysWith: { $1 })
        let broken = Dictionary(p.nonComparable.map { ($0.year, $0.value) }, uniquingKeysWith: { $1 })
        return (p.baseline.year...c.spec.targetYear).map { year in
            let e = path.value(at: year)
            let v = actual[year]
            return PathPoint(year: year, expected: e, actual: v, gap: v.map { $0 - e }, notComparable: broken[year])
        }
    }
}

extension Assessment {
    /// An early verdict carried through a `Result`.
    struct Stop: Error {
        var assessment: Assessment
        init(_ a: Assessment) { assessment = a }
    }
}
