import Foundation

/// Locale-free text helpers shared by the explanations, the table encoders (OnTrackIO) and the charts
/// (OnTrackCharts).
public enum PlainText {
    /// `v` with exactly (or, with `trim`, at most) `decimals` decimals, without locale formatting.
    public static func fixed(_ v: Double, decimals: Int, trim: Bool = false) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(v) * scale).rounded()
        guard r < 9e15 else { return v.description }
        // The digits of r (= |v|·10^decimals, an integer below 9e15), written once into a buffer:
        // explanations format several numbers per target, so no String per part.
        var n = UInt64(r)
        let decimals = max(0, decimals)
        let width = decimals + 20
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * width) { buf in
            // Digits, least significant first, padded to at least decimals + 1.
            var count = 0
            repeat {
                buf[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            while count < decimals + 1 { buf[count] = UInt8(ascii: "0"); count += 1 }
            // Fraction digits kept: all of them, or without trailing zeros.
            var fraction = decimals
            if trim { while fraction > 0, buf[decimals - fraction] == UInt8(ascii: "0") { fraction -= 1 } }
            // The text, most significant first, in the second half of the buffer.
            var end = width
            if v < 0, r != 0 { buf[end] = UInt8(ascii: "-"); end += 1 }
            var i = count - 1
            while i >= decimals { buf[end] = buf[i]; end += 1; i -= 1 }
            if fraction > 0 {
                buf[end] = UInt8(ascii: "."); end += 1
                for k in 0..<fraction { buf[end] = buf[decimals - 1 - k]; end += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[width..<end]), as: UTF8.self)
        }
    }

    /// A value for a label or a sentence: up to 2 decimals for |v| ≥ 1, up to 4 significant digits
    /// below, trailing zeros removed ("7137.4", "0.025", "88"); "–" when not finite.
    public static func value(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        let a = abs(v)
        if a >= 1 || a == 0 { return fixed(v, decimals: 2, trim: true) }
        var decimals = 2
        var x = a
        while x < 0.1, decimals < 8 { x *= 10; decimals += 1 }
        return fixed(v, decimals: decimals + 1, trim: true)
    }

    /// `v` rounded to `digits` significant digits, trailing zeros removed, never in exponent form
    /// ("8240", "5316", "27.48", "0.0254"): for numbers inside a sentence.
    public static func significant(_ v: Double, digits: Int = 4) -> String {
        guard v.isFinite else { return "–" }
        guard v != 0 else { return "0" }
        let magnitude = Int(log10(abs(v)).rounded(.down))
        let decimals = min(8, max(0, digits - 1 - magnitude))
        if decimals == 0, magnitude >= digits {
            // Round the whole part too: 8239.9 → 8240 with four digits, 123456 → 123500.
            var scale = 1.0
            for _ in 0..<(magnitude + 1 - digits) { scale *= 10 }
            return fixed((v / scale).rounded() * scale, decimals: 0)
        }
        return fixed(v, decimals: decimals, trim: true)
    }

    /// A stable 64-bit hash of `text`'s UTF-8 bytes: FNV-1a with the splitmix64 finaliser (FNV-1a
    /// alone leaves strings that differ in their last character looking alike; the finaliser
    /// spreads every input bit over all output bits). The same on every run and machine.
    public static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    /// The first `digits` hex digits of ``stableHash(_:)`` (zero-padded).
    public static func stableHex(_ text: String, digits: Int) -> String {
        let hex = String(stableHash(text), radix: 16)
        return String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(digits))
    }

    /// Whether `u` is East Asian wide or full-width (two terminal columns, one em in a CJK font).
    public static func isWide(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return wideRanges.contains { $0.contains(v) }
    }

    static let wideRanges: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                                                    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                                                    0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD]
}
