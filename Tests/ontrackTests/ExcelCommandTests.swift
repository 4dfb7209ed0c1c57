import Foundation
import OnTrackExcel
import OnTrackIO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 17: Excel in (`--panel f.xlsx`, `--targets f.xlsx`, `--sheet`) and out (`-o f.xlsx`,
/// `--format xlsx`), and `--bom`.
@Suite struct ExcelCommandTests {
    let shapes = "Tests/Fixtures/shapes"
    /// A fixed evaluation year, so that both runs compared give the same verdicts whatever the date.
    let year = ["--evaluation-year", "2025"]

    @Test func anXLSXPanelGivesWhatItsCSVTwinGives() throws {
        let csv = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", "\(shapes)/workbook-targets.csv", "-f", "csv"] + year)
        let xlsx = try ontrack(["assess", "--panel", "\(shapes)/workbook.xlsx", "--targets", "\(shapes)/workbook-targets.csv", "-f", "csv"] + year)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        #expect(xlsx.stdout == csv.stdout)
        let rows = try csvObjects(xlsx.stdout)
        #expect(rows.map { $0["status"]! } == ["on_track", "needs_acceleration", "moving_away"])
        #expect(rows.first?["latest"] == "127.8")
        // The empty row of the sheet is skipped, the empty value cell is a missing observation.
        #expect(xlsx.stderr.contains("24 rows, 23 observations of 3 series (long layout; 1 missing, 0 duplicate, 0 rejected)"))

        // Targets from the second sheet of the same workbook.
        let both = try ontrack(["assess", "--panel", "\(shapes)/workbook.xlsx", "--targets", "\(shapes)/workbook.xlsx",
                                "--targets-sheet", "targets", "-f", "csv"] + year)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout == csv.stdout)
        // --sheet names the first sheet explicitly: the same.
        let named = try ontrack(["assess", "--panel", "\(shapes)/workbook.xlsx", "--sheet", "panel", "--targets", "\(shapes)/workbook-targets.csv", "-f", "csv"] + year)
        #expect(named.stdout == csv.stdout)
    }

    @Test func aWorkbookIsRecognisedByItsContentWhateverItsName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let disguised = folder.url.appendingPathComponent("export.csv")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("\(shapes)/workbook.xlsx"), to: disguised)
        let run = try ontrack(["assess", "--panel", disguised.path, "--targets", "\(shapes)/workbook-targets.csv", "-f", "csv"] + year)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("PK"))
        #expect(try csvObjects(run.stdout).count == 3)
    }

    @Test func anUnknownSheetIsAnErrorListingTheSheets() throws {
        let run = try ontrack(["assess", "--panel", "\(shapes)/workbook.xlsx", "--sheet", "Sheet1", "--targets", "\(shapes)/workbook-targets.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("workbook.xlsx: error: no sheet named 'Sheet1'; the sheets are 'panel', 'targets'"))
        #expect(run.stdout.isEmpty)
        // --sheet on a file that is no workbook.
        let csv = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--sheet", "panel", "--targets", "\(shapes)/workbook-targets.csv"])
        #expect(csv.status == 2 && csv.stderr.contains("--sheet panel is for an .xlsx workbook"))
    }

    @Test func messagesNameTheCellOfTheSheet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Two empty rows above the header; a bad value, a bad year, a cell with a line break.
        let writer = try XLSXSheetWriter(columns: ["", "", ""], sheetName: "data")
        try writer.append([.text("series_id"), .text("year"), .text("value")])
        try writer.append([.text("a"), .integer(2015), .number(1)])
        try writer.append([.text("a"), .integer(2016), .text("lots")])
        try writer.append([.text("a, \"b\""), .text("20x7"), .number(3)])
        try writer.append([.text("c"), .integer(2017), .text("#N/A")])
        let path = folder.url.appendingPathComponent("bad.xlsx")
        try Data(try writer.finish()).write(to: path)
        let run = try ontrack(["assess", "--panel", path.path, "--target", "form=level,bound=>=,value=5,baseline_year=2015,target_year=2030"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.xlsx[data]!C4: error: value 'lots' is not a finite number"), "\(run.stderr)")
        #expect(run.stderr.contains("bad.xlsx[data]!B5: error: year '20x7' is not a whole year"), "\(run.stderr)")
        #expect(run.stderr.contains("bad.xlsx[data]!C6: error: value '#N/A'"), "\(run.stderr)")
        // A header the reader cannot use names the header's row.
        let targets = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", "\(shapes)/workbook.xlsx"])
        #expect(targets.status == 2)
        #expect(targets.stderr.contains("workbook.xlsx[panel]!"), "\(targets.stderr)")
    }

    @Test func aDamagedWorkbookIsAClearErrorNotGarbage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = try Data(contentsOf: packageRoot.appendingPathComponent("\(shapes)/workbook.xlsx"))
        let cut = folder.url.appendingPathComponent("cut.xlsx")
        try whole.prefix(whole.count / 2).write(to: cut)
        let run = try ontrack(["assess", "--panel", cut.path, "--targets", "\(shapes)/workbook-targets.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cut.xlsx: error: not a readable .xlsx workbook (a damaged ZIP archive"))
        #expect(!run.stderr.contains("the header has"))
        // As targets too.
        let targets = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", cut.path])
        #expect(targets.status == 2 && targets.stderr.contains("not a readable .xlsx workbook"))
    }

    @Test func aPanelWrittenAsAWorkbookHoldsTheSameTypedValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("verdicts.xlsx")
        let csv = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", "\(shapes)/workbook-targets.csv", "-f", "csv"] + year)
        let run = try ontrack(["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", "\(shapes)/workbook-targets.csv", "-o", out.path] + year)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let (sheet, cells) = try XLSXReader.cells(try Data(contentsOf: out), file: out.path)
        #expect(sheet == "panel")
        try expectSameTable(cells, csv: parseCSV(csv.stdout))
        // Years and counts are numbers, ids text; a status cell carries a format (its fill).
        let header = parseCSV(csv.stdout)[0]
        func cell(_ column: String, row: Int) -> XLSXReader.Cell? {
            cells.first { $0.row == row && $0.column == header.firstIndex(of: column) }
        }
        #expect(cell("baseline_year", row: 2)?.value == .number(2015))
        #expect(cell("latest", row: 2)?.value == .number(127.8))
        #expect(cell("series_id", row: 2)?.value == .text("north:income"))
        #expect(cell("status", row: 2)?.value == .text("on_track"))
        #expect((cell("status", row: 2)?.style ?? 0) != 0)
        #expect(cell("status", row: 2)?.style != cell("status", row: 3)?.style)
        // The project's reader takes the workbook back as a table (not a panel: it has no year column).
        let back = try XLSXReader.read(try Data(contentsOf: out), file: out.path)
        #expect(String(decoding: back.csv, as: UTF8.self).hasPrefix("target_id,series_id,form,status,"))
    }

    @Test func aDatasetTableWrittenAsAWorkbook() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let out = folder.url.appendingPathComponent("assessment.xlsx")
        let csv = try ontrack(["assess", "Datasets/chongqing", "-f", "csv"] + year)
        let run = try ontrack(["assess", "Datasets/chongqing", "-o", out.path] + year)
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let (sheet, cells) = try XLSXReader.cells(try Data(contentsOf: out), file: out.path)
        #expect(sheet == "assessment")
        let table = parseCSV(csv.stdout)
        try expectSameTable(cells, csv: table)
        // The number columns are number cells in every row that has a value.
        for name in ["baseline_year", "baseline", "target_year", "latest"] {
            let c = try #require(table[0].firstIndex(of: name))
            let column = cells.filter { $0.column == c && $0.row > 1 }
            #expect(!column.isEmpty)
            #expect(column.allSatisfy { if case .number = $0.value { return true } else { return false } }, "\(name)")
        }
        // --format xlsx with -o of another extension writes a workbook too; summary and gaps as well.
        let forced = folder.url.appendingPathComponent("summary.bin")
        let summary = try ontrack(["summary", "Datasets/chongqing", "--format", "xlsx", "-o", forced.path])
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(try XLSXReader.sheetNames(try Data(contentsOf: forced), file: "summary.bin") == ["summary"])
    }

    @Test func aWorkbookIsNotWrittenToATerminal() throws {
        let executable = try #require(ontrackExecutable)
        // A pseudo-terminal for standard output. Glibc's module hides the pty calls (they need
        // _XOPEN_SOURCE), so they are looked up by name.
        typealias IntCall = @convention(c) (Int32) -> Int32
        typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func symbol<T>(_ name: String, as: T.Type) throws -> T {
            unsafeBitCast(try #require(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name), "\(name)"), to: T.self)
        }
        let master = try symbol("posix_openpt", as: IntCall.self)(O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        try #require(try symbol("grantpt", as: IntCall.self)(master) == 0 && symbol("unlockpt", as: IntCall.self)(master) == 0)
        let slavePath = String(cString: try #require(try symbol("ptsname", as: NameCall.self)(master)))
        let terminal = try #require(FileHandle(forWritingAtPath: slavePath))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let errURL = try folder.write("stderr", "")
        let err = try FileHandle(forWritingTo: errURL)
        for arguments in [["assess", "Datasets/chongqing", "--format", "xlsx"],
                          ["assess", "--panel", "\(shapes)/workbook.xlsx", "--targets", "\(shapes)/workbook-targets.csv", "-f", "xlsx"]] {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = packageRoot
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = terminal
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments)")
        }
        try err.close()
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        #expect(stderr.components(separatedBy: "error: an .xlsx workbook is binary and is not written to a terminal; write it to a file with -o out.xlsx").count == 3)
    }

    @Test func aWorkbookGoesThroughAPipe() throws {
        let executable = try #require(ontrackExecutable)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["assess", "--panel", "\(shapes)/workbook.xlsx", "--targets", "\(shapes)/workbook-targets.csv", "-f", "xlsx"] + year
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(XLSXReader.isZIP(bytes.prefix(4)))
        #expect(try XLSXReader.cells(bytes, file: "pipe").cells.count > 3 * 20)
    }

    @Test func bomStartsCSVAndTSVOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func bytes(_ arguments: [String], file: String) throws -> [UInt8] {
            let out = folder.url.appendingPathComponent(file)
            let run = try ontrack(arguments + ["-o", out.path])
            #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
            return [UInt8](try Data(contentsOf: out))
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let dataset = try bytes(["assess", "Datasets/chongqing", "--bom"], file: "a.csv")
        #expect(Array(dataset.prefix(3)) == bom)
        #expect(Array(dataset.dropFirst(3).prefix(9)) == Array("target_id".utf8))
        #expect(Array(try bytes(["summary", "Datasets/chongqing", "--bom"], file: "s.tsv").prefix(3)) == bom)
        #expect(try bytes(["assess", "Datasets/chongqing", "--bom"], file: "a.json").first == UInt8(ascii: "["))
        #expect(Array(try bytes(["assess", "Datasets/chongqing"], file: "plain.csv").prefix(9)) == Array("target_id".utf8))
        // Panels, streamed or read whole.
        let panel = ["assess", "--panel", "\(shapes)/workbook-panel.csv", "--targets", "\(shapes)/workbook-targets.csv", "--bom"]
        for extra in [[], ["--no-streaming"]] {
            let p = try bytes(panel + extra, file: "p.csv")
            #expect(Array(p.prefix(3)) == bom)
            let marks = p.indices.dropLast(2).filter { p[$0] == 0xEF && p[$0 + 1] == 0xBB && p[$0 + 2] == 0xBF }
            #expect(marks == [0], "one mark, before the header only")
        }
        #expect(Array(try bytes(panel, file: "p.tsv").prefix(3)) == bom)
        #expect(try bytes(panel, file: "p.jsonl").first == UInt8(ascii: "{"))
    }

    @Test func helpNamesTheNewOptions() throws {
        let run = try ontrack(["assess", "--help"])
        #expect(run.stdout.contains("xlsx"))
        #expect(run.stdout.contains("--bom"))
        #expect(run.stdout.contains("--sheet"))
        #expect(run.stdout.contains("--targets-sheet"))
    }

    /// The cells of a workbook hold the CSV table: the header, then each field as a number cell
    /// when it is a number (the same Double), as a string cell otherwise, and no cell when empty.
    private func expectSameTable(_ cells: [XLSXReader.Cell], csv: [[String]]) throws {
        var byPlace: [[Int]: XLSXReader.Cell] = [:]
        for c in cells { byPlace[[c.row, c.column]] = c }
        #expect(byPlace.count == cells.count)
        var seen = 0
        for (r, row) in csv.enumerated() {
            for (c, field) in row.enumerated() {
                let cell = byPlace[[r + 1, c]]
                if field.isEmpty {
                    #expect(cell == nil, "row \(r + 1) column \(c)")
                    continue
                }
                seen += 1
                if r > 0, let v = Double(field) {
                    // A number column's cells are numbers; a text column may hold "3" as text.
                    // libxlsxwriter writes 16 significant digits (%.16G; Excel shows 15).
                    switch cell?.value {
                    case .number(let x): #expect(abs(x - v) <= 1e-15 * max(abs(v), 1e-300), "row \(r + 1) column \(c): \(field)")
                    case .text(let t): #expect(t == field, "row \(r + 1) column \(c)")
                    default: Issue.record("row \(r + 1) column \(c): \(field) is \(String(describing: cell))")
                    }
                } else {
                    #expect(cell?.value == .text(field), "row \(r + 1) column \(c): \(field)")
                }
            }
        }
        #expect(seen == cells.count)
    }
}
