import Foundation
import OnTrackCore
import OnTrackNumerics

/// Reads a dataset folder (`indicators.csv`, `targets.csv`, `observations.csv`; see
/// `Datasets/FORMAT.md`).
///
/// Every row is either loaded or reported: malformed rows become ``LocatedError``s that name the
/// file, line and column of the bad cell, and the rest of the file is still read.
public enum DatasetReader {
    /// The result of reading: the rows that could be loaded and the problems with the others.
    public struct Result: Sendable {
        public var dataset: Dataset
        public var errors: [LocatedError]
        /// What the reader did that a user should know (a file read as GB18030).
        public var notices: [String] = []
    }

    /// The three tables of a dataset folder, parsed as CSV but not yet interpreted.
    public struct Tables: Sendable {
        public var folder: String
        public var indicators: CSVTable
        public var targets: CSVTable
        public var observations: CSVTable
        /// Files converted to UTF-8 on the way in.
        public var notices: [String] = []
    }

    /// Reads the dataset folder at `path`.
    ///
    /// - Throws: ``LocatedError`` only when a file cannot be read at all or lacks its header;
    ///   row problems are returned in ``Result/errors``.
    public static func read(folder path: String, currentYear: Int = DatasetReader.currentYear) throws(LocatedError) -> Result {
        let t = try tables(folder: path)
        var result = parse(name: URL(fileURLWithPath: path).lastPathComponent, indicators: t.indicators, targets: t.targets,
                           observations: t.observations, currentYear: currentYear)
        result.notices = t.notices
        try readMetadata(folder: path, into: &result)
        return result
    }

    /// The optional `about.csv` (`field,value`: title_zh, title_en, publisher_zh, publisher_en)
    /// and `documents.csv` (`document,title_zh,title_en`, one row per document the targets cite).
    static func readMetadata(folder path: String, into result: inout Result) throws(LocatedError) {
        let url = URL(fileURLWithPath: path)
        func load(_ name: String, required: [String]) throws(LocatedError) -> CSVTable? {
            let file = url.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw LocatedError(file: file, line: 0, column: 0, message: whyUnreadable(folder: path, file: file).message)
            }
            let (bytes, notice) = try Transcoder.decode([UInt8](data), file: file)
            if let notice { result.notices.append(notice) }
            return try CSVTable(bytes: bytes, file: file, required: required)
        }
        if let about = try load("about.csv", required: ["field", "value"]) {
            for row in about.rows {
                let value = about.text("value", in: row)
                switch about.text("field", in: row) {
                case "title_zh": result.dataset.about.titleZh = value
                case "title_en": result.dataset.about.titleEn = value
                case "publisher_zh": result.dataset.about.publisherZh = value
                case "publisher_en": result.dataset.about.publisherEn = value
                case let other:
                    result.errors.append(about.error("unknown field '\(other)'; about.csv knows title_zh, title_en, publisher_zh and publisher_en", column: "field", in: row))
                }
            }
        }
        if let documents = try load("documents.csv", required: ["document", "title_zh", "title_en"]) {
            let cited = Set(result.dataset.targets.map(\.source.document))
            for row in documents.rows {
                let id = documents.text("document", in: row)
                guard !id.isEmpty else {
                    result.errors.append(documents.error("empty document", column: "document", in: row))
                    continue
                }
                guard result.dataset.documents[id] == nil else {
                    result.errors.append(documents.error("duplicate document \(id)", column: "document", in: row))
                    continue
                }
                guard cited.contains(id) else {
                    result.errors.append(documents.error("no target cites document '\(id)'; the value must match targets.csv's document column exactly", column: "document", in: row))
                    continue
                }
                result.dataset.documents[id] = SourceDocument(id: id, titleZh: documents.text("title_zh", in: row),
                                                             titleEn: documents.text("title_en", in: row))
            }
        }
    }

    /// This year by the clock: observations after it are in the future.
    public static var currentYear: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }

    /// Parses the three CSV files of the dataset folder at `path`, checking their headers.
    public static func tables(folder path: String) throws(LocatedError) -> Tables {
        let url = URL(fileURLWithPath: path)
        var notices: [String] = []
        func load(_ name: String, required: [String]) throws(LocatedError) -> CSVTable {
            let file = url.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: file) else {
                // The folder itself is wrong (missing, a file): name it, not a file inside it.
                let (place, message) = whyUnreadable(folder: path, file: file)
                throw LocatedError(file: place, line: 0, column: 0, message: message)
            }
            let (bytes, notice) = try Transcoder.decode([UInt8](data), file: file)
            if let notice { notices.append(notice) }
            return try CSVTable(bytes: bytes, file: file, required: required)
        }
        let indicators = try load("indicators.csv", required: ["indicator_id", "name_zh", "name_en", "unit", "kind"])
        let targets = try load("targets.csv", required: ["target_id", "indicator_id", "form", "bound", "value", "target_text",
                                                         "baseline_year", "target_year", "source_file", "source_line", "quote"])
        let observations = try load("observations.csv", required: ["indicator_id", "year", "value", "unit", "reliability", "comparable", "source", "quote"])
        return Tables(folder: path, indicators: indicators, targets: targets, observations: observations, notices: notices)
    }

    /// Why `file` of the dataset folder `folder` cannot be read, and what to do, in one line.
    static func whyUnreadable(folder: String, file: String) -> (place: String, message: String) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if !fm.fileExists(atPath: folder, isDirectory: &isDirectory) {
            return (folder, "no such folder; give the path of a dataset folder (indicators.csv, targets.csv, observations.csv)")
        }
        if !isDirectory.boolValue {
            return (folder, "a file, not a dataset folder; give the folder that holds indicators.csv, targets.csv and observations.csv")
        }
        if !fm.fileExists(atPath: file, isDirectory: &isDirectory) {
            return (file, "missing: a dataset folder needs \(URL(fileURLWithPath: file).lastPathComponent) (see Datasets/FORMAT.md)")
        }
        if isDirectory.boolValue { return (file, "is a folder, not a CSV file") }
        if !fm.isReadableFile(atPath: file) { return (file, "permission denied: make the file readable (chmod a+r) or run as its owner") }
        return (file, "cannot read the file (an I/O error); check the disk and try again")
    }

    /// Builds a dataset from three parsed tables.
    ///
    /// Rows that no command may trust are errors here, for every command (not only `validate`):
    /// a period that starts before its baseline year, a cut outside 0–100 %, a share outside
    /// 0–100 %, an observation in the future.
    public static func parse(name: String, indicators: CSVTable, targets: CSVTable, observations: CSVTable,
                             currentYear: Int = DatasetReader.currentYear) -> Result {
        var errors: [LocatedError] = []
        var dataset = Dataset(name: name, indicators: [], targets: [], observations: [])

        var seenIndicators: [String: Int] = [:]
        for row in indicators.rows {
            do throws(LocatedError) {
                let i = try indicator(row, in: indicators)
                if let first = seenIndicators[i.id] {
                    throw indicators.error("duplicate indicator_id \(i.id) (first on line \(first))", column: "indicator_id", in: row)
                }
                seenIndicators[i.id] = row.line
                dataset.indicators.append(i)
            } catch { errors.append(error) }
        }
        let known = dataset.indicatorsByID
        var seenTargets: [String: Int] = [:]
        for row in targets.rows {
            do throws(LocatedError) {
                let t = try target(row, in: targets)
                if let first = seenTargets[t.id] {
                    throw targets.error("duplicate target_id \(t.id) (first on line \(first))", column: "target_id", in: row)
                }
                guard let indicator = known[t.indicatorID] else {
                    throw targets.error("unknown indicator_id \(t.indicatorID)", column: "indicator_id", in: row)
                }
                if indicator.kind == .share, indicator.unit == "%", t.form == .share {
                    for column in ["value", "value_high", "baseline"] {
                        if let v = Double(targets.text(column, in: row)), !(0...100).contains(v) {
                            throw targets.error("\(column) \(targets.text(column, in: row)) is not a share in % (0–100)", column: column, in: row)
                        }
                    }
                }
                seenTargets[t.id] = row.line
                dataset.targets.append(t)
            } catch { errors.append(error) }
        }
        for (order, row) in observations.rows.enumerated() {
            do throws(LocatedError) {
                var o = try observation(row, in: observations)
                o.order = order
                guard known[o.indicatorID] != nil else {
                    throw observations.error("unknown indicator_id \(o.indicatorID)", column: "indicator_id", in: row)
                }
                guard o.year <= currentYear else {
                    throw observations.error("year \(o.year) is in the future", column: "year", in: row)
                }
                dataset.observations.append(o)
            } catch { errors.append(error) }
        }
        return Result(dataset: dataset, errors: errors)
    }

    // MARK: - Rows

    static func indicator(_ row: CSVRecord, in t: CSVTable) throws(LocatedError) -> Indicator {
        if let e = t.widthError(row) { throw e }
        let id = try identifier("indicator_id", row, t)
        let kindText = t.text("kind", in: row)
        guard let kind = IndicatorKind(rawValue: kindText) else {
            throw t.error("unknown kind '\(kindText)'; expected one of \(IndicatorKind.allCases.map(\.rawValue).joined(separator: ", "))", column: "kind", in: row)
        }
        for column in ["name_zh", "name_en", "unit"] where t.text(column, in: row).isEmpty {
            throw t.error("\(column) is empty", column: column, in: row)
        }
        return Indicator(id: id, nameZh: t.text("name_zh", in: row), nameEn: t.text("name_en", in: row),
                         unit: t.text("unit", in: row), kind: kind, direction: try direction(row, t),
                         scope: t.text("scope", in: row), note: t.text("note", in: row))
    }

    static func target(_ row: CSVRecord, in t: CSVTable) throws(LocatedError) -> Target {
        if let e = t.widthError(row) { throw e }
        let id = try identifier("target_id", row, t)
        let indicatorID = try identifier("indicator_id", row, t)
        func check<T>(_ r: Swift.Result<T, TargetVocabulary.Message>) throws(LocatedError) -> T {
            switch r {
            case .success(let v): return v
            case .failure(let m): throw t.error(m.text, column: m.column, in: row)
            }
        }
        let form = try check(TargetVocabulary.form(t.text("form", in: row)))
        let bound = try check(TargetVocabulary.bound(t.text("bound", in: row), value: try number("value", row, t),
                                                     high: try number("value_high", row, t)))
        if form == .categorical, bound != nil {
            throw t.error("a categorical target has no numeric bound; use bound none", column: "bound", in: row)
        }
        guard let baselineYear = try year("baseline_year", row, t) else { throw t.error("baseline_year is empty", column: "baseline_year", in: row) }
        guard let targetYear = try year("target_year", row, t) else { throw t.error("target_year is empty", column: "target_year", in: row) }
        let periodStart = try year("period_start", row, t)
        if let m = TargetVocabulary.check(form: form, bound: bound, valueText: t.text("value", in: row), baselineYear: baselineYear,
                                          targetYear: targetYear, periodStart: periodStart) {
            throw t.error(m.text, column: m.column, in: row)
        }
        let bindingText = t.text("binding", in: row)
        let binding = Binding(rawValue: bindingText)
        if !bindingText.isEmpty, binding == nil {
            throw t.error("unknown binding '\(bindingText)'; expected 约束性 or 预期性", column: "binding", in: row)
        }
        let method = try check(TargetVocabulary.method(t.text("method", in: row)))
        // A row without source_file is a what-if target (one the user sets, not a document): it is
        // assessed and charted; `validate` warns and `validate --strict` refuses it. A row that cites
        // a file must cite it whole.
        if !t.text("source_file", in: row).isEmpty {
            for column in ["target_text", "quote"] where t.text(column, in: row).isEmpty {
                throw t.error("\(column) is empty; a target that cites a source file needs its written text and quote (or leave source_file empty for a what-if target)", column: column, in: row)
            }
            guard try integer("source_line", row, t) != nil else {
                throw t.error("source_line is empty; cite the line of the quote", column: "source_line", in: row)
            }
        }
        let source = SourceReference(document: t.text("document", in: row), location: t.text("source_file", in: row),
                                     line: try integer("source_line", row, t), lineEnd: try integer("source_line_end", row, t),
                                     quote: t.text("quote", in: row))
        return Target(id: id, indicatorID: indicatorID, form: form, bound: bound, targetText: t.text("target_text", in: row),
                      baseline: try number("baseline", row, t), baselineText: t.text("baseline_text", in: row),
                      baselineYear: baselineYear, targetYear: targetYear, periodStart: periodStart, binding: binding,
                      method: method, source: source, unit: t.text("unit", in: row), note: t.text("note", in: row))
    }

    static func observation(_ row: CSVRecord, in t: CSVTable) throws(LocatedError) -> Observation {
        if let e = t.widthError(row) { throw e }
        let indicatorID = try identifier("indicator_id", row, t)
        guard let y = try year("year", row, t) else { throw t.error("year is empty", column: "year", in: row) }
        guard let value = try number("value", row, t) else { throw t.error("value is empty", column: "value", in: row) }
        let relText = t.text("reliability", in: row)
        guard let reliability = Reliability(rawValue: relText) else {
            throw t.error("unknown reliability '\(relText)'; expected high, medium or low", column: "reliability", in: row)
        }
        let compText = t.text("comparable", in: row)
        guard compText == "yes" || compText == "no" else {
            throw t.error("comparable must be yes or no (got '\(compText)')", column: "comparable", in: row)
        }
        let unit = t.text("unit", in: row)
        guard !unit.isEmpty else { throw t.error("unit is empty", column: "unit", in: row) }
        let location = t.text("source", in: row)
        guard !location.isEmpty else { throw t.error("source is empty; every number needs its source", column: "source", in: row) }
        guard !t.text("quote", in: row).isEmpty else { throw t.error("quote is empty; give the sentence that carries the value", column: "quote", in: row) }
        let source = SourceReference(location: location, line: try integer("source_line", row, t),
                                     lineEnd: try integer("source_line_end", row, t), quote: t.text("quote", in: row))
        return Observation(indicatorID: indicatorID, year: y, value: value, unit: unit, reliability: reliability,
                           comparable: compText == "yes", source: source, sourceTitle: t.text("source_title", in: row),
                           note: t.text("note", in: row))
    }

    // MARK: - Cells

    static func identifier(_ column: String, _ row: CSVRecord, _ t: CSVTable) throws(LocatedError) -> String {
        let id = t.text(column, in: row)
        guard !id.isEmpty else { throw t.error("\(column) is empty", column: column, in: row) }
        guard id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0) }) else {
            throw t.error("\(column) '\(id)' may only hold lower-case letters, digits, '_', '.' and '-'", column: column, in: row)
        }
        return id
    }

    static func number(_ column: String, _ row: CSVRecord, _ t: CSVTable) throws(LocatedError) -> Double? {
        let text = t.text(column, in: row)
        if text.isEmpty { return nil }
        guard let v = Double(text), v.isFinite else {
            throw t.error("\(column) '\(text)' is not a number (write plain decimals such as 6513.4\(t.has("target_text") ? "; keep the text as written in target_text or baseline_text" : ""))", column: column, in: row)
        }
        return v
    }

    static func integer(_ column: String, _ row: CSVRecord, _ t: CSVTable) throws(LocatedError) -> Int? {
        let text = t.text(column, in: row)
        if text.isEmpty { return nil }
        guard let v = Int(text), v > 0 else { throw t.error("\(column) '\(text)' is not a positive whole number", column: column, in: row) }
        return v
    }

    static func year(_ column: String, _ row: CSVRecord, _ t: CSVTable) throws(LocatedError) -> Int? {
        guard let y = try integer(column, row, t) else { return nil }
        guard (1900...2100).contains(y) else { throw t.error("\(column) \(y) is outside 1900–2100", column: column, in: row) }
        return y
    }

    static func direction(_ row: CSVRecord, _ t: CSVTable) throws(LocatedError) -> Direction? {
        switch TargetVocabulary.direction(t.text("direction", in: row)) {
        case .success(let d): return d
        case .failure(let m): throw t.error(m.text, column: m.column, in: row)
        }
    }
}
