import Foundation
import OnTrackNumerics
import OnTrackPanel

/// Encodes panel verdicts as CSV, TSV, Markdown, a JSON array or JSON Lines, one chunk at a time,
/// into bytes (so chunks can be encoded on the worker threads and written in order). The columns are the contract of
/// `docs/panel.md`; numbers are written in their shortest round-trip form.
public struct PanelWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        /// JSON Lines: one object per target.
        case jsonl
        /// One JSON array of objects, streamed: `[` first, the objects, `]` at the end.
        case json
        /// Tab-separated: a tab, line break or carriage return in a text cell becomes a space.
        case tsv
        /// A GitHub-flavoured Markdown table, text escaped as in ``SafeText/markdownCell(_:)``.
        case markdown
    }

    public static let columns = [
        "target_id", "series_id", "form", "status", "direction", "method", "baseline_year", "baseline",
        "target_year", "aim", "latest_year", "latest", "expected_at_latest", "gap_to_path", "rate_unit",
        "required_from_baseline", "required_from_latest", "actual_rate", "ratio", "n_fit", "model",
        "projected", "pi80_low", "pi80_high", "p_reach", "outlook", "reach", "reach_year", "shortfall", "shortfall_pct",
        "explanation", "explanation_zh",
    ]

    public var format: Format
    /// Neutralise formulas in CSV text cells (``CSVWriter/neutralizingFormula(_:)``).
    public var forSpreadsheet: Bool
    /// Significant digits of the numbers (1–17, `--precision`); nil (the default) writes every number
    /// in its shortest round-trip form, which reads back as the same Double.
    public var precision: Int?

    /// The columns written, in order, as positions in ``columns``; nil: all.
    public var selection: [Int]?

    /// Start CSV and TSV with a UTF-8 byte-order mark (`--bom`), for Excel.
    public var byteOrderMark = false

    public init(format: Format, forSpreadsheet: Bool = false, precision: Int? = nil, columns selected: [String]? = nil) {
        self.format = format
        self.forSpreadsheet = forSpreadsheet
        self.precision = precision
        self.selection = selected.map { $0.compactMap { Self.columns.firstIndex(of: $0) } }
    }

    private var names: [String] { selection.map { $0.map { Self.columns[$0] } } ?? Self.columns }

    /// The header line (CSV, TSV; after a byte-order mark with ``byteOrderMark``), the header rows (Markdown), `[` (JSON) or nothing (JSON Lines).
    public func header() -> [UInt8] {
        let bom: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        switch format {
        case .csv: return bom + Array((names.joined(separator: ",") + "\n").utf8)
        case .tsv: return bom + Array((names.joined(separator: "\t") + "\n").utf8)
        case .markdown: return Array(("| " + names.map(SafeText.markdownCell).joined(separator: " | ") + " |\n|" + String(repeating: " --- |", count: names.count) + "\n").utf8)
        case .json: return Array("[".utf8)
        case .jsonl: return []
        }
    }

    /// What ends the output: `]` for a JSON array, else nothing.
    public func footer(empty: Bool) -> [UInt8] {
        format == .json ? Array((empty ? "]\n" : "\n]\n").utf8) : []
    }

    /// The rows of `results`, which are the verdicts on `targets[range]`.
    public func encode(_ results: [Assessment], targets: PanelTargets, range: Range<Int>) -> [UInt8] {
        var row = RowEncoder(format: format, forSpreadsheet: forSpreadsheet, precision: precision, selection: selection,
                             capacity: results.count * 400)
        for (k, t) in range.enumerated() {
            if format == .json { row.buffer.append(t == 0 ? "\n" as StaticString : ",\n") }
            row.begin()
            Self.fill(&row, results[k], targets: targets, index: t)
            row.end()
        }
        return row.out
    }

    /// The cells of the rows of `results` (the verdicts on `targets[range]`), typed, for a workbook:
    /// numbers rounded to ``precision`` digits when it is set, missing values as empty cells.
    public func cells(_ results: [Assessment], targets: PanelTargets, range: Range<Int>) -> [[Cell]] {
        var row = CellRow(precision: precision.map { min(17, max(1, $0)) }, selection: selection)
        var rows: [[Cell]] = []
        rows.reserveCapacity(range.count)
        for (k, t) in range.enumerated() {
            row.cells.removeAll(keepingCapacity: true)
            Self.fill(&row, results[k], targets: targets, index: t)
            rows.append(selection.map { $0.map { row.cells[$0] } } ?? row.cells)
        }
        return rows
    }

    /// The names of the columns written, in order.
    public var columnNames: [String] { names }

    /// Writes the cells of target `t`'s row, in the order of ``columns``.
    static func fill<R: PanelRowSink>(_ row: inout R, _ a: Assessment, targets: PanelTargets, index t: Int) {
        let spec = targets.specs[t]
        let unit = a.requiredFromBaseline?.unit ?? a.actualChange?.unit ?? a.requiredFromLatest?.unit
        row.text(targets.ids[t])
        row.text(targets.seriesIDs[t])
        row.text(spec.form.rawValue)
        row.text(a.status.rawValue)
        row.text(a.direction?.rawValue ?? "")
        row.text(a.method ?? "")
        row.int(a.baseline?.year)
        row.number(a.baseline?.value)
        row.int(spec.targetYear)
        row.number(a.aim)
        row.int(a.latest?.year)
        row.number(a.latest?.value)
        row.number(a.expectedAtLatest)
        row.number(a.gapToPath)
        row.text(unit.map { $0 == .percent ? "%/yr" : "pt/yr" } ?? "")
        row.number(a.requiredFromBaseline?.display)
        row.number(a.requiredFromLatest?.display)
        row.number(a.actualChange?.display)
        row.number(a.ratio)
        let p = a.projection
        row.int(p?.basis == .trend ? p?.points : 0)
        row.text(p?.label ?? "")
        row.number(p?.value)
        row.number(p?.low)
        row.number(p?.high)
        row.number(p?.probability)
        row.text(a.outlook?.rawValue ?? "")
        row.text(p?.reach.map(ReachText.name) ?? "")
        row.int(p?.reach.flatMap { $0.year(latestYear: a.latest?.year ?? spec.targetYear) })
        row.number(a.shortfall)
        row.number(a.shortfallPercent)
        row.text(a.explanation?.english ?? "")
        row.text(a.explanation?.chinese ?? "")
    }

    /// A row being collected as typed cells.
    struct CellRow: PanelRowSink {
        let precision: Int?
        let selection: [Int]?
        var cells: [Cell] = []
        mutating func text(_ s: String) { cells.append(.text(s)) }
        mutating func number(_ v: Double?) {
            guard let v, v.isFinite else { cells.append(.number(nil)); return }
            cells.append(.number(precision.map { RowEncoder.rounded(v, digits: $0 - 1) } ?? v))
        }
        mutating func int(_ v: Int?) { cells.append(.integer(v)) }
    }

    /// Appends the cells of rows, CSV or JSON, straight into a byte buffer. No String is made for a
    /// number: a Double's shortest round-trip digits (the same text as `description`) go into the
    /// buffer from ``DecimalDigits`` when it has a short decimal, else from the standard library's
    /// formatter through ``_writeASCII(_:)``, integers
    /// are written digit by digit, and JSON keys are pre-built bytes.
    struct RowEncoder: TextOutputStream, PanelRowSink {
        let json: Bool
        let format: Format
        /// CSV text cells get formula neutralisation.
        let forSpreadsheet: Bool
        /// Significant digits for numbers (1–17), or nil for the shortest round-trip form.
        let precision: Int?
        /// Columns written, in order (``PanelWriter/selection``); nil: all.
        let selection: [Int]?
        /// The rows written so far (``out`` as an array).
        var buffer: ByteBuffer
        var out: [UInt8] { buffer.array }
        /// Plain CSV or TSV of every column: a cell is its separator and its bytes, nothing else.
        private let plain: Bool
        private var column = 0
        /// With a selection: where the current row starts, and each of its cells (separator excluded).
        private var rowStart = 0
        private var starts: [Int] = []
        private var ends: [Int] = []

        /// `"name":` for each column, as bytes.
        private static let jsonKeyBytes: [[UInt8]] = PanelWriter.columns.map { Array((JSONEncoding.quote($0) + ":").utf8) }
        /// ``jsonKeyBytes``, held by the encoder (a static is behind a `swift_once` check on every use).
        private let jsonKeys: [[UInt8]]

        init(json: Bool, forSpreadsheet: Bool = false, precision: Int? = nil) {
            self.init(format: json ? .jsonl : .csv, forSpreadsheet: forSpreadsheet, precision: precision)
        }

        init(format: Format, forSpreadsheet: Bool = false, precision: Int? = nil, selection: [Int]? = nil, capacity: Int = 4096) {
            buffer = ByteBuffer(capacity: capacity)
            self.format = format
            self.json = format == .json || format == .jsonl
            self.forSpreadsheet = forSpreadsheet
            self.precision = precision.map { min(17, max(1, $0)) }
            self.selection = selection
            jsonKeys = json ? Self.jsonKeyBytes : []
            plain = (format == .csv || format == .tsv) && selection == nil
            switch format {
            case .tsv: separator = [0x09]
            case .markdown: separator = Array(" | ".utf8)
            default: separator = [0x2C]
            }
        }

        /// Between cells: `,`, a tab, or ` | `.
        private let separator: [UInt8]

        mutating func begin() {
            column = 0
            rowStart = buffer.count
            if selection != nil {
                starts.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
            }
            if json { buffer.append(0x7B) }
            if format == .markdown { buffer.append("| " as StaticString) }
        }

        mutating func end() {
            if let selection {
                // Rebuild the row from its cells, in the order asked for.
                ends.append(buffer.count)
                let all = buffer.bytes(rowStart..<buffer.count)
                for i in starts.indices { starts[i] -= rowStart; ends[i] -= rowStart }
                buffer.truncate(to: rowStart)
                if json { buffer.append(0x7B) }
                if format == .markdown { buffer.append("| " as StaticString) }
                for (n, c) in selection.enumerated() {
                    if n > 0 { buffer.append(separator) }
                    buffer.append(all[starts[c]..<ends[c]])
                }
            }
            if json { buffer.append(0x7D) }
            if format == .markdown { buffer.append(" |" as StaticString) }
            if format != .json { buffer.append(0x0A) }
        }

        @inline(__always) private mutating func separate() {
            if plain {
                if column > 0 { buffer.append(separator[0]) }
                column += 1
                return
            }
            // With a selection, the previous cell ends here and this one starts after the separator.
            if selection != nil, column > 0 { ends.append(buffer.count) }
            if column > 0 {
                if separator.count == 1 { buffer.append(separator[0]) } else { buffer.append(separator) }
            }
            if selection != nil { starts.append(buffer.count) }
            if json { buffer.append(jsonKeys[column]) }
            column += 1
        }

        mutating func text(_ s: String) {
            separate()
            if json { buffer.append(JSONEncoding.quote(s)); return }
            if s.isEmpty { return }
            if format == .tsv {
                buffer.append(String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }))
                return
            }
            if format == .markdown { buffer.append(SafeText.markdownCell(s)); return }
            var s = forSpreadsheet ? CSVWriter.neutralizingFormula(s) : s
            s.withUTF8 { Self.appendCSVField($0, to: &buffer) }
        }

        /// A CSV field: as it is, or quoted (a `"` doubled) when it holds a comma, quote or line break.
        /// The bytes are copied in runs, not one by one (explanations are long and often quoted).
        static func appendCSVField(_ b: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
            guard let base = b.baseAddress, !b.isEmpty else { return }
            // A quote found by memchr; else the scan stops at the first comma or line break
            // (explanations have one early), so a long cell is not looked at byte by byte.
            let quoted = memchr(base, 0x22, b.count) != nil
            var special = quoted
            if !special {
                for c in b where c <= 0x2C && (c == 0x2C || c == 0x0A || c == 0x0D) { special = true; break }
            }
            guard special else { out.append(b); return }
            out.append(0x22)
            if !quoted {
                out.append(b)
            } else {
                var run = 0
                for (i, c) in b.enumerated() where c == 0x22 {
                    out.append(UnsafeBufferPointer(rebasing: b[run...i]))
                    out.append(0x22)
                    run = i + 1
                }
                out.append(UnsafeBufferPointer(rebasing: b[run...]))
            }
            out.append(0x22)
        }

        mutating func number(_ v: Double?) {
            separate()
            if let v, v.isFinite {
                if let precision, DecimalDigits.appendRounded(v, digits: precision, to: &buffer) { return }
                let x = precision.map { Self.rounded(v, digits: $0 - 1) } ?? v
                if !DecimalDigits.appendShort(x, to: &buffer) { x.write(to: &self) }
            } else if json {
                buffer.append("null" as StaticString)
            }
        }

        mutating func int(_ v: Int?) {
            separate()
            if let v { buffer.appendDecimal(v) } else if json { buffer.append("null" as StaticString) }
        }

        // TextOutputStream: Double.write(to:) hands its digits over as ASCII bytes, without a String.
        mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(bytes) }
        mutating func write(_ string: String) { buffer.append(string) }

        /// `v` rounded to `digits` significant digits (as C's `%.{digits}g` rounds: to nearest, ties to
        /// even on the exact binary value), written in the same shortest round-trip style as
        /// without a precision (`1.0`, `0.25`, `1e+21`), so it never has more than `digits` digits.
        static func rounded(_ v: Double, digits: Int) -> Double {
            var buffer = [CChar](repeating: 0, count: 40)
            return buffer.withUnsafeMutableBufferPointer { p -> Double in
                _ = withVaList([Int32(digits), v]) { vsnprintf(p.baseAddress!, 40, "%.*e", $0) }
                return strtod(p.baseAddress!, nil)
            }
        }
    }
}

/// Where ``PanelWriter`` puts the cells of a row: bytes (``PanelWriter/RowEncoder``) or typed cells.
protocol PanelRowSink {
    mutating func text(_ s: String)
    mutating func number(_ v: Double?)
    mutating func int(_ v: Int?)
}

/// The reach column: `met` (already), `reached` (in the reach year), `never` (the trend runs away
/// or stalls within the horizon).
public enum ReachText {
    public static func name(_ s: Schedule) -> String {
        switch s {
        case .met: return "met"
        case .reached: return "reached"
        case .never: return "never"
        }
    }
}
