import Foundation

/// The translations of one language of an Open SDG repository (`translations/<language>/*.yml`):
/// groups (one per file: `data`, `global_indicators`, …) of keys and their text.
///
/// A value is translated as sdg-build translates data and options: `group.key` when that key
/// exists in that group, else the value itself as a key of the `data` group, else the value as is.
public struct Translations: Sendable {
    public var language: String
    /// group → key → text.
    public var groups: [String: [String: String]]

    public init(language: String, groups: [String: [String: String]] = [:]) {
        self.language = language
        self.groups = groups
    }

    /// No translation: every value stands for itself.
    public static let none = Translations(language: "")

    /// Reads `folder/<language>/*.yml`; missing folders give no translations. Nested mappings are
    /// flattened with dots.
    public static func read(folder: String, language: String) throws -> Translations {
        let dir = (folder as NSString).appendingPathComponent(language)
        var t = Translations(language: language)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return t }
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = (dir as NSString).appendingPathComponent(name)
            let text = try readText(path)
            let value: ConfigValue
            do { value = try ConfigValue.parse(yaml: text) } catch {
                throw OpenSDGError(path: path, message: "not valid YAML: \(error)")
            }
            var keys: [String: String] = [:]
            flatten(value, prefix: nil, into: &keys)
            t.groups[(name as NSString).deletingPathExtension] = keys
        }
        return t
    }

    static func flatten(_ value: ConfigValue, prefix: String?, into keys: inout [String: String]) {
        switch value {
        case .map(let m):
            for (k, v) in m { flatten(v, prefix: prefix.map { "\($0).\(k)" } ?? k, into: &keys) }
        case .list, .null:
            break
        default:
            if let prefix, let text = value.text { keys[prefix] = text }
        }
    }

    /// The text of `value`: `group.key`, else a key of the `data` group, else `value`.
    public func translate(_ value: String) -> String {
        if let dot = value.firstIndex(of: "."), let group = groups[String(value[..<dot])],
           let text = group[String(value[value.index(after: dot)...])] {
            return text
        }
        return groups["data"]?[value] ?? value
    }

    /// The text of a key that must be `group.key` (an indicator's name, for instance); nil when it is
    /// not a known key.
    public func lookUp(_ key: String) -> String? {
        guard let dot = key.firstIndex(of: ".") else { return nil }
        return groups[String(key[..<dot])]?[String(key[key.index(after: dot)...])]
    }
}

/// A file of an Open SDG repository that cannot be read, and why.
public struct OpenSDGError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}

/// The UTF-8 text of a file.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw OpenSDGError(path: path, message: "cannot be read")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw OpenSDGError(path: path, message: "not UTF-8")
    }
    return text
}
