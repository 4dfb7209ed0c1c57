import Foundation

/// Averages of annual growth rates over the period (*): the observed rates chained against the
/// required average. Values are annual rates in %.
extension Assessor {
    func assessAverageGrowth(_ c: Context) -> Assessment {
        var a = c.verdict
        guard let (start, tT, n) = Self.period(c, into: &a) else { return a }
        let target = c.bound.aim(c.direction)
        let gStar = target / 100
        a.aim = target
        a.method = "average"
        a.requiredFromBaseline = .percent(gStar)
        let rates = Self.contiguousFlows(c.observations, from: start, through: tT)
        let passed = hasPassed(tT, observations: c.observations)
        guard let last = rates.last else {
            Self.noValueInPeriod(c, start: start, passed: passed, into: &a)
            return a
        }
        let k = rates.count
        let fractions = rates.map { $0.value / 100 }
        guard let average = try? Growth.geometricMean(of: fractions) else {
            a.notes.append("a rate of −100 % or less cannot be chained")
            return a
        }
        a.latest = YearValue(last.year, average * 100)
        a.expectedAtLatest = target
        a.gapToPath = Self.finite(average * 100 - target)
        a.gapToPathPercent = target != 0 ? Self.finite((average * 100 - target) / abs(target) * 100) : nil
        a.actualChange = .percent(average)
        a.notes.append("values are the average annual rate over \(start)–\(last.year) (\(k) of \(n) years)")
        if k < n {
            a.requiredFromLatest = (try? AverageGrowth.requiredRemaining(target: gStar, periodYears: n, observed: fractions)).map(AnnualChange.percent)
        }
        let ratio: Double? = c.direction.flatMap { d in gStar == 0 ? nil : Self.finite(d.sign * average / abs(gStar)) }
        let isMet = c.bound.isMet(by: average * 100, direction: c.direction, tolerance: options.aboutTolerance)
        if k == n {
            // Ex post: every year of the period is observed.
            a.ratio = ratio
            if isMet {
                a.status = .achieved
                a.notes.append("the period average is met")
            } else {
                a.status = .missed
                Self.shortfall(aim: target, value: average * 100, direction: c.direction, into: &a)
                a.notes.append("the period is over and the average was missed")
            }
            return a
        }
        a.projection = Projector.averageGrowth(fits: c.fits, observed: rates.map(\.value), periodYears: n, lastYear: last.year,
                                               targetYear: tT, periodStart: start,
                                               meets: c.bound.satisfyingInterval(direction: c.direction, tolerance: options.aboutTolerance))
        if passed {
            Self.unobserved(&a, ratio: ratio, targetYear: tT, latest: last.year, period: true)
            return a
        }
        guard let d = c.direction else {
            Self.directionUnknown(&a)
            return a
        }
        if gStar == 0 {
            a.status = d.sign * average >= 0 ? .onTrack : .movingAway
            a.notes.append("a zero-growth target is judged on the sign of the average")
            return a
        }
        grade(ratio, into: &a)
        return a
    }

    func averageGrowthPath(_ c: Context) -> [PathPoint] {
        let start = c.spec.firstPeriodYear, tT = c.spec.targetYear
        guard tT >= start else { return [] }
        let target = c.bound.aim(c.direction)
        let actual = Dictionary(c.observations.map { ($0.year, $0.value) }, uniquingKeysWith: { $1 })
        return (start...tT).map { year in
            let v = actual[year]
            return PathPoint(year: year, expected: target, actual: v, gap: v.map { $0 - target },
                             notComparable: c.nonComparable.first(where: { $0.year == year })?.value)
        }
    }
}
