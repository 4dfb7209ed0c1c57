import OnTrackCore
import OnTrackNumerics

/// Units as the plans write them, in English. Units not listed are shown as written (and marked
/// `lang="zh"` in HTML and SVG).
public enum UnitGlossary {
    /// The English unit, or nil when the glossary does not know `unit`.
    public static func english(_ unit: String) -> String? {
        if unit.isEmpty { return "" }
        if let e = table[unit] { return e }
        // 基期=100, 2020=100: an index.
        if unit.hasSuffix("=100") {
            let base = unit.dropLast(4)
            return base == "基期" ? "index, baseline = 100" : "index, \(base) = 100"
        }
        return nil
    }

    /// The English unit, or `unit` as written when the glossary does not know it.
    public static func englishOrAsWritten(_ unit: String) -> String { english(unit) ?? unit }

    /// Plan units → English. 万 = 10,000; 亿 = 100 million.
    static let table: [String: String] = [
        "%": "%", "∶1": ":1", ":1": ":1", "倍": "times",
        "元": "yuan", "万元": "10,000 yuan", "亿元": "100 million yuan", "万亿元": "trillion yuan",
        "万美元": "10,000 US dollars", "亿美元": "100 million US dollars", "万元/人": "10,000 yuan per person",
        "人/亿元": "persons per 100 million yuan",
        "个": "units", "万个": "10,000 units", "家": "firms", "万家": "10,000 firms", "家（次）": "firms (times)",
        "万家（次）": "10,000 firms (times)", "所": "institutions", "名": "persons", "万名": "10,000 persons",
        "人": "persons", "万人": "10,000 persons", "万人次": "10,000 person-times", "户": "households",
        "万户": "10,000 households", "座": "facilities", "万座": "10,000 facilities", "处": "sites", "场": "events",
        "场次": "sessions", "万场次": "10,000 sessions", "件": "items", "类": "categories", "条": "lines",
        "列": "trains", "班": "services", "辆": "vehicles", "万辆": "10,000 vehicles", "门": "courses",
        "万张": "10,000 sheets", "公里": "km", "万公里": "10,000 km", "平方米": "m²", "万平方米": "10,000 m²",
        "亿平方米": "100 million m²", "亩": "mu", "万亩": "10,000 mu", "万亩次": "10,000 mu-times", "公顷": "ha",
        "万吨": "10,000 tonnes", "亿吨": "100 million tonnes", "吨/天": "tonnes per day", "万吨/日": "10,000 tonnes per day",
        "吨级": "tonnage class", "亿立方米": "100 million m³", "千亿立方米": "100 billion m³", "万标箱": "10,000 TEU",
        "万千瓦": "10,000 kW", "小时": "hours", "分钟": "minutes", "天": "days", "个工作日": "working days",
        "年": "years", "岁": "years of age",
    ]
}

/// A target in words: as written (Chinese), or rendered in English from its form, bound, value and
/// unit, with 【】 (a total over the period) and * (an average of annual growth rates) spelled out.
public enum TargetWording {
    /// The target in `language`: Chinese as written, English rendered (and in Chinese too for a
    /// target written without text, such as a what-if target).
    public static func text(_ r: TargetAssessment, language: ChartLanguage) -> String {
        language == .zh && !r.target.targetText.isEmpty ? r.target.targetText : english(r.target, unit: r.indicator.unit)
    }

    /// The English rendering, e.g. `> 9,000 (100 million yuan)`, `total over 2021–2025 ≥ 135 (100
    /// million US dollars)`, `average annual growth about 6% (2021–2025)`, `cut by 14% from 2020`.
    /// With `withUnit` false, a unit other than %, :1 or an index is left out (for a label on an
    /// axis that names the unit).
    public static func english(_ t: Target, unit: String, withUnit: Bool = true) -> String {
        let unit = withUnit || ["%", "∶1", ":1"].contains(unit) || unit.hasSuffix("=100") ? unit : ""
        guard let bound = t.bound else {
            if t.targetText.contains("国家下达") { return "set by the State Council (not printed)" }
            if t.targetText.isEmpty || t.targetText == "（空白）" { return "no target value printed" }
            return "qualitative target"
        }
        let u = UnitGlossary.englishOrAsWritten(unit)
        let period = "\(t.periodStart ?? t.baselineYear + 1)–\(t.targetYear)"
        switch t.form {
        case .averageGrowth:
            return "average annual growth \(condition(bound, suffix: "%")) (\(period))"
        case .reduction:
            return "cut by \(condition(bound, suffix: "%")) from \(t.baselineYear)"
        case .cumulative:
            return "total over \(period) \(condition(bound, suffix: "")) \(parenthesised(u))".trimmingCharacters(in: .whitespaces)
        case .share, .rate:
            if u == "%" { return condition(bound, suffix: "%") }
            return "\(condition(bound, suffix: "")) \(parenthesised(u))".trimmingCharacters(in: .whitespaces)
        case .ratio:
            if u == ":1" { return condition(bound, suffix: ":1") }
            return "\(condition(bound, suffix: "")) \(parenthesised(u))".trimmingCharacters(in: .whitespaces)
        case .level, .categorical:
            if u == "%" { return condition(bound, suffix: "%") }
            return "\(condition(bound, suffix: "")) \(parenthesised(u))".trimmingCharacters(in: .whitespaces)
        }
    }

    static func parenthesised(_ unit: String) -> String { unit.isEmpty ? "" : "(\(unit))" }

    /// `≥ 135`, `about 6%`, `5–6%`.
    static func condition(_ bound: Bound, suffix: String) -> String {
        func n(_ v: Double) -> String { grouped(v) + suffix }
        switch bound {
        case .reach(let v): return n(v)
        case .atLeast(let v): return "≥ " + n(v)
        case .moreThan(let v): return "> " + n(v)
        case .atMost(let v): return "≤ " + n(v)
        case .lessThan(let v): return "< " + n(v)
        case .about(let v): return "about " + n(v)
        case .range(let lo, let hi): return grouped(lo) + "–" + n(hi)
        }
    }

    /// A number with thousands separators: `10,000`, `6,513.4`.
    public static func grouped(_ v: Double) -> String { grouped(PlainText.value(v)) }

    /// `text` (a number as written) with commas between thousands: "10400" → "10,400"; text that
    /// is not a plain number is returned as it is.
    public static func grouped(_ text: String) -> String {
        var sign = "", body = Substring(text)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let whole = parts.first, whole.allSatisfy(\.isNumber), whole.count > 3 else { return text }
        var out = ""
        for (i, c) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return sign + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// The form of a target in words.
    public static func form(_ f: TargetForm, language: ChartLanguage) -> String {
        switch f {
        case .level: return language.pick("总量", "level")
        case .share: return language.pick("比重", "share")
        case .rate: return language.pick("比率", "rate")
        case .ratio: return language.pick("比例", "ratio")
        case .reduction: return language.pick("降低", "reduction")
        case .cumulative: return language.pick("累计【】", "total over the period")
        case .averageGrowth: return language.pick("年均增速*", "average annual growth")
        case .categorical: return language.pick("定性", "qualitative")
        }
    }
}
