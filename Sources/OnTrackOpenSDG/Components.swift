import Foundation
import OnTrackNumerics
import Yams

/// sdg-build's `indicator_calculation_components.yml`: for every indicator its status and score,
/// and for every configured series (keyed by its tag) the components of the calculation. OnTrack
/// writes it from its results (a drop-in replacement of that step of an Open SDG build) and reads
/// it to compare with a published one.
public struct OpenSDGComponents: Sendable, Hashable {
    public struct Series: Sendable, Hashable {
        public var baseValue: Double?
        public var baseYear: Double?
        public var currentValue: Double?
        public var currentYear: Double?
        public var direction: Int?
        public var limit: Double?
        /// The limit was written as an integer (and is repeated so).
        public var limitIsInteger: Bool
        public var progressValue: Double?
        public var score: Double?
        public var sign: Int?
        public var status: String
        public var target: Double?
        public var targetYear: Double?

        public init(baseValue: Double? = nil, baseYear: Double? = nil, currentValue: Double? = nil, currentYear: Double? = nil,
                    direction: Int? = nil, limit: Double? = nil, limitIsInteger: Bool = true, progressValue: Double? = nil,
                    score: Double? = nil, sign: Int? = nil, status: String = "not_available", target: Double? = nil,
                    targetYear: Double? = nil) {
            self.baseValue = baseValue
            self.baseYear = baseYear
            self.currentValue = currentValue
            self.currentYear = currentYear
            self.direction = direction
            self.limit = limit
            self.limitIsInteger = limitIsInteger
            self.progressValue = progressValue
            self.score = score
            self.sign = sign
            self.status = status
            self.target = target
            self.targetYear = targetYear
        }
    }

    public struct Indicator: Sendable, Hashable {
        public var progressStatus: String
        public var score: Double?
        /// By tag.
        public var series: [String: Series]

        public init(progressStatus: String, score: Double?, series: [String: Series] = [:]) {
            self.progressStatus = progressStatus
            self.score = score
            self.series = series
        }
    }

    /// By indicator id.
    public var indicators: [String: Indicator]

    public init(indicators: [String: Indicator] = [:]) { self.indicators = indicators }

    /// The components of OnTrack's results. A tag that two entries share (the same series
    /// configured twice) is written once, as sdg-build does.
    public init(_ results: [OpenSDGIndicatorResult]) {
        indicators = [:]
        for r in results {
            var ind = Indicator(progressStatus: r.opensdgStatus, score: r.score)
            for s in r.series {
                let m = s.measurement
                ind.series[s.tag] = Series(
                    baseValue: m.baseValue, baseYear: Double(m.baseYear), currentValue: m.currentValue,
                    currentYear: m.currentYear.map(Double.init), direction: Int(m.direction.sign), limit: m.limit,
                    limitIsInteger: s.options.limitIsInteger, progressValue: m.progressValue, score: m.score, sign: m.sign,
                    status: m.status.rawValue, target: m.target, targetYear: Double(m.targetYear))
            }
            indicators[r.indicator.id] = ind
        }
    }

    // MARK: - Writing

    /// The YAML text: keys sorted as sdg-build (PyYAML) sorts them, floats as Python writes them,
    /// nulls as `null`.
    public func yaml() throws -> String {
        var top: [(Node, Node)] = []
        for id in indicators.keys.sorted(by: Self.pythonOrder) {
            let ind = indicators[id]!
            var entries: [(String, Node)] = [("progress_status", Self.text(ind.progressStatus)), ("score", Self.float(ind.score))]
            for (tag, s) in ind.series {
                let fields: [(String, Node)] = [
                    ("base_value", Self.float(s.baseValue)), ("base_year", Self.float(s.baseYear)),
                    ("current_value", Self.float(s.currentValue)), ("current_year", Self.float(s.currentYear)),
                    ("direction", Self.int(s.direction)),
                    ("limit", s.limitIsInteger && s.limit.map { $0 == $0.rounded() && abs($0) < 1e15 } == true
                        ? Self.int(s.limit.map { Int($0) }) : Self.float(s.limit)),
                    ("progress_value", Self.float(s.progressValue)), ("score", Self.float(s.score)),
                    ("sign", Self.int(s.sign)), ("status", Self.text(s.status)),
                    ("target", Self.float(s.target)), ("target_year", Self.float(s.targetYear)),
                ]
                entries.append((tag, Node(fields.map { (Self.text($0.0), $0.1) })))
            }
            entries.sort { Self.pythonOrder($0.0, $1.0) }
            top.append((Self.text(id), Node(entries.map { (Self.text($0.0), $0.1) })))
        }
        if top.isEmpty { return "{}\n" }
        return try Yams.serialize(node: Node(top), width: -1, allowUnicode: true)
    }

    /// Python's string order: by code point.
    static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    static func text(_ s: String) -> Node {
        // Quote what would read back as something else (an empty string, "null", "1.5", "yes").
        let plain = Node(s)
        let quoted = s.isEmpty || plain.tag.description != Tag.Name.str.rawValue
        return Node(s, Tag(.str), quoted ? .singleQuoted : .any)
    }

    static func float(_ x: Double?) -> Node {
        guard let x else { return Node("null", Tag(.null), .plain) }
        guard x.isFinite else { return Node(x.isNaN ? ".nan" : (x > 0 ? ".inf" : "-.inf"), Tag(.float), .plain) }
        var s = x.description
        if !s.contains("."), let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) { s.insert(contentsOf: ".0", at: e) }
        return Node(s, Tag(.float), .plain)
    }

    static func int(_ x: Int?) -> Node {
        guard let x else { return Node("null", Tag(.null), .plain) }
        return Node(String(x), Tag(.int), .plain)
    }

    // MARK: - Reading

    /// Reads a components file.
    public static func parse(yaml: String) throws -> OpenSDGComponents {
        guard case .map(let top) = try ConfigValue.parse(yaml: yaml) else { return OpenSDGComponents() }
        var out = OpenSDGComponents()
        for (id, value) in top {
            guard case .map(let fields) = value else { continue }
            var ind = Indicator(progressStatus: fields["progress_status"]?.text ?? "", score: fields["score"]?.number)
            if fields["progress_status"] == .null { ind.progressStatus = "" }
            for (key, v) in fields where key != "progress_status" && key != "score" {
                guard case .map(let f) = v else { continue }
                var isInteger = true
                if case .double = f["limit"] { isInteger = false }
                ind.series[key] = Series(
                    baseValue: f["base_value"]?.number, baseYear: f["base_year"]?.number,
                    currentValue: f["current_value"]?.number, currentYear: f["current_year"]?.number,
                    direction: f["direction"]?.integer, limit: f["limit"]?.number, limitIsInteger: isInteger,
                    progressValue: f["progress_value"]?.number.flatMap { $0.isFinite ? $0 : nil },
                    score: f["score"]?.number, sign: f["sign"]?.integer, status: f["status"]?.text ?? "",
                    target: f["target"]?.number, targetYear: f["target_year"]?.number)
            }
            out.indicators[id] = ind
        }
        return out
    }

    // MARK: - Comparing

    /// How far two components files agree.
    public struct Agreement: Sendable, Hashable {
        public var seriesCompared = 0
        public var seriesMatched = 0
        public var indicatorsCompared = 0
        public var indicatorsMatched = 0
        /// Series whose status or score differ (indicator, tag, what).
        public var seriesDifferences: [String] = []
        public var indicatorDifferences: [String] = []
        /// Series of one file the other does not have.
        public var missingSeries: [String] = []
        public var extraSeries: [String] = []
    }

    /// Compares `self` (computed) with `expected` (published): each series' status and score
    /// (scores within `tolerance`), each indicator's status (and score). Indicators in `skip` are
    /// left out (e.g. those whose data file is absent).
    public func compare(with expected: OpenSDGComponents, tolerance: Double = 1e-9, skip: Set<String> = []) -> Agreement {
        var a = Agreement()
        func same(_ x: Double?, _ y: Double?) -> Bool {
            switch (x, y) {
            case (nil, nil): return true
            case let (x?, y?): return abs(x - y) <= tolerance
            default: return false
            }
        }
        for id in expected.indicators.keys.sorted(by: OpenSDGRepository.naturalOrder) where !skip.contains(id) {
            let e = expected.indicators[id]!
            a.indicatorsCompared += 1
            guard let mine = indicators[id] else {
                a.indicatorDifferences.append("\(id): missing")
                a.missingSeries += e.series.keys.sorted().map { "\(id): \($0)" }
                continue
            }
            if mine.progressStatus == e.progressStatus, same(mine.score, e.score) {
                a.indicatorsMatched += 1
            } else {
                a.indicatorDifferences.append("\(id): \(mine.progressStatus) \(mine.score.map { "\($0)" } ?? "null") ≠ \(e.progressStatus) \(e.score.map { "\($0)" } ?? "null")")
            }
            for (tag, es) in e.series.sorted(by: { $0.key < $1.key }) {
                a.seriesCompared += 1
                guard let ms = mine.series[tag] else {
                    a.missingSeries.append("\(id): \(tag)")
                    continue
                }
                if ms.status == es.status, same(ms.score, es.score) {
                    a.seriesMatched += 1
                } else {
                    a.seriesDifferences.append("\(tag): \(ms.status) \(ms.score.map { "\($0)" } ?? "null") ≠ \(es.status) \(es.score.map { "\($0)" } ?? "null")")
                }
            }
            a.extraSeries += mine.series.keys.filter { e.series[$0] == nil }.sorted().map { "\(id): \($0)" }
        }
        return a
    }
}
