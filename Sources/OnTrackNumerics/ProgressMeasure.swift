import Foundation

/// The statuses of Statistics Canada's progress measure as Open SDG names them.
public enum OpenSDGStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case targetAchieved = "target_achieved"
    case substantialProgress = "substantial_progress"
    case moderateProgress = "moderate_progress"
    case limitedProgress = "limited_progress"
    case deterioration
    case notAvailable = "not_available"

    /// The same grade in OnTrack's vocabulary; nil for `not_available`, whose OnTrack status depends
    /// on why nothing could be measured (``ProgressMeasurement/onTrackStatus``).
    public var onTrackStatus: Status? {
        switch self {
        case .targetAchieved: return .achieved
        case .substantialProgress: return .onTrack
        case .moderateProgress: return .needsAcceleration
        case .limitedProgress: return .limitedProgress
        case .deterioration: return .movingAway
        case .notAvailable: return nil
        }
    }

    /// Open SDG's name for an OnTrack status on the progress scale (missed counts as deterioration);
    /// `not_available` for the statuses off the scale.
    public init(_ status: Status) {
        switch status {
        case .achieved: self = .targetAchieved
        case .onTrack: self = .substantialProgress
        case .needsAcceleration: self = .moderateProgress
        case .limitedProgress: self = .limitedProgress
        case .movingAway, .missed: self = .deterioration
        case .notAssessable, .notComparable, .insufficientData, .noBaseline: self = .notAvailable
        }
    }
}

extension ProgressThresholds {
    /// The cut-offs of the growth rate without a target (Statistics Canada): 1.5 % a year on track,
    /// 0.5 % acceleration needed, 0 limited progress, below deterioration.
    public static let growthWithoutTarget = ProgressThresholds(onTrack: 0.015, needsAcceleration: 0.005, limitedProgress: 0)

    /// The cut-offs multiplied by a natural-limit coefficient C (0 ≤ C ≤ 1).
    public func scaled(by c: Double) -> ProgressThresholds {
        ProgressThresholds(onTrack: onTrack * c, needsAcceleration: needsAcceleration * c, limitedProgress: limitedProgress * c)
    }
}

/// How one series is to be measured: what an entry of Open SDG's `progress_calculation_options`
/// says (nil: the measure's default).
public struct ProgressSeriesSpec: Sendable, Hashable {
    /// The value aimed at; nil: the no-target method.
    public var target: Double?
    public var targetYear: Int?
    public var baseYear: Int?
    public var direction: Direction?
    /// A natural limit (a ceiling when higher is better, a floor when lower is better); used only
    /// without a target.
    public var limit: Double?

    public init(target: Double? = nil, targetYear: Int? = nil, baseYear: Int? = nil, direction: Direction? = nil, limit: Double? = nil) {
        self.target = target
        self.targetYear = targetYear
        self.baseYear = baseYear
        self.direction = direction
        self.limit = limit
    }
}

/// Why a series has no progress value.
public enum ProgressUnavailable: String, Sendable, Hashable {
    /// No observation.
    case noData = "no_data"
    /// Two values in one year: the series is not one series.
    case duplicateYears = "duplicate_years"
    /// No observation in or after the base year.
    case baseYearAfterLatest = "base_year_after_latest"
    /// The base year is the latest year: fewer than two years to compare.
    case singleYear = "single_year"
    /// Base and latest values of opposite signs: no growth rate.
    case oppositeSigns = "opposite_signs"
    /// The growth rate or the ratio is not a finite number (e.g. a target equal to the base value).
    case undefined
}

/// The measure of one series: the components sdg-build reports, and why a value is missing.
public struct ProgressMeasurement: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        /// Method 1: the observed growth rate against fixed thresholds.
        case growth
        /// Method 2: the ratio of observed to required growth.
        case ratio
    }

    public var method: Method
    /// The base year used (the configured one, or the next observed year after it).
    public var baseYear: Int
    /// The base value used (0 replaced when the convention says so).
    public var baseValue: Double?
    public var currentYear: Int?
    public var currentValue: Double?
    /// The target used (0 replaced when the convention says so); nil without a target.
    public var target: Double?
    public var targetYear: Int
    public var direction: Direction
    /// −1 when the base value is negative, else +1; nil without a base value.
    public var sign: Int?
    public var limit: Double?
    /// The natural-limit coefficient C; nil without a limit (or with a target).
    public var coefficient: Double?
    /// The cut-offs applied (growth cut-offs already multiplied by C).
    public var thresholds: ProgressThresholds
    /// sign·d·CAGR without a target; sign·d·CAGR / |CAGR required| with one.
    public var progressValue: Double?
    public var targetAchieved: Bool
    public var status: OpenSDGStatus
    /// In [−5, 5].
    public var score: Double?
    public var unavailable: ProgressUnavailable?
    public var notes: [String] = []

    /// The status in OnTrack's vocabulary: the same grade, and for `not_available` the reason:
    /// `insufficient_data` when there are not two years to compare, `not_assessable` otherwise.
    public var onTrackStatus: Status {
        if let s = status.onTrackStatus { return s }
        switch unavailable {
        case .oppositeSigns, .undefined, .duplicateYears: return .notAssessable
        case .noData, .baseYearAfterLatest, .singleYear, nil: return .insufficientData
        }
    }

    /// Without a target: the value in the target year that keeps the on-track pace (a growth of the
    /// on-track cut-off, times C, a year) from the base value, in the better direction; OnTrack
    /// projects the series against it. nil with a target, or without a base value.
    public var onTrackAim: Double? {
        guard method == .growth, let base = baseValue, let sign, targetYear > baseYear else { return nil }
        let g = Double(sign) * direction.sign * thresholds.onTrack
        let aim = base * pow(1 + g, Double(targetYear - baseYear))
        return aim.isFinite ? aim : nil
    }
}

/// A node of an indicator's progress configuration: a series, or a group whose members are averaged
/// first so that the group weighs as one.
public indirect enum ProgressNode: Sendable, Hashable {
    case series(score: Double?, targetAchieved: Bool)
    case group([ProgressNode])
}

/// An indicator's (or any group's) progress: the mean score of its scored members, groups averaged
/// first; target achieved only when every scored member achieved its target.
public struct ProgressRollUp: Sendable, Hashable {
    public var score: Double?
    public var targetAchieved: Bool
    /// Scored members at the top level (a group counts once).
    public var scored: Int
    public var status: OpenSDGStatus { ProgressMeasure.status(score: score, targetAchieved: targetAchieved) }

    public init(score: Double?, targetAchieved: Bool, scored: Int) {
        self.score = score
        self.targetAchieved = targetAchieved
        self.scored = scored
    }
}

/// Statistics Canada's progress measure, as Open SDG's sdg-build computes it, with its conventions
/// as options (the defaults are sdg-build's).
///
/// - Without a target (method 1): progress = sign · d · CAGR since the base year, graded against
///   1.5 % / 0.5 % / 0 a year, the positive cut-offs multiplied by the natural-limit coefficient
///   C = 1 − (y0/ylim)^4.44 (mirrored above the limit; 1 from twice the limit on).
/// - With a target (method 2): R = sign · d · CAGR / |CAGR required|, graded against 0.95 / 0.60 / 0;
///   target achieved first when the latest value is at or past the target.
/// - Scores in [−5, 5]; roll-ups are means of scores, groups first.
///
/// The CAGR is computed as `(y/y0)^(1/(t − t0)) − 1`, the method's own formula, so that results
/// reproduce sdg-build's to rounding.
public struct ProgressMeasure: Sendable {
    public struct Options: Sendable, Hashable {
        /// Default base year (2015).
        public var baseYear: Int
        /// Default target year (2030).
        public var targetYear: Int
        /// The direction when a series gives none: lower is better, as in sdg-build.
        public var direction: Direction
        /// Cut-offs of the growth rate without a target (1.5 %, 0.5 %, 0).
        public var growthThresholds: ProgressThresholds
        /// Cut-offs of the ratio with a target (0.95, 0.60, 0).
        public var ratioThresholds: ProgressThresholds
        /// The exponent of the natural-limit coefficient (4.44).
        public var limitExponent: Double
        /// A target or base value of exactly 0 is replaced by this (0.001); nil keeps 0 (and then a
        /// base of 0 has no growth rate).
        public var zeroReplacement: Double?
        /// With the default cut-offs, the scores as sdg-build writes them: its rounded constants with
        /// a target (7.1429·R − 4.2857, 4.1667·R − 2.5) and its literal lines without one (125·p − 2.5,
        /// 500·p/C − 2.5, 250·p/C − 1.25, 500·p/C − 5), so that scores agree to the last bit.
        /// Otherwise (and with other cut-offs) the lines through the cut-offs.
        public var sdgBuildScores: Bool

        public init(baseYear: Int = 2015, targetYear: Int = 2030, direction: Direction = .lowerIsBetter,
                    growthThresholds: ProgressThresholds = .growthWithoutTarget, ratioThresholds: ProgressThresholds = .standard,
                    limitExponent: Double = 4.44, zeroReplacement: Double? = 0.001, sdgBuildScores: Bool = true) {
            self.baseYear = baseYear
            self.targetYear = targetYear
            self.direction = direction
            self.growthThresholds = growthThresholds
            self.ratioThresholds = ratioThresholds
            self.limitExponent = limitExponent
            self.zeroReplacement = zeroReplacement
            self.sdgBuildScores = sdgBuildScores
        }

        /// sdg-build 2.4's settings.
        public static let sdgBuild = Options()
    }

    public var options: Options

    public init(options: Options = .sdgBuild) { self.options = options }

    // MARK: - One series

    /// Measures one series. `observations` are the series' values, at most one per year (a second
    /// value for a year makes the series `not_available`: it is not one series).
    public func measure(_ spec: ProgressSeriesSpec, observations: [YearValue]) -> ProgressMeasurement {
        let direction = spec.direction ?? options.direction
        var target = spec.target
        var notes: [String] = []
        if target == 0, let z = options.zeroReplacement {
            target = z
            notes.append("a target of 0 is replaced by \(z)")
        }
        let method: ProgressMeasurement.Method = target == nil ? .growth : .ratio
        var m = ProgressMeasurement(
            method: method, baseYear: spec.baseYear ?? options.baseYear, target: target,
            targetYear: spec.targetYear ?? options.targetYear, direction: direction, limit: spec.limit,
            thresholds: method == .growth ? options.growthThresholds : options.ratioThresholds,
            targetAchieved: false, status: .notAvailable, notes: notes)
        if method == .ratio, spec.limit != nil {
            m.notes.append("the limit is ignored: the series has a target")
        }

        let values = observations.filter { $0.value.isFinite }.sorted { $0.year < $1.year }
        for (a, b) in zip(values, values.dropFirst()) where a.year == b.year {
            m.unavailable = .duplicateYears
            m.notes.append("two values for \(a.year) (\(a.value) and \(b.value)): select one series")
            return m
        }
        guard let current = values.last else {
            m.unavailable = .noData
            m.notes.append("no data")
            return m
        }
        m.currentYear = current.year
        m.currentValue = current.value
        guard let base = values.first(where: { $0.year >= m.baseYear }) else {
            m.unavailable = .baseYearAfterLatest
            m.notes.append("no value in or after the base year \(m.baseYear)")
            return m
        }
        if base.year != m.baseYear {
            m.notes.append("no value for the base year \(m.baseYear); the next one (\(base.year)) is used")
        }
        m.baseYear = base.year
        var y0 = base.value
        m.baseValue = y0
        let sign = y0 < 0 ? -1 : 1
        m.sign = sign
        if method == .growth, let limit = spec.limit {
            let c = Self.limitCoefficient(base: y0, limit: limit, exponent: options.limitExponent)
            m.coefficient = c
            m.thresholds = options.growthThresholds.scaled(by: c)
            if direction == .higherIsBetter, y0 > limit {
                m.notes.append("the base value \(y0) is above the ceiling \(limit)")
            } else if direction == .lowerIsBetter, y0 < limit {
                m.notes.append("the base value \(y0) is below the floor \(limit)")
            }
        }
        if let target {
            m.targetAchieved = direction == .higherIsBetter ? current.value >= target : current.value <= target
        }

        // The progress value.
        if y0 == 0, let z = options.zeroReplacement {
            y0 = z
            m.baseValue = z
            m.notes.append("a base value of 0 is replaced by \(z)")
        }
        let d = direction.sign * Double(sign)
        if (y0 > 0 && current.value < 0) || (y0 < 0 && current.value > 0) {
            m.unavailable = .oppositeSigns
            m.notes.append("the base value (\(y0)) and the latest (\(current.value)) have opposite signs: no growth rate")
        } else if current.year - base.year < 1 {
            m.unavailable = .singleYear
            m.notes.append("only one year (\(current.year)) from the base year on: no growth")
        } else {
            let observed = Self.cagr(from: y0, to: current.value, years: current.year - base.year)
            var value: Double?
            switch method {
            case .growth:
                value = observed.map { d * $0 }
            case .ratio:
                if let observed, m.targetYear > base.year,
                   let required = Self.cagr(from: y0, to: target!, years: m.targetYear - base.year), required != 0 {
                    value = d * observed / abs(required)
                }
            }
            if let value, value.isFinite {
                m.progressValue = value
            } else {
                m.unavailable = .undefined
                m.notes.append(method == .ratio ? "the required growth is zero or undefined (target \(target!), base \(y0))"
                                                : "the growth rate is undefined")
            }
        }

        if m.targetAchieved {
            m.status = .targetAchieved
            m.score = 5
        } else if let p = m.progressValue {
            m.status = Self.status(progress: p, thresholds: m.thresholds)
            m.score = method == .growth
                ? growthScore(p, coefficient: m.coefficient ?? 1)
                : ratioScore(p)
        }
        return m
    }

    // MARK: - The pieces

    /// `(to/from)^(1/years) − 1`; nil when not a finite number.
    public static func cagr(from y0: Double, to y: Double, years: Int) -> Double? {
        guard years != 0 else { return nil }
        let g = pow(y / y0, 1 / Double(years)) - 1
        return g.isFinite ? g : nil
    }

    /// The natural-limit coefficient C: 1 − (y0/ylim)^a below the limit, 1 − ((2·ylim − y0)/ylim)^a
    /// between the limit and twice it, and 1 from twice the limit on (absolute values; also when both
    /// are zero).
    public static func limitCoefficient(base: Double, limit: Double, exponent: Double = 4.44) -> Double {
        let b = abs(base), l = abs(limit)
        if b >= 2 * l { return 1 }
        if b <= l { return 1 - pow(b / l, exponent) }
        return 1 - pow((2 * l - b) / l, exponent)
    }

    /// The status of a progress value against cut-offs (≥ on track: substantial progress, …).
    public static func status(progress: Double, thresholds t: ProgressThresholds) -> OpenSDGStatus {
        if progress >= t.onTrack { return .substantialProgress }
        if progress >= t.needsAcceleration { return .moderateProgress }
        if progress >= t.limitedProgress { return .limitedProgress }
        return .deterioration
    }

    /// The status of a score: target achieved first; [2.5, 5] substantial, [0, 2.5) moderate,
    /// [−2.5, 0) limited, below deterioration; no score, not available.
    public static func status(score: Double?, targetAchieved: Bool = false) -> OpenSDGStatus {
        if targetAchieved { return .targetAchieved }
        guard let s = score else { return .notAvailable }
        if s >= 2.5 { return .substantialProgress }
        if s >= 0 { return .moderateProgress }
        if s >= -2.5 { return .limitedProgress }
        return .deterioration
    }

    /// The score of a growth rate without a target, on the unscaled cut-offs (l, m, h) of
    /// ``Options/growthThresholds`` and the coefficient C: piecewise linear through l·C → −2.5,
    /// m·C → 0, h·C → 2.5 and (h + (h − m)/2)·C → 5 (1.5 %, 0.5 %, 0: through 0 → −2.5, 0.5 %·C → 0,
    /// 1.5 %·C → 2.5, 2 %·C → 5), and below l·C with the slope that reaches −5 at l − 2 %; clamped to
    /// [−5, 5]. With C = 0 any growth at or above l is 5.
    public func growthScore(_ progress: Double, coefficient c: Double = 1) -> Double {
        let t = options.growthThresholds
        if options.sdgBuildScores, t == .growthWithoutTarget {
            if progress < 0 { return max(125 * progress - 2.5, -5) }
            if c == 0 { return 5 }
            if progress >= 0.015 * c { return min(500 * progress / c - 5, 5) }
            if progress >= 0.005 * c { return 250 * progress / c - 1.25 }
            return 500 * progress / c - 2.5
        }
        let top = t.onTrack + (t.onTrack - t.needsAcceleration) / 2
        let span = top - t.limitedProgress
        if progress < t.limitedProgress * c {
            return max(-2.5 + 2.5 * (progress - t.limitedProgress * c) / span, -5)
        }
        if c == 0 { return 5 }
        let x = progress / c
        if x >= t.onTrack { return min(2.5 + 2.5 * (x - t.onTrack) / (top - t.onTrack), 5) }
        if x >= t.needsAcceleration { return 2.5 * (x - t.needsAcceleration) / (t.onTrack - t.needsAcceleration) }
        return -2.5 + 2.5 * (x - t.limitedProgress) / (t.needsAcceleration - t.limitedProgress)
    }

    /// The score of a ratio with a target: the line through m → 0 and h → 2.5 from m on (at most 5),
    /// the line through l → −2.5 and m → 0 below (at least −5). With the default cut-offs and
    /// ``Options/sdgBuildScores``, sdg-build's constants: 7.1429·R − 4.2857 and 4.1667·R − 2.5.
    public func ratioScore(_ r: Double) -> Double {
        let t = options.ratioThresholds
        if options.sdgBuildScores, t == .standard {
            return r >= t.needsAcceleration ? min(7.1429 * r - 4.2857, 5) : max(4.1667 * r - 2.5, -5)
        }
        if r >= t.needsAcceleration {
            return min(2.5 * (r - t.needsAcceleration) / (t.onTrack - t.needsAcceleration), 5)
        }
        return max(-2.5 + 2.5 * (r - t.limitedProgress) / (t.needsAcceleration - t.limitedProgress), -5)
    }

    /// The score of a verdict on the progress scale with a target: 5 when achieved, else the ratio's.
    public func score(ratio: Double?, targetAchieved: Bool) -> Double? {
        if targetAchieved { return 5 }
        return ratio.map(ratioScore)
    }

    // MARK: - Roll-ups

    /// The roll-up of an indicator's configuration: each group is averaged first (and skipped when
    /// none of its members has a score), then the top level.
    public static func rollUp(_ nodes: [ProgressNode]) -> ProgressRollUp {
        var scores: [Double] = [], achieved = true
        for node in nodes {
            switch node {
            case .series(let score, let a):
                guard let score else { continue }
                scores.append(score); achieved = achieved && a
            case .group(let members):
                let g = rollUp(members)
                guard let score = g.score else { continue }
                scores.append(score); achieved = achieved && g.targetAchieved
            }
        }
        let n = scores.count
        return ProgressRollUp(score: n > 0 ? pairwiseSum(scores[...]) / Double(n) : nil, targetAchieved: n > 0 && achieved, scored: n)
    }

    /// The sum in NumPy's order (pairwise: eight running sums over blocks of at most 128, halves
    /// above), so that a mean agrees with sdg-build's `np.mean` to the last bit.
    static func pairwiseSum(_ a: ArraySlice<Double>) -> Double {
        let n = a.count, s = a.startIndex
        if n < 8 {
            var r = 0.0
            for x in a { r += x }
            return r
        }
        if n <= 128 {
            var r = Array(a[s..<(s + 8)])
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[s + i + j] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n { res += a[s + i]; i += 1 }
            return res
        }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(a[s..<(s + half)]) + pairwiseSum(a[(s + half)...])
    }

    /// Roll-ups by any grouping (document, binding, theme, …): the mean score of each key's scored
    /// items, target achieved only when all of them achieved it.
    public static func rollUp<Key: Hashable, S: Sequence>(_ items: S, by key: (S.Element) -> Key,
                                                          score: (S.Element) -> Double?,
                                                          targetAchieved: (S.Element) -> Bool) -> [Key: ProgressRollUp] {
        var nodes: [Key: [ProgressNode]] = [:]
        for item in items {
            nodes[key(item), default: []].append(.series(score: score(item), targetAchieved: targetAchieved(item)))
        }
        return nodes.mapValues(rollUp)
    }
}
