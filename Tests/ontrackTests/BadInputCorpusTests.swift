import Foundation
import Testing

/// The committed bad-input corpus (issue 12): every case of Tests/Fixtures/bad-inputs/cases.csv
/// through the built `ontrack`; the manifest's format is in Tests/Fixtures/bad-inputs/README.md.
@Suite struct BadInputCorpusTests {
    @Test func theManifestCoversEveryFolderOnce() throws {
        let cases = try BadInputCase.all()
        #expect(cases.count >= 60)
        let names = cases.map(\.name)
        #expect(Set(names).count == names.count, "a case is listed twice")
        let folders = try FileManager.default.contentsOfDirectory(atPath: BadInputCase.root.path)
            .filter { FileManager.default.isFolder(BadInputCase.root.appendingPathComponent($0).path) }
        #expect(Set(folders) == Set(names), "folders without a row: \(Set(folders).subtracting(names).sorted()); rows without a folder: \(Set(names).subtracting(folders).sorted())")
        for c in cases {
            #expect([0, 1, 2].contains(c.exit), "\(c.name): expected_exit \(c.exit)")
            #expect(!c.fault.isEmpty, "\(c.name): say what the fault is")
        }
    }

    @Test(arguments: (try? BadInputCase.all()) ?? [])
    func badInput(_ c: BadInputCase) throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let (dir, cleanup) = try c.folder()
        defer { cleanup() }
        func substitute(_ s: String) -> String {
            s.replacingOccurrences(of: "{dir}", with: dir).replacingOccurrences(of: "{tmp}", with: tmp.path)
        }
        let args = c.args.split(separator: " ").map { substitute(String($0)) }
        let run = try ontrack([c.command] + args)
        let context = "\(c.name) (\(c.fault)): ontrack \(c.command) \(c.args)\nstderr: \(run.stderr.prefix(600))"
        #expect(run.status == c.exit, "exit \(run.status), expected \(c.exit) — \(context)")
        var prefix = substitute(c.prefix)
        if prefix.hasPrefix("stdout:") {
            prefix.removeFirst("stdout:".count)
            #expect(run.stdout.hasPrefix(prefix), "stdout starts \(run.stdout.prefix(300).debugDescription), expected \(prefix.debugDescription) — \(context)")
        } else if !prefix.isEmpty {
            #expect(run.stderr.hasPrefix(prefix), "stderr starts \(run.stderr.prefix(300).debugDescription), expected \(prefix.debugDescription) — \(context)")
        }
        guard run.status == 0 || run.status == 1 else { return }
        try checkOutputPromises(c, run, args: args, tmp: tmp.url, context: context)
    }

    private func checkOutputPromises(_ c: BadInputCase, _ run: Run, args: [String], tmp: URL, context: String) throws {
        // README: "Every number is either finite or absent" — in every output, files included.
        var outputs = [("stdout", run.stdout)]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            if let text = try? String(contentsOf: tmp.appendingPathComponent(name), encoding: .utf8) { outputs.append((name, text)) }
        }
        let nonFinite = try NSRegularExpression(pattern: "(?<![A-Za-z0-9_])[-+]?(inf|infinity|nan)(?![A-Za-z0-9_])", options: [.caseInsensitive])
        for (name, text) in outputs {
            if let m = nonFinite.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), let r = Range(m.range, in: text) {
                let line = text[..<r.upperBound].split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
                Issue.record("\(name) holds the non-finite number '\(text[r])': \(line.suffix(200).debugDescription) — \(context)")
            }
        }
        let format = args.firstIndex(where: { $0 == "--format" || $0 == "-f" }).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
        // Terminal and Markdown output: no escape sequences, control or bidi characters; no raw HTML.
        if format == "table" || format == "markdown" {
            let bad = run.stdout.unicodeScalars.first { u in
                (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
            }
            #expect(bad == nil, "\(format!) output holds U+\(String(bad?.value ?? 0, radix: 16, uppercase: true)) — \(context)")
            if format == "markdown" { #expect(!run.stdout.contains("<script"), "raw HTML in Markdown — \(context)") }
        }
        // --for-spreadsheet: no text cell a spreadsheet would run as a formula.
        if args.contains("--for-spreadsheet"), format == nil || format == "csv" {
            for row in parseCSV(run.stdout) {
                for cell in row {
                    guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { continue }
                    #expect(Double(cell) != nil, "the cell \(cell.debugDescription) would run as a formula — \(context)")
                }
            }
        }
        // chart --out-dir: one file per chart reported (issue 12, item 8: names never collide).
        if let out = args.firstIndex(of: "--out-dir").map({ args[$0 + 1] }),
           let written = run.stderr.split(separator: " ").first.flatMap({ Int($0) }), run.stderr.contains("chart(s) written") {
            let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".svg") }
            #expect(files.count == written, "\(written) charts reported, \(files.count) files written — \(context)")
        }
    }
}

/// One row of `Tests/Fixtures/bad-inputs/cases.csv`.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    static let root = packageRoot.appendingPathComponent("Tests/Fixtures/bad-inputs")

    var name: String
    var command: String
    var args: String
    var exit: Int32
    var prefix: String
    var fault: String

    var testDescription: String { name }

    static func all() throws -> [BadInputCase] {
        let text = try String(contentsOf: root.appendingPathComponent("cases.csv"), encoding: .utf8)
        let rows = parseCSV(text)
        guard let header = rows.first else { return [] }
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "cases.csv has no column \(name)") }
        let (n, cmd, a, e, p) = (try column("case"), try column("command"), try column("args"), try column("expected_exit"), try column("expected_stderr_prefix"))
        let f = header.firstIndex(of: "fault")
        return try rows.dropFirst().map { row in
            try #require(row.count == header.count, "cases.csv: the row \(row) has \(row.count) cells, the header \(header.count)")
            return BadInputCase(name: row[n], command: row[cmd], args: row[a], exit: try #require(Int32(row[e]), "\(row[n]): expected_exit"),
                                prefix: row[p], fault: f.map { row[$0] } ?? "")
        }
    }

    /// The folder the case runs in, and what removes it afterwards: the committed folder, or a
    /// temporary copy with its generated files made.
    func folder() throws -> (String, () -> Void) {
        let source = Self.root.appendingPathComponent(name)
        let fm = FileManager.default
        let specs = try fm.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".gen.json") }
        guard !specs.isEmpty else { return (source.path, {}) }
        let copy = try TemporaryFolder()
        for item in try fm.contentsOfDirectory(atPath: source.path) where !item.hasSuffix(".gen.json") {
            try fm.copyItem(at: source.appendingPathComponent(item), to: copy.url.appendingPathComponent(item))
        }
        struct Spec: Decodable { var file, head, `repeat`, tail: String; var times: Int }
        for name in specs {
            let spec = try JSONDecoder().decode(Spec.self, from: Data(contentsOf: source.appendingPathComponent(name)))
            let text = spec.head + String(repeating: spec.repeat, count: spec.times) + spec.tail
            try Data(text.utf8).write(to: copy.url.appendingPathComponent(spec.file))
        }
        return (copy.path, { copy.remove() })
    }
}

extension FileManager {
    fileprivate func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
