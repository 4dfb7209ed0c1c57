import Foundation
import OnTrackPanel

/// One indicator of an Open SDG repository: its configuration and where its data are.
public struct OpenSDGIndicator: Sendable {
    /// The id as in the file names: `1-2-1`, `16-b-1`.
    public var id: String
    /// The configuration: `indicator-config/ID.yml` over the metadata (`meta/ID.yml` or the front
    /// matter of `meta/ID.md`).
    public var config: ConfigValue
    /// `data/indicator_ID.csv`, nil when the indicator has no data file.
    public var dataFile: String?
    /// The English (or chosen language's) name, when the configuration or translations give one.
    public var name: String?

    public init(id: String, config: ConfigValue, dataFile: String?, name: String?) {
        self.id = id
        self.config = config
        self.dataFile = dataFile
        self.name = name
    }

    /// `auto_progress_calculation: true`.
    public var autoProgress: Bool { config["auto_progress_calculation"]?.isTrue ?? false }

    /// The manual `progress_status`, as written (possibly empty); nil when not given.
    public var manualStatus: String? {
        guard let v = config["progress_status"], v != .null else { return nil }
        return v.text
    }

    /// The series configuration (every default when none is given).
    public var progressEntries: [ProgressEntry] { ProgressEntry.entries(config["progress_calculation_options"]) }

    /// The id with dots: `1.2.1`.
    public var number: String { id.replacingOccurrences(of: "-", with: ".") }
}

/// An Open SDG data repository, as sdg-build reads it: `data/indicator_*.csv`, the configuration in
/// `indicator-config/*.yml` or in `meta/*.md` front matter (or `meta/*.yml`), `translations/` and
/// `config_data.yml`.
public struct OpenSDGRepository: Sendable {
    public var root: String
    /// In the natural order of the ids (1-1-1, 1-2-1, …, 1-a-1, 2-1-1, …, 10-1-1).
    public var indicators: [OpenSDGIndicator]
    public var translations: Translations
    public var roles: ColumnRoles

    /// Whether `path` looks like an Open SDG data repository: a `data` folder with
    /// `indicator_*.csv` files, and configuration in `indicator-config/*.yml`, `meta/*.md` or
    /// `meta/*.yml`.
    public static func recognises(_ path: String) -> Bool {
        let fm = FileManager.default
        let data = (path as NSString).appendingPathComponent("data")
        guard let files = try? fm.contentsOfDirectory(atPath: data),
              files.contains(where: { $0.hasPrefix("indicator_") && $0.hasSuffix(".csv") }) else { return false }
        for (folder, ext) in [("indicator-config", ".yml"), ("meta", ".md"), ("meta", ".yml")] {
            let dir = (path as NSString).appendingPathComponent(folder)
            if let names = try? fm.contentsOfDirectory(atPath: dir), names.contains(where: { $0.hasSuffix(ext) && $0.contains("-") }) {
                return true
            }
        }
        return false
    }

    /// Reads the configuration, the metadata and the translations (the data files are read when
    /// assessed).
    public static func read(_ root: String, language: String = "en") throws -> OpenSDGRepository {
        let fm = FileManager.default
        func path(_ parts: String...) -> String { parts.reduce(root) { ($0 as NSString).appendingPathComponent($1) } }
        func files(_ folder: String, suffix: String) -> [String: String] {
            let dir = path(folder)
            var out: [String: String] = [:]
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasSuffix(suffix) {
                var id = String(name.dropLast(suffix.count))
                if id.hasPrefix("indicator_") { id = String(id.dropFirst("indicator_".count)) }
                guard id.contains("-") else { continue }
                out[id] = (dir as NSString).appendingPathComponent(name)
            }
            return out
        }
        let configs = files("indicator-config", suffix: ".yml")
        let metaYAML = files("meta", suffix: ".yml")
        let metaMarkdown = files("meta", suffix: ".md")
        let data = files("data", suffix: ".csv")
        if data.isEmpty, configs.isEmpty, metaYAML.isEmpty, metaMarkdown.isEmpty {
            throw OpenSDGError(path: root, message: "not an Open SDG data repository (no data/indicator_*.csv, indicator-config/*.yml or meta/*.md)")
        }

        let translations = try Translations.read(folder: path("translations"), language: language)
        var roles = ColumnRoles()
        let site = path("config_data.yml")
        if fm.fileExists(atPath: site) {
            let config: ConfigValue
            do { config = try ConfigValue.parse(yaml: try readText(site)) } catch let e as OpenSDGError { throw e } catch {
                throw OpenSDGError(path: site, message: "not valid YAML: \(error)")
            }
            if let options = config["indicator_options"] {
                if let columns = options["non_disaggregation_columns"]?.list?.compactMap(\.text), !columns.isEmpty {
                    roles.nonDisaggregation = Set(columns)
                }
                roles.observationAttributes = Set(options["observation_attributes"]?.list?.compactMap(\.text) ?? [])
                if let s = options["series_column"]?.text { roles.series = s }
                if let u = options["unit_column"]?.text { roles.unit = u }
            }
        }

        @Sendable func parse(_ file: String, markdown: Bool) throws -> ConfigValue {
            do {
                let text = try readText(file)
                return markdown ? (try ConfigValue.frontMatter(markdown: text) ?? .map([:])) : try ConfigValue.parse(yaml: text)
            } catch let e as OpenSDGError { throw e } catch {
                throw OpenSDGError(path: file, message: "not valid YAML: \(error)")
            }
        }
        // The configuration files are parsed in parallel (YAML is most of the reading time).
        let ids = Set(configs.keys).union(metaYAML.keys).union(metaMarkdown.keys).union(data.keys).sorted(by: naturalOrder)
        let parsed = Parallel.map(ids.count, workers: ProcessInfo.processInfo.activeProcessorCount) { i -> Result<OpenSDGIndicator, OpenSDGError> in
            let id = ids[i]
            do {
                var merged: [String: ConfigValue] = [:]
                if let f = metaMarkdown[id] { merged.merge(try parse(f, markdown: true).map ?? [:]) { $1 } }
                if let f = metaYAML[id] { merged.merge(try parse(f, markdown: false).map ?? [:]) { $1 } }
                if let f = configs[id] { merged.merge(try parse(f, markdown: false).map ?? [:]) { $1 } }
                let config = ConfigValue.map(merged)
                var name: String?
                if let key = config["indicator_name"]?.text, !key.isEmpty {
                    name = translations.lookUp(key) ?? (key.contains(".") && !key.contains(" ") ? nil : key)
                }
                if name == nil { name = translations.lookUp("global_indicators.\(id)-title") }
                return .success(OpenSDGIndicator(id: id, config: config, dataFile: data[id], name: name))
            } catch let e as OpenSDGError {
                return .failure(e)
            } catch {
                return .failure(OpenSDGError(path: id, message: "\(error)"))
            }
        }
        let indicators = try parsed.map { try $0.get() }
        return OpenSDGRepository(root: root, indicators: indicators, translations: translations, roles: roles)
    }

    /// 1-1-1 < 1-2-1 < 1-a-1 < 2-1-1 < 10-1-1: numbers as numbers, letters after them.
    public static func naturalOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "-"), y = b.split(separator: "-")
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case let (i?, j?): return i < j
            case (_?, nil): return true
            case (nil, _?): return false
            default: return p < q
            }
        }
        return x.count < y.count
    }
}
