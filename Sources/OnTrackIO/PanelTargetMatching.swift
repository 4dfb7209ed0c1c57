import Foundation
import OnTrackPanel

/// Targets for many series at once, and what to say when targets find no series.
///
/// A targets row whose `series_id` holds `*` is a pattern: `*` is every series of the panel,
/// `SP.DYN.*` every series whose id starts with `SP.DYN.`, `*:SP.DYN.LE00.IN` every series whose id
/// ends so (`*` stands for any text). A series with a row of its own takes only its own rows
/// (explicit rows win); any other series takes every row of the most specific pattern it matches
/// (the most characters other than `*`; the first written on a tie), so `SP.DYN.*` wins over `*`. A pattern row without a
/// `target_id` gives each series a target whose id is the series id; with one, `TARGET_ID:SERIES_ID`.
public enum PanelTargetMatching {
    public static func isPattern(_ seriesID: String) -> Bool { seriesID.utf8.contains(0x2A) }

    /// Whether `id` matches `pattern`, where `*` stands for any text (empty included).
    public static func matches(_ id: String, _ pattern: String) -> Bool {
        let s = Array(id.utf8), p = Array(pattern.utf8)
        var i = 0, j = 0, star = -1, mark = 0
        while i < s.count {
            if j < p.count, p[j] != 0x2A, p[j] == s[i] { i += 1; j += 1 }
            else if j < p.count, p[j] == 0x2A { star = j; mark = i; j += 1 }
            else if star >= 0 { j = star + 1; mark += 1; i = mark }
            else { return false }
        }
        while j < p.count, p[j] == 0x2A { j += 1 }
        return j == p.count
    }

    public struct Expansion: Sendable {
        public var targets: PanelTargets
        /// Pattern rows that match no series of the panel.
        public var emptyPatterns: [String]
    }

    /// The targets with each pattern row replaced, where it stands, by one target for each series
    /// it wins.
    public static func expand(_ t: PanelTargets, seriesIDs: [String]) -> Expansion {
        let patternRows = t.seriesIDs.indices.filter { isPattern(t.seriesIDs[$0]) }
        guard !patternRows.isEmpty else { return Expansion(targets: t, emptyPatterns: []) }
        var explicit = Set<Int32>()
        for i in t.seriesIDs.indices where !isPattern(t.seriesIDs[i]) && t.series[i] >= 0 { explicit.insert(t.series[i]) }
        var prefixes: [String] = []
        for i in patternRows where !prefixes.contains(t.seriesIDs[i]) { prefixes.append(t.seriesIDs[i]) }
        func literal(_ p: String) -> Int { p.utf8.filter { $0 != 0x2A }.count }
        let order = prefixes.indices.sorted { (literal(prefixes[$0]), -$0) > (literal(prefixes[$1]), -$1) }
        // The winning pattern of each series: the most specific that matches, none for explicit series.
        var winner = [Int](repeating: -1, count: seriesIDs.count)
        for (s, id) in seriesIDs.enumerated() where !explicit.contains(Int32(s)) {
            if let k = order.first(where: { matches(id, prefixes[$0]) }) { winner[s] = k }
        }
        var byPrefix = [[Int32]](repeating: [], count: prefixes.count)
        for (s, k) in winner.enumerated() where k >= 0 { byPrefix[k].append(Int32(s)) }
        var out = PanelTargets()
        var empty: [String] = []
        for i in t.seriesIDs.indices {
            guard isPattern(t.seriesIDs[i]) else {
                out.append(id: t.ids[i], seriesID: t.seriesIDs[i], series: t.series[i], spec: t.specs[i])
                continue
            }
            let k = prefixes.firstIndex(of: t.seriesIDs[i])!
            if byPrefix[k].isEmpty { empty.append(t.seriesIDs[i]) }
            let named = t.ids[i] != t.seriesIDs[i]
            for s in byPrefix[k] {
                let series = seriesIDs[Int(s)]
                out.append(id: named ? "\(t.ids[i]):\(series)" : series, seriesID: series, series: s, spec: t.specs[i])
            }
        }
        return Expansion(targets: out, emptyPatterns: empty)
    }

    /// A targets file (CSV text) with one pattern row per `--target` option, each written
    /// `key=value,key=value` in the columns of a targets file; `series_id` defaults to `*`.
    public static func targetsText(options: [String]) throws(LocatedError) -> String {
        var rows: [[String: String]] = []
        var keys: [String] = []
        for (n, option) in options.enumerated() {
            var row: [String: String] = [:]
            for part in option.split(separator: ",", omittingEmptySubsequences: true) {
                guard let eq = part.firstIndex(of: "=") else {
                    throw LocatedError(file: "--target", line: 0, column: 0,
                                       message: "'\(part)' in '\(option)' is not key=value; write e.g. form=level,bound=>=,value=70,baseline_year=2015,target_year=2030")
                }
                let key = part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                row[key] = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if !keys.contains(key) { keys.append(key) }
            }
            if row["series_id"] == nil { row["series_id"] = "*" }
            if row["target_id"] == nil, options.count > 1 { row["target_id"] = "target\(n + 1)" }
            rows.append(row)
        }
        for k in ["target_id", "series_id"] where !keys.contains(k) && rows.contains(where: { $0[k] != nil }) { keys.insert(k, at: 0) }
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = keys.map(q).joined(separator: ",") + "\n"
        for row in rows { text += keys.map { q(row[$0] ?? "") }.joined(separator: ",") + "\n" }
        return text
    }

    /// Id columns under which more targets would find their series: the single column or pair of
    /// columns of `header` whose values in the `sample` rows (joined with ":") are the ids of most of
    /// `unmatched`; nil when none matches any.
    public static func likelyIDColumns(unmatched: Set<String>, header: [String], sample: [[String]],
                                       skip: Set<Int> = []) -> (columns: [String], matches: [String])? {
        let usable = header.indices.filter { !skip.contains($0) && !header[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        var candidates = usable.map { [$0] }
        if usable.count <= 40 {
            for a in usable { for b in usable where b > a { candidates.append([a, b]) } }
        }
        var best: (columns: [Int], matches: [String])?
        for c in candidates {
            var ids = Set<String>()
            for row in sample where row.count == header.count { ids.insert(c.map { row[$0] }.joined(separator: ":")) }
            let matches = ids.intersection(unmatched)
            if !matches.isEmpty, matches.count > (best?.matches.count ?? 0) { best = (c, matches.sorted()) }
        }
        return best.map { (columns: $0.columns.map { header[$0] }, matches: $0.matches) }
    }
}
