import Foundation
import Testing

/// The table format on a real terminal: `ontrack` runs under util-linux `script`, which gives it a
/// pseudo-terminal as standard output (and merges standard error into it).
@Suite("Terminal table", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
struct TerminalTableTests {
    /// The screen `ontrack arguments` prints on a terminal; `columns` is exported as COLUMNS (none: unset).
    func onTerminal(_ arguments: [String], columns: Int?) throws -> (status: Int32, lines: [String]) {
        let executable = try #require(ontrackExecutable)
        let command = ([executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = columns.map(String.init)
        environment["LANG"] = "C.UTF-8"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r", with: "")
        return (process.terminationStatus, text.split(separator: "\n").map(String.init))
    }

    /// Terminal columns a line takes: CJK and full-width characters two.
    func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    @Test(arguments: [100, 140])
    func theTableFitsTheTerminalAndSaysWhatItLeftOut(columns: Int) throws {
        let run = try onTerminal(["assess", "Datasets/chongqing"], columns: columns)
        #expect(run.status == 0)
        let note = try #require(run.lines.first { $0.hasPrefix("note: ") && $0.contains("left out to fit \(columns) columns") })
        #expect(note.contains("--wide shows them all"))
        let table = run.lines.filter { !$0.hasPrefix("note: ") }
        let header = try #require(table.first)
        for kept in ["target_id", "status", "outlook", "name_zh", "latest"] { #expect(header.contains(kept)) }
        #expect(!header.contains("status_zh") && !header.contains("expected_at_latest"))
        #expect(table.count > 50)
        #expect(table.map(width).max()! <= columns)
    }

    @Test func withoutCOLUMNSOrAWindowSizeTheWidthIs80() throws {
        let run = try onTerminal(["assess", "Datasets/chongqing"], columns: nil)
        #expect(run.lines.contains { $0.contains("left out to fit 80 columns") })
        #expect(run.lines.filter { !$0.hasPrefix("note: ") }.map(width).max()! <= 80)
    }

    @Test func wideShowsEveryColumnUnfitted() throws {
        let run = try onTerminal(["assess", "Datasets/chongqing", "--wide"], columns: 100)
        #expect(!run.lines.contains { $0.hasPrefix("note: ") })
        #expect(run.lines.first?.contains("explanation_zh") == true)
        #expect(run.lines.map(width).max()! > 100)
    }

    @Test func columnsAreShownAsChosenEvenWhenWider() throws {
        let chosen = ["target_id", "name_en", "explanation", "status"]
        let run = try onTerminal(["assess", "Datasets/chongqing", "--columns", chosen.joined(separator: ",")], columns: 60)
        #expect(!run.lines.contains { $0.hasPrefix("note: ") })
        let header = try #require(run.lines.first).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(header == chosen)
        #expect(run.lines.map(width).max()! > 60)
    }

    @Test func pipedOrWrittenToAFileTheTableIsNotFitted() throws {
        let run = try ontrack(["assess", "Datasets/chongqing", "--format", "table"])
        #expect(run.status == 0)
        #expect(!run.stderr.contains("left out"))
        #expect(run.stdout.split(separator: "\n").first?.contains("status_zh") == true)
    }

    @Test func alertsOpenSDGAndPanelTablesFitToo() throws {
        let panel = ["assess", "--panel", "Tests/Fixtures/shapes/wdi-wide.csv", "--targets", "Tests/Fixtures/shapes/wdi-targets.csv"]
        for arguments in [["alerts", "Datasets/chongqing"], ["assess", "Tests/Fixtures/opensdg/canada-gif-subset"], panel] {
            let run = try onTerminal(arguments, columns: 90)
            #expect(run.lines.contains { $0.contains("left out to fit 90 columns") }, "\(arguments)")
            // The table: from its header on (a panel's summary lines on stderr come first).
            let table = run.lines.drop { !$0.hasPrefix("alert_id") && !$0.hasPrefix("indicator_id") && !$0.hasPrefix("target_id") }
            #expect(table.count > 5, "\(arguments)")
            #expect(table.filter { !$0.hasPrefix("note: ") && !$0.hasPrefix("Tests/") }.map(width).max()! <= 90, "\(arguments)")
        }
    }
}
