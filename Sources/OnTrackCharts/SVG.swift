import OnTrackNumerics

/// A small SVG writer: elements are appended as text in a fixed order, so the same input gives the
/// same bytes.
struct SVG {
    private(set) var body = ""
    /// The language of the chart: in English charts every text with Han characters marks them
    /// `lang="zh"` (see ``marked(_:language:)``), so that screen readers and fonts treat them as Chinese.
    var language: ChartLanguage?
    /// Wrap every run of Chinese in `<tspan lang="zh">` (charts in English).
    var markChinese: Bool { language == .en }

    init(language: ChartLanguage? = nil) { self.language = language }

    init(markChinese: Bool) { self.language = markChinese ? .en : nil }

    /// Text content, with Chinese marked when ``markChinese`` is set (for `<title>` and `<desc>`).
    func content(_ s: String) -> String { markChinese ? Markup.marked(s, element: "tspan") : Markup.text(s) }

    static func num(_ v: Double) -> String { Markup.coordinate(v) }

    mutating func raw(_ s: String) { body += s }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        body += "<\(name)\(Self.attrs(attributes))>"
    }

    mutating func close(_ name: String) { body += "</\(name)>\n" }

    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        body += "<\(name)\(Self.attrs(attributes))/>\n"
    }

    /// A `<text>` element. `lang` marks the whole element (`lang="zh"`); without it, in an English
    /// chart (``language`` `.en`), runs of Han characters are marked `lang="zh"`: the element itself
    /// when the text is all Chinese, else a `<tspan lang="zh">` around each run.
    mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
                       weight: String? = nil, fill: String = "#333333", extra: [(String, String)] = [], lang: String? = nil) {
        var a: [(String, String)] = [("x", Self.num(x)), ("y", Self.num(y)), ("font-size", Self.num(size))]
        if anchor != "start" { a.append(("text-anchor", anchor)) }
        if let weight { a.append(("font-weight", weight)) }
        a.append(("fill", fill))
        a += extra
        let (elementLang, inner) = lang.map { ($0, Markup.text(content)) } ?? Self.marked(content, language: language)
        if let elementLang { a.append(("lang", elementLang)) }
        body += "<text\(Self.attrs(a))>\(inner)</text>\n"
    }

    /// Whether `s` has a Han character (see ``Markup/hasHan(_:)``).
    static func hasHan(_ s: String) -> Bool { Markup.hasHan(s) }

    static func isHan(_ u: Unicode.Scalar) -> Bool { Markup.isHan(u) }

    /// The escaped content of a text element and the `lang` of the element itself, for a chart in
    /// `language`: ``Markup/langMarked(_:language:element:)`` with `<tspan>`.
    static func marked(_ content: String, language: ChartLanguage?) -> (lang: String?, inner: String) {
        Markup.langMarked(content, language: language, element: "tspan")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        var a: [(String, String)] = [("x1", Self.num(x1)), ("y1", Self.num(y1)), ("x2", Self.num(x2)), ("y2", Self.num(y2)),
                                     ("stroke", stroke), ("stroke-width", Self.num(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("line", a)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil, extra: [(String, String)] = []) {
        guard points.count >= 2 else { return }
        var a: [(String, String)] = [("points", points.map { "\(Self.num($0.0)),\(Self.num($0.1))" }.joined(separator: " ")),
                                     ("fill", "none"), ("stroke", stroke), ("stroke-width", Self.num(width)),
                                     ("stroke-linejoin", "round"), ("stroke-linecap", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("polyline", a + extra)
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String? = nil, width: Double = 1.5) {
        var a: [(String, String)] = [("cx", Self.num(x)), ("cy", Self.num(y)), ("r", Self.num(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.num(width))] }
        element("circle", a)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, rx: Double = 0, extra: [(String, String)] = []) {
        var a: [(String, String)] = [("x", Self.num(x)), ("y", Self.num(y)), ("width", Self.num(max(w, 0))), ("height", Self.num(max(h, 0))), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        if rx > 0 { a.append(("rx", Self.num(rx))) }
        element("rect", a + extra)
    }

    mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil, extra: [(String, String)] = []) {
        var a: [(String, String)] = [("points", points.map { "\(Self.num($0.0)),\(Self.num($0.1))" }.joined(separator: " ")), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1.5")] }
        element("polygon", a + extra)
    }

    static func attrs(_ a: [(String, String)]) -> String {
        a.map { " \($0.0)=\"\(Markup.attribute($0.1))\"" }.joined()
    }

    /// A complete SVG document with a viewBox, `<title>` and `<desc>`.
    /// `language` sets the root's `lang`; in English (or with `markChinese`) the Chinese of the title
    /// and the description is marked.
    static func document(width: Double, height: Double, title: String, desc: String, id: String, language: ChartLanguage? = nil, body: String,
                         markChinese: Bool = false) -> String {
        let lang = language.map { " lang=\"\($0.rawValue)\"" } ?? ""
        let text = SVG(markChinese: markChinese || language == .en)
        return """
        <svg xmlns="http://www.w3.org/2000/svg"\(lang) width="\(num(width))" height="\(num(height))" viewBox="0 0 \(num(width)) \(num(height))" role="img" aria-labelledby="\(Markup.attribute(id))-title \(Markup.attribute(id))-desc" font-family="\(Markup.attribute(ChartLanguage.fontFamily))">
        <title id="\(Markup.attribute(id))-title">\(text.content(title))</title>
        <desc id="\(Markup.attribute(id))-desc">\(text.content(desc))</desc>
        <rect width="100%" height="100%" fill="#ffffff"/>
        \(body)</svg>

        """
    }
}
