import Foundation
import OnTrackCore
import OnTrackNumerics

/// An estimate of rendered text width, used to keep labels apart and to cut long titles. CJK and
/// full-width characters take one em; Latin letters and digits about 0.56 em.
public enum TextMetrics {
    public static func width(_ s: String, fontSize: Double) -> Double {
        var em = 0.0
        for u in s.unicodeScalars { em += advance(u) }
        return em * fontSize
    }

    static func advance(_ u: Unicode.Scalar) -> Double {
        if PlainText.isWide(u) || (0x2600...0x27BF).contains(u.value) { return 1.0 }
        if " .,:;'|!il".unicodeScalars.contains(u) { return 0.3 }
        if ("A"..."Z").contains(u) || "mwMW%@".unicodeScalars.contains(u) { return 0.68 }
        return 0.56
    }

    /// `s` cut with "…" to fit `width`.
    public static func fit(_ s: String, width: Double, fontSize: Double) -> String {
        guard self.width(s, fontSize: fontSize) > width else { return s }
        var out = ""
        var w = advance("…") * fontSize
        for ch in s {
            let cw = self.width(String(ch), fontSize: fontSize)
            if w + cw > width { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// `s` cut with "…" to fit `width`, at the last place a line may end (a space, or next to a CJK
    /// character, never inside a number such as "1万亿" or "【135】"); where there is none, where it must.
    public static func fitAtBreak(_ s: String, width: Double, fontSize: Double) -> String {
        let cut = fit(s, width: width, fontSize: fontSize)
        guard cut.hasSuffix("…") else { return cut }
        let kept = Array(cut.dropLast())
        guard kept.count > 1 else { return cut }
        let chars = Array(s)
        // The longest prefix of `kept` that ends where a line may end.
        for n in stride(from: kept.count, through: 1, by: -1) {
            let a = chars[n - 1], b = chars[n]
            if b == " " || a == " " || canBreak(a, b) {
                let prefix = String(chars[..<n]).trimmingCharacters(in: .whitespaces)
                if !prefix.isEmpty { return prefix + "…" }
            }
        }
        return cut
    }

    /// `s` broken into at most `maxLines` lines that each fit `width`: at a space, or next to a CJK
    /// character (never before closing punctuation nor after opening punctuation, never inside a
    /// number with its unit characters: "1万亿", "【135】", "8.5%"); a word longer than a line is
    /// cut where it must. Text left over is cut from the last line with "…", where a line may end.
    public static func wrap(_ s: String, width: Double, fontSize: Double, maxLines: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(s)
        while !rest.isEmpty, lines.count < maxLines {
            if lines.count == maxLines - 1 || self.width(String(rest), fontSize: fontSize) <= width {
                lines.append(fitAtBreak(String(rest), width: width, fontSize: fontSize))
                break
            }
            // The longest run that fits, then back to the last place a line may end; to the last
            // comma or semicolon instead when it is in the last quarter of the line.
            var w = 0.0, i = rest.startIndex
            var lastBreak: (end: Substring.Index, next: Substring.Index)?
            var clauseBreak: (end: Substring.Index, next: Substring.Index)?
            var previous: Character?
            while i < rest.endIndex {
                let ch = rest[i]
                let cw = self.width(String(ch), fontSize: fontSize)
                if w + cw > width { break }
                w += cw
                let next = rest.index(after: i)
                if ch == " " {
                    // Not after the sign of a bound ("> 10,000", "≥ 35" stay together).
                    if let p = previous, opening.contains(p) { previous = ch; i = next; continue }
                    lastBreak = (i, next)
                    if let p = previous, clauseEnds.contains(p), w >= 0.75 * width { clauseBreak = lastBreak }
                } else if next < rest.endIndex, canBreak(ch, rest[next]) {
                    lastBreak = (next, next)
                    if clauseEnds.contains(ch), w >= 0.75 * width { clauseBreak = lastBreak }
                }
                previous = ch
                i = next
            }
            var (end, next) = clauseBreak ?? lastBreak ?? (i, i)
            if end == rest.startIndex { end = rest.index(after: end); next = end }   // not one character fits
            lines.append(String(rest[..<end]))
            rest = rest[next...].drop { $0 == " " }
        }
        return lines
    }

    /// `s` wrapped as ``wrap(_:width:fontSize:maxLines:)`` does, on as few lines, but with lines of
    /// about equal width (no last line of one character): the narrowest width that needs no more lines.
    public static func wrapBalanced(_ s: String, width: Double, fontSize: Double, maxLines: Int) -> [String] {
        let lines = wrap(s, width: width, fontSize: fontSize, maxLines: maxLines)
        guard lines.count > 1, lines.count <= maxLines, !(lines.last?.hasSuffix("…") ?? false) else { return lines }
        var lo = self.width(s, fontSize: fontSize) / Double(lines.count) - fontSize, hi = width
        var best = lines
        for _ in 0..<12 {
            let mid = (lo + hi) / 2
            let candidate = wrap(s, width: mid, fontSize: fontSize, maxLines: lines.count + 1)
            if candidate.count <= lines.count { best = candidate; hi = mid } else { lo = mid }
        }
        return best
    }

    /// Whether a line may end between `a` and `b` (neither a space).
    static func canBreak(_ a: Character, _ b: Character) -> Bool {
        if closing.contains(b) || opening.contains(a) { return false }
        // Inside a number: digits, decimal point, and the unit characters that are part of it.
        if isNumberPart(a), isNumberPart(b) || numberUnits.contains(b) { return false }
        if numberUnits.contains(a), numberUnits.contains(b) { return false }
        return isWide(a) || isWide(b)
    }

    static func isNumberPart(_ c: Character) -> Bool { (c.isASCII && c.isNumber) || c == "." || ("０"..."９").contains(c) }
    static let numberUnits: Set<Character> = ["万", "亿", "千", "百", "十", "倍", "%", "％", "‰"]
    static func isWide(_ c: Character) -> Bool { c.unicodeScalars.first.map(PlainText.isWide) ?? false }
    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "》", "」", "』", "】", "！", "？", ",", ".", ";", ":", ")", "!", "?", "%", "％", "…"]
    /// Opening punctuation and the signs of a bound: never at the end of a line.
    static let opening: Set<Character> = ["（", "《", "「", "『", "【", "(", "＞", "＜", "≥", "≤", ">", "<", "约", "≈"]
    static let clauseEnds: Set<Character> = ["，", "；", "。", ",", ";"]
}
