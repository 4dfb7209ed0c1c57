import Testing
@testable import OnTrackPanel

@Suite struct PanelBuilderTests {
    @Test func groupsSortsAndKeepsTheLaterDuplicate() {
        var b = PanelBuilder()
        b.append(series: 1, year: 2021, value: 5)
        b.append(series: 0, year: 2022, value: 2)
        b.append(series: 0, year: 2020, value: 1)
        b.append(series: 1, year: 2021, value: 6)
        b.append(series: 0, year: 2021, value: 1.5)
        let (panel, duplicates) = b.build(seriesIDs: ["a", "b", "c"])
        #expect(duplicates == 1)
        #expect(panel.seriesCount == 3)
        #expect(Array(panel.years[panel.range(of: 0)]) == [2020, 2021, 2022])
        #expect(Array(panel.values[panel.range(of: 0)]) == [1, 1.5, 2])
        #expect(Array(panel.values[panel.range(of: 1)]) == [6])
        #expect(panel.range(of: 2).isEmpty)
        #expect(panel.range(of: 0, asOf: 2021).count == 2)
    }
}
