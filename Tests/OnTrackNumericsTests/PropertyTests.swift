import Foundation
import PropertyBased
import Testing
@testable import OnTrackNumerics

/// Properties that must hold for any baseline, target and span.
@Suite struct PropertyTests {
    @Test func pathsHitBaselineAndTargetExactly() async {
        await propertyCheck(input: Gen.double(in: 0.01...1e6), Gen.double(in: 0.01...1e6), Gen.int(in: 1...30)) { b, t, n in
            for method in PathMethod.allCases {
                let p = try! TargetPath(baseline: b, baselineYear: 2000, target: t, targetYear: 2000 + n, method: method)
                #expect(p.value(at: 2000) == b)
                #expect(p.value(at: 2000 + n) == t)
                // and every interior point lies between the ends
                for y in 2000...(2000 + n) {
                    #expect(p.value(at: y) >= min(b, t) * (1 - 1e-12) && p.value(at: y) <= max(b, t) * (1 + 1e-12))
                }
            }
        }
    }

    @Test func growingAtTheRequiredRateReachesTheTarget() async {
        await propertyCheck(input: Gen.double(in: 0.01...1e6), Gen.double(in: 0.01...1e6), Gen.int(in: 1...30)) { b, t, n in
            let g = try! Growth.compoundRate(from: b, to: t, years: n)
            var v = b
            for _ in 0..<n { v *= 1 + g }
            #expect(abs(v / t - 1) < 1e-9)
            let pp = try! Growth.pointsPerYear(from: b, to: t, years: n)
            #expect(abs((b + pp * Double(n)) - t) <= 1e-9 * max(abs(b), abs(t)))
        }
    }

    @Test func cumulativeGrowthSolvesItsEquation() async {
        await propertyCheck(input: Gen.double(in: 0.1...1000), Gen.double(in: 0.1...1e5), Gen.int(in: 1...10)) { flow, total, n in
            let g = try! CumulativeTotal.constantGrowth(flow: flow, total: total, years: n)
            #expect(abs(CumulativeTotal.sum(flow: flow, growth: g, years: n) / total - 1) < 1e-8)
        }
    }

    /// A better actual never gets a worse status.
    @Test func statusIsMonotoneInTheActualValue() async {
        let forms: [TargetForm] = [.level, .share, .rate, .ratio]
        await propertyCheck(input: Gen.double(in: 1...1000), Gen.double(in: 1...1000), Gen.double(in: 0.5...1500),
                            Gen.double(in: 0.5...1500), Gen.int(in: 0...3), Gen.int(in: 0...3)) { b, t, x1, x2, f, k in
            let bounds: [Bound] = [.reach(t), .atLeast(t), .about(t), .atMost(t)]
            let bound = bounds[k]
            let spec = TargetSpec(form: forms[f], bound: bound, targetYear: 2025, baseline: b, baselineYear: 2020)
            let assessor = Assessor()
            let r1 = assessor.assess(spec, observations: [YearValue(2023, min(x1, x2))])
            let r2 = assessor.assess(spec, observations: [YearValue(2023, max(x1, x2))])
            guard let d = r1.direction, let s1 = r1.status.severityRank, let s2 = r2.status.severityRank else { return }
            if d == .higherIsBetter { #expect(s1 <= s2) } else { #expect(s1 >= s2) }
        }
    }

    @Test func noNaNEscapes() async {
        await propertyCheck(input: Gen.double(in: -100...100), Gen.double(in: -100...100), Gen.double(in: -100...100), Gen.int(in: 0...6)) { b, t, x, f in
            let form = [TargetForm.level, .share, .rate, .ratio, .reduction, .cumulative, .averageGrowth][f]
            let spec = TargetSpec(form: form, bound: .reach(t), targetYear: 2025, baseline: b, baselineYear: 2020)
            let a = Assessor().assess(spec, observations: [YearValue(2020, b), YearValue(2021, x), YearValue(2022, x / 2), YearValue(2023, x)])
            let numbers: [Double?] = [a.ratio, a.projected, a.projectionGap, a.gapToPath, a.gapToPathPercent, a.expectedAtLatest,
                                      a.requiredFromBaseline?.value, a.requiredFromLatest?.value, a.actualChange?.value, a.latest?.value, a.aim]
            for n in numbers { #expect(n?.isFinite ?? true) }
        }
    }

    /// Every number an assessment carries, projection and band included.
    static func numbers(_ a: Assessment, _ targetYear: Int) -> [Double?] {
        var n: [Double?] = [a.ratio, a.projected, a.projectionGap, a.gapToPath, a.gapToPathPercent, a.expectedAtLatest,
                            a.requiredFromBaseline?.display, a.requiredFromLatest?.display, a.actualChange?.display,
                            a.latest?.value, a.aim, a.baseline?.value, a.shortfall, a.shortfallPercent,
                            a.projection?.low, a.projection?.high, a.projection?.probability,
                            a.cumulative?.runningSum, a.cumulative?.remaining, a.cumulative?.averageNeeded]
        if let p = a.projection, let last = a.latest?.year, last < targetYear {
            for y in (last + 1)...targetYear {
                let b = p.band(at: y)
                n += [b?.value, b?.low, b?.high]
            }
        }
        return n
    }

    /// Regression (issue 12, item 3) and its property: values at the extremes of a double — near
    /// 0, 1e±300, 1e308, negative, baseline equal to target — give finite or absent numbers for every
    /// form and bound, and never trap.
    @Test func extremeValuesGiveFiniteOrAbsentNumbers() async {
        let extremes: [Double] = [0, 1e-300, -1e-300, 1e-12, 1, -1, 7, 1e12, 1e300, -1e300, 1e308, -1e308,
                                  Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude]
        let pick = Gen.int(in: 0...(extremes.count - 1))
        await propertyCheck(count: 400, input: pick, pick, pick, pick, Gen.int(in: 0...6), Gen.int(in: 0...6)) { b, t, x, y, f, k in
            let form = [TargetForm.level, .share, .rate, .ratio, .reduction, .cumulative, .averageGrowth][f]
            let target = extremes[t]
            let bound = [Bound.reach(target), .atLeast(target), .moreThan(target), .atMost(target), .lessThan(target),
                         .about(target), .range(min(target, extremes[b]), max(target, extremes[b]))][k]
            for baseline in [extremes[b], target] as [Double?] + [nil] {
                let spec = TargetSpec(form: form, bound: bound, targetYear: 2025, baseline: baseline, baselineYear: 2020)
                let obs = [YearValue(2021, extremes[x]), YearValue(2022, extremes[y]), YearValue(2023, extremes[x])]
                for options in [AssessmentOptions(), AssessmentOptions(evaluationYear: 2026)] {
                    let a = Assessor(options: options).assess(spec, observations: obs)
                    for n in Self.numbers(a, 2025) { #expect(n?.isFinite ?? true, "\(spec) \(obs): \(a)") }
                }
            }
        }
    }

    @Test func theAuditsOverflowIsAbsentWithANote() {
        // Baseline 1e-300, actual 1e308: the actual rate overflowed to inf and reached every output.
        let spec = TargetSpec(form: .level, bound: .reach(1), targetYear: 2025, baseline: 1e-300, baselineYear: 2020)
        let a = Assessor().assess(spec, observations: [YearValue(2023, 1e308)])
        #expect(a.actualChange == nil)
        #expect(Self.numbers(a, 2025).allSatisfy { $0?.isFinite ?? true })
    }
}
