import OnTrackNumerics

/// The one-sentence message of an alert, in Chinese and in English, e.g.
/// "货物进出口总额：需年均增长6.90%，实际2.50%，按当前速度将于2029年达到目标（晚4年）".
enum AlertMessage {
    static func chinese(_ alert: Alert) -> String {
        let c = alert.current, a = c.assessment
        var s = (c.indicator.nameZh.isEmpty ? c.target.id : c.indicator.nameZh) + "："
        if let old = alert.previousStatus, alert.kind != .offTrack {
            s += "状态由「\(old.chinese)」降为「\(a.status.chinese)」；"
        }
        var clauses: [String] = []
        if let r = alert.requiredNow { clauses.append("需年均" + change(r, unit: c.indicator.unit, zh: true)) }
        if let r = a.actualChange { clauses.append("实际" + change(r, unit: c.indicator.unit, zh: true)) }
        if clauses.isEmpty { clauses.append("状态为「\(a.status.chinese)」") }
        s += clauses.joined(separator: "，")
        switch alert.schedule {
        case .met?: s += "，已达到目标值"
        case .never?: s += "，按当前趋势无法达到目标"
        case .reached(let year)?:
            let late = year - c.target.targetYear
            s += "，按当前趋势将于\(year)年达到目标" + (late > 0 ? "（晚\(late)年）" : late < 0 ? "（提前\(-late)年）" : "（如期）")
        case nil: break
        }
        if let p = a.projection?.probability, let o = a.outlook {
            s += "；达标概率" + PlainText.fixed(p, decimals: 2) + "（" + o.chinese + "）"
        }
        if a.status == .missed, let short = a.shortfall {
            s += "；目标年份差距" + PlainText.value(short) + (a.shortfallPercent.map { "（" + PlainText.fixed($0, decimals: 1) + "%）" } ?? "")
        }
        return s
    }

    static func english(_ alert: Alert) -> String {
        let c = alert.current, a = c.assessment
        var s = (c.indicator.nameEn.isEmpty ? c.target.id : c.indicator.nameEn) + ": "
        if let old = alert.previousStatus, alert.kind != .offTrack {
            s += "status fell from \(old.english) to \(a.status.english); "
        }
        var clauses: [String] = []
        if let r = alert.requiredNow { clauses.append("needs " + change(r, unit: c.indicator.unit, zh: false) + " a year") }
        if let r = a.actualChange { clauses.append("actual " + change(r, unit: c.indicator.unit, zh: false)) }
        if clauses.isEmpty { clauses.append("status \(a.status.english)") }
        s += clauses.joined(separator: ", ")
        switch alert.schedule {
        case .met?: s += "; the target value is already met"
        case .never?: s += "; never reached on the current trend"
        case .reached(let year)?:
            let late = year - c.target.targetYear
            s += "; on the current trend the target is reached in \(year)"
                + (late > 0 ? " (\(late) year\(late == 1 ? "" : "s") late)" : late < 0 ? " (\(-late) year\(late == -1 ? "" : "s") early)" : " (on time)")
        case nil: break
        }
        if let p = a.projection?.probability, let o = a.outlook {
            s += "; P(meet) = " + PlainText.fixed(p, decimals: 2) + " (" + o.english + ")"
        }
        if a.status == .missed, let short = a.shortfall {
            s += "; short by " + PlainText.value(short) + (a.shortfallPercent.map { " (" + PlainText.fixed($0, decimals: 1) + "%)" } ?? "") + " in the target year"
        }
        return s
    }

    /// "增长6.90%", "下降0.30个百分点", "+6.90%", "−0.30 pt".
    static func change(_ r: AnnualChange, unit: String, zh: Bool) -> String {
        let v = r.display
        let magnitude = PlainText.fixed(abs(v), decimals: 2)
        if zh {
            switch r.unit {
            case .percent: return (v < 0 ? "下降" : "增长") + magnitude + "%"
            case .points: return (v < 0 ? "降低" : "提高") + magnitude + (unit == "%" ? "个百分点" : unit)
            }
        }
        let sign = v < 0 ? "−" : "+"
        switch r.unit {
        case .percent: return sign + magnitude + "%"
        case .points: return sign + magnitude + (unit == "%" ? " pt" : unit.isEmpty ? "" : " " + unit)
        }
    }
}
