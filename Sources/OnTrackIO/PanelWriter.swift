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

    public init(format: Format, forSpreadsheet: Bool = false) {
        self.format = format
        self.forSpreadsheet = forSpreadsheet
    }

    /// The header line (CSV) or nothing (JSON Lines).
    public func header() -> [UInt8] {
        format == .csv ? Array((Self.columns.joined(separator: ",") + "\n").utf8) : []
    }

    /// The rows of `results`, which are the verdicts on `targets[range]`.
    public func encode(_ results: [Assessment], targets: PanelTargets, range: Range<Int>) -> [UInt8] {
        var row = RowEncoder(json: format == .jsonl, forSpreadsheet: forSpreadsheet)
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

    /// Appends the cells of rows, CSV or JSON, straight into a byte buffer.
    struct RowEncoder {
        let json: Bool
        /// CSV text cells get formula neutralisation.
        let forSpreadsheet: Bool
        var out: [UInt8] = []
        private var column = 0

        init(json: Bool, forSpreadsheet: Bool = false) {
            self.json = json
            self.forSpreadsheet = forSpreadsheet
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
            if json {
                Self.append(JSONEncoding.quote(PanelWriter.columns[column]), to: &out)
                out.append(0x3A)
            }
            column += 1
        }

        mutating func text(_ s: String) {
            separate()
            if json { Self.append(JSONEncoding.quote(s), to: &out); return }
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
            if let v, v.isFinite { Self.append(v.description, to: &out) } else if json { out += "null".utf8 }
        }

        mutating func int(_ v: Int?) {
            separate()
            if let v { Self.append(String(v), to: &out) } else if json { out += "null".utf8 }
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
