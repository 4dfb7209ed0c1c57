import OnTrackNumerics

/// The shortest round-trip text of a Double — the same bytes as its `description` — written
/// straight into a byte buffer, with a fast path for the common case.
///
/// Most numbers a panel writes back came from its input (baselines, aims, latest values) and have a
/// short decimal. For 10⁻⁴ ≤ |x| < 10¹⁵ (where `description` writes plain decimals), the fast path
/// takes the 15-significant-digit decimal n·10⁻ˢ nearest to x and checks that it reads back as x:
/// n < 2⁵³ and 10ˢ (s ≤ 22) are exact, so `Double(n) / 10ˢ` is the correctly rounded value of the
/// decimal, as a parser would read it. Decimals of 15 digits are at least 10⁻¹⁵·|x| apart while the
/// doubles that round to x span at most 2.2·10⁻¹⁶·|x|, so at most one of them reads back as x; the
/// shortest round-trip decimal, padded with zeros to 15 digits, is one of them, so it is n with its
/// trailing zeros dropped. Anything else (a number that needs 16 or 17 digits, exponent notation,
/// zero) goes to the standard library's `Double.write(to:)`. `PanelNumberTextTests` compares the
/// two on about a million values.
enum DecimalDigits {
    /// "00", "01", … "99" (a literal in the binary's data: no lazily built table, no `swift_once`).
    @inline(__always) private static var pairs: UnsafePointer<UInt8> {
        ("00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" as StaticString).utf8Start
    }

    /// Appends the shortest round-trip text of the finite `x` to `out` when the fast path applies;
    /// false (nothing written) otherwise.
    @inline(__always)
    static func appendShort(_ x: Double, to out: inout ByteBuffer) -> Bool {
        let a = abs(x)
        guard a >= 1e-4, a < 1e15 else { return false }
        // n then has 14 to 16 digits (the exponent may be one off near a power of ten); 16 is refused.
        let s = 14 - exponent(a)
        let scale = NumberParsing.exactPower(s)
        // The nearest whole number (a · 10ˢ < 2⁵⁰ here, so adding ½ is exact; no libm call).
        let scaled = (a * scale + 0.5).rounded(.towardZero)
        guard scaled < 1e15, scaled / scale == a else { return false }
        write(UInt64(scaled), fraction: s, negative: x < 0, to: &out)
        return true
    }

    /// Appends the text `--precision` gives `x` — x rounded to `digits` significant digits as C's
    /// `%.*e` rounds it (to nearest, ties to even, on the exact binary value), read back, and written
    /// in its shortest round-trip form — when the fast path applies (1–15 digits, 10⁻⁴ ≤ |x| < 10ᵈⁱᵍⁱᵗˢ,
    /// and x · 10ˢ not within its rounding error of a tie); false (nothing written) otherwise.
    ///
    /// x · 10ˢ (10ˢ exact) is off the exact product by at most half an ulp, under 0.12 for a product
    /// below 10¹⁵; away from a tie, rounding it gives the digits n that `%.*e` gives. n·10⁻ˢ then
    /// reads back as `Double(n) / 10ˢ` (both exact, one correctly rounded division), and that
    /// Double's shortest text is n without its trailing zeros (the argument of ``appendShort(_:to:)``).
    static func appendRounded(_ x: Double, digits: Int, to out: inout ByteBuffer) -> Bool {
        guard (1...15).contains(digits) else { return false }
        let a = abs(x)
        guard a >= 1e-4, a < 1e15 else { return false }
        let s = digits - 1 - exponent(a)
        guard s >= 0, s <= 22 else { return false }
        let scale = NumberParsing.exactPower(s)
        let product = a * scale
        let whole = product.rounded(.down)
        let fraction = product - whole   // exact: both below 2⁵³ with the same exponent or less
        guard abs(fraction - 0.5) > product * 0x1p-52 + 1e-9 else { return false }
        let n = fraction < 0.5 ? whole : whole + 1
        // n must have `digits` digits (the exponent may be one off), and the value must stay in
        // the range `description` writes as a plain decimal.
        let low = NumberParsing.exactPower(digits - 1)
        guard n >= low, n < low * 10, (n / scale) >= 1e-4 else { return false }
        write(UInt64(n), fraction: s, negative: x < 0, to: &out)
        return true
    }

    /// The decimal exponent e of a > 0 (10^e ≤ a < 10^(e+1)), possibly one off near a power of ten.
    @inline(__always) private static func exponent(_ a: Double) -> Int {
        var e = 0
        if a >= 1 {
            var p = 10.0
            while p <= a { p *= 10; e += 1 }
        } else {
            var p = 1.0
            repeat { p *= 0.1; e -= 1 } while p > a
        }
        return e
    }

    /// n · 10⁻ˢ (n < 10¹⁵ + 1) as `description` writes it: without trailing zeros in the fraction,
    /// `.0` when there is none, `0.` before a fraction below one.
    @inline(__always) private static func write(_ n: UInt64, fraction s: Int, negative: Bool, to out: inout ByteBuffer) {
        var n = n, s = s
        // Trailing zeros off the fraction (at most 14: n has at most 15 digits), by halves.
        if s >= 8, n % 100_000_000 == 0 { n /= 100_000_000; s -= 8 }
        if s >= 4, n % 10_000 == 0 { n /= 10_000; s -= 4 }
        if s >= 2, n % 100 == 0 { n /= 100; s -= 2 }
        if s >= 1, n % 10 == 0 { n /= 10; s -= 1 }
        // At most 15 digits, a sign, a leading zero, a point and ".0": 20 bytes, written backwards.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { b in
            let pairs = Self.pairs
            var i = 24
            if s == 0 {
                i -= 2
                b[i] = 0x2E
                b[i + 1] = 0x30   // ".0"
            }
            // The fraction's digits, two at a time, zeros included (0.00012).
            var fraction = s
            while fraction >= 2 {
                let pair = Int(n % 100)
                n /= 100
                i -= 2
                b[i] = pairs[2 * pair]
                b[i + 1] = pairs[2 * pair + 1]
                fraction -= 2
            }
            if fraction == 1 {
                i -= 1
                b[i] = 0x30 + UInt8(n % 10)
                n /= 10
            }
            if s > 0 { i -= 1; b[i] = 0x2E }
            // The integer part (0 when there is none).
            repeat {
                i -= 1
                b[i] = 0x30 + UInt8(n % 10)
                n /= 10
            } while n > 0
            if negative { i -= 1; b[i] = 0x2D }
            out.append(UnsafeRawBufferPointer(rebasing: b[i...]))
        }
    }
}
