/// A source text shipped with a dataset (`sources/NAME`), indexed so that quotes can be checked
/// against cited lines.
///
/// Quotes are compared after collapsing every run of white space (spaces, tabs, line breaks, the
/// ideographic space U+3000) to one space, in the quote and in the cited lines alike: tables in the
/// sources put one cell per line, and a quote should not have to reproduce the layout.
public struct SourceText: Sendable {
    public let name: String
    /// The lines of the file, without their line breaks (index 0 is line 1).
    public let lines: [String]
    /// The whole file collapsed, and for each of its characters the 1-based line it comes from.
    private let collapsed: [Character]
    private let lineOfCharacter: [Int]

    public init(name: String, text: String) {
        self.name = name
        // "\r\n" is one Character in Swift, so both line ends are separators.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        var chars: [Character] = [], lineOf: [Int] = []
        var pendingSpace = false
        for (i, line) in lines.enumerated() {
            pendingSpace = pendingSpace || !chars.isEmpty
            for c in line {
                if Self.isSpace(c) {
                    pendingSpace = !chars.isEmpty
                } else {
                    if pendingSpace { chars.append(" "); lineOf.append(i + 1); pendingSpace = false }
                    chars.append(c); lineOf.append(i + 1)
                }
            }
        }
        self.collapsed = chars
        self.lineOfCharacter = lineOf
    }

    /// `text` with every run of white space replaced by one space and no space at either end.
    public static func collapse(_ text: String) -> String {
        var out = "", pending = false
        for c in text {
            if isSpace(c) { pending = !out.isEmpty } else {
                if pending { out.append(" "); pending = false }
                out.append(c)
            }
        }
        return out
    }

    static func isSpace(_ c: Character) -> Bool { c.isWhitespace }

    /// Whether the collapsed `quote` occurs within lines `range` (1-based, inclusive).
    public func contains(_ quote: String, lines range: ClosedRange<Int>) -> Bool {
        let q = Array(Self.collapse(quote))
        guard !q.isEmpty, let span = span(of: range) else { return false }
        return Self.find(q, in: collapsed, from: span.lowerBound, to: span.upperBound).first != nil
    }

    /// The first line of every occurrence of the collapsed `quote` anywhere in the file.
    public func lines(containing quote: String) -> [Int] {
        let q = Array(Self.collapse(quote))
        guard !q.isEmpty else { return [] }
        return Self.find(q, in: collapsed, from: 0, to: collapsed.count).map { lineOfCharacter[$0] }
    }

    /// The longest start of the collapsed `quote` that occurs within lines `range`: tells a curator
    /// where a quote stops matching.
    public func longestMatchingPrefix(of quote: String, lines range: ClosedRange<Int>) -> String {
        let q = Array(Self.collapse(quote))
        guard let span = span(of: range) else { return "" }
        var lo = 0, hi = q.count
        // A prefix that occurs implies every shorter one occurs: binary search on the length.
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Self.find(Array(q[0..<mid]), in: collapsed, from: span.lowerBound, to: span.upperBound).first != nil {
                lo = mid
            } else {
                hi = mid - 1
            }
        }
        return String(q[0..<lo])
    }

    /// The range of collapsed characters that come from lines `range`.
    private func span(of range: ClosedRange<Int>) -> Range<Int>? {
        guard range.lowerBound >= 1, range.upperBound <= lines.count else { return nil }
        let start = lowerIndex(forLine: range.lowerBound)
        let end = lowerIndex(forLine: range.upperBound + 1)
        return start..<end
    }

    /// The first collapsed index whose line is at least `line` (binary search).
    private func lowerIndex(forLine line: Int) -> Int {
        var lo = 0, hi = lineOfCharacter.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lineOfCharacter[mid] < line { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Start indices of `needle` in `hay[from..<to]`.
    private static func find(_ needle: [Character], in hay: [Character], from: Int, to: Int) -> [Int] {
        guard !needle.isEmpty, to - from >= needle.count else { return [] }
        var hits: [Int] = []
        let first = needle[0]
        var i = from
        while i <= to - needle.count {
            if hay[i] == first {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { hits.append(i) }
            }
            i += 1
        }
        return hits
    }
}
