import Foundation
import Testing
import OnTrackCore
import OnTrackNumerics
@testable import OnTrackIO

/// The three files of a small dataset, written to a temporary folder.
struct DatasetFiles {
    static let indicatorHeader = "indicator_id,name_zh,name_en,unit,kind,direction"
    static let targetHeader = "target_id,indicator_id,form,bound,value,value_high,target_text,baseline,baseline_year,target_year,binding,method,source_file,source_line,quote"
    static let observationHeader = "indicator_id,year,value,unit,reliability,comparable,source,source_line,quote"

    var indicators: [Line]
    var targets: [Line]
    var observations: [Line]

    static func indicator(_ id: String, _ zh: String, _ en: String, _ unit: String, _ kind: String, _ direction: String = "") -> Line {
        Line(id, zh, en, unit, kind, direction)
    }

    static func target(_ id: String, _ indicator: String, _ form: String, _ bound: String, _ value: String,
                       _ high: String = "", text: String? = nil, baseline: String = "", _ baselineYear: String = "2020",
                       _ targetYear: String = "2025", binding: String = "", method: String = "") -> Line {
        Line(id, indicator, form, bound, value, high, text ?? value, baseline, baselineYear, targetYear, binding, method,
             "000_plan.txt", "12", "quote")
    }

    static func observation(_ indicator: String, _ year: String, _ value: String, _ unit: String,
                            reliability: String = "high", comparable: String = "yes",
                            source: String = "https://example.org/bulletin", line: String = "") -> Line {
        Line(indicator, year, value, unit, reliability, comparable, source, line, "the quoted sentence")
    }

    func write(to folder: TemporaryFolder) throws {
        func text(_ header: String, _ lines: [Line]) -> String {
            ([header] + lines.map(\.text)).joined(separator: "\n") + "\n"
        }
        try folder.write("indicators.csv", text(Self.indicatorHeader, indicators))
        try folder.write("targets.csv", text(Self.targetHeader, targets))
        try folder.write("observations.csv", text(Self.observationHeader, observations))
    }
}

/// Where an error should point: file name, line, column (in characters) and part of the message.
struct ExpectedError: CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var fragment: String
    var description: String { "\(file):\(line):\(column): …\(fragment)…" }

    func matches(_ e: LocatedError) -> Bool {
        e.file.hasSuffix("/" + file) && e.line == line && e.column == column && e.message.contains(fragment)
    }
}

@Suite("DatasetReader")
struct DatasetReaderTests {
    typealias D = DatasetFiles

    static let goodIndicators = [
        D.indicator("a", "货物进出口总额", "Goods trade", "亿元", "level", "higher"),
        D.indicator("b", "数字经济比重", "Digital economy share", "%", "share"),
    ]
    static let goodTarget = D.target("t1", "a", "level", "reach", "9000", baseline: "6513.4")
    static let goodObservation = D.observation("a", "2021", "8000.59", "亿元")

    @Test func validDatasetLoads() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try D(indicators: Self.goodIndicators + [D.indicator("c", "单位GDP能耗降低", "Energy intensity cut", "%", "rate", "lower")],
              targets: [
                Self.goodTarget,
                D.target("t2", "b", "share", "range", "30", "35", text: "30-35", baseline: "25", binding: "预期性"),
                D.target("t3", "c", "reduction", "<=", "14", text: "[14]", binding: "约束性", method: "linear"),
                D.target("t4", "a", "categorical", "none", "", text: "国家下达"),
              ],
              observations: [
                Self.goodObservation,
                D.observation("a", "2022", "8158.4", "亿元", reliability: "medium"),
                D.observation("b", "2021", "27.5", "%", comparable: "no", source: "001_report.txt", line: "40"),
              ]).write(to: folder)

        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let d = result.dataset
        #expect(d.name == folder.url.lastPathComponent)
        #expect(d.indicators.map(\.id) == ["a", "b", "c"])
        #expect(d.indicators[0].nameZh == "货物进出口总额")
        #expect(d.indicators[0].unit == "亿元")
        #expect(d.indicators[0].kind == .level)
        #expect(d.indicators[0].direction == .higherIsBetter)
        #expect(d.indicators[1].direction == nil)
        #expect(d.indicators[2].direction == .lowerIsBetter)

        #expect(d.targets.map(\.id) == ["t1", "t2", "t3", "t4"])
        #expect(d.targets[0].bound == .reach(9000))
        #expect(d.targets[0].baseline == 6513.4)
        #expect(d.targets[0].baselineYear == 2020 && d.targets[0].targetYear == 2025)
        #expect(d.targets[0].source.location == "000_plan.txt" && d.targets[0].source.line == 12)
        #expect(d.targets[1].bound == .range(30, 35))
        #expect(d.targets[1].binding == .indicative)
        #expect(d.targets[2].form == .reduction && d.targets[2].bound == .atMost(14))
        #expect(d.targets[2].binding == .binding && d.targets[2].method == .linear)
        #expect(d.targets[2].baseline == nil)
        #expect(d.targets[3].form == .categorical && d.targets[3].bound == nil)
        #expect(d.targets[3].targetText == "国家下达")

        #expect(d.observations.count == 3)
        #expect(d.observations.map(\.value) == [8000.59, 8158.4, 27.5])
        #expect(d.observations.map(\.order) == [0, 1, 2])
        #expect(d.observations[1].reliability == .medium)
        #expect(d.observations[2].comparable == false)
        #expect(d.observations[2].source.location == "001_report.txt" && d.observations[2].source.line == 40)
    }

    @Test func malformedRowsAreReportedWhereTheyAreAndTheRestLoads() throws {
        let indicators = Self.goodIndicators + [
            D.indicator("c", "坏", "Bad", "%", "percent"),                 // line 4: unknown kind
            D.indicator("a", "重复", "Duplicate", "亿元", "level"),         // line 5: duplicate indicator_id
            D.indicator("d", "社会消费品零售总额", "Retail sales", "亿元", "level"), // line 6: good
        ]
        let targets = [
            Self.goodTarget,                                                              // 2 good
            D.target("t2", "a", "level", "reach", "12x", baseline: "6513.4"),             // 3 bad number
            D.target("t3", "zz", "level", "reach", "10", baseline: "5"),                  // 4 unknown indicator
            D.target("t1", "b", "share", "reach", "35", baseline: "25"),                  // 5 duplicate target_id
            D.target("t4", "a", "level", "reach", "10", baseline: "5", "2020", "2020"),   // 6 target year not after baseline
            D.target("t5", "b", "share", "range", "30", text: "30-35", baseline: "25"),   // 7 range without value_high
            D.target("t6", "a", "level", "none", "5", text: "国家下达"),                  // 8 bound none with a value
            D.target("t7", "b", "share", "range", "30", "35", text: "30-35"),             // 9 good
            D.target("t8", "d", "categorical", "none", "", text: "稳步提高"),             // 10 good
        ]
        let observations = [
            Self.goodObservation,                                                              // 2 good
            D.observation("a", "2022", "12x", "亿元"),                                         // 3 bad number
            D.observation("zz", "2021", "1", "亿元"),                                          // 4 unknown indicator
            D.observation("b", "2021", "31", "%", comparable: "maybe"),                         // 5 comparable not yes/no
            D.observation("b", "2022", "32", "%", source: ""),                                  // 6 empty source
            D.observation("b", "2022", "32.5", "%", reliability: "medium", comparable: "no"),   // 7 good
        ]
        // The helper's columns, checked by hand on two lines: "c,坏,Bad,%,percent," puts kind at 11;
        // "t2,a,level,reach,12x" puts value at 18.
        #expect(indicators[2].column(4) == 11)
        #expect(targets[1].column(4) == 18)

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try D(indicators: indicators, targets: targets, observations: observations).write(to: folder)
        let result = try DatasetReader.read(folder: folder.path)

        let expected = [
            ExpectedError(file: "indicators.csv", line: 4, column: indicators[2].column(4), fragment: "unknown kind 'percent'"),
            ExpectedError(file: "indicators.csv", line: 5, column: 1, fragment: "duplicate indicator_id a (first on line 2)"),
            ExpectedError(file: "targets.csv", line: 3, column: targets[1].column(4), fragment: "value '12x' is not a number"),
            ExpectedError(file: "targets.csv", line: 4, column: targets[2].column(1), fragment: "unknown indicator_id zz"),
            ExpectedError(file: "targets.csv", line: 5, column: 1, fragment: "duplicate target_id t1 (first on line 2)"),
            ExpectedError(file: "targets.csv", line: 6, column: targets[4].column(9), fragment: "target_year 2020 is not after baseline_year 2020"),
            ExpectedError(file: "targets.csv", line: 7, column: targets[5].column(5), fragment: "range needs value_high"),
            ExpectedError(file: "targets.csv", line: 8, column: targets[6].column(3), fragment: "bound is 'none' but value is 5"),
            ExpectedError(file: "observations.csv", line: 3, column: observations[1].column(2), fragment: "value '12x' is not a number"),
            ExpectedError(file: "observations.csv", line: 4, column: 1, fragment: "unknown indicator_id zz"),
            ExpectedError(file: "observations.csv", line: 5, column: observations[3].column(5), fragment: "comparable must be yes or no (got 'maybe')"),
            ExpectedError(file: "observations.csv", line: 6, column: observations[4].column(6), fragment: "source is empty"),
        ]
        #expect(result.errors.count == expected.count, "\(result.errors.map(\.description))")
        for e in expected {
            #expect(result.errors.contains(where: e.matches), "no error \(e) in \(result.errors.map(\.description))")
        }
        for e in result.errors {
            #expect(e.description.hasPrefix("\(e.file):\(e.line):\(e.column): "))
            #expect(e.file.hasPrefix(folder.path))
        }

        let d = result.dataset
        #expect(d.indicators.map(\.id) == ["a", "b", "d"])
        #expect(d.indicators[0].nameZh == "货物进出口总额") // the first of the duplicates is kept
        #expect(d.targets.map(\.id) == ["t1", "t7", "t8"])
        #expect(d.targets[0].indicatorID == "a")
        #expect(d.observations.map(\.value) == [8000.59, 32.5])
        // Every row is either loaded or reported.
        func errors(in file: String) -> Int { result.errors.filter { $0.file.hasSuffix("/" + file) }.count }
        #expect(d.indicators.count + errors(in: "indicators.csv") == indicators.count)
        #expect(d.targets.count + errors(in: "targets.csv") == targets.count)
        #expect(d.observations.count + errors(in: "observations.csv") == observations.count)
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Line
        var column: Int
        var fragment: String
        var testDescription: String { "\(file): \(fragment)" }
    }

    static let badRows: [BadRow] = [
        BadRow(file: "indicators.csv", line: D.indicator("x", "名", "Name", "%", "rate", "up"), column: 5, fragment: "direction must be higher, lower or empty"),
        BadRow(file: "indicators.csv", line: D.indicator("x", "", "Name", "%", "rate"), column: 1, fragment: "name_zh is empty"),
        BadRow(file: "indicators.csv", line: D.indicator("x y", "名", "Name", "%", "rate"), column: 0, fragment: "may only hold lower-case letters"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "percent", "reach", "1"), column: 2, fragment: "unknown form 'percent'"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "at least", "1"), column: 3, fragment: "unknown bound 'at least'"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", ""), column: 4, fragment: "value is empty"),
        BadRow(file: "targets.csv", line: D.target("t9", "b", "share", "range", "35", "30"), column: 5, fragment: "value_high 30.0 is below value 35.0"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "categorical", "reach", "1"), column: 3, fragment: "categorical target has no numeric bound"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", "1", "", baseline: "1", "20x0"), column: 8, fragment: "baseline_year '20x0' is not a positive whole number"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", "1", "", baseline: "1", "2020", "2250"), column: 9, fragment: "target_year 2250 is outside 1900–2100"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", "1", binding: "binding"), column: 10, fragment: "unknown binding 'binding'"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", "1", method: "cubic"), column: 11, fragment: "unknown method 'cubic'"),
        BadRow(file: "targets.csv", line: D.target("t9", "a", "level", "reach", "nan"), column: 4, fragment: "value 'nan' is not a number"),
        BadRow(file: "observations.csv", line: D.observation("a", "2021", "1", "亿元", reliability: "official"), column: 4, fragment: "unknown reliability 'official'"),
        BadRow(file: "observations.csv", line: D.observation("a", "", "1", "亿元"), column: 1, fragment: "year is empty"),
        BadRow(file: "observations.csv", line: D.observation("a", "2021", "1", ""), column: 3, fragment: "unit is empty"),
        BadRow(file: "observations.csv", line: D.observation("a", "2021", "1", "亿元", source: "x.txt", line: "-3"), column: 7, fragment: "source_line '-3' is not a positive whole number"),
        BadRow(file: "observations.csv", line: Line("a", "2021", "1", "亿元"), column: 3, fragment: "the row has 4 fields but the header has 9"),
    ]

    /// Each malformed row, added after the good rows of its file, is reported at its cell and the good rows still load.
    @Test(arguments: badRows)
    func malformedRow(_ bad: BadRow) throws {
        var files = D(indicators: Self.goodIndicators, targets: [Self.goodTarget], observations: [Self.goodObservation])
        let line: Int
        switch bad.file {
        case "indicators.csv": files.indicators.append(bad.line); line = files.indicators.count + 1
        case "targets.csv": files.targets.append(bad.line); line = files.targets.count + 1
        default: files.observations.append(bad.line); line = files.observations.count + 1
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try files.write(to: folder)
        let result = try DatasetReader.read(folder: folder.path)
        let e = try #require(result.errors.first)
        #expect(result.errors.count == 1, "\(result.errors)")
        #expect(ExpectedError(file: bad.file, line: line, column: bad.line.column(bad.column), fragment: bad.fragment).matches(e),
                "got \(e)")
        #expect(result.dataset.indicators.map(\.id) == ["a", "b"])
        #expect(result.dataset.targets.map(\.id) == ["t1"])
        #expect(result.dataset.observations.count == 1)
    }

    /// A target without source_file is a what-if target: read, not refused (validate warns about it).
    @Test
    func targetWithoutSourceIsAWhatIfTarget() throws {
        var files = D(indicators: Self.goodIndicators, targets: [Self.goodTarget], observations: [Self.goodObservation])
        files.targets.append(Line("t9", "a", "level", "reach", "1", "", "", "", "2020", "2025", "", "", "", "", ""))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try files.write(to: folder)
        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.errors.isEmpty)
        #expect(result.dataset.targets.map(\.id) == ["t1", "t9"])
        let whatIf = try #require(result.dataset.targets.last)
        #expect(whatIf.isWhatIf && whatIf.targetText.isEmpty && whatIf.source.line == nil)
        #expect(whatIf.bound == .reach(1) && whatIf.targetYear == 2025)
        #expect(result.dataset.targets.first?.isWhatIf == false)
    }

    /// A target that cites a source file cites it whole: its quote (and text, and line) are required.
    @Test
    func targetCitingAFileWithoutItsQuoteIsReported() throws {
        var files = D(indicators: Self.goodIndicators, targets: [Self.goodTarget], observations: [Self.goodObservation])
        let bad = Line("t9", "a", "level", "reach", "1", "", "1", "", "2020", "2025", "", "", "plan.txt", "3", "")
        files.targets.append(bad)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try files.write(to: folder)
        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.dataset.targets.map(\.id) == ["t1"])
        let e = try #require(result.errors.first)
        #expect(e.file.hasSuffix("/targets.csv") && e.line == 3 && e.column == bad.column(14))
        #expect(e.message.hasPrefix("quote is empty; a target that cites a source file needs its written text and quote"))
    }

    @Test func bomCRLFAndColumnOrderAreAccepted() throws {
        let bom = "\u{FEFF}"
        let indicators = try CSVTable(bytes: Array((bom + "kind,unit,name_en,name_zh,indicator_id\r\nlevel,亿元,Trade,进出口,a\r\n").utf8),
                                      file: "indicators.csv", required: [])
        let targets = try CSVTable(bytes: Array((bom + "baseline_year,target_year,value,bound,form,indicator_id,target_id,extra,target_text,source_file,source_line,quote\r\n2020,2025,9000,reach,level,a,t1,ignored,9000,plan.txt,3,货物进出口总额 9000\r\n").utf8),
                                   file: "targets.csv", required: [])
        let observations = try CSVTable(bytes: Array("source,comparable,reliability,unit,value,year,indicator_id,quote\r\n\"https://x.org/a,b\",yes,high,亿元,8000.59,2021,a,货物进出口8000.59亿元\r\n".utf8),
                                        file: "observations.csv", required: [])
        let result = DatasetReader.parse(name: "n", indicators: indicators, targets: targets, observations: observations)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.dataset.indicators.first?.nameZh == "进出口")
        #expect(result.dataset.targets.first?.bound == .reach(9000))
        #expect(result.dataset.observations.first?.source.location == "https://x.org/a,b")
        #expect(result.dataset.observations.first?.value == 8000.59)
    }

    @Test func missingFolderNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)").path
        do {
            _ = try DatasetReader.read(folder: path)
            Issue.record("expected an error")
        } catch {
            // The folder itself is named, without a made-up position.
            #expect(error.file == path && error.line == 0)
            #expect(error.diagnostic == "\(path): error: no such folder; give the path of a dataset folder (indicators.csv, targets.csv, observations.csv)")
        }
    }

    /// Regression (issue 12, item 13): every unreadable case said "is … a dataset folder?".
    @Test func unreadableFilesSayWhyAndWhatToDo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("plain.txt", "x")
        func message(_ path: String) -> String {
            do { _ = try DatasetReader.read(folder: path); return "" } catch { return error.message }
        }
        #expect(message(file.path).contains("a file, not a dataset folder"))
        #expect(message(folder.path).contains("missing: a dataset folder needs indicators.csv"))
        try FileManager.default.createDirectory(atPath: folder.path + "/indicators.csv", withIntermediateDirectories: false)
        #expect(message(folder.path).contains("is a folder, not a CSV file"))
    }

    @Test func missingTargetsFileNamesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try D(indicators: Self.goodIndicators, targets: [], observations: []).write(to: folder)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("targets.csv"))
        do {
            _ = try DatasetReader.read(folder: folder.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file.hasSuffix("/targets.csv"))
        }
    }

    @Test func missingRequiredColumnNamesTheColumnAndFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try D(indicators: Self.goodIndicators, targets: [], observations: []).write(to: folder)
        try folder.write("observations.csv", "indicator_id,year,value,unit,comparable,source\na,2021,1,亿元,yes,x\n")
        do {
            _ = try DatasetReader.read(folder: folder.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file.hasSuffix("/observations.csv"))
            #expect(error.line == 1)
            #expect(error.message.contains("missing column reliability"))
        }
    }

    @Test func malformedCSVInAFileIsThrownWithItsPlace() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try D(indicators: Self.goodIndicators, targets: [Self.goodTarget], observations: []).write(to: folder)
        try folder.write("targets.csv", DatasetFiles.targetHeader + "\nt1,a,level,reach,\"9000,,\n")
        do {
            _ = try DatasetReader.read(folder: folder.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file.hasSuffix("/targets.csv"))
            #expect(error.line == 2)
            #expect(error.column == 18)
            #expect(error.message.contains("never closed"))
        }
    }

    // MARK: The shipped dataset

    @Test func chongqingDatasetLoadsWithoutErrors() throws {
        let folder = packageRoot.appendingPathComponent("Datasets/chongqing")
        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description))")
        func rowCount(_ name: String) throws -> Int {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return try CSVReader.parse([UInt8](data), file: name).count - 1
        }
        let d = result.dataset
        #expect(d.name == "chongqing")
        #expect(d.indicators.count == (try rowCount("indicators.csv")))
        #expect(d.targets.count == (try rowCount("targets.csv")))
        #expect(d.observations.count == (try rowCount("observations.csv")))
        #expect(d.targets.count > 0 && d.observations.count > 0)

        // One row checked against the file: targets.csv line 32.
        let t = try #require(d.targets.first { $0.id == "000.c1.06" })
        #expect(t.indicatorID == "trade.goods_total")
        #expect(t.form == .level)
        #expect(t.bound == .reach(9000))
        #expect(t.baseline == 6513.4)
        #expect(t.baselineYear == 2020 && t.targetYear == 2025)
        #expect(t.source.citation == "000_ebfad9c7b714e1a4.txt:331")
        #expect(t.source.document == "渝府发〔2021〕24号")

        // Every cited source file is shipped.
        let sources = folder.appendingPathComponent("sources")
        for t in d.targets {
            #expect(FileManager.default.fileExists(atPath: sources.appendingPathComponent(t.source.location).path),
                    "\(t.id) cites \(t.source.location)")
        }
    }
}

@Suite("Dataset metadata: about.csv and documents.csv")
struct DatasetMetadataTests {
    @Test func theChongqingDatasetNamesItselfAndItsDocuments() throws {
        let result = try DatasetReader.read(folder: packageRoot.appendingPathComponent("Datasets/chongqing").path)
        #expect(result.errors.isEmpty, "\(result.errors.prefix(3))")
        let d = result.dataset
        #expect(d.about.titleEn.hasPrefix("Chongqing's 14th Five-Year Plan"))
        #expect(!d.about.titleZh.isEmpty)
        // Every document a target cites has both titles.
        for document in Set(d.targets.map(\.source.document)) {
            let entry = try #require(d.documents[document], "\(document)")
            #expect(!entry.titleZh.isEmpty && !entry.titleEn.isEmpty, "\(document)")
        }
    }

    @Test func unknownDocumentsAndFieldsAreErrorsWithTheirPlace() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try DatasetFiles(indicators: DatasetReaderTests.goodIndicators, targets: [DatasetReaderTests.goodTarget],
                         observations: [DatasetReaderTests.goodObservation]).write(to: folder)
        try folder.write("about.csv", "field,value\ntitle_en,A plan\ntitel_zh,typo\n")
        try folder.write("documents.csv", "document,title_zh,title_en\n渝府发〔2099〕1号,某规划,Some plan\n")
        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.dataset.about.titleEn == "A plan")
        #expect(result.errors.count == 2)
        let about = try #require(result.errors.first { $0.file.hasSuffix("about.csv") })
        #expect(about.line == 3 && about.message.contains("unknown field 'titel_zh'"))
        let documents = try #require(result.errors.first { $0.file.hasSuffix("documents.csv") })
        #expect(documents.line == 2 && documents.message.contains("no target cites document"))
        #expect(result.dataset.documents.isEmpty)
    }

    @Test func bothFilesAreOptional() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try DatasetFiles(indicators: DatasetReaderTests.goodIndicators, targets: [DatasetReaderTests.goodTarget],
                         observations: [DatasetReaderTests.goodObservation]).write(to: folder)
        let result = try DatasetReader.read(folder: folder.path)
        #expect(result.errors.isEmpty)
        #expect(result.dataset.about == DatasetAbout() && result.dataset.documents.isEmpty)
    }
}
