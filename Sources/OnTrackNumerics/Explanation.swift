/// One line, in Chinese and in English, that says why a target's status and its projection point
/// different ways — e.g. "behind the required pace since 2020 (R 0.75), but the 2020–2023 trend
/// reaches 8240 by 2025 (80 % interval 7310–9290, P = 0.62)".
///
/// The status is about the pace since the baseline (Eurostat / Statistics Canada); the projection is
/// about the trend. They disagree when the status is behind (needs acceleration or worse) while the
/// projection meets the target or is likely to, or when the status is on track or achieved while the
/// projection misses the target or is unlikely to meet it. A target year that has passed without a
/// value is explained too: the figures are as of the latest actual.
public struct Explanation: Sendable, Hashable {
    public var chinese: String
    public var english: String

    public init(chinese: String, english: String) {
        self.chinese = chinese
        self.english = english
    }

    /// The explanation of `a`, or nil when its status and projection agree (or there is none).
    /// `projectionMeets`: whether the projected value meets the target.
    public static func make(_ a: Assessment, form: TargetForm, targetYear: Int, projectionMeets: Bool) -> Explanation? {
        guard let p = a.projection else { return nil }
        let good = projectionMeets || a.outlook == .likely
        let bad = !projectionMeets || a.outlook == .unlikely
        let from = a.baseline?.year ?? p.fromYear
        let ratio = a.ratio.map { PlainText.fixed($0, decimals: 2) }
        let zh: String, en: String
        switch a.status {
        case .needsAcceleration, .limitedProgress, .movingAway:
            guard good else { return nil }
            let r = ratio.map { "（R \($0)）" } ?? ""
            zh = "\(from)年以来进度落后于要求\(r)，但" + projectionZh(a, p, form: form, meets: projectionMeets)
            en = "behind the required pace since \(from)" + (ratio.map { " (R \($0))" } ?? "") + ", but "
                + projectionEn(a, p, form: form, meets: projectionMeets)
        case .onTrack:
            guard bad else { return nil }
            let r = ratio.map { "（R \($0)）" } ?? ""
            zh = "\(from)年以来进度符合要求\(r)，但" + projectionZh(a, p, form: form, meets: projectionMeets)
            en = "on the required pace since \(from)" + (ratio.map { " (R \($0))" } ?? "") + ", but "
                + projectionEn(a, p, form: form, meets: projectionMeets)
        case .achieved:
            guard bad, let latest = a.latest else { return nil }
            zh = "\(latest.year)年已达到目标，但" + projectionZh(a, p, form: form, meets: projectionMeets)
            en = "meets the target in \(latest.year), but " + projectionEn(a, p, form: form, meets: projectionMeets)
        case .insufficientData where a.targetYearUnobserved:
            guard let latest = a.latest else { return nil }
            // A period target stops at its first missing year, which may come before the target year.
            let period = form == .cumulative || form == .averageGrowth
            let missing = period ? min(targetYear, latest.year + 1) : targetYear
            let zhGap = missing == targetYear ? "\(targetYear)年尚无可比实际值" : "缺\(missing)年可比实际值（期末\(targetYear)年）"
            let enGap = missing == targetYear ? "no comparable value for \(targetYear) yet"
                                               : "no comparable value for \(missing) (the period runs to \(targetYear))"
            zh = "\(zhGap)，最新为\(latest.year)年；" + projectionZh(a, p, form: form, meets: projectionMeets)
            en = "\(enGap), the latest is for \(latest.year); " + projectionEn(a, p, form: form, meets: projectionMeets)
        default:
            return nil
        }
        return Explanation(chinese: zh, english: en)
    }

    static func number(_ v: Double, form: TargetForm) -> String {
        PlainText.significant(v) + (form == .averageGrowth ? "%" : "")
    }

    static func interval(_ p: Projection, form: TargetForm, zh: Bool) -> String {
        guard let lo = p.low, let hi = p.high, let pr = p.probability else {
            return zh ? "（数据点不足三个，按实际速度外推）" : " (fewer than three points: the actual rate carried forward)"
        }
        let range = number(lo, form: form) + (zh ? "—" : "–") + number(hi, form: form)
        let prob = PlainText.fixed(pr, decimals: 2)
        return zh ? "（80%区间\(range)，达标概率\(prob)）" : " (80 % interval \(range), P = \(prob))"
    }

    static func projectionZh(_ a: Assessment, _ p: Projection, form: TargetForm, meets: Bool) -> String {
        let v = number(p.value, form: form)
        let verb = meets ? "可达" : (a.direction == .lowerIsBetter ? "仍为" : "仅达")
        let basis: String
        switch p.basis {
        case .trend: basis = "按\(p.fromYear)—\(p.toYear)年趋势"
        case .actualRate: basis = "按\(p.fromYear)年以来的实际速度"
        case .latestFlow: basis = "按最新年度流量不变"
        }
        let what: String
        switch form {
        case .cumulative: what = "累计"
        case .averageGrowth: what = "年均增速"
        case .reduction: what = "指数"
        default: what = ""
        }
        return "\(basis)，\(p.year)年\(what)\(verb)\(v)" + interval(p, form: form, zh: true)
    }

    static func projectionEn(_ a: Assessment, _ p: Projection, form: TargetForm, meets: Bool) -> String {
        let v = number(p.value, form: form)
        let subject: String
        switch (p.basis, form) {
        case (.trend, .cumulative): subject = "the \(p.fromYear)–\(p.toYear) trend of the flows brings the total to"
        case (.trend, .averageGrowth): subject = "the \(p.fromYear)–\(p.toYear) trend of the rates brings the average to"
        case (.trend, _): subject = "the \(p.fromYear)–\(p.toYear) trend " + (meets ? "reaches" : (a.direction == .lowerIsBetter ? "is still at" : "reaches only"))
        case (.latestFlow, _): subject = "holding the latest flow, the total comes to"
        case (_, .cumulative): subject = "at the flow's growth since \(p.fromYear) the total comes to"
        case (_, .averageGrowth): subject = "holding the average so far gives"
        case (_, _): subject = "at the actual rate since \(p.fromYear) it " + (meets ? "reaches" : (a.direction == .lowerIsBetter ? "is still at" : "reaches only"))
        }
        let index = form == .reduction ? "index " : ""
        return "\(subject) \(index)\(v) by \(p.year)" + interval(p, form: form, zh: false)
    }
}
