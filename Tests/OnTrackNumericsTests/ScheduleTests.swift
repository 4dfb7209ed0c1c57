import Foundation
import Testing
@testable import OnTrackNumerics

@Suite struct ScheduleTests {
    @Test func compoundPaceReachesTheTargetLate() {
        // 7000 growing 2.5 % a year reaches 8000 after ln(8/7)/ln(1.025) = 5.41 years: in 2029.
        let s = Schedule.project(latest: YearValue(2023, 7000), aim: 8000, pace: .percent(0.025), direction: .higherIsBetter)
        #expect(s == .reached(year: 2029))
        #expect(s.yearsBehind(targetYear: 2025, latestYear: 2023) == 4)
    }

    @Test func pointsPaceAndEarlyArrival() {
        // A share at 40 %, +2 points a year, aiming at 45 %: 2.5 years → 2026, a year early for 2027.
        let s = Schedule.project(latest: YearValue(2023, 40), aim: 45, pace: .points(2), direction: .higherIsBetter)
        #expect(s == .reached(year: 2026))
        #expect(s.yearsBehind(targetYear: 2027, latestYear: 2023) == -1)
        // Exactly whole years land on the year itself.
        #expect(Schedule.project(latest: YearValue(2023, 40), aim: 44, pace: .points(2), direction: .higherIsBetter) == .reached(year: 2025))
    }

    @Test func lowerIsBetter() {
        // Unemployment 6 %, −0.25 points a year, cap 5.5 %: 2 years.
        #expect(Schedule.project(latest: YearValue(2022, 6), aim: 5.5, pace: .points(-0.25), direction: .lowerIsBetter) == .reached(year: 2024))
        // An index at 95 falling 3 % a year to 86: ln(86/95)/ln(0.97) = 3.27 → 4 years.
        #expect(Schedule.project(latest: YearValue(2022, 95), aim: 86, pace: .percent(-0.03), direction: .lowerIsBetter) == .reached(year: 2026))
    }

    @Test func neverWhenThePaceRunsAwayOrStands() {
        #expect(Schedule.project(latest: YearValue(2023, 7000), aim: 8000, pace: .percent(-0.01), direction: .higherIsBetter) == .never)
        #expect(Schedule.project(latest: YearValue(2023, 7000), aim: 8000, pace: .percent(0), direction: .higherIsBetter) == .never)
        #expect(Schedule.project(latest: YearValue(2023, 6), aim: 5.5, pace: .points(0.1), direction: .lowerIsBetter) == .never)
        #expect(Schedule.project(latest: YearValue(2023, 1), aim: 1e9, pace: .percent(0.0001), direction: .higherIsBetter) == .never)
        #expect(Schedule.never.yearsBehind(targetYear: 2025, latestYear: 2023) == nil)
    }

    @Test func alreadyMet() {
        let s = Schedule.project(latest: YearValue(2023, 9100), aim: 9000, pace: .percent(-0.05), direction: .higherIsBetter)
        #expect(s == .met)
        #expect(s.yearsBehind(targetYear: 2025, latestYear: 2023) == -2)
    }
}
