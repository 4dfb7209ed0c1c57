import Foundation
import OnTrackCore
import OnTrackNumerics

/// The language of a chart's labels. Names come from the dataset (`name_zh` or `name_en`).
public enum ChartLanguage: String, Sendable, CaseIterable {
    case zh, en

    /// A font stack that shows Chinese on Linux (Noto/Source Han), macOS (PingFang) and Windows
    /// (Microsoft YaHei) and falls back to the browser's sans-serif.
    public static let fontFamily = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"

    /// The Chinese or the English text, by language.
    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    var baseline: String { pick("基期", "Baseline") }
    var target: String { pick("目标", "Target") }
    /// The label of a bound that is a pace, not a target (series without a target).
    var paceAim: String { pick("按进度基准", "On-track pace") }
    var requiredPath: String { pick("目标路径", "Required path") }
    var actual: String { pick("实际值", "Actual") }
    var projection: String { pick("趋势预测", "Projection") }
    var interval: String { pick("80%预测区间", "80% prediction interval") }
    /// The label before a chart's explanation (why status and projection disagree).
    var note: String { pick("说明：", "Note: ") }
    var notes: String { pick("说明", "Notes") }
    /// The marker of a small multiple whose explanation is in the dashboard's note list (`number`)
    /// or only in its tooltip.
    func noteMarker(_ number: Int?) -> String {
        number.map { pick("⚠ 注\($0)", "⚠ note \($0)") } ?? pick("⚠ 见说明", "⚠ see note")
    }
    func outlook(_ o: Outlook, probability: Double?) -> String {
        let p = probability.map { Markup.fixed($0, decimals: 2) }
        if self == .zh { return "展望：" + o.chinese + (p.map { "（达标概率\($0)）" } ?? "") }
        return "outlook: " + o.english + (p.map { " (P = \($0))" } ?? "")
    }
    var fromLatest: String { pick("按最新值所需路径", "Required from latest") }
    var notComparable: String { pick("口径不可比", "Not comparable") }
    var source: String { pick("来源：", "Source: ") }
    /// The source line, the document group and the citation of a what-if target (one that cites no source).
    var whatIf: String { pick("假设目标（未注明来源）", "What-if target (no source cited)") }
    var unit: String { pick("单位：", "Unit: ") }
    var status: String { pick("状态", "Status") }
    var noData: String { pick("暂无可比实际值", "No comparable actual yet") }
    var runningTotal: String { pick("累计值", "Running total") }
    var annualRate: String { pick("年增长率（%）", "Annual growth (%)") }
    func index(_ year: Int) -> String { pick("指数（\(year)=100）", "Index (\(year) = 100)") }
    func lines(_ a: Int, _ b: Int?) -> String {
        if let b, b != a { return pick("第\(a)–\(b)行", "lines \(a)–\(b)") }
        return pick("第\(a)行", "line \(a)")
    }

    func statusName(_ s: Status) -> String { self == .zh ? s.chinese : s.english }

    /// Why a target could not be judged, in this language.
    func reason(_ r: TargetAssessment.Reason) -> String {
        guard self == .zh else { return r.english }
        switch r {
        case .setByState: return "国家下达"
        case .blankInSource: return "原文未列目标值"
        case .categorical: return "定性目标"
        case .noBaseline: return "无基期值"
        case .noActualYet: return "暂无实际值"
        case .targetYearUnobserved: return "目标年份尚无实际值"
        case .seriesBreak: return "口径变化"
        case .other: return "见备注"
        }
    }
}

/// The colours of text on a chart's white background, all at WCAG AA (≥ 4.5:1) on white.
public enum TextColour {
    public static let title = "#1a1a1a", body = "#333333", secondary = "#444444", axis = "#555555", footnote = "#666666", target = "#222222"
    /// "No comparable actual yet" and other text that stands back (5.1:1).
    public static let muted = "#6e6e6e"
    /// Value labels of actuals, in the colour of the actual line.
    public static let actual = "#1f3b57"
    public static let notComparable = "#6a5a87"
    /// The "Note:" label and markers of explanations.
    public static let note = "#8a4b08"
}

/// Status colours: a diverging palette readable by most colour-blind readers (ColorBrewer PuOr
/// family ends, with grey for verdicts off the progress scale). Colour never stands alone: every
/// use carries the status text.
public enum StatusPalette {
    public static func colour(_ s: Status) -> String {
        switch s {
        case .achieved: return "#1a6e8e"
        case .onTrack: return "#4d9fc4"
        case .needsAcceleration: return "#e5a33b"
        case .limitedProgress: return "#b5541c"
        case .movingAway: return "#a8322d"
        case .missed: return "#6b1f1b"
        case .notComparable: return "#76649c"
        case .insufficientData: return "#b3b3b3"
        case .noBaseline: return "#d9d9d9"
        case .notAssessable: return "#707070"
        }
    }

    /// Text colour that reads on the status colour.
    public static func ink(_ s: Status) -> String {
        switch s {
        case .onTrack, .needsAcceleration, .insufficientData, .noBaseline: return "#1a1a1a"
        default: return "#ffffff"
        }
    }

    /// Every colour the charts print text in on their white background (titles, subtitles, axis
    /// labels, value labels, notes, footnotes): each reads at WCAG AA (≥ 4.5:1) on white. Status
    /// badges print ``ink(_:)`` on ``colour(_:)``.
    public static let textOnWhite: [String] = [TextColour.title, TextColour.body, TextColour.secondary, TextColour.axis,
                                               TextColour.footnote, TextColour.target, TextColour.muted, TextColour.actual, TextColour.notComparable,
                                               TextColour.note]

    /// The WCAG 2.x contrast ratio of two `#rrggbb` colours: (L1 + 0.05) / (L2 + 0.05), L the
    /// relative luminance of the lighter and of the darker colour; 1…21.
    public static func contrastRatio(_ a: String, _ b: String) -> Double {
        let la = relativeLuminance(a), lb = relativeLuminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// WCAG 2.x relative luminance of a `#rrggbb` colour: 0.2126 R + 0.7152 G + 0.0722 B of the
    /// linearised sRGB channels (c / 12.92 up to 0.04045, else ((c + 0.055) / 1.055)^2.4).
    public static func relativeLuminance(_ hex: String) -> Double {
        let digits = Array(hex.drop { $0 == "#" })
        guard digits.count == 6 else { return 0 }
        func channel(_ i: Int) -> Double {
            let c = Double(Int(String(digits[i..<i + 2]), radix: 16) ?? 0) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// Statuses in the order of a legend: worst first, then the verdicts off the scale.
    public static let legendOrder: [Status] = [.missed, .movingAway, .limitedProgress, .needsAcceleration, .onTrack, .achieved,
                                               .notComparable, .insufficientData, .noBaseline, .notAssessable]
}
