import OnTrackNumerics
import OnTrackCore

/// The encodings of a ``ReportTable``.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal; numbers rounded for reading.
    case table
    /// RFC 4180 CSV with full-precision numbers.
    case csv
    /// A JSON array of objects with full-precision numbers (null for missing values).
    case json
    /// A GitHub-flavoured Markdown table, numbers rounded as in `table`, for pasting into a report.
    case markdown
    /// JSON Lines: one object per row and line, full precision (null for missing values).
    case jsonl

    public func encode(_ t: ReportTable) -> String {
        switch self {
        case .csv: return CSVEncoding.encode(t)
        case .json: return JSONEncoding.encode(t)
        case .table: return TextTableEncoding.encode(t)
        case .markdown: return MarkdownEncoding.encode(t)
        case .jsonl: return JSONEncoding.lines(t)
        }
    }
}

enum MarkdownEncoding {
    static func encode(_ t: ReportTable) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\r\n", with: "<br>").replacingOccurrences(of: "\n", with: "<br>")
        }
        let numeric = t.columns.indices.map { i in
            !t.rows.isEmpty && t.rows.allSatisfy { row in if case .text = row[i] { return false } else { return true } }
        }
        var out = "| " + t.columns.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in t.rows {
            let cells = row.enumerated().map { i, cell -> String in
                switch cell {
                case .text(let s): return escape(s)
                case .integer(let v): return v.map(String.init) ?? "–"
                case .number(let v): return v.map { TextTableEncoding.format($0, decimals: t.displayDecimals[t.columns[i]] ?? 2) } ?? "–"
                }
            }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

enum CSVEncoding {
    static func encode(_ t: ReportTable) -> String {
        var w = CSVWriter()
        w.write(t.columns)
        for row in t.rows { w.write(row.map(\.exact)) }
        return w.output
    }
}

enum JSONEncoding {
    static func encode(_ t: ReportTable) -> String {
        var out = "[\n"
        for (r, row) in t.rows.enumerated() {
            out += "  {"
            for (i, cell) in row.enumerated() {
                out += (i == 0 ? "" : ", ") + quote(t.columns[i]) + ": " + value(cell)
            }
            out += r == t.rows.count - 1 ? "}\n" : "},\n"
        }
        return out + "]\n"
    }

    static func lines(_ t: ReportTable) -> String {
        var out = ""
        for row in t.rows {
            out += "{" + row.enumerated().map { i, cell in quote(t.columns[i]) + ":" + value(cell) }.joined(separator: ",") + "}\n"
        }
        return out
    }

    static func value(_ c: Cell) -> String {
        switch c {
        case .text(let s): return quote(s)
        case .number(let v):
            guard let v, v.isFinite else { return "null" }
            return Cell.shortest(v)
        case .integer(let v): return v.map(String.init) ?? "null"
        }
    }

    /// A JSON string literal (RFC 8259 escapes).
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

enum TextTableEncoding {
    static func encode(_ t: ReportTable) -> String {
        let body = t.rows.map { row in
            row.enumerated().map { i, cell -> String in
                switch cell {
                case .text(let s): return truncate(s.replacingNewlines, to: t.maxDisplayWidth[t.columns[i]])
                case .integer(let v): return v.map(String.init) ?? "–"
                case .number(let v):
                    guard let v else { return "–" }
                    return format(v, decimals: t.displayDecimals[t.columns[i]] ?? 2)
                }
            }
        }
        var widths = t.columns.map(DisplayWidth.of)
        for row in body { for (i, s) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(s)) } }
        func line(_ cells: [String], numeric: [Bool]) -> String {
            cells.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(s))
                return numeric[i] ? pad + s : s + pad
            }.joined(separator: "  ").trailingSpacesRemoved + "\n"
        }
        let numericColumns = t.columns.indices.map { i in
            t.rows.contains { row in if case .text = row[i] { return false } else { return true } }
        }
        var out = line(t.columns, numeric: numericColumns)
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in body { out += line(row, numeric: numericColumns) }
        return out
    }

    /// `s` cut to `limit` display columns, ending in "…" when cut.
    static func truncate(_ s: String, to limit: Int?) -> String {
        guard let limit, DisplayWidth.of(s) > limit else { return s }
        var out = ""
        var width = 0
        for ch in s {
            let w = DisplayWidth.of(String(ch))
            if width + w > limit - 1 { break }
            out.append(ch)
            width += w
        }
        return out + "…"
    }

    /// Fixed decimals without Foundation's locale-dependent formatting.
    static func format(_ v: Double, decimals: Int) -> String { PlainText.fixed(v, decimals: decimals) }
}

/// Terminal display width: East Asian wide and full-width characters take two columns.
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        return PlainText.isWide(u) ? 2 : 1
    }
}

extension String {
    var replacingNewlines: String {
        var out = String.UnicodeScalarView()
        for u in unicodeScalars { out.append(u == "\n" || u == "\r" ? " " : u) }
        return String(out)
    }
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
