import Foundation
import Yams

/// A YAML value of an indicator's configuration, resolved as YAML 1.1 resolves plain scalars (as
/// PyYAML, which sdg-build uses, does): numbers, booleans, null, text, lists and mappings. A key
/// given twice keeps its last value, as in PyYAML.
public indirect enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case map([String: ConfigValue])

    /// Parses a YAML document; an empty document is ``null``.
    public static func parse(yaml: String) throws -> ConfigValue {
        var text = yaml
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return ConfigValue(node)
    }

    /// The YAML front matter of a Markdown file (between a first line `---` and the next `---`),
    /// nil when the file has none.
    public static func frontMatter(markdown: String) throws -> ConfigValue? {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else { return nil }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else { return nil }
        return try parse(yaml: lines[1..<end].joined(separator: "\n"))
    }

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            let n = Node.scalar(scalar)
            switch n.tag.description {
            case Tag.Name.null.rawValue: self = .null
            case Tag.Name.bool.rawValue: self = n.bool.map(ConfigValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: self = n.int.map(ConfigValue.int) ?? (n.float.map(ConfigValue.double) ?? .string(scalar.string))
            case Tag.Name.float.rawValue: self = n.float.map(ConfigValue.double) ?? .string(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .list(sequence.map(ConfigValue.init))
        case .mapping(let mapping):
            var map: [String: ConfigValue] = [:]
            for (key, value) in mapping {
                map[ConfigValue(key).text ?? ""] = ConfigValue(value)
            }
            self = .map(map)
        }
    }

    public subscript(key: String) -> ConfigValue? {
        if case .map(let m) = self { return m[key] }
        return nil
    }

    /// A scalar as Python's `str()` writes it (sdg-build builds its series tags that way): text as
    /// is, integers in decimal, floats as their shortest repr, True/False, None; nil for lists and
    /// mappings.
    public var text: String? {
        switch self {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .double(let d): return Self.pythonRepr(d)
        case .string(let s): return s
        case .list, .map: return nil
        }
    }

    /// A number (an integer, a float, or text that reads as one).
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A whole number (an integer, a float with no fraction, or text that reads as one).
    public var integer: Int? {
        guard let d = number, d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    public var isTrue: Bool { self == .bool(true) }

    public var list: [ConfigValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var map: [String: ConfigValue]? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// Python's repr of a float: the shortest round trip, `1e+16` style exponents.
    static func pythonRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        return d.description
    }
}
