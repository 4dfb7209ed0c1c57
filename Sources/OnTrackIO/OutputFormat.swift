import OnTrackNumerics
import OnTrackCore

/// The encodings of a ``ReportTable``.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal; numbers rounded for reading. Control characters and bidi
    /// overrides in text are replaced (see ``SafeText``).
    case table
    /// RFC 4180 CSV with full-precision numbers; text as it is, unless encoded for a spreadsheet.
    case csv
    /// A JSON array of objects with full-precision numbers (null for missing values).
    case json
    /// A GitHub-flavoured Markdown table, numbers rounded as in `table`, for pasting into a report.
    /// HTML (`<`, `>`, `&`) and `|` in text are escaped; control characters and bidi overrides
    /// replaced.
    case markdown
    /// JSON Lines: one object per row and line, full precision (null for missing values).
    case jsonl
    /// Tab-separated values, full precision; a tab or line break inside a text cell becomes a space.
    case tsv
    /// An Excel workbook (`.xlsx`): binary, so not made by ``encode(_:forSpreadsheet:)`` but by
    /// `OnTrackExcel`'s `XLSXSheetWriter`; ``encode(_:forSpreadsheet:)`` gives CSV for it.
    case xlsx

    /// Whether the format is binary (``xlsx``): never written to a terminal.
    public var isBinary: Bool { self == .xlsx }

    /// `t` in this format. `forSpreadsheet` neutralises formulas in CSV text cells (see
    /// ``CSVWriter/neutralizingFormula(_:)``); the other formats ignore it.
    public func encode(_ t: ReportTable, forSpreadsheet: Bool = false) -> String {
        switch self {
        case .csv, .xlsx: return CSVEncoding.encode(t, forSpreadsheet: forSpreadsheet)
        case .json: return JSONEncoding.encode(t)
        case .table: return TextTableEncoding.encode(t)
        case .markdown: return MarkdownEncoding.encode(t)
        case .jsonl: return JSONEncoding.lines(t)
        case .tsv: return TSVEncoding.encode(t, forSpreadsheet: forSpreadsheet)
        }
    }
}

enum MarkdownEncoding {
    static func encode(_ t: ReportTable) -> String {
        let escape = SafeText.markdownCell
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
    static func encode(_ t: ReportTable, forSpreadsheet: Bool = false) -> String {
        var w = CSVWriter()
        guard forSpreadsheet else {
            w.write(t.columns)
            for row in t.rows { w.write(row.map(\.exact)) }
            return w.output
        }
        // Only text is neutralised: a number cell such as -0.5 stays a number.
        w.write(t.columns.map(CSVWriter.neutralizingFormula))
        for row in t.rows {
            w.write(row.map { cell in
                if case .text(let s) = cell { return CSVWriter.neutralizingFormula(s) }
                return cell.exact
            })
        }
        return w.output
    }
}

enum TSVEncoding {
    static func encode(_ t: ReportTable, forSpreadsheet: Bool = false) -> String {
        func clean(_ s: String) -> String {
            let s = String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            return forSpreadsheet ? CSVWriter.neutralizingFormula(s) : s
        }
        var out = t.columns.map(clean).joined(separator: "\t") + "\n"
        for row in t.rows {
            out += row.map { cell in
                if case .text(let s) = cell { return clean(s) }
                return cell.exact
            }.joined(separator: "\t") + "\n"
        }
        return out
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

    /// A JSON string literal (RFC 8259 escapes). Besides the C0 controls that JSON requires
    /// escaped, DEL, the C1 controls, U+2028 and U+2029 (line breaks to JavaScript before ES2019)
    /// and the bidi overrides and isolates are written as `\uXXXX`: the value is unchanged, the
    /// text holds no character that acts on a terminal or editor.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where SafeText.isControl(u) || SafeText.isLineSeparator(u) || SafeText.isBidiControl(u):
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

enum TextTableEncoding {
    /// The cells of `t` as the table shows them (headers and body), and each column's display width.
    static func rendered(_ t: ReportTable) -> (header: [String], body: [[String]], widths: [Int]) {
        let body = t.rows.map { row in
            row.enumerated().map { i, cell -> String in
                switch cell {
                case .text(let s): return truncate(SafeText.terminal(s), to: t.maxDisplayWidth[t.columns[i]])
                case .integer(let v): return v.map(String.init) ?? "–"
                case .number(let v):
                    guard let v else { return "–" }
                    return format(v, decimals: t.displayDecimals[t.columns[i]] ?? 2)
                }
            }
        }
        let columns = t.columns.map(SafeText.terminal)
        var widths = columns.map(DisplayWidth.of)
        for row in body { for (i, s) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(s)) } }
        return (columns, body, widths)
    }

    /// The separator between two columns.
    static let gap = 2

    static func encode(_ t: ReportTable) -> String {
        let (columns, body, widths) = rendered(t)
        func line(_ cells: [String], numeric: [Bool]) -> String {
            cells.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - DisplayWidth.of(s))
                return numeric[i] ? pad + s : s + pad
            }.joined(separator: String(repeating: " ", count: gap)).trailingSpacesRemoved + "\n"
        }
        let numericColumns = t.columns.indices.map { i in
            t.rows.contains { row in if case .text = row[i] { return false } else { return true } }
        }
        var out = line(columns, numeric: numericColumns)
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: String(repeating: " ", count: gap)) + "\n"
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

/// Text made safe for the human-facing formats (table, Markdown): nothing in a cell can move the
/// cursor, recolour or retitle a terminal (ESC, CSI and OSC sequences start with C0/C1 controls),
/// reorder the text around it (bidi overrides and isolates, the "Trojan Source" characters), or —
/// in Markdown — become HTML or a column break. CSV and JSON stay faithful instead.
public enum SafeText {
    /// What a control character or bidi override is shown as.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"

    /// C0 controls, DEL and C1 controls.
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }

    /// The bidi embeddings, overrides and isolates: U+202A–U+202E and U+2066–U+2069.
    public static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    /// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
    static func isLineSeparator(_ u: Unicode.Scalar) -> Bool {
        u.value == 0x2028 || u.value == 0x2029
    }

    private static func isClean(_ s: String) -> Bool {
        !s.unicodeScalars.contains { isControl($0) || isBidiControl($0) || isLineSeparator($0) }
    }

    /// A cell of the terminal table: line breaks and tabs become spaces, other control characters
    /// and bidi overrides ``placeholder``.
    public static func terminal(_ s: String) -> String {
        if isClean(s) { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u == "\n" || u == "\r" || u == "\t" || isLineSeparator(u) {
                out.append(" ")
            } else if isControl(u) || isBidiControl(u) {
                out.append(placeholder)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// A cell of a Markdown table: `&`, `<` and `>` as HTML entities, `\` and `|` escaped, line
    /// breaks as `<br>`, tabs as spaces, other control characters and bidi overrides ``placeholder``.
    public static func markdownCell(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for u in s.unicodeScalars {
            defer { afterCR = u == "\r" }
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "|": out.append(contentsOf: "\\|".unicodeScalars)
            case "\n": if !afterCR { out.append(contentsOf: "<br>".unicodeScalars) }
            case "\r", "\u{2028}", "\u{2029}": out.append(contentsOf: "<br>".unicodeScalars)
            case "\t": out.append(" ")
            case _ where isControl(u) || isBidiControl(u): out.append(placeholder)
            default: out.append(u)
            }
        }
        return String(out)
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
