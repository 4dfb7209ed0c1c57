import Foundation
import OnTrackNumerics
@testable import OnTrackOpenSDG
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/opensdg")

/// Reading Open SDG repositories: layouts, translations, series selection, tags.
@Suite struct OpenSDGReadingTests {
    @Test func recognisesBothLayouts() {
        #expect(OpenSDGRepository.recognises(fixtures.appendingPathComponent("canada-gif-subset").path))
        #expect(OpenSDGRepository.recognises(fixtures.appendingPathComponent("front-matter").path))
        #expect(!OpenSDGRepository.recognises(packageRoot.appendingPathComponent("Datasets/chongqing").path))
        #expect(!OpenSDGRepository.recognises(fixtures.path))
    }

    @Test func frontMatterLayoutWorkedByHand() throws {
        let repo = try OpenSDGRepository.read(fixtures.appendingPathComponent("front-matter").path)
        #expect(repo.indicators.map(\.id) == ["9-1-1", "9-1-2"])
        #expect(repo.indicators[0].name == "A made-up indicator")
        #expect(repo.indicators[1].name == "A second made-up indicator")
        let results = try OpenSDGAssessor().assess(repo)
        let r = results[0]
        #expect(r.series.map(\.tag) == ["9-1-1 / Share of people / Percent", "9-1-1 / Share of people / Percent / Women",
                                        "9-1-1 / Count"])

        // Headline share: years are periods (2015-16 → 2015); 50 (2015) → 53 (2018), limit 100:
        // C = 1 − 0.5^4.44 = 0.953929; CAGR = (53/50)^(1/3) − 1 = 1.9613 % ≥ 1.5 %·C = 1.4309 % → on
        // track; score min(500·0.019613/C − 5, 5) = 5. The footnote column is not a disaggregation.
        let share = r.series[0]
        #expect(share.observations == [YearValue(2015, 50), YearValue(2016, 51), YearValue(2018, 53)])
        #expect(abs(share.measurement.coefficient! - 0.9539290869596531) < 1e-12)
        #expect(share.measurement.status == .substantialProgress && share.measurement.score == 5)
        #expect(share.status == .onTrack)

        // Women (a translation key in the data, a plain value in the option): 40 → 41 over three
        // years: 0.8265 % a year, moderate; score 250·0.0082648 − 1.25 = 0.81621. The Male rows are
        // not picked.
        let women = r.series[1]
        #expect(women.observations == [YearValue(2015, 40), YearValue(2018, 41)])
        #expect(abs(women.measurement.score! - 0.8162094022630417) < 1e-12)
        #expect(women.measurement.status == .moderateProgress)

        // Count: 1000 (2015) → 900 (2019), target 500 in 2030, lower is better; the empty 2017 value
        // drops out. CAGR = 0.9^(1/4) − 1 = −2.5996 %; required = 0.5^(1/15) − 1 = −4.5158 %;
        // R = 0.57567 → limited; score 4.1667·R − 2.5 = −0.10136.
        let count = r.series[2]
        #expect(count.observations == [YearValue(2015, 1000), YearValue(2019, 900)])
        #expect(abs(count.measurement.progressValue! - 0.5756682217661779) < 1e-12)
        #expect(count.measurement.status == .limitedProgress)
        #expect(abs(count.measurement.score! - -0.10136322036686662) < 1e-12)
        // OnTrack's own verdict on the targeted series: the same R, the same grade.
        #expect(count.status == .limitedProgress)
        #expect(abs(count.assessment!.ratio! - 0.5756682217661779) < 1e-9)

        // Roll-up: the group first, (0.81621 − 0.10136)/2 = 0.35742; then (5 + 0.35742)/2 = 2.67871 →
        // substantial progress.
        #expect(abs(r.score! - 2.6787115454740436) < 1e-12)
        #expect(r.opensdgStatus == "substantial_progress")
        #expect(r.status == .onTrack)

        // The calculation off: the manual status stands, with no score.
        #expect(results[1].opensdgStatus == "target_achieved" && results[1].score == nil && results[1].series.isEmpty)
        #expect(results[1].status == .achieved)
    }

    @Test func canadaSubsetReproducesThePublishedComponents() throws {
        let folder = fixtures.appendingPathComponent("canada-gif-subset")
        let repo = try OpenSDGRepository.read(folder.path)
        let results = try OpenSDGAssessor().assess(repo)
        let mine = OpenSDGComponents(results)
        let published = try OpenSDGComponents.parse(yaml: String(contentsOf: folder.appendingPathComponent("indicator_calculation_components.yml"), encoding: .utf8))
        let agreement = mine.compare(with: published)
        #expect(agreement.indicatorsCompared == 6 && agreement.indicatorsMatched == 6, "\(agreement.indicatorDifferences)")
        #expect(agreement.seriesCompared == 36 && agreement.seriesMatched == 36, "\(agreement.seriesDifferences)")
        #expect(agreement.missingSeries.isEmpty && agreement.extraSeries.isEmpty)
        // Every component, not only status and score.
        for (id, ind) in published.indicators {
            for (tag, s) in ind.series {
                let m = try #require(mine.indicators[id]?.series[tag])
                #expect(m.baseYear == s.baseYear && m.currentYear == s.currentYear && m.baseValue == s.baseValue
                        && m.currentValue == s.currentValue && m.target == s.target && m.targetYear == s.targetYear
                        && m.direction == s.direction && m.sign == s.sign && m.limit == s.limit, "\(tag)")
                #expect((m.progressValue == nil) == (s.progressValue == nil), "\(tag)")
                if let a = m.progressValue, let b = s.progressValue { #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(tag)") }
            }
        }
        // The text itself: sdg-build's file, line for line.
        let text = try mine.yaml()
        let expected = try String(contentsOf: folder.appendingPathComponent("indicator_calculation_components.yml"), encoding: .utf8)
        #expect(text == expected)
    }

    @Test func canadaSubsetSelections() throws {
        let repo = try OpenSDGRepository.read(fixtures.appendingPathComponent("canada-gif-subset").path)
        let results = try OpenSDGAssessor().assess(repo)
        func series(_ id: String) -> [OpenSDGSeriesResult] { results.first { $0.indicator.id == id }!.series }
        // The data say "Current status score", which data.yml translates to "Current score", the
        // option's name.
        let score = series("2-4-1")[0]
        #expect(score.tag == "2-4-1 / Current score")
        #expect(score.observations.count == 10 && score.measurement.baseValue == 3.83)
        // "_Physical assault" in data and option, "Physical assault" in the tag.
        #expect(series("16-3-1").map(\.tag).contains("16-3-1 / Physical violence / Physical assault"))
        // 4.5.1: the Progress column replaces Value (1.0801 rather than 0.926); the rows of one sex
        // are left out because the option names no sex; an education level absent from the data
        // selects nothing.
        let location = series("4-5-1").first { $0.tag == "4-5-1 / Educational attainment rate / Adjusted location parity index / Completed upper secondary education or higher" }!
        #expect(location.measurement.baseValue == 1.08013525691977 && location.measurement.baseYear == 2016)
        let primary = series("4-5-1").first { $0.tag == "4-5-1 / Completion rate / Adjusted gender parity index / Primary education" }!
        #expect(primary.observations.isEmpty && primary.measurement.status == .notAvailable)
        #expect(primary.notes.contains { $0.contains("no row with Highest level of education = Primary education") })
    }

    @Test func selectionRules() {
        let data = IndicatorData(file: "t.csv", header: ["Year", "Series", "Units", "Sex", "GeoCode", "Progress", "Value"], rows: [
            ["2024 Q1", "A", "%", "", "", "35.9", "35.9"],
            ["2024 Q2", "A", "%", "", "", "", "36.9"],
            ["2025 Q1", "A", "%", "", "", "30", "31"],
            ["2024 Q1", "A", "%", "F", "", "20", "20"],
            ["2024", "B", "%", "", "", "", "1"],
        ])
        let roles = ColumnRoles()
        func pick(_ o: SeriesOptions) -> SelectedSeries { data.select(o, roles: roles, translate: { $0 }) }
        // Quarters read as their year; the Progress column replaces Value, rows without it drop out.
        #expect(pick(SeriesOptions(series: "A")).observations == [YearValue(2024, 35.9), YearValue(2025, 30)])
        // A disaggregation: its rows only.
        #expect(pick(SeriesOptions(series: "A", disaggregation: [FieldValue(field: "Sex", value: "F")])).observations == [YearValue(2024, 20)])
        // No series named and two in the headline rows: not one series.
        let both = pick(SeriesOptions())
        #expect(both.observations.isEmpty && both.notes.contains { $0.contains("2 values of Series") })
        // A column that does not exist, or a value found nowhere: nothing.
        #expect(pick(SeriesOptions(series: "A", disaggregation: [FieldValue(field: "Age", value: "15+")])).observations.isEmpty)
        #expect(pick(SeriesOptions(series: "C")).observations.isEmpty)
        // Year and Value only: the series as it is.
        let plain = IndicatorData(file: "p.csv", header: ["Year", "Value"], rows: [["2015", "1"], ["2016-17", "2"], ["2017", "NA"]])
        #expect(plain.select(SeriesOptions(series: "ignored"), roles: roles, translate: { $0 }).observations == [YearValue(2015, 1), YearValue(2016, 2)])
    }

    @Test func translations() {
        let t = Translations(language: "en", groups: ["data": ["Female": "Women"], "custom": ["x-y": "Custom text"]])
        #expect(t.translate("Female") == "Women")
        #expect(t.translate("data.Female") == "Women")
        #expect(t.translate("custom.x-y") == "Custom text")
        #expect(t.translate("Male") == "Male")
        #expect(t.translate("unknown.key") == "unknown.key")
        #expect(t.lookUp("custom.x-y") == "Custom text" && t.lookUp("Female") == nil)
    }

    @Test func seriesTagsAreCutAsSdgBuildCutsThem() {
        // Under 122 characters: as is.
        #expect(SeriesTag.make(indicator: "1-4-1", parts: ["Access to basic mobility", "Canada"]) == "1-4-1 / Access to basic mobility / Canada")
        // One long part: cut so that the key is 122 characters, "..." included.
        let one = SeriesTag.make(indicator: "1-4-1", parts: ["Access to basic information services",
                                                            "Proportion of population covered by Evolved High-Speed Packet Access (HSPA+)"])
        #expect(one == "1-4-1 / Access to basic information services / Proportion of population covered by Evolved High-Speed Packet Access (HS...")
        #expect(one.count == 122)
        // Three long parts: cut to a common length, the character left over to the last.
        let three = SeriesTag.make(indicator: "4-4-1", parts: ["Used word processing software",
                                                              "Total, Internet users aged 15 years and over",
                                                              "Total, highest certificate, diploma or degree completed"])
        #expect(three == "4-4-1 / Used word processing software / Total, Internet users aged 15 years ... / Total, highest certificate, diploma o...")
        #expect(three.count == 122)
    }

    @Test func configValues() throws {
        let v = try ConfigValue.parse(yaml: "\u{FEFF}a: 1\nb: 2.50\nc: positive\nd: null\ne: [1, x]\nf: true\na: 3\n")
        #expect(v["a"] == .int(3))  // the last of a key given twice, as PyYAML
        #expect(v["b"] == .double(2.5) && v["b"]?.text == "2.5")
        #expect(v["c"]?.text == "positive" && v["d"] == .null && v["f"]?.isTrue == true)
        #expect(v["e"]?.list?.count == 2)
        #expect(try ConfigValue.frontMatter(markdown: "---\nx: 1\n---\ntext") == .map(["x": .int(1)]))
        #expect(try ConfigValue.frontMatter(markdown: "no front matter") == nil)
        // Options: a limit written as an integer stays one; direction other than positive is lower.
        let o = SeriesOptions(try ConfigValue.parse(yaml: "series: S\nlimit: 100\ndirection: negative\ntarget: 0\nbase_year: 2014.0"))
        #expect(o.limit == 100 && o.limitIsInteger && o.direction == .lowerIsBetter && o.target == 0 && o.baseYear == 2014)
        #expect(SeriesOptions(try ConfigValue.parse(yaml: "limit: 100.0")).limitIsInteger == false)
        #expect(ProgressEntry.entries(nil) == [.series(SeriesOptions())])
    }

    @Test func componentsYAMLRoundTrip() throws {
        var c = OpenSDGComponents()
        c.indicators["1-1-1"] = .init(progressStatus: "", score: nil)
        c.indicators["10-1-1"] = .init(progressStatus: "deterioration", score: -3.5, series: [
            "10-1-1 / null": .init(baseValue: 1e-05, baseYear: 2015, currentValue: nil, currentYear: nil, direction: -1,
                                   limit: 100, progressValue: nil, score: nil, sign: nil, status: "not_available", target: 0.001,
                                   targetYear: 2030),
        ])
        let text = try c.yaml()
        // PyYAML's forms: '' for an empty status, 2015.0, 1.0e-05, null; keys sorted as text.
        #expect(text.contains("progress_status: ''"))
        #expect(text.contains("base_value: 1.0e-05"))
        #expect(text.contains("base_year: 2015.0"))
        #expect(text.contains("limit: 100\n"))
        #expect(text.contains("'10-1-1 / null':") || text.contains("10-1-1 / null:"))
        #expect(text.range(of: "1-1-1:")!.lowerBound < text.range(of: "10-1-1:")!.lowerBound)
        #expect(try OpenSDGComponents.parse(yaml: text) == c)
    }
}
