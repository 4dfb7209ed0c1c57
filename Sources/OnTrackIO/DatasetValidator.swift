import Foundation
import OnTrackCore
import OnTrackNumerics

/// One finding of ``DatasetValidator``, placed at a file, line and column.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The dataset is wrong: a number cannot be trusted or traced.
        case error
        /// Probably a mistake, worth a look; does not fail validation unless asked to.
        case warning

        public static func < (a: Self, b: Self) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var place: LocatedError

    public init(_ severity: Severity, _ place: LocatedError) {
        self.severity = severity
        self.place = place
    }

    /// `file:line:column: error: message`, as compilers print, so editors can jump to it.
    public var description: String {
        place.line > 0 ? "\(place.file):\(place.line):\(place.column): \(severity.rawValue): \(place.message)"
                       : "\(place.file): \(severity.rawValue): \(place.message)"
    }
}

/// Checks a dataset folder beyond what is needed to load it: that every quoted text is found
/// verbatim at the cited lines of the shipped source, that ids are unique and references resolve,
/// that years, bounds and units make sense.
///
/// The checks, in order:
/// 1. schema and types (the rules of ``DatasetReader``: required columns, numbers, years, known
///    forms and bounds, unique `indicator_id` and `target_id`, known `indicator_id` references);
/// 2. provenance: `source_file` is a file of `sources/`; the cited lines exist; the quote occurs
///    there (when it occurs elsewhere in the file, the message says where);
/// 3. duplicates: two targets with the same indicator, form, bound, value, year and source line;
/// 4. sense: each observation's value written in its quote, or derived from the quote's numbers as
///    its note records (``QuotedValue``); observations in the indicator's unit, a conversion note for a target written in
///    another unit (period start after the baseline year, reductions and shares within 0–100 % and
///    observations not in the future are the reader's rules, so every command enforces them);
/// 5. warnings: the written target text missing from the quote, indicators nothing refers to,
///    what-if targets (an empty `source_file`: nothing to check them against).
public struct DatasetValidator: Sendable {
    /// The year after which an observation is "in the future".
    public var currentYear: Int

    public init(currentYear: Int = DatasetReader.currentYear) {
        self.currentYear = currentYear
    }

    /// The counts of what was checked, for the summary line.
    public struct Summary: Sendable, Hashable {
        public var indicators = 0, targets = 0, observations = 0, sources = 0, quotesChecked = 0
    }

    public struct Report: Sendable {
        public var issues: [ValidationIssue]
        public var summary: Summary
        public var errors: Int { issues.filter { $0.severity == .error }.count }
        public var warnings: Int { issues.filter { $0.severity == .warning }.count }
    }

    /// Validates the dataset folder at `folder`.
    public func validate(folder: String) -> Report {
        let tables: DatasetReader.Tables
        do { tables = try DatasetReader.tables(folder: folder) } catch {
            return Report(issues: [ValidationIssue(.error, error)], summary: Summary())
        }
        var issues: [ValidationIssue] = []
        let loaded = DatasetReader.parse(name: URL(fileURLWithPath: folder).lastPathComponent, indicators: tables.indicators,
                                         targets: tables.targets, observations: tables.observations, currentYear: currentYear)
        issues += loaded.errors.map { ValidationIssue(.error, $0) }
        // Rows the reader rejected are not checked again (one message per problem row).
        let rejected = Set(loaded.errors.map { "\($0.file)#\($0.line)" })
        func isRejected(_ t: CSVTable, _ row: CSVRecord) -> Bool { rejected.contains("\(t.file)#\(row.line)") }

        let sourcesFolder = URL(fileURLWithPath: folder).appendingPathComponent("sources")
        var sources = SourceCache(folder: sourcesFolder)
        var summary = Summary(indicators: loaded.dataset.indicators.count, targets: loaded.dataset.targets.count,
                              observations: loaded.dataset.observations.count)
        let indicators = loaded.dataset.indicatorsByID
        var used = Set<String>()

        // Targets.
        let t = tables.targets
        var seenContent: [String: (id: String, line: Int)] = [:]
        for row in t.rows where !isRejected(t, row) {
            let id = t.text("target_id", in: row), indicatorID = t.text("indicator_id", in: row)
            used.insert(indicatorID)
            let file = t.text("source_file", in: row)
            let line = Int(t.text("source_line", in: row)) ?? 0
            let lineEnd = Int(t.text("source_line_end", in: row)) ?? line
            let quote = t.text("quote", in: row)
            if file.isEmpty {
                // A what-if target: assessed and charted, but nothing to check it against.
                let also = ["source_line", "quote"].filter { t.text($0, in: row).isEmpty }
                issues.append(.init(.warning, t.error("target \(id) cites no source: source_file is empty\(also.isEmpty ? "" : " (and \(also.joined(separator: ", ")))"); it is assessed and charted as a what-if target, and validate --strict refuses it", column: "source_file", in: row)))
            } else if let issue = checkQuote(quote, file: file, line: line, lineEnd: lineEnd, table: t, row: row,
                                      fileColumn: "source_file", sources: &sources) {
                issues.append(issue)
            } else {
                summary.quotesChecked += 1
                let written = t.text("target_text", in: row)
                if !written.isEmpty, !["国家下达", "（空白）", "—"].contains(written), !Self.occurs(written, in: quote) {
                    issues.append(.init(.warning, t.error("target_text '\(written)' does not occur in the quote; is it written as in the source?", column: "target_text", in: row)))
                }
            }
            let key = ["indicator_id", "form", "bound", "value", "value_high", "target_year", "source_file", "source_line"]
                .map { t.text($0, in: row) }.joined(separator: "\u{1F}")
            if let first = seenContent[key] {
                issues.append(.init(.error, t.error("duplicate target: same indicator, form, bound, value, year and source line as \(first.id) (line \(first.line))", column: "target_id", in: row)))
            } else {
                seenContent[key] = (id, row.line)
            }
            // Periods, cuts and shares out of range are the reader's errors (every command rejects them).
            let form = TargetForm(rawValue: t.text("form", in: row))
            if !t.text("period_start", in: row).isEmpty, form != .cumulative, form != .averageGrowth {
                issues.append(.init(.warning, t.error("period_start is only used by cumulative and average_growth targets", column: "period_start", in: row)))
            }
            guard let indicator = indicators[indicatorID] else { continue }
            let unit = t.text("unit", in: row)
            if !unit.isEmpty, unit != indicator.unit, t.text("note", in: row).isEmpty {
                issues.append(.init(.error, t.error("the target is written in \(unit) but the indicator counts \(indicator.unit); record the conversion in note (e.g. 2.6万亿元 = 26000 亿元)", column: "unit", in: row)))
            }
        }

        // Observations.
        let o = tables.observations
        for row in o.rows where !isRejected(o, row) {
            let indicatorID = o.text("indicator_id", in: row)
            used.insert(indicatorID)
            if let indicator = indicators[indicatorID], o.text("unit", in: row) != indicator.unit {
                issues.append(.init(.error, o.error("unit \(o.text("unit", in: row)) differs from the indicator's unit \(indicator.unit); convert the value and say how in note", column: "unit", in: row)))
            }
            // The value must be the number the quote prints, or derived from it as the note records.
            // (Not when the unit is wrong: that is the row's error already.)
            if let value = Double(o.text("value", in: row)), let indicator = indicators[indicatorID],
               o.text("unit", in: row) == indicator.unit,
               case .untraced(let why) = QuotedValue.check(value: value, quote: o.text("quote", in: row),
                                                           note: o.text("note", in: row), unit: indicator.unit) {
                issues.append(.init(.error, o.error(why, column: "value", in: row)))
            }
            let source = o.text("source", in: row)
            if source.hasPrefix("http://") || source.hasPrefix("https://") { continue }
            let line = Int(o.text("source_line", in: row))
            guard let line else {
                issues.append(.init(.error, o.error("source '\(source)' is neither a URL nor cited by line; give source_line for a file in sources/", column: "source_line", in: row)))
                continue
            }
            let lineEnd = Int(o.text("source_line_end", in: row)) ?? line
            if let issue = checkQuote(o.text("quote", in: row), file: source, line: line, lineEnd: lineEnd, table: o, row: row,
                                      fileColumn: "source", sources: &sources) {
                issues.append(issue)
            } else {
                summary.quotesChecked += 1
            }
        }

        // Indicators nothing refers to.
        let i = tables.indicators
        for row in i.rows where !isRejected(i, row) {
            let id = i.text("indicator_id", in: row)
            if !used.contains(id) {
                issues.append(.init(.warning, i.error("indicator \(id) has no target and no observation", column: "indicator_id", in: row)))
            }
        }
        summary.sources = sources.loadedCount
        issues.sort { ($0.place.file, $0.place.line, $0.place.column) < ($1.place.file, $1.place.line, $1.place.column) }
        return Report(issues: issues, summary: summary)
    }

    /// Whether the written target text occurs in the quote, ignoring white space (the sources break
    /// words with layout spaces: "5万 个以上") and letting "…" stand for an omitted stretch.
    static func occurs(_ written: String, in quote: String) -> Bool {
        let hay = String(quote.filter { !$0.isWhitespace })
        var rest = hay[...]
        for part in written.filter({ !$0.isWhitespace }).split(separator: "…") {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    /// Checks that `quote` is found verbatim (white space collapsed) in lines `line...lineEnd` of
    /// `sources/file`; nil when it is.
    func checkQuote(_ quote: String, file: String, line: Int, lineEnd: Int, table t: CSVTable, row: CSVRecord,
                    fileColumn: String, sources: inout SourceCache) -> ValidationIssue? {
        guard !file.isEmpty, !file.contains("/"), !file.contains("\\"), file != "..", file != "." else {
            return .init(.error, t.error("'\(file)' is not a file name in sources/ (no folders, no '..')", column: fileColumn, in: row))
        }
        let text: SourceText
        switch sources.text(file) {
        case .success(let t): text = t
        case .failure(let problem): return .init(.error, t.error(problem.message(file), column: fileColumn, in: row))
        }
        let lineColumn = "source_line"
        guard lineEnd >= line else {
            return .init(.error, t.error("source_line_end \(lineEnd) is before source_line \(line)", column: "source_line_end", in: row))
        }
        guard line >= 1, lineEnd <= text.lines.count else {
            return .init(.error, t.error("line \(lineEnd > text.lines.count ? lineEnd : line) is outside \(file), which has \(text.lines.count) lines", column: lineColumn, in: row))
        }
        if text.contains(quote, lines: line...lineEnd) { return nil }
        let cited = line == lineEnd ? "line \(line)" : "lines \(line)–\(lineEnd)"
        let elsewhere = text.lines(containing: quote)
        if !elsewhere.isEmpty {
            let found = elsewhere.prefix(3).map(String.init).joined(separator: ", ")
            return .init(.error, t.error("quote is not at \(cited) of \(file); it is found at line \(found)\(elsewhere.count > 3 ? ", …" : "")", column: lineColumn, in: row))
        }
        let prefix = text.longestMatchingPrefix(of: quote, lines: line...lineEnd)
        let hint = prefix.isEmpty ? "no part of it is there" : "the cited text matches only up to '\(prefix.suffix(20))'"
        return .init(.error, t.error("quote not found verbatim at \(cited) of \(file) (\(hint))", column: "quote", in: row))
    }
}

/// Source texts read once each, on first use.
struct SourceCache {
    let folder: URL
    private var cache: [String: Swift.Result<SourceText, SourceProblem>] = [:]

    /// Why a source text cannot be checked, said plainly.
    enum SourceProblem: Error {
        case missing, unreadable, notUTF8

        func message(_ name: String) -> String {
            switch self {
            case .missing: return "source file sources/\(name) not found; add it, or correct source_file"
            case .unreadable: return "source file sources/\(name) cannot be read (permission denied or a folder); make it a readable file"
            case .notUTF8: return "source file sources/\(name) is not UTF-8 (GBK or GB18030?); convert it, e.g. iconv -f GB18030 -t UTF-8"
            }
        }
    }

    init(folder: URL) { self.folder = folder }

    var loadedCount: Int { cache.values.filter { if case .success = $0 { return true } else { return false } }.count }

    mutating func text(_ name: String) -> Swift.Result<SourceText, SourceProblem> {
        if let cached = cache[name] { return cached }
        let path = folder.appendingPathComponent(name).path
        let result: Swift.Result<SourceText, SourceProblem>
        if !FileManager.default.fileExists(atPath: path) {
            result = .failure(.missing)
        } else if let data = FileManager.default.contents(atPath: path) {
            result = String(data: data, encoding: .utf8).map { .success(SourceText(name: name, text: $0)) } ?? .failure(.notUTF8)
        } else {
            result = .failure(.unreadable)
        }
        cache[name] = result
        return result
    }
}
