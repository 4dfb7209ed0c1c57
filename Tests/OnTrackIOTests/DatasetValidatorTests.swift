import Foundation
import Testing
@testable import OnTrackIO

/// A small valid dataset with a source text; each test breaks one thing.
struct ValidatorFixture {
    static let source = """
        “十四五”主要指标
        货物进出口总额（亿元）
        6500
        8000
        到2025年，高新技术企业突破8000家，单位地区生产总值能耗比2020年下降14%。
        2020年全市高新技术企业达到4222家。
        数字经济增加值占地区生产总值比重达到35%。
        """
    static let indicators = """
        indicator_id,name_zh,name_en,unit,kind,direction,scope,note
        trade,货物进出口总额,Goods trade,亿元,level,higher,,
        hightech,高新技术企业,High-tech enterprises,家,level,higher,,
        energy,单位地区生产总值能耗,Energy intensity,基期=100,index,lower,,
        digital,数字经济比重,Digital-economy share,%,share,higher,,
        """
    static let targetHeader = "target_id,indicator_id,form,bound,value,value_high,target_text,unit,baseline,baseline_text,baseline_year,target_year,period_start,source_file,source_line,source_line_end,quote,note"
    static let targetRows = [
        "t.trade,trade,level,reach,8000,,8000,,6500,6500,2020,2025,,plan.txt,2,4,货物进出口总额（亿元） 6500 8000,",
        "t.hightech,hightech,level,>,8000,,突破8000家,,,,2020,2025,,plan.txt,5,,高新技术企业突破8000家,",
        "t.energy,energy,reduction,reach,14,,下降14%,,,,2020,2025,,plan.txt,5,,单位地区生产总值能耗比2020年下降14%,",
        "t.digital,digital,share,reach,35,,35,,25,25,2020,2025,,plan.txt,7,,数字经济增加值占地区生产总值比重达到35%,",
    ]
    static let observations = """
        indicator_id,year,value,unit,reliability,comparable,source,source_line,source_line_end,quote,note
        hightech,2020,4222,家,high,yes,plan.txt,6,,2020年全市高新技术企业达到4222家,
        trade,2021,8000.6,亿元,high,yes,https://example.org/customs,,,外贸进出口总值8000.6亿元,
        """

    let folder: TemporaryFolder

    init(targets: [String] = targetRows, indicators: String = indicators, observations: String = observations) throws {
        folder = try TemporaryFolder()
        try folder.write("indicators.csv", indicators + "\n")
        try folder.write("targets.csv", ([Self.targetHeader] + targets).joined(separator: "\n") + "\n")
        try folder.write("observations.csv", observations + "\n")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try folder.write("sources/plan.txt", Self.source)
    }

    /// Replaces `old` by `new` in target row `index`.
    static func targets(_ index: Int, _ old: String, _ new: String) -> [String] {
        var rows = targetRows
        rows[index] = rows[index].replacingOccurrences(of: old, with: new)
        return rows
    }

    func validate() -> DatasetValidator.Report {
        DatasetValidator(currentYear: 2026).validate(folder: folder.path)
    }
}

@Suite("DatasetValidator")
struct DatasetValidatorTests {
    func errors(_ report: DatasetValidator.Report) -> [ValidationIssue] { report.issues.filter { $0.severity == .error } }

    @Test func theFixtureIsValid() throws {
        let f = try ValidatorFixture()
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(report.issues.isEmpty, "\(report.issues)")
        #expect(report.summary.targets == 4)
        #expect(report.summary.observations == 2)
        #expect(report.summary.quotesChecked == 5)
        #expect(report.summary.sources == 1)
    }

    @Test func wrongQuoteNamesTheQuoteCellAndWhereMatchingStops() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(1, "突破8000家,", "突破9000家,"))
        defer { f.folder.remove() }
        let e = try #require(errors(f.validate()).first)
        #expect(e.place.file.hasSuffix("targets.csv"))
        #expect(e.place.line == 3)
        #expect(e.place.message.contains("quote not found verbatim at line 5 of plan.txt"))
        #expect(e.place.message.contains("高新技术企业突破"))
        let header = ValidatorFixture.targetHeader.split(separator: ",", omittingEmptySubsequences: false)
        let quoteIndex = try #require(header.firstIndex(of: "quote"))
        let cells = ValidatorFixture.targetRows[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(e.place.column == 1 + cells[..<quoteIndex].reduce(0) { $0 + $1.count } + quoteIndex)
    }

    @Test func wrongLineSaysWhereTheQuoteIs() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(1, "plan.txt,5,", "plan.txt,4,"))
        defer { f.folder.remove() }
        let e = try #require(errors(f.validate()).first)
        #expect(e.place.message == "quote is not at line 4 of plan.txt; it is found at line 5")
    }

    @Test func lineOutsideTheFile() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(1, "plan.txt,5,", "plan.txt,50,"))
        defer { f.folder.remove() }
        #expect(errors(f.validate()).map(\.place.message) == ["line 50 is outside plan.txt, which has 7 lines"])
    }

    @Test func unknownIndicator() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(0, "t.trade,trade,", "t.trade,trade.goods,"))
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(errors(report).map(\.place.message) == ["unknown indicator_id trade.goods"])
        #expect(errors(report).first?.place.line == 2)
    }

    @Test func anIndicatorNothingRefersToIsAWarning() throws {
        let f = try ValidatorFixture(indicators: ValidatorFixture.indicators + "\nspare,备用,Spare,个,level,,,")
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(report.errors == 0)
        #expect(report.issues.map { $0.description.hasSuffix(": warning: indicator spare has no target and no observation") } == [true])
        #expect(report.issues.first?.place.line == 6)
    }

    @Test func duplicateTargetUnderAnotherID() throws {
        var rows = ValidatorFixture.targetRows
        rows.append(rows[0].replacingOccurrences(of: "t.trade,", with: "t.trade2,"))
        let f = try ValidatorFixture(targets: rows)
        defer { f.folder.remove() }
        let e = errors(f.validate())
        #expect(e.map(\.place.message) == ["duplicate target: same indicator, form, bound, value, year and source line as t.trade (line 2)"])
        #expect(e.first?.place.line == 6)
    }

    @Test func duplicateTargetID() throws {
        var rows = ValidatorFixture.targetRows
        rows.append(rows[1].replacingOccurrences(of: "t.hightech,", with: "t.trade,"))
        let f = try ValidatorFixture(targets: rows)
        defer { f.folder.remove() }
        #expect(errors(f.validate()).map(\.place.message) == ["duplicate target_id t.trade (first on line 2)"])
    }

    @Test func sourceFileMustBeAFileOfSources() throws {
        let missing = try ValidatorFixture(targets: ValidatorFixture.targets(1, "plan.txt", "other.txt"))
        defer { missing.folder.remove() }
        #expect(errors(missing.validate()).map(\.place.message) == ["source file sources/other.txt not found; add it, or correct source_file"])
        let escape = try ValidatorFixture(targets: ValidatorFixture.targets(1, "plan.txt", "../targets.csv"))
        defer { escape.folder.remove() }
        #expect(errors(escape.validate()).map(\.place.message) == ["'../targets.csv' is not a file name in sources/ (no folders, no '..')"])
    }

    /// Regression (issue 12, item 13): a GBK-encoded source was reported as "not found".
    @Test func aSourceInAnotherEncodingSaysSo() throws {
        let f = try ValidatorFixture()
        defer { f.folder.remove() }
        // "重庆" in GBK: D6 D8 C7 EC, not valid UTF-8.
        try Data([0xD6, 0xD8, 0xC7, 0xEC, 0x0A]).write(to: f.folder.url.appendingPathComponent("sources/plan.txt"))
        let messages = errors(f.validate()).map(\.place.message)
        #expect(!messages.isEmpty && messages.allSatisfy { $0.contains("is not UTF-8") && $0.contains("iconv") }, "\(messages)")
    }

    @Test func senseChecks() throws {
        let f = try ValidatorFixture(targets: [
            ValidatorFixture.targetRows[0].replacingOccurrences(of: "2020,2025,,", with: "2020,2025,2020,"),
            ValidatorFixture.targetRows[1].replacingOccurrences(of: ",,,,2020", with: ",万家,,,2020"),
            ValidatorFixture.targetRows[2].replacingOccurrences(of: "reach,14,", with: "reach,114,"),
            ValidatorFixture.targetRows[3].replacingOccurrences(of: "reach,35,", with: "reach,135,"),
        ])
        defer { f.folder.remove() }
        let messages = errors(f.validate()).map(\.place.message)
        #expect(messages == [
            "period_start 2020 must be after baseline_year 2020 (the baseline is the year before the period)",
            "the target is written in 万家 but the indicator counts 家; record the conversion in note (e.g. 2.6万亿元 = 26000 亿元)",
            "a reduction's value is the cut in % and must lie between 0 and 100 (got 114)",
            "value 135 is not a share in % (0–100)",
        ])
    }

    @Test func observationUnitsYearsAndSources() throws {
        let f = try ValidatorFixture(observations: """
            indicator_id,year,value,unit,reliability,comparable,source,source_line,source_line_end,quote,note
            hightech,2020,0.4222,万家,high,yes,plan.txt,6,,2020年全市高新技术企业达到4222家,
            trade,2031,8000.6,亿元,high,yes,https://example.org/customs,,,外贸进出口总值8000.6亿元,
            trade,2021,8000.6,亿元,high,yes,plan.txt,,,外贸进出口总值8000.6亿元,
            hightech,2020,4222,家,high,yes,plan.txt,5,,2020年全市高新技术企业达到4222家,
            """)
        defer { f.folder.remove() }
        let e = errors(f.validate())
        #expect(e.map(\.place.message) == [
            "unit 万家 differs from the indicator's unit 家; convert the value and say how in note",
            "year 2031 is in the future",
            "source 'plan.txt' is neither a URL nor cited by line; give source_line for a file in sources/",
            "quote is not at line 5 of plan.txt; it is found at line 6",
        ])
        #expect(e.map(\.place.line) == [2, 3, 4, 5])
    }

    @Test func aValueMustBeTheNumberItsQuotePrints() throws {
        // The failing fixture: 52.2 cited with a sentence that prints 55.2, and derivations that do not hold.
        let f = try ValidatorFixture(observations: """
            indicator_id,year,value,unit,reliability,comparable,source,source_line,source_line_end,quote,note
            digital,2023,52.2,%,high,yes,https://example.org/forest,,,全市森林覆盖率达到55.2%,
            hightech,2020,4223,家,high,yes,plan.txt,6,,2020年全市高新技术企业达到4222家,
            trade,2022,8158.4,亿元,high,yes,https://example.org/customs,,,reached 815.84 billion yuan,converted from 815.84 billion yuan
            trade,2023,59,亿元,high,yes,https://example.org/sum,,,客运航线38条;货运航线21条,59 = 38 + 22 (the two summed)
            trade,2024,2600,亿元,high,yes,https://example.org/scale,,,地区生产总值达到2.5万亿元,2.5万亿元 = 2600 亿元
            trade,2021,72.14,亿元,high,yes,https://example.org/ratio,,,城镇人口2301.49万人,2301.49 / 3190.47 × 100 = 72.14
            """)
        defer { f.folder.remove() }
        let e = errors(f.validate())
        #expect(e.map(\.place.line) == [2, 3, 4, 5, 6, 7])
        #expect(e.allSatisfy { $0.place.file.hasSuffix("observations.csv") })
        let hint = "correct the value from the source, or record its derivation in note (e.g. 86879 元 = 8.6879 万元)"
        #expect(e.map(\.place.message) == [
            "value 52.2 does not appear in the quote (its numbers: 55.2); \(hint)",
            "value 4223 does not appear in the quote (its numbers: 2020, 4222); \(hint)",
            "value 8158.4 does not appear in the quote (its numbers: 815.84); \(hint)",
            "the note's arithmetic gives 60, not 59",
            "the note writes 2.5 = 2600, which is not a change of unit (a power of ten); write the arithmetic (e.g. 38 + 21 = 59)",
            "operand 3190.47 of the derivation in note is neither a number of the quote nor a unit constant",
        ])
        // Placed at the value cell, as the other checks place theirs.
        #expect(e.first?.description.hasSuffix("observations.csv:2:14: error: value 52.2 does not appear in the quote (its numbers: 55.2); \(hint)") == true)
    }

    @Test func aValueWrittenOtherwiseOrDerivedAsTheNoteRecordsPasses() throws {
        // The passing fixture: every obvious writing and every recorded derivation.
        let f = try ValidatorFixture(observations: """
            indicator_id,year,value,unit,reliability,comparable,source,source_line,source_line_end,quote,note
            digital,2021,55.2,%,high,yes,https://example.org/forest,,,全市森林覆盖率达到５５．２％,full-width digits
            digital,2022,55.2,%,high,yes,https://example.org/forest,,,全市森林覆盖率达到55.2%,
            trade,2021,8000.59,亿元,high,yes,https://example.org/a,,,"进出口总值8,000.59亿元",thousands separator
            trade,2022,8158.4,亿元,high,yes,https://example.org/b,,,reached 815.84 billion yuan,converted: 815.84 billion yuan (= 8158.4 亿元)
            trade,2023,7137.4,亿元,high,yes,https://example.org/c,,,"totalizou 713,74 bilhões de yuans",713.74 bilhões = 7137.4 亿元
            trade,2024,59,亿元,high,yes,https://example.org/d,,,客运航线38条;货运航线21条,59 = 38 + 21 (the two summed)
            trade,2025,25000,亿元,high,yes,https://example.org/e,,,地区生产总值达到2.5万亿元,2.5万亿元 = 25000 亿元 (rounded)
            energy,2015,100,基期=100,high,yes,https://example.org/f,,,比2015年下降18.6%,index scale 2015 = 100
            energy,2020,81.4,基期=100,high,yes,https://example.org/g,,,比2015年下降18.6%,2020 = 100 − 18.6 = 81.4
            hightech,2020,4222,家,high,yes,plan.txt,6,,2020年全市高新技术企业达到4222家,
            """)
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(report.issues.isEmpty, "\(report.issues)")
    }

    @Test func targetTextMissingFromTheQuoteIsAWarning() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(1, "突破8000家,,", "8000家以上,,"))
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(report.errors == 0)
        #expect(report.issues.map(\.place.message) == ["target_text '8000家以上' does not occur in the quote; is it written as in the source?"])
    }

    @Test func schemaErrorsFromTheReaderAreReportedOnce() throws {
        let f = try ValidatorFixture(targets: ValidatorFixture.targets(0, "reach,8000", "reach,8千"))
        defer { f.folder.remove() }
        let report = f.validate()
        #expect(report.errors == 1)
        #expect(report.issues.first?.place.message.hasPrefix("value '8千' is not a number") == true)
    }

    @Test func missingFolderIsOneError() {
        let report = DatasetValidator().validate(folder: "/nonexistent/dataset")
        #expect(report.errors == 1)
        #expect(report.issues.first?.place.file == "/nonexistent/dataset")
        #expect(report.issues.first?.place.message.hasPrefix("no such folder") == true)
    }
}

@Suite("DatasetValidator.occurs")
struct TargetTextOccursTests {
    @Test func layoutSpacesAndEllipsesAreAllowed() {
        #expect(DatasetValidator.occurs("5万个以上", in: "每年创造灵活就业岗位5万 个以上"))
        #expect(DatasetValidator.occurs("4年累计…150万名", in: "4年累计吸引和留住150万名高校毕业生"))
        #expect(!DatasetValidator.occurs("150万名…4年累计", in: "4年累计吸引和留住150万名高校毕业生"))
        #expect(!DatasetValidator.occurs("6万个以上", in: "每年创造灵活就业岗位5万 个以上"))
    }
}

@Suite("QuotedValue")
struct QuotedValueTests {
    func check(_ v: Double, _ quote: String, note: String = "", unit: String = "%") -> QuotedValue.Outcome {
        QuotedValue.check(value: v, quote: quote, note: note, unit: unit)
    }

    @Test func equivalentWritings() {
        #expect(check(55.2, "森林覆盖率达到55.2%") == .written)
        #expect(check(55.2, "森林覆盖率达到５５．２％") == .written)
        #expect(check(251800, "More than 251,800 TEUs") == .written)
        #expect(check(713.74, "totalizou 713,74 bilhões") == .written)
        #expect(check(523.8, "【523. 8】") == .written)
        #expect(check(2, "长江干流水质（类） 约束性 III Ⅱ") == .written)
        #expect(check(-3.1, "采矿业下降3.1%") == .written)
        #expect(check(2794, "铁路运营里程2794.0公里") == .written)
        // A plain space is not a thousands separator: table cells stay two numbers.
        #expect(check(101, "国际客货运航线数量 条 101 115") == .written)
        #expect(check(101115, "国际客货运航线数量 条 101 115") != .written)
        #expect(check(-3.1, "增长3.1%") != .written)
        #expect(check(-2.11, "人口自然增长率为-2.11‰") == .written)
        #expect(check(-2016, "2016-2020年") != .written)
    }

    @Test func scalingOnlyWhenTheNoteRecordsIt() {
        #expect(check(25000, "地区生产总值达到2.5万亿元", unit: "亿元") != .written)
        #expect(check(25000, "地区生产总值达到2.5万亿元", note: "2.5万亿元 = 25000 亿元", unit: "亿元") == .derived)
        #expect(check(8.6879, "达到86879元", note: "86879 元 = 8.6879 万元", unit: "万元") == .derived)
        #expect(check(3.4, "有执业医师34人", note: "每万人口…执业医师34人 = 3.4 per 1,000 population (34 / 10)") == .derived)
        #expect(check(8158.4, "815.84 billion yuan", note: "converted from 815.84 billion yuan (= 8158.4 亿元); growth +2%") == .derived)
    }

    @Test func arithmeticDerivations() {
        #expect(check(57.9, "【18】 【42.1】", note: "printed 【42.1】 = cut of 42.1% over 2016-2020, so 2020 = 100 − 42.1 = 57.9") == .derived)
        #expect(check(122.85012285012286, "【16】 【18.6】", note: "2015 = 100 / (1 − 18.6/100) = 122.85012285012286") == .derived)
        #expect(check(72.14, "城镇人口为2301.49万人,全市人口3190.47万人", note: "2301.49 / 3190.47 × 100 = 72.14") == .derived)
        #expect(check(59, "38条;21条", note: "59 = 38 + 21 (38 passenger and 21 cargo routes)") == .derived)
        #expect(check(100, "比2015年下降18.6%", note: "index scale 2015 = 100", unit: "基期=100") == .indexBase)
        #expect(check(100, "下降18.6%", unit: "%") != .indexBase)
    }
}
