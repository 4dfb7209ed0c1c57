import Foundation

/// Number parsing over bytes for the fast CSV path.
enum NumberParsing {
    /// 10^n for n in 0...22, the powers of ten that are exact in binary64 (a switch on literals: a
    /// lazily initialised global array cost a `swift_once` check and a retain on every number).
    @inline(__always)
    static func exactPower(_ n: Int) -> Double {
        switch n {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// The value of `bytes[start..<end]` as a decimal number, or nil when it is not one.
    ///
    /// Plain decimals with at most 19 significant digits whose value fits Clinger's fast path
    /// (mantissa < 2⁵³, power of ten ≤ 22) are converted exactly with one multiplication or division;
    /// anything else (exponents, long mantissas) goes to `strtod`, which rounds correctly.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 0x2D || bytes[i] == 0x2B { negative = bytes[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenDigit = false, seenPoint = false
        while i < end {
            let b = bytes[i]
            if b >= 0x30, b <= 0x39 {
                seenDigit = true
                if mantissa == 0, b == 0x30 {
                    if seenPoint { fraction += 1 }
                } else {
                    guard digits < 19 else { return slow(bytes, start, end) }
                    mantissa = mantissa * 10 + UInt64(b - 0x30)
                    digits += 1
                    if seenPoint { fraction += 1 }
                }
            } else if b == 0x2E, !seenPoint {
                seenPoint = true
            } else {
                return slow(bytes, start, end)
            }
            i += 1
        }
        guard seenDigit else { return nil }
        guard mantissa < (1 << 53), fraction <= 22 else { return slow(bytes, start, end) }
        let v = Double(mantissa) / exactPower(fraction)
        return negative ? -v : v
    }

    /// The value of a plain decimal — an optional sign, digits, at most one point, at most 19 digits
    /// in all — when it converts exactly (as in ``double(_:_:_:)``, which gives the same Double for
    /// it); nil for anything else, which ``double(_:_:_:)`` then reads. Inlined into the panel's
    /// fast path.
    @inline(__always)
    static func plainDecimal(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if i < end, base[i] == 0x2D || base[i] == 0x2B { negative = base[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < end {
            let d = base[i] &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart, fraction = 0
        if i < end, base[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < end {
                let d = base[i] &- 0x30
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            fraction = i - fractionStart
            digits += fraction
        }
        // At most 19 digits: the mantissa cannot overflow.
        guard i == end, digits > 0, digits <= 19, mantissa < 1 << 53 else { return nil }
        let v = Double(mantissa) / exactPower(fraction)
        return negative ? -v : v
    }

    private static func slow(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        // strtod needs a terminated string; copy the (short) field.
        guard end - start < 64 else { return nil }
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for k in start..<end {
            let b = bytes[k]
            // Only what a decimal number can hold: no "inf", "nan", hex or spaces.
            guard (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x2D || b == 0x2B || b == 0x65 || b == 0x45 else { return nil }
            buffer[k - start] = CChar(bitPattern: b)
        }
        return buffer.withUnsafeBufferPointer { p -> Double? in
            var endPointer: UnsafeMutablePointer<CChar>?
            let v = strtod(p.baseAddress!, &endPointer)
            guard let e = endPointer, e - UnsafeMutablePointer(mutating: p.baseAddress!) == end - start else { return nil }
            return v
        }
    }

    /// The value of `bytes[start..<end]` as an integer with an optional sign, or nil.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == 0x2D || bytes[i] == 0x2B { negative = bytes[i] == 0x2D; i += 1 }
        guard i < end, end - i <= 18 else { return nil }
        var v = 0
        while i < end {
            let b = bytes[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
            i += 1
        }
        return negative ? -v : v
    }

    /// Whether the field spells a missing value: empty, `NA`, `NaN`, `N/A`, `null`, `..` or `-`.
    static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let n = end - start
        if n == 0 { return true }
        if n > 4 { return false }
        var word: UInt32 = 0
        for k in start..<end {
            var b = bytes[k]
            // A NUL would vanish in the packed word ("\0NA" read as "NA"): no missing word has one.
            if b == 0 { return false }
            if b >= 0x41, b <= 0x5A { b += 0x20 }
            word = word << 8 | UInt32(b)
        }
        switch word {
        case 0x6E61, 0x6E616E, 0x6E2F61, 0x6E756C6C, 0x2E2E, 0x2D: return true // na nan n/a null .. -
        default: return false
        }
    }
}
