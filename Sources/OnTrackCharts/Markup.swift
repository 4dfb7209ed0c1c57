import Foundation
import OnTrackCore
import OnTrackNumerics

/// Escaping and number formatting shared by the SVG and HTML writers. Every text that comes from
/// data (names, units, sources, notes) goes through ``Markup/text(_:)`` or
/// ``Markup/attribute(_:)``, so a name such as `<script>` renders as text.
public enum Markup {
    /// Text content for XML and HTML: `&`, `<`, `>` escaped; control characters dropped.
    public static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\t": out.unicodeScalars.append(" ")
            case _ where u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0xFFFE || u.value == 0xFFFF: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Whether `u` is a CJK character: a Han ideograph, CJK punctuation (【】、。), a full-width form.
    public static func isCJK(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFEF, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }

    /// Text content for a page in English with its Chinese marked: ``langMarked(_:language:element:)``,
    /// and text without a Latin letter wrapped whole in `<span lang="zh">` (or `element`).
    public static func marked(_ s: String, element: String = "span") -> String {
        let r = langMarked(s, language: .en, element: element)
        guard let lang = r.lang else { return r.inner }
        return "<\(element) lang=\"\(lang)\">\(r.inner)</\(element)>"
    }

    /// An attribute value (to be put between double quotes): text escapes plus `"` and `'`.
    public static func attribute(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Whether `s` has a Han character (CJK ideographs, their extensions and compatibility forms, 〇).
    public static func hasHan(_ s: String) -> Bool { s.unicodeScalars.contains(where: isHan) }

    static func isHan(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFD, 0x3007: return true
        default: return false
        }
    }

    /// `content` escaped as text, with its Chinese marked for an English page or chart: in English
    /// (`language` `.en`), text with CJK characters (``isCJK(_:)``) and no Latin letter gets `lang = "zh"` for the
    /// element that holds it (returned, for the caller to put on its element); mixed text has each
    /// run from a CJK character to the last CJK character before the next Latin letter
    /// (digits and punctuation between included, as in "突破1万亿元") wrapped in
    /// `<element lang="zh">` — `span` in HTML, `tspan` in SVG. Chinese pages and text without Han
    /// come back escaped and unmarked.
    ///
    ///     Markup.langMarked("Target 突破1万亿元", language: .en)
    ///     // (nil, "Target <span lang=\"zh\">突破1万亿元</span>")
    ///     Markup.langMarked("国家下达", language: .en)   // ("zh", "国家下达")
    public static func langMarked(_ content: String, language: ChartLanguage?, element: String = "span") -> (lang: String?, inner: String) {
        guard language == .en, content.unicodeScalars.contains(where: isCJK) else { return (nil, text(content)) }
        let scalars = Array(content.unicodeScalars)
        func isLatin(_ u: Unicode.Scalar) -> Bool { ("a"..."z").contains(u) || ("A"..."Z").contains(u) }
        if !scalars.contains(where: isLatin) { return ("zh", text(content)) }
        var out = "", i = 0
        while i < scalars.count {
            guard isCJK(scalars[i]) else { out += text(String(scalars[i])); i += 1; continue }
            // The run: from a CJK character (Han, CJK punctuation such as 《 or 【, full-width forms)
            // up to the last one before a Latin letter.
            var end = i, j = i
            while j < scalars.count, !isLatin(scalars[j]) {
                if isCJK(scalars[j]) { end = j }
                j += 1
            }
            var run = String.UnicodeScalarView()
            run.append(contentsOf: scalars[i...end])
            out += "<\(element) lang=\"zh\">\(text(String(run)))</\(element)>"
            i = end + 1
        }
        return (nil, out)
    }

    /// A coordinate with at most two decimals and no trailing zeros ("12.5", "-3", "0").
    public static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        return fixed(v, decimals: 2, trim: true)
    }

    /// A value for a label: up to 2 decimals for |v| ≥ 1, up to 4 significant digits below, trailing
    /// zeros removed ("7137.4", "0.025", "88").
    public static func value(_ v: Double) -> String { PlainText.value(v) }

    /// `v` with exactly (or, with `trim`, at most) `decimals` decimals, without locale formatting.
    public static func fixed(_ v: Double, decimals: Int, trim: Bool = false) -> String {
        PlainText.fixed(v, decimals: decimals, trim: trim)
    }

    /// A file name made from an id: only letters, digits, `.`, `_` and `-`; no leading dot (so never
    /// `..` or a hidden file); never empty; unique and stable: an id that had to be changed ends with
    /// 8 hex digits of its hash.
    public static func fileName(_ id: String, extension ext: String) -> String {
        var s = String(id.unicodeScalars.map { u -> Character in
            (("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u) || u == "." || u == "_" || u == "-") ? Character(u) : "_"
        })
        while s.contains("..") { s = s.replacingOccurrences(of: "..", with: "_") }
        while s.hasPrefix(".") { s.removeFirst() }
        if s.isEmpty { s = "_" }
        // Ids that lost characters get a stable hash of the whole id, so that `a/b` and `a_b`
        // (or `甲` and `乙`) never share a file.
        if s != id { s += "-" + PlainText.stableHex(id, digits: 8) }
        return s + "." + ext
    }
}
