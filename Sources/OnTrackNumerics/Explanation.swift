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
    ///
    /// Both texts are built in place, each in one String (this runs for a large share of the targets
    /// of a panel; concatenating parts cost a tenth of a panel run).
    public static func make(_ a: Assessment, form: TargetForm, targetYear: Int, projectionMeets: Bool) -> Explanation? {
        guard let p = a.projection else { return nil }
        let good = projectionMeets || a.outlook == .likely
        let bad = !projectionMeets || a.outlook == .unlikely
        let from = a.baseline?.year ?? p.fromYear
        let ratio = a.ratio.map { PlainText.fixed($0, decimals: 2) }
        var zh = UTF8Text(capacity: 200), en = UTF8Text(capacity: 200)
        switch a.status {
        case .needsAcceleration, .limitedProgress, .movingAway, .onTrack:
            // Behind the pace with a projection that makes it, or on the pace with one that does not.
            let behind = a.status != .onTrack
            guard behind ? good : bad else { return nil }
            zh += from; zh += behind ? "年以来进度落后于要求" : "年以来进度符合要求"
            if let ratio { zh += "（R "; zh += ratio; zh += "）" }
            zh += "，但"
            en += behind ? "behind the required pace since " : "on the required pace since "; en += from
            if let ratio { en += " (R "; en += ratio; en += ")" }
            en += ", but "
        case .achieved:
            guard bad, let latest = a.latest else { return nil }
            zh += latest.year; zh += "年已达到目标，但"
            en += "meets the target in "; en += latest.year; en += ", but "
        case .insufficientData where a.targetYearUnobserved:
            guard let latest = a.latest else { return nil }
            // A period target stops at its first missing year, which may come before the target year.
            let period = form == .cumulative || form == .averageGrowth
            let missing = period ? min(targetYear, latest.year + 1) : targetYear
            if missing == targetYear {
                zh += targetYear; zh += "年尚无可比实际值"
                en += "no comparable value for "; en += targetYear; en += " yet"
            } else {
                zh += "缺"; zh += missing; zh += "年可比实际值（期末"; zh += targetYear; zh += "年）"
                en += "no comparable value for "; en += missing; en += " (the period runs to "; en += targetYear; en += ")"
            }
            zh += "，最新为"; zh += latest.year; zh += "年；"
            en += ", the latest is for "; en += latest.year; en += "; "
        default:
            return nil
        }
        let value = number(p.value, form: form)
        let range = p.low.flatMap { lo in p.high.map { hi in (number(lo, form: form), number(hi, form: form)) } }
        projectionZh(a, p, form: form, meets: projectionMeets, value: value, range: range, into: &zh)
        projectionEn(a, p, form: form, meets: projectionMeets, value: value, range: range, into: &en)
        return Explanation(chinese: zh.string, english: en.string)
    }

    static func number(_ v: Double, form: TargetForm) -> String {
        form == .averageGrowth ? PlainText.significant(v) + "%" : PlainText.significant(v)
    }

    /// The interval and the probability, or the note that there were too few points.
    static func interval(_ p: Projection, range: (String, String)?, zh: Bool, into s: inout UTF8Text) {
        guard let range, let pr = p.probability else {
            s += zh ? "（数据点不足三个，按实际速度外推）" : " (fewer than three points: the actual rate carried forward)"
            return
        }
        let prob = PlainText.fixed(pr, decimals: 2)
        if zh {
            s += "（80%区间"; s += range.0; s += "—"; s += range.1; s += "，达标概率"; s += prob; s += "）"
        } else {
            s += " (80 % interval "; s += range.0; s += "–"; s += range.1; s += ", P = "; s += prob; s += ")"
        }
    }

    static func projectionZh(_ a: Assessment, _ p: Projection, form: TargetForm, meets: Bool, value: String,
                             range: (String, String)?, into s: inout UTF8Text) {
        switch p.basis {
        case .trend: s += "按"; s += p.fromYear; s += "—"; s += p.toYear; s += "年趋势"
        case .actualRate: s += "按"; s += p.fromYear; s += "年以来的实际速度"
        case .latestFlow: s += "按最新年度流量不变"
        }
        s += "，"; s += p.year; s += "年"
        switch form {
        case .cumulative: s += "累计"
        case .averageGrowth: s += "年均增速"
        case .reduction: s += "指数"
        default: break
        }
        s += meets ? "可达" : (a.direction == .lowerIsBetter ? "仍为" : "仅达")
        s += value
        interval(p, range: range, zh: true, into: &s)
    }

    static func projectionEn(_ a: Assessment, _ p: Projection, form: TargetForm, meets: Bool, value: String,
                             range: (String, String)?, into s: inout UTF8Text) {
        let verb = meets ? "reaches" : (a.direction == .lowerIsBetter ? "is still at" : "reaches only")
        switch (p.basis, form) {
        case (.trend, .cumulative): s += "the "; s += p.fromYear; s += "–"; s += p.toYear; s += " trend of the flows brings the total to"
        case (.trend, .averageGrowth): s += "the "; s += p.fromYear; s += "–"; s += p.toYear; s += " trend of the rates brings the average to"
        case (.trend, _): s += "the "; s += p.fromYear; s += "–"; s += p.toYear; s += " trend "; s += verb
        case (.latestFlow, _): s += "holding the latest flow, the total comes to"
        case (_, .cumulative): s += "at the flow's growth since "; s += p.fromYear; s += " the total comes to"
        case (_, .averageGrowth): s += "holding the average so far gives"
        case (_, _): s += "at the actual rate since "; s += p.fromYear; s += " it "; s += verb
        }
        s += form == .reduction ? " index " : " "
        s += value
        s += " by "; s += p.year
        interval(p, range: range, zh: false, into: &s)
    }
}

/// A UTF-8 text built by appending bytes (``ByteBuffer``): `String.append` checks grapheme
/// boundaries on every call, which made the explanations a tenth of a panel run.
struct UTF8Text {
    private var bytes: ByteBuffer

    init(capacity: Int) { bytes = ByteBuffer(capacity: capacity) }

    var string: String { bytes.string }

    static func += (text: inout UTF8Text, s: String) { text.bytes.append(s) }

    /// The decimal digits of `n`.
    static func += (text: inout UTF8Text, n: Int) { text.bytes.appendDecimal(n) }
}
