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
        if PlainText.isWide(u) { return 1.0 }
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
}
