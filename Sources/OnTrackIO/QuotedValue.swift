import Foundation

/// Whether an observation's value is the number its quote prints — as written, in an obvious
/// equivalent writing, or through a derivation its note records.
///
/// The rules, in order:
/// 1. **As written.** The value equals a number of the quote. Numbers are read with their obvious
///    equivalent writings: full-width digits (`５５．２`), thousands separators (`251,800`; a thin
///    space), a decimal comma (`713,74`), white space after a decimal point (a layout break,
///    `523. 8`), a percent or per-mille sign, Roman numerals for classes (`Ⅱ` = 2). A negative value
///    matches a number with a minus sign (`-2.11‰`), or its magnitude when the quote says it fell
///    (`下降3.1%`, `decline`).
/// 2. **The base of an index.** A value of 100 on an indicator whose unit is an index base
///    (`基期=100`, `2020=100`) is the base by definition: exempt.
/// 3. **A recorded derivation.** The note holds a relation `A = B` (also `＝`, `→`) with the value on
///    one side, alone, and on the other side either
///    - one number of the quote, the two differing by a power of ten — a change of unit or of
///      scale (`86879 元 = 8.6879 万元`, `2.5万亿元 = 25000 亿元`, `251,800 TEU = 25.18 万标箱`;
///      万/亿 scaling is accepted only in this recorded form), or
///    - an arithmetic expression (`+ - − × * / ÷` and parentheses) that gives the value to the
///      precision it is written with, each operand being a number of the quote or a unit constant
///      (1, 10, 100, 1000, 10000, 100000000): `59 = 38 + 21`, `100 − 42.1 = 57.9`,
///      `100 / (1 − 18.6/100) = 122.85012285012286`.
///    Unit words between a side and its sign are skipped (`815.84 billion yuan (= 8158.4 亿元)`).
/// Anything else is an error: the value is not traceable to the sentence that is cited for it.
public enum QuotedValue {
    public enum Outcome: Sendable, Equatable {
        /// The value is written in the quote.
        case written
        /// The value is 100 on an index whose unit names its base.
        case indexBase
        /// The note records a derivation from numbers of the quote, and it holds.
        case derived
        /// Not traceable; the message says why, for the validator's error.
        case untraced(String)
    }

    /// Checks `value` (as written in the value cell) against `quote`, `note` and `unit`.
    public static func check(value: Double, quote: String, note: String, unit: String) -> Outcome {
        let quoted = numbers(in: quote)
        if contains(quoted, value) { return .written }
        if value < 0, contains(quoted, -value), saysItFell(quote) { return .written }
        if value == 100, unit.contains("=100") { return .indexBase }
        var failures: [String] = []
        for relation in relations(in: note) {
            switch judge(relation, value: value, quoted: quoted) {
            case .none: continue
            case .some(nil): return .derived
            case .some(let why?): failures.append(why)
            }
        }
        if let why = failures.first { return .untraced(why) }
        let shown = quoted.prefix(8).map { format($0) }.joined(separator: ", ")
        return .untraced("value \(format(value)) does not appear in the quote (its numbers: \(shown.isEmpty ? "none" : shown)\(quoted.count > 8 ? ", …" : "")); correct the value from the source, or record its derivation in note (e.g. 86879 元 = 8.6879 万元)")
    }

    // MARK: - Numbers

    /// A number as read from text, with the count of its written decimals.
    struct Number: Equatable {
        var value: Double
        var decimals: Int
    }

    /// Every number of `text`, in every obvious equivalent reading (a decimal comma gives both
    /// readings: `713,74` is 713.74, and also 713 and 74).
    static func numbers(in text: String) -> [Double] {
        let t = tokens(in: text)
        return t.indices.flatMap { i -> [Double] in
            guard case .number(let n, let alternatives) = t[i] else { return [] }
            // A minus sign right before the number (−2.11‰) also gives the negative reading.
            let signed = i > 0 && (t[i - 1] == .op("-") || t[i - 1] == .op("−")) ? [-n.value] : []
            return [n.value] + alternatives + signed
        }
    }

    static func contains(_ numbers: [Double], _ value: Double) -> Bool {
        numbers.contains { same($0, value) }
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }

    static func saysItFell(_ quote: String) -> Bool {
        ["下降", "减少", "降低", "回落", "decline", "decrease", "fell", "down"].contains { quote.contains($0) }
    }

    enum Token: Equatable {
        /// A number, and other readings of the same writing (a decimal comma's).
        case number(Number, alternatives: [Double])
        case op(Character)
        case relation
        case word
    }

    static let operators: Set<Character> = ["+", "-", "−", "×", "*", "/", "÷", "(", ")", "（", "）"]
    static let relationSigns: Set<Character> = ["=", "＝", "→"]
    /// Thousands separators: the comma, the thin and the narrow no-break space (a plain space is
    /// not one: table cells such as "101 115" are two numbers).
    static let groupSeparators: Set<Character> = [",", "\u{2009}", "\u{202F}"]
    static let roman: [Character: Double] = [
        "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10, "Ⅺ": 11, "Ⅻ": 12,
    ]

    /// Full-width digits, point and signs as their ASCII forms.
    static func halfWidth(_ c: Character) -> Character {
        guard let s = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return c }
        switch s.value {
        case 0xFF10...0xFF19: return Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!)
        case 0xFF0E: return "."
        case 0xFF0B: return "+"
        case 0xFF0D: return "-"
        case 0xFF0F: return "/"
        default: return c
        }
    }

    /// The text as numbers, operators, relation signs and words (white space dropped).
    static func tokens(in text: String) -> [Token] {
        let c = text.map(halfWidth)
        func digit(_ i: Int) -> Bool { i < c.count && c[i].isASCII && c[i].isWholeNumber }
        func runEnd(_ i: Int) -> Int { var j = i; while digit(j) { j += 1 }; return j }
        var out: [Token] = []
        var i = 0
        while i < c.count {
            let ch = c[i]
            if let r = roman[ch] { out.append(.number(Number(value: r, decimals: 0), alternatives: [])); i += 1; continue }
            if digit(i) {
                var j = runEnd(i)
                var integer = String(c[i..<j])
                var alternatives: [Double] = []
                // Thousands groups: a separator and exactly three digits.
                var grouped = false
                while j < c.count, groupSeparators.contains(c[j]), runEnd(j + 1) - (j + 1) == 3 {
                    let end = runEnd(j + 1)
                    integer += String(c[(j + 1)..<end]); j = end; grouped = true
                }
                // A decimal comma: one or two digits after a comma (713,74), read both ways.
                if !grouped, j < c.count, c[j] == "," {
                    let n = runEnd(j + 1) - (j + 1)
                    if n == 1 || n == 2, let d = Double(integer + "." + String(c[(j + 1)..<(j + 1 + n)])) {
                        alternatives.append(d)
                    }
                }
                var decimals = 0
                var fraction = ""
                if j < c.count, c[j] == "." {
                    var k = j + 1
                    while k < c.count, c[k].isWhitespace { k += 1 }   // "523. 8": a layout break
                    if digit(k) {
                        let end = runEnd(k)
                        fraction = String(c[k..<end]); decimals = fraction.count; j = end
                    }
                }
                let written = fraction.isEmpty ? integer : integer + "." + fraction
                if let v = Double(written) {
                    out.append(.number(Number(value: v, decimals: decimals), alternatives: alternatives))
                } else {
                    out.append(.word)
                }
                i = j
                continue
            }
            if relationSigns.contains(ch) { out.append(.relation); i += 1; continue }
            if operators.contains(ch) { out.append(.op(ch)); i += 1; continue }
            if ch.isWhitespace { i += 1; continue }
            // A word: a run of anything else.
            while i < c.count, !c[i].isWhitespace, !digit(i), !relationSigns.contains(c[i]), !operators.contains(c[i]),
                  roman[c[i]] == nil { i += 1 }
            out.append(.word)
        }
        return out
    }

    // MARK: - Relations in the note

    /// Two sides of an `=`, `＝` or `→` of the note, each a run of numbers and operators.
    struct Relation {
        var left: [Token]
        var right: [Token]
    }

    static func relations(in note: String) -> [Relation] {
        let t = tokens(in: note)
        var out: [Relation] = []
        func isTerm(_ x: Token) -> Bool {
            switch x { case .number, .op: return true; default: return false }
        }
        for (k, token) in t.enumerated() where token == .relation {
            // Left: skip unit words (and an opening bracket) next to the sign, then the expression.
            var a = k - 1
            var skipped = 0
            while a >= 0, skipped < 4, t[a] == .word || t[a] == .op("(") || t[a] == .op("（") { a -= 1; skipped += 1 }
            var left: [Token] = []
            while a >= 0, isTerm(t[a]) { left.insert(t[a], at: 0); a -= 1 }
            var b = k + 1
            var right: [Token] = []
            while b < t.count, isTerm(t[b]) { right.append(t[b]); b += 1 }
            out.append(Relation(left: balanced(left, leftOfSign: true), right: balanced(right, leftOfSign: false)))
        }
        return out
    }

    /// The expression next to a relation sign without the prose around it: a bracket with no
    /// partner ends it (on the left of the sign, what comes before the bracket is dropped; on the
    /// right, what comes after), as do operators at its far end.
    static func balanced(_ e: [Token], leftOfSign: Bool) -> [Token] {
        func isOpen(_ t: Token) -> Bool { t == .op("(") || t == .op("（") }
        func isClose(_ t: Token) -> Bool { t == .op(")") || t == .op("）") }
        var e = e
        // Unpartnered brackets: an opening one found from the end, a closing one from the start.
        var unmatched: [Int] = []
        var depth = 0
        for i in e.indices.reversed() {
            if isClose(e[i]) { depth += 1 } else if isOpen(e[i]) { if depth > 0 { depth -= 1 } else { unmatched.append(i) } }
        }
        depth = 0
        for i in e.indices {
            if isOpen(e[i]) { depth += 1 } else if isClose(e[i]) { if depth > 0 { depth -= 1 } else { unmatched.append(i) } }
        }
        if leftOfSign, let cut = unmatched.max() { e = Array(e[(cut + 1)...]) }
        if !leftOfSign, let cut = unmatched.min() { e = Array(e[..<cut]) }
        // Operators that belong to the prose: at the far end of the expression.
        if leftOfSign {
            while let first = e.first, case .op(let o) = first, !isOpen(first), o != "-", o != "−" { e.removeFirst() }
        } else {
            while let last = e.last, case .op = last, !isClose(last) { e.removeLast() }
        }
        return e
    }

    static let unitConstants: [Double] = [1, 10, 100, 1000, 10000, 100000000]

    /// nil when the relation does not give `value`; `.some(nil)` when it derives it from the quote;
    /// `.some(why)` when it gives the value but the derivation does not hold.
    static func judge(_ r: Relation, value: Double, quoted: [Double]) -> String?? {
        for (this, other) in [(r.right, r.left), (r.left, r.right)] {
            guard this.count == 1, case .number(let n, _) = this[0], same(n.value, value), !other.isEmpty else { continue }
            let operands = other.compactMap { t -> Double? in if case .number(let m, _) = t { return m.value } else { return nil } }
            if other.count == 1, let source = operands.first {
                guard contains(quoted, source) else {
                    return .some("the note derives \(format(value)) from \(format(source)), which is not a number of the quote")
                }
                let ratio = value / source
                let exponent = (log10(abs(ratio))).rounded()
                guard ratio > 0, abs(exponent) <= 12, same(ratio, pow(10, exponent)) else {
                    return .some("the note writes \(format(source)) = \(format(value)), which is not a change of unit (a power of ten); write the arithmetic (e.g. 38 + 21 = 59)")
                }
                return .some(nil)
            }
            guard let result = evaluate(other) else {
                return .some("the derivation of \(format(value)) in note cannot be read as arithmetic")
            }
            let tolerance = 0.5 * pow(10, -Double(n.decimals)) + 1e-9 * max(1, abs(value))
            guard abs(result - value) <= tolerance else {
                return .some("the note's arithmetic gives \(format(result)), not \(format(value))")
            }
            if let stray = operands.first(where: { !contains(quoted, $0) && !unitConstants.contains($0) }) {
                return .some("operand \(format(stray)) of the derivation in note is neither a number of the quote nor a unit constant")
            }
            return .some(nil)
        }
        return nil
    }

    /// Evaluates numbers, `+ - − × * / ÷` and brackets with the usual precedence; nil when it
    /// is not such an expression.
    static func evaluate(_ tokens: [Token]) -> Double? {
        var i = 0
        func peekOp() -> Character? { if i < tokens.count, case .op(let o) = tokens[i] { return o } else { return nil } }
        func primary() -> Double? {
            if let o = peekOp() {
                if o == "(" || o == "（" {
                    i += 1
                    guard let v = sum(), let c = peekOp(), c == ")" || c == "）" else { return nil }
                    i += 1
                    return v
                }
                if o == "-" || o == "−" { i += 1; return primary().map { -$0 } }
                return nil
            }
            guard i < tokens.count, case .number(let n, _) = tokens[i] else { return nil }
            i += 1
            return n.value
        }
        func product() -> Double? {
            guard var v = primary() else { return nil }
            while let o = peekOp(), ["×", "*", "/", "÷"].contains(o) {
                i += 1
                guard let r = primary() else { return nil }
                v = (o == "/" || o == "÷") ? v / r : v * r
            }
            return v
        }
        func sum() -> Double? {
            guard var v = product() else { return nil }
            while let o = peekOp(), ["+", "-", "−"].contains(o) {
                i += 1
                guard let r = product() else { return nil }
                v = o == "+" ? v + r : v - r
            }
            return v
        }
        guard let v = sum(), i == tokens.count, v.isFinite else { return nil }
        return v
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
