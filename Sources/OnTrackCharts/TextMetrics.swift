/// An estimate of rendered text width, used to keep labels apart and to cut long titles. CJK and
/// full-width characters take one em; Latin letters and digits about 0.56 em.
public enum TextMetrics {
    public static func width(_ s: String, fontSize: Double) -> Double {
        var em = 0.0
        for u in s.unicodeScalars { em += advance(u) }
        return em * fontSize
    }

    static func advance(_ u: Unicode.Scalar) -> Double {
        let v = u.value
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                                           0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                                           0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD]
        if wide.contains(where: { $0.contains(v) }) { return 1.0 }
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
