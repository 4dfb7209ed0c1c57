import Foundation

/// Totals summed over the period (【】): the running sum against the sum expected on the path of
/// constant growth from the baseline year's flow.
extension Assessor {
    /// The flows of the period observed without a gap from its first year.
    static func contiguousFlows(_ obs: [YearValue], from start: Int, through end: Int) -> [YearValue] {
        var flows: [YearValue] = []
        var year = start
        for o in obs where o.year >= start && o.year <= end {
            guard o.year == year else { break }
            flows.append(o)
            year += 1
        }
        return flows
    }

    func assessCumulative(_ c: Context) -> Assessment {
        var a = c.verdict
        guard let (start, tT, n) = Self.period(c, into: &a) else { return a }
        let total = c.bound.aim(c.direction)
        a.aim = total
        a.method = "cumulative"
        let base = c.baseline
        var g: Double?
        if let b = base?.value {
            do {
                g = try CumulativeTotal.constantGrowth(flow: b, total: total, years: n)
                a.requiredFromBaseline = .percent(g!)
            } catch {
                a.notes.append("no constant growth from the baseline flow meets the total: \(error)")
            }
        } else {
            a.notes.append("no baseline flow: the expected running sum is spread evenly over the period")
        }

        let flows = Self.contiguousFlows(c.observations, from: start, through: tT)
        if let gapYear = c.observations.first(where: { $0.year > start + flows.count - 1 && $0.year <= tT && $0.year >= start }),
           gapYear.year != start + flows.count {
            a.notes.append("the flow for \(start + flows.count) is missing; the running sum stops at \(start + flows.count - 1)")
        }
        let passed = hasPassed(tT, observations: c.observations)
        guard let last = flows.last else {
            Self.noValueInPeriod(c, start: start, passed: passed, into: &a)
            if flows.isEmpty, c.observations.contains(where: { $0.year > start && $0.year <= tT }) {
                a.notes.append("the flow for \(start) is missing")
            }
            return a
        }
        let k = flows.count
        let sum = flows.reduce(0) { $0 + $1.value }
        let expected = g.map { CumulativeTotal.sum(flow: base!.value, growth: $0, years: k) } ?? total * Double(k) / Double(n)
        let remaining = total - sum
        a.latest = YearValue(last.year, sum)
        a.expectedAtLatest = expected
        a.gapToPath = Self.finite(sum - expected)
        a.gapToPathPercent = expected != 0 ? Self.finite((sum - expected) / abs(expected) * 100) : nil
        a.cumulative = CumulativeProgress(periodStart: start, periodYears: n, yearsObserved: k, runningSum: sum,
                                          expectedRunningSum: expected, remaining: remaining,
                                          averageNeeded: k < n ? remaining / Double(n - k) : nil, latestFlow: last.value)
        a.notes.append("running total of \(start)–\(last.year)")
        if k < n, remaining > 0 {
            do {
                a.requiredFromLatest = .percent(try CumulativeTotal.constantGrowth(flow: last.value, total: remaining, years: n - k))
            } catch {
                a.notes.append("no constant growth from the latest flow meets the rest: \(error)")
            }
        }
        var actual: Double?
        if let b = base, last.value > 0, b.value > 0, last.year > b.year {
            actual = try? Growth.compoundRate(from: b.value, to: last.value, years: last.year - b.year)
            a.actualChange = actual.map(AnnualChange.percent)
        }
        // R = share of the expected running sum achieved (the inverse for caps).
        let ratio: Double? = c.direction.flatMap { d in
            expected > 0 && sum > 0 ? Self.finite(d == .higherIsBetter ? sum / expected : expected / sum) : nil
        }
        let isMet = { (v: Double) in c.bound.isMet(by: v, direction: c.direction, tolerance: self.options.aboutTolerance) }
        if k == n {
            // Ex post: the whole period is observed.
            a.ratio = ratio
            if isMet(sum) {
                a.status = .achieved
                a.notes.append("the period total is met")
            } else {
                a.status = .missed
                Self.shortfall(aim: total, value: sum, direction: c.direction, into: &a)
                a.notes.append("the period is over and the total was missed")
            }
            return a
        }
        a.projection = Projector.cumulative(fits: c.fits, running: sum, lastYear: last.year, latestFlow: last.value, growth: actual,
                                            baselineYear: base?.year ?? start, targetYear: tT,
                                            meets: c.bound.satisfyingInterval(direction: c.direction, tolerance: options.aboutTolerance),
                                            direction: c.direction, isMet: isMet)
        // A floor met early is met for good; a cap or an "about" total is only settled at the end.
        if isMet(sum), c.direction == .higherIsBetter, !isAbout(c.bound) {
            a.status = .achieved
            return a
        }
        if passed {
            Self.unobserved(&a, ratio: ratio, targetYear: tT, latest: last.year, period: true)
            return a
        }
        guard c.direction != nil else {
            Self.directionUnknown(&a)
            return a
        }
        grade(ratio, into: &a)
        return a
    }

    private func isAbout(_ b: Bound) -> Bool {
        if case .about = b { return true }
        return false
    }

    func cumulativePath(_ c: Context) -> [PathPoint] {
        let start = c.spec.firstPeriodYear, tT = c.spec.targetYear
        let n = tT - start + 1
        guard n >= 1 else { return [] }
        let total = c.bound.aim(c.direction)
        let g = c.baseline.flatMap { try? CumulativeTotal.constantGrowth(flow: $0.value, total: total, years: n) }
        let flows = Self.contiguousFlows(c.observations, from: start, through: tT)
        var running = 0.0
        var actualSums: [Int: Double] = [:]
        for f in flows { running += f.value; actualSums[f.year] = running }
        return (start...tT).map { year in
            let k = year - start + 1
            let e = g.map { CumulativeTotal.sum(flow: c.baseline!.value, growth: $0, years: k) } ?? total * Double(k) / Double(n)
            let v = actualSums[year]
            return PathPoint(year: year, expected: e, actual: v, gap: v.map { $0 - e },
                             notComparable: c.nonComparable.first(where: { $0.year == year })?.value)
        }
    }
}
