import Foundation
import Testing
@testable import OnTrackIO

/// Issue 12, items 9–12: what `-o` may touch, temporary files on signals, formula injection in
/// CSV, terminal escapes in the human-facing formats.

/// The two ways an output file is written; both must behave the same (one implementation).
enum OutputWriter: String, CaseIterable, CustomTestStringConvertible {
    case atomicFile, byteSink

    var testDescription: String { rawValue }

    func write(_ text: String, to path: String) throws {
        switch self {
        case .atomicFile:
            try AtomicFile.write(text, to: path)
        case .byteSink:
            let sink = try ByteSink.atomicFile(path)
            do {
                // Two chunks, as the panel writer sends them.
                let bytes = Array(text.utf8)
                try sink.write(Array(bytes[..<(bytes.count / 2)]))
                try sink.write(Array(bytes[(bytes.count / 2)...]))
                try sink.commit()
            } catch {
                sink.abort()
                throw error
            }
        }
    }

    /// The whole message of the error writing throws.
    func message(_ error: any Error) -> String {
        switch self {
        case .atomicFile: return "\(error)"
        case .byteSink: return error.localizedDescription
        }
    }
}

private func fileType(_ path: String) -> mode_t? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return st.st_mode & S_IFMT
}

private func permissions(_ path: String) -> mode_t? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return st.st_mode & 0o777
}

@Suite("Output hardening: what -o writes to (issue 12, item 9)")
struct OutputDestinationHardeningTests {
    @Test(arguments: OutputWriter.allCases)
    func aSymbolicLinkIsFollowedAndKept(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let real = try folder.write("real.csv", "old\n").path
        let link = folder.url.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        try writer.write("new\n", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.csv")
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new\n")
        #expect(try folder.contents() == ["link.csv", "real.csv"])
    }

    @Test(arguments: OutputWriter.allCases)
    func aDanglingSymbolicLinkCreatesItsTarget(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sub = folder.url.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        let link = folder.url.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "sub/made.csv")
        try writer.write("made\n", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(try String(contentsOfFile: sub.appendingPathComponent("made.csv").path, encoding: .utf8) == "made\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sub.path) == ["made.csv"])
    }

    @Test(arguments: OutputWriter.allCases)
    func aFIFOIsWrittenThroughNotReplaced(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.url.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        // A reader opened first (non-blocking), so that opening for writing does not wait.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        defer { close(reader) }
        try writer.write("through the pipe\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(reader, &buffer, buffer.count)
        #expect(n > 0 && String(decoding: buffer[..<max(n, 0)], as: UTF8.self) == "through the pipe\n")
        #expect(fileType(fifo) == S_IFIFO)
        #expect(try folder.contents() == ["pipe"])
    }

    @Test(arguments: OutputWriter.allCases)
    func aLinkToADeviceIsWrittenThrough(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let link = folder.url.appendingPathComponent("sink").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        // Never risk the machine's /dev/null (the tests may run as root): write only once the
        // writer's own rule says it writes through, and only while /dev/null is the device.
        try #require(fileType("/dev/null") == S_IFCHR && (try AtomicFile.resolve(link)) == .writeThrough)
        try writer.write("discarded\n", to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(fileType("/dev/null") == S_IFCHR)
        #expect(try folder.contents() == ["sink"])
    }

    @Test(arguments: OutputWriter.allCases)
    func aFullDeviceIsAnErrorNamingThePath(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let link = folder.url.appendingPathComponent("full").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
        let error = #expect(throws: (any Error).self) { try writer.write("x\n", to: link) }
        let message = error.map(writer.message) ?? ""
        #expect(message.contains("cannot write \(link)"), "\(message)")
        #expect(message.contains("no space left"), "\(message)")
        #expect(fileType(link) == S_IFLNK)
        #expect(fileType("/dev/full") == S_IFCHR)
    }

    @Test(arguments: OutputWriter.allCases)
    func aFolderIsRefusedSayingWhatToGive(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dir = folder.url.appendingPathComponent("results").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let error = #expect(throws: (any Error).self) { try writer.write("x\n", to: dir) }
        let message = error.map(writer.message) ?? ""
        #expect(message == "cannot write \(dir): it is a folder; give a file name, such as \(dir)/out.csv")
        #expect(try folder.contents() == ["results"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test(arguments: OutputWriter.allCases)
    func aMissingFolderIsNamed(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("no/out.csv").path
        let error = #expect(throws: (any Error).self) { try writer.write("x\n", to: path) }
        let message = error.map(writer.message) ?? ""
        #expect(message.hasPrefix("cannot write \(path): the folder "), "\(message)")
        #expect(message.contains("does not exist"), "\(message)")
    }

    @Test(arguments: OutputWriter.allCases)
    func replacingKeepsThePermissions(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("private.csv", "old\n").path
        try #require(chmod(path, 0o600) == 0)
        try writer.write("new\n", to: path)
        #expect(permissions(path) == 0o600)
        let shared = try folder.write("shared.csv", "old\n").path
        try #require(chmod(shared, 0o664) == 0)
        try writer.write("new\n", to: shared)
        #expect(permissions(shared) == 0o664)
        #expect(try String(contentsOfFile: shared, encoding: .utf8) == "new\n")
    }

    @Test func resolution() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("a.csv", "").path
        #expect(try AtomicFile.resolve(file) == .replace(file, existing: nil))
        #expect(try AtomicFile.resolve(folder.path + "/new.csv") == .replace(folder.path + "/new.csv", existing: nil))
        #expect(try AtomicFile.resolve("/dev/null") == .writeThrough)
        // /dev/stdout is a link to /proc/self/fd/1: whatever standard output is, it is written into.
        #expect(try AtomicFile.resolve("/dev/stdout") == .writeThrough)
        #expect(try AtomicFile.resolve("/proc/self/fd/1") == .writeThrough)
        let loop = folder.url.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop")
        #expect(throws: OutputFileError.self) { try AtomicFile.resolve(loop) }
        #expect(throws: OutputFileError.self) { try AtomicFile.resolve("") }
    }
}

@Suite("Output hardening: temporary files on signals and after a kill (issue 12, item 10)")
struct TemporaryFileHardeningTests {
    @Test(arguments: OutputWriter.allCases)
    func staleTemporariesOfDeadProcessesAreRemovedByTheNextWrite(writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // No process has PID 2147483647; PID 1 always runs.
        let dead = AtomicFile.temporaryName(for: "out.csv", pid: Int32.max)
        let live = AtomicFile.temporaryName(for: "out.csv", pid: 1)
        for name in [dead, live, ".other.csv.2147483647.tmp", ".out.csv.x1.tmp", ".out.csv..tmp", "out.csv.2147483647.tmp"] {
            try folder.write(name, "partial")
        }
        try writer.write("done\n", to: folder.path + "/out.csv")
        #expect(try folder.contents() == [live, ".other.csv.2147483647.tmp", ".out.csv..tmp", ".out.csv.x1.tmp",
                                          "out.csv", "out.csv.2147483647.tmp"].sorted())
    }

    @Test func removeStaleTemporariesReportsWhatItRemoved() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(".r.csv.2147483647.tmp", "x")
        try folder.write(".r.csv.2147483646.tmp", "x")
        try folder.write(".r.csv.\(getpid()).tmp", "x")  // this process's: in use
        let removed = AtomicFile.removeStaleTemporaries(in: folder.path, name: "r.csv").sorted()
        #expect(removed == [".r.csv.2147483646.tmp", ".r.csv.2147483647.tmp"])
        #expect(try folder.contents() == [".r.csv.\(getpid()).tmp"])
    }

    @Test func aTemporaryFileIsRegisteredWhileItIsWritten() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let committed = try AtomicFile.Writer(folder.path + "/a.csv")
        let aborted = try AtomicFile.Writer(folder.path + "/b.csv")
        let temporaries = try [#require(committed.temporary), #require(aborted.temporary)]
        #expect(temporaries == [folder.path + "/.a.csv.\(getpid()).tmp", folder.path + "/.b.csv.\(getpid()).tmp"])
        #expect(Set(temporaries).isSubset(of: TemporaryFiles.registered))
        try committed.write(Array("a\n".utf8))
        try committed.commit()
        aborted.abort()
        #expect(Set(temporaries).isDisjoint(with: TemporaryFiles.registered))
        #expect(try folder.contents() == ["a.csv"])
        // Writing through registers nothing (guarded as above: never replace /dev/null).
        try #require(fileType("/dev/null") == S_IFCHR && (try AtomicFile.resolve("/dev/null")) == .writeThrough)
        let through = try AtomicFile.Writer("/dev/null")
        #expect(through.temporary == nil && through.slot == nil)
        try through.commit()
    }

    #if os(Linux)
    /// A child process (forked while a temporary file is open) is stopped by `sig`: the handler
    /// removes the file and the child ends by that signal, as it would without the handler.
    @Test(arguments: [SIGTERM, SIGINT, SIGHUP], OutputWriter.allCases)
    func aSignalRemovesTheTemporaryFileAndStillEndsTheProcess(sig: Int32, writer: OutputWriter) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/out.csv"
        let file: AtomicFile.Writer
        let sink: ByteSink?
        switch writer {
        case .atomicFile:
            file = try AtomicFile.Writer(path)
            sink = nil
        case .byteSink:
            sink = try ByteSink.atomicFile(path)
            file = try #require(sink?.file)
        }
        defer { sink?.abort(); file.abort() }
        try file.write(Array("half of it".utf8))
        let temporary = try #require(file.temporary)
        let slot = try #require(file.slot)
        #expect(FileManager.default.fileExists(atPath: temporary))
        // A signal this process ignores (started under nohup, or in the background by a shell
        // without job control) is left ignored; nothing to test then.
        var current = sigaction()
        sigaction(sig, nil, &current)
        if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1 { return }  // SIG_IGN

        let child = fork()
        try #require(child >= 0)
        if child == 0 {
            // The child forgets the other tests' temporary files (it must not remove them), then
            // is signalled. Only atomic stores and raise(): nothing that allocates or locks.
            for i in 0..<TemporaryFiles.capacity where i != slot { TemporaryFiles.unregister(i) }
            // Test threads (Dispatch workers) block signals; the process's main thread does not.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(sig)
            _exit(99)  // not reached: the signal ends the child
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        #expect(status & 0x7F == sig, "the child ended by signal \(status & 0x7F), exit \((status >> 8) & 0xFF)")
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try folder.contents().isEmpty)
    }
    #endif
}

@Suite("Output hardening: formulas in CSV for spreadsheets (issue 12, item 11)")
struct SpreadsheetHardeningTests {
    @Test func neutralisesTextThatAStartsAFormula() {
        for s in ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")",
                  "=cmd|' /C calc'!A0", "-", "+", "@", "=", "- 3", "-1-", "--1", "-.", "-1e", "-2+3"] {
            #expect(CSVWriter.neutralizingFormula(s) == "'" + s, "\(s.debugDescription)")
        }
        // Not formulas: left as they are.
        for s in ["", "plain", "a=b", " =1+1", "'=1", "货物", "1-2", "3.5"] {
            #expect(CSVWriter.neutralizingFormula(s) == s, "\(s.debugDescription)")
        }
        // Text that is a plain number is read by a spreadsheet as that number, not a formula.
        for s in ["-5", "+3", "-12.5", "-.5", "-5.", "-1e5", "+2.5E-3"] {
            #expect(CSVWriter.neutralizingFormula(s) == s, "\(s.debugDescription)")
        }
    }

    static let hostile = ReportTable(
        columns: ["id", "name", "value", "count"],
        rows: [
            [.text("=HYPERLINK(\"http://evil\",\"click\")"), .text("@SUM(1+1)*cmd|' /C calc'!A0"), .number(-0.5), .integer(-3)],
            [.text("+1"), .text("-2+3"), .number(-1e-300), .integer(nil)],
            [.text("\tTab"), .text("\rCR"), .number(nil), .integer(7)],
            [.text("GDP"), .text("-5"), .number(2.5), .integer(0)],
        ])

    @Test func reportTableCSVForASpreadsheet() throws {
        let csv = OutputFormat.csv.encode(Self.hostile, forSpreadsheet: true)
        let rows = try records(csv).map { $0.fields.map(\.text) }
        #expect(rows[1] == ["'=HYPERLINK(\"http://evil\",\"click\")", "'@SUM(1+1)*cmd|' /C calc'!A0", "-0.5", "-3"])
        #expect(rows[2] == ["+1", "'-2+3", "-1e-300", ""])
        #expect(rows[3] == ["'\tTab", "'\rCR", "", "7"])
        #expect(rows[4] == ["GDP", "-5", "2.5", "0"])
        #expect(rows[0] == ["id", "name", "value", "count"])
    }

    @Test func plainCSVStaysFaithful() throws {
        let rows = try records(OutputFormat.csv.encode(Self.hostile)).map { $0.fields.map(\.text) }
        #expect(rows[1][0] == "=HYPERLINK(\"http://evil\",\"click\")")
        #expect(rows[2][1] == "-2+3")
        #expect(rows[3][0] == "\tTab")
        #expect(OutputFormat.csv.encode(Self.hostile) == OutputFormat.csv.encode(Self.hostile, forSpreadsheet: false))
        // The other formats ignore the flag.
        for format in [OutputFormat.json, .jsonl, .table, .markdown] {
            #expect(format.encode(Self.hostile, forSpreadsheet: true) == format.encode(Self.hostile))
        }
    }

    @Test func panelRowsForASpreadsheet() throws {
        func row(_ forSpreadsheet: Bool) -> String {
            var r = PanelWriter.RowEncoder(json: false, forSpreadsheet: forSpreadsheet)
            r.begin()
            r.text("=1+1")
            r.number(-2.5)
            r.int(-4)
            r.text("-5")
            r.text("@x,y")
            r.text("indicator \"a\"")
            r.end()
            return String(decoding: r.out, as: UTF8.self)
        }
        #expect(row(true) == "'=1+1,-2.5,-4,-5,\"'@x,y\",\"indicator \"\"a\"\"\"\n")
        #expect(row(false) == "=1+1,-2.5,-4,-5,\"@x,y\",\"indicator \"\"a\"\"\"\n")
        #expect(PanelWriter(format: .csv, forSpreadsheet: true).forSpreadsheet)
        #expect(!PanelWriter(format: .csv).forSpreadsheet)
        // JSON Lines is not for spreadsheets: unchanged.
        var j = PanelWriter.RowEncoder(json: true, forSpreadsheet: true)
        j.begin()
        j.text("=1+1")
        j.end()
        #expect(String(decoding: j.out, as: UTF8.self) == "{\"target_id\":\"=1+1\"}\n")
    }
}

@Suite("Output hardening: terminal escapes and HTML (issue 12, item 12)")
struct TerminalHardeningTests {
    static let esc = "\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[0m\u{9B}2J"
    static let bidi = "abc\u{202E}fed\u{202C} \u{2066}x\u{2069} \u{202A}\u{202B}\u{202D}\u{2067}\u{2068}"
    static let html = "<img src=x onerror=alert(1)> & <b>bold</b> a|b"

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value)
            || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    static var table: ReportTable {
        ReportTable(columns: ["id", "name\u{1B}[7m", "n"],
                    rows: [[.text("a"), .text(esc), .number(1)], [.text("b"), .text(bidi), .number(2)],
                           [.text("c"), .text(html), .number(3)], [.text("d"), .text("tab\there\u{2028}next"), .number(4)]])
    }

    @Test func tableReplacesControlsAndBidiOverrides() {
        let out = OutputFormat.table.encode(Self.table)
        #expect(!out.unicodeScalars.contains(where: Self.isUnsafe), "\(out.debugDescription)")
        #expect(out.contains("\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[31mred\u{FFFD}[0m\u{FFFD}2J"))
        #expect(out.contains("abc\u{FFFD}fed\u{FFFD} \u{FFFD}x\u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"))
        #expect(out.contains("name\u{FFFD}[7m"))
        #expect(out.contains("tab here next"))
        // Every line is as wide as the rule under the header: the placeholders take one column each.
        let lines = out.split(separator: "\n").map(String.init)
        let width = DisplayWidth.of(lines[1])
        #expect(lines.dropFirst(2).allSatisfy { DisplayWidth.of($0) <= width })
    }

    @Test func truncationCountsThePlaceholders() {
        var t = ReportTable(columns: ["name"], rows: [[.text("\u{1B}[31m\u{202E}abcdefgh")]])
        t.maxDisplayWidth["name"] = 6
        let lines = OutputFormat.table.encode(t).split(separator: "\n").map(String.init)
        #expect(lines[2] == "\u{FFFD}[31m…")
    }

    @Test func markdownEscapesHTMLPipesControlsAndBidi() {
        let out = OutputFormat.markdown.encode(Self.table)
        #expect(!out.unicodeScalars.contains(where: Self.isUnsafe), "\(out.debugDescription)")
        #expect(out.contains("| c | &lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt; a\\|b | 3.00 |"))
        #expect(out.contains("\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[31mred"))
        #expect(out.contains("abc\u{FFFD}fed\u{FFFD}"))
        #expect(out.contains("tab here<br>next"))
        #expect(out.hasPrefix("| id | name\u{FFFD}[7m | n |\n"))
        #expect(!out.contains("<img") && !out.contains("<b>"))
    }

    @Test func markdownLineBreaksAndBackslashes() {
        let t = ReportTable(columns: ["a"], rows: [[.text("x\r\ny\nz\rw \\ v")]])
        #expect(OutputFormat.markdown.encode(t) == "| a |\n| --- |\n| x<br>y<br>z<br>w \\\\ v |\n")
    }

    @Test func jsonEscapesLineSeparatorsC1AndBidiAndStaysFaithful() throws {
        let nasty = "ls\u{2028}ps\u{2029}nel\u{85}csi\u{9B}del\u{7F}rlo\u{202E}pdi\u{2069}esc\u{1B}" + Self.html
        let t = ReportTable(columns: ["s"], rows: [[.text(nasty)]])
        for format in [OutputFormat.json, .jsonl] {
            let json = format.encode(t)
            #expect(!json.unicodeScalars.contains(where: Self.isUnsafe), "\(json.debugDescription)")
            #expect(!json.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 })
            for escape in ["\\u2028", "\\u2029", "\\u0085", "\\u009b", "\\u007f", "\\u202e", "\\u2069", "\\u001b"] {
                #expect(json.contains(escape), "\(escape)")
            }
            let line = json.split(separator: "\n").first { $0.contains("\"s\"") }.map(String.init) ?? ""
            let object = line.trimmingCharacters(in: CharacterSet(charactersIn: " [],"))
            let value = try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: String]
            #expect(value?["s"] == nasty)
        }
    }

    @Test func csvKeepsTheTextAsItIs() throws {
        let csv = OutputFormat.csv.encode(Self.table)
        let rows = try records(csv).map { $0.fields.map(\.text) }
        #expect(rows[1][1] == Self.esc)
        #expect(rows[2][1] == Self.bidi)
        #expect(rows[3][1] == Self.html)
    }
}
