import OnTrackNumerics

/// The words of a targets file (`form`, `bound`, `direction`, `method`), shared by dataset folders and
/// panel targets so both read them the same way. Each parser returns the value or the message that
/// explains what was expected.
enum TargetVocabulary {
    /// The rules on a target's years and numbers that every reader enforces (dataset folders and
    /// panel targets alike): the target year after the baseline year, a period that starts after
    /// the baseline year and by the target year, a cut between 0 and 100 %. nil when they hold.
    static func check(form: TargetForm, bound: Bound?, valueText: String, baselineYear: Int, targetYear: Int,
                      periodStart: Int?) -> Message? {
        if targetYear <= baselineYear {
            return Message("target_year \(targetYear) is not after baseline_year \(baselineYear)", column: "target_year")
        }
        if let p = periodStart, p > targetYear {
            return Message("period_start \(p) is after target_year \(targetYear)", column: "period_start")
        }
        if let p = periodStart, p <= baselineYear {
            return Message("period_start \(p) must be after baseline_year \(baselineYear) (the baseline is the year before the period)", column: "period_start")
        }
        if form == .reduction, let v = bound?.center, !(v > 0 && v < 100) {
            return Message("a reduction's value is the cut in % and must lie between 0 and 100 (got \(valueText))", column: "value")
        }
        return nil
    }

    static func form(_ text: String) -> Result<TargetForm, Message> {
        guard let form = TargetForm(rawValue: text) else {
            return .failure(Message("unknown form '\(text)'; expected one of \(TargetForm.allCases.map(\.rawValue).joined(separator: ", "))", column: "form"))
        }
        return .success(form)
    }

    /// The words of the `bound` column.
    enum BoundWord: CaseIterable {
        case reach, atLeast, moreThan, atMost, lessThan, about, range, none

        /// The spellings of each word.
        var spellings: [String] {
            switch self {
            case .reach: return ["reach"]
            case .atLeast: return [">=", "≥"]
            case .moreThan: return [">", "＞"]
            case .atMost: return ["<=", "≤"]
            case .lessThan: return ["<", "＜"]
            case .about: return ["about"]
            case .range: return ["range"]
            case .none: return ["none"]
            }
        }

        init?(_ text: String) {
            guard let w = Self.allCases.first(where: { $0.spellings.contains(text) }) else { return nil }
            self = w
        }
    }

    /// The bound from its word and the numbers of `value` and `value_high`.
    static func bound(_ text: String, value: Double?, high: Double?) -> Result<Bound?, Message> {
        boundWord(text).flatMap { bound($0, value: value, high: high) }
    }

    static func boundWord(_ text: String) -> Result<BoundWord, Message> {
        guard let word = BoundWord(text) else {
            return .failure(Message("unknown bound '\(text)'; expected reach, >=, >, <=, <, about, range or none", column: "bound"))
        }
        return .success(word)
    }

    /// The bound from its (known) word and the numbers of `value` and `value_high`.
    static func bound(_ word: BoundWord, value: Double?, high: Double?) -> Result<Bound?, Message> {
        if word == .none {
            guard value == nil else {
                return .failure(Message("bound is 'none' but value is \(value!); give a bound (reach, >=, >, <=, <, about, range)", column: "bound"))
            }
            return .success(nil)
        }
        guard let v = value else { return .failure(Message("value is empty; a numeric bound needs a value", column: "value")) }
        switch word {
        case .reach: return .success(.reach(v))
        case .atLeast: return .success(.atLeast(v))
        case .moreThan: return .success(.moreThan(v))
        case .atMost: return .success(.atMost(v))
        case .lessThan: return .success(.lessThan(v))
        case .about: return .success(.about(v))
        case .range:
            guard let hi = high else { return .failure(Message("a range needs value_high", column: "value_high")) }
            guard hi >= v else { return .failure(Message("value_high \(hi) is below value \(v)", column: "value_high")) }
            return .success(.range(v, hi))
        case .none: return .success(nil)
        }
    }

    static func direction(_ text: String) -> Result<Direction?, Message> {
        if text.isEmpty { return .success(nil) }
        guard let d = Direction(rawValue: text) else {
            return .failure(Message("direction must be higher, lower or empty (got '\(text)')", column: "direction"))
        }
        return .success(d)
    }

    static func method(_ text: String) -> Result<PathMethod?, Message> {
        if text.isEmpty { return .success(nil) }
        guard let m = PathMethod(rawValue: text) else {
            return .failure(Message("unknown method '\(text)'; expected compound or linear", column: "method"))
        }
        return .success(m)
    }

    /// A problem with the column it is about.
    struct Message: Error {
        var text: String
        var column: String
        init(_ text: String, column: String) {
            self.text = text
            self.column = column
        }
    }
}
