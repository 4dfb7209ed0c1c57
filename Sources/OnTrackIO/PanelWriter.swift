import Foundation
import OnTrackNumerics
import OnTrackPanel

/// Encodes panel verdicts as CSV or JSON Lines, one chunk at a time, into bytes (so chunks can be
/// encoded on the worker threads and written in order). The columns are the contract of
/// `docs/panel.md`; numbers are written in their shortest round-trip form.
public struct PanelWriter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        /// JSON Lines: one object per target.
        case jsonl
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

    public init(format: Format, forSpreadsheet: Bool = false, precision: Int? = nil) {
        self.format = format
        self.forSpreadsheet = forSpreadsheet
        self.precision = precision
    }

    /// The header line (CSV) or nothing (JSON Lines).
    public func header() -> [UInt8] {
        format == .csv ? Array((Self.columns.joined(separator: ",") + "\n").utf8) : []
    }

    /// The rows of `results`, which are the verdicts on `targets[range]`.
    public func encode(_ results: [Assessment], targets: PanelTargets, range: Range<Int>) -> [UInt8] {
        var row = RowEncoder(json: format == .jsonl, forSpreadsheet: forSpreadsheet, precision: precision)
        row.out.reserveCapacity(results.count * 280)
        for (k, t) in range.enumerated() {
            let a = results[k]
            let spec = targets.specs[t]
            let unit = a.requiredFromBaseline?.unit ?? a.actualChange?.unit ?? a.requiredFromLatest?.unit
            row.begin()
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
            row.end()
        }
        return row.out
    }

    /// Appends the cells of rows, CSV or JSON, straight into a byte buffer. No String is made for a
    /// number: a Double's shortest round-trip digits (the same text as `description`) go from the
    /// standard library's formatter straight into the buffer through ``_writeASCII(_:)``, integers
    /// are written digit by digit, and JSON keys are pre-built bytes.
    struct RowEncoder: TextOutputStream {
        let json: Bool
        /// CSV text cells get formula neutralisation.
        let forSpreadsheet: Bool
        /// Significant digits for numbers (1–17), or nil for the shortest round-trip form.
        let precision: Int?
        var out: [UInt8] = []
        private var column = 0

        /// `"name":` for each column, as bytes.
        private static let jsonKeys: [[UInt8]] = PanelWriter.columns.map { Array((JSONEncoding.quote($0) + ":").utf8) }

        init(json: Bool, forSpreadsheet: Bool = false, precision: Int? = nil) {
            self.json = json
            self.forSpreadsheet = forSpreadsheet
            self.precision = precision.map { min(17, max(1, $0)) }
        }

        mutating func begin() {
            column = 0
            if json { out.append(0x7B) }
        }

        mutating func end() {
            if json { out.append(0x7D) }
            out.append(0x0A)
        }

        private mutating func separate() {
            if column > 0 { out.append(0x2C) }
            if json { out.append(contentsOf: Self.jsonKeys[column]) }
            column += 1
        }

        mutating func text(_ s: String) {
            separate()
            if json { Self.append(JSONEncoding.quote(s), to: &out); return }
            if s.isEmpty { return }
            let s = forSpreadsheet ? CSVWriter.neutralizingFormula(s) : s
            var plain = true
            for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { plain = false; break }
            if plain {
                Self.append(s, to: &out)
            } else {
                out.append(0x22)
                for b in s.utf8 { out.append(b); if b == 0x22 { out.append(0x22) } }
                out.append(0x22)
            }
        }

        mutating func number(_ v: Double?) {
            separate()
            if let v, v.isFinite {
                if let precision { Self.rounded(v, digits: precision - 1).write(to: &self) } else { v.write(to: &self) }
            } else if json {
                out.append(contentsOf: Self.null)
            }
        }

        mutating func int(_ v: Int?) {
            separate()
            if let v { Self.appendInt(v, to: &out) } else if json { out.append(contentsOf: Self.null) }
        }

        private static let null: [UInt8] = Array("null".utf8)

        // TextOutputStream: Double.write(to:) hands its digits over as ASCII bytes, without a String.
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { out.append(contentsOf: buffer) }
        mutating func write(_ string: String) { Self.append(string, to: &out) }

        /// The decimal digits of `v`.
        static func appendInt(_ v: Int, to out: inout [UInt8]) {
            if v >= 0, v < 10 { out.append(0x30 + UInt8(v)); return }
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes: enough for 20 digits and a sign
            var m = v.magnitude
            withUnsafeMutableBytes(of: &digits) { buffer in
                var i = 24
                repeat {
                    i -= 1
                    buffer[i] = 0x30 + UInt8(m % 10)
                    m /= 10
                } while m > 0
                if v < 0 { i -= 1; buffer[i] = 0x2D }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
            }
        }

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

        /// Appends a string's bytes in one copy (the generic `+= s.utf8` goes byte by byte).
        static func append(_ s: String, to out: inout [UInt8]) {
            var s = s
            s.withUTF8 { out.append(contentsOf: $0) }
        }
    }
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
