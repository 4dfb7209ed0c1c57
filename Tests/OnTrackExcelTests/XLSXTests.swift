import Foundation
import OnTrackCore
import OnTrackExcel
import OnTrackIO
import OnTrackNumerics
import Testing
import ZIPFoundation

/// A workbook written by ``XLSXSheetWriter`` and read back by ``XLSXReader``.
@Suite struct XLSXRoundTripTests {
    static let table = ReportTable(
        columns: ["target_id", "status", "year", "value", "note"],
        rows: [
            [.text("t1"), .text("on_track"), .integer(2020), .number(1.5), .text("=1+2")],
            [.text("t2"), .text("missed"), .integer(nil), .number(nil), .text("")],
            [.text("t3"), .text("not a status"), .integer(-3), .number(.nan), .text("货物进出口总额, \"quoted\"")],
            [.text("t4"), .text("needs_acceleration"), .integer(7), .number(.infinity), .text("@SUM(A1)")],
        ])

    @Test func numbersAreNumberCellsAndMissingValuesAreEmpty() throws {
        let bytes = try XLSXSheetWriter.bytes(Self.table, sheetName: "results")
        let (sheet, cells) = try XLSXReader.cells(Data(bytes), file: "out.xlsx")
        #expect(sheet == "results")
        func at(_ ref: String) -> XLSXReader.Cell.Value? { cells.first { $0.reference == ref }?.value }
        #expect((0..<5).map { at(XLSXReader.columnName($0) + "1") } == ["target_id", "status", "year", "value", "note"].map { .text($0) })
        #expect(at("C2") == .number(2020))
        #expect(at("D2") == .number(1.5))
        #expect(at("C4") == .number(-3))
        // Missing, NaN and infinity are empty cells: nothing in the file.
        #expect(at("C3") == nil)
        #expect(at("D3") == nil)
        #expect(at("D4") == nil)
        #expect(at("D5") == nil)
        #expect(at("E3") == nil)
        // Text that looks like a formula is a string cell, exactly as given.
        #expect(at("E2") == .text("=1+2"))
        #expect(at("E5") == .text("@SUM(A1)"))
        #expect(at("E4") == .text("货物进出口总额, \"quoted\""))
    }

    @Test func theCSVOfTheSheetIsTheTable() throws {
        let bytes = try XLSXSheetWriter.bytes(Self.table)
        let sheet = try XLSXReader.read(Data(bytes), file: "out.xlsx")
        #expect(sheet.firstRow == 1)
        #expect(String(decoding: sheet.csv, as: UTF8.self) == #"""
            target_id,status,year,value,note
            t1,on_track,2020,1.5,=1+2
            t2,missed,,,
            t3,not a status,-3,,"货物进出口总额, ""quoted"""
            t4,needs_acceleration,7,,@SUM(A1)

            """#)
    }

    @Test func forSpreadsheetNeutralisesFormulaTextAsCSVDoes() throws {
        let bytes = try XLSXSheetWriter.bytes(Self.table, forSpreadsheet: true)
        let (_, cells) = try XLSXReader.cells(Data(bytes), file: "out.xlsx")
        #expect(cells.first { $0.reference == "E2" }?.value == .text("'=1+2"))
        #expect(cells.first { $0.reference == "E5" }?.value == .text("'@SUM(A1)"))
        #expect(cells.first { $0.reference == "C4" }?.value == .number(-3))
    }

    @Test func statusCellsAreFilledWithTheChartColours() throws {
        let bytes = try XLSXSheetWriter.bytes(Self.table)
        let (_, cells) = try XLSXReader.cells(Data(bytes), file: "out.xlsx")
        let fills = try WorkbookStyles(Data(bytes))
        func fill(_ ref: String) -> String? {
            guard let c = cells.first(where: { $0.reference == ref }) else { return nil }
            return fills.fillColour(style: c.style)
        }
        #expect(fill("B2") == "FF4D9FC4")   // on_track, StatusPalette
        #expect(fill("B3") == "FF6B1F1B")   // missed
        #expect(fill("B5") == "FFE5A33B")   // needs_acceleration
        #expect(fill("B4") == nil)          // not a status: no fill
        #expect(fill("A2") == nil)
        // The header is bold, frozen and filtered.
        #expect(fills.isBold(style: try #require(cells.first { $0.reference == "A1" }).style))
        let sheetXML = try WorkbookStyles.part(Data(bytes), "xl/worksheets/sheet1.xml")
        #expect(sheetXML.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheetXML.contains(#"<autoFilter ref="A1:E5"/>"#))
        #expect(sheetXML.contains("<cols>"))
    }

    @Test func constantMemoryWritesTheSameCells() throws {
        let writer = try XLSXSheetWriter(columns: Self.table.columns, constantMemory: true)
        for row in Self.table.rows { try writer.append(row) }
        let streamed = try XLSXReader.cells(Data(try writer.finish()), file: "a.xlsx").cells.map(\.value)
        let whole = try XLSXReader.cells(Data(try XLSXSheetWriter.bytes(Self.table)), file: "b.xlsx").cells.map(\.value)
        #expect(streamed == whole)
        #expect(streamed.count == 5 + 15)
    }

    @Test func aRowOfTheWrongWidthIsAnError() throws {
        let writer = try XLSXSheetWriter(columns: ["a", "b"])
        #expect(throws: XLSXWriteError.self) { try writer.append([.text("x")]) }
    }

    @Test func sheetNamesAreMadeAcceptable() throws {
        let bytes = try XLSXSheetWriter.bytes(ReportTable(columns: ["a"]), sheetName: "a/b:c[d]*e?f\\g and a name longer than 31")
        let name = try XLSXReader.sheetNames(Data(bytes), file: "x.xlsx")
        #expect(name == ["a_b_c_d__e_f_g and a name longe"])
    }
}

/// Workbooks written by hand, as other programs write them.
@Suite struct XLSXReaderTests {
    /// A workbook with the given sheets (name, sheet XML) and shared strings.
    static func workbook(_ sheets: [(String, String)], sharedStrings: String? = nil, relationships: Bool = true) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let ns = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        let list = sheets.enumerated().map { i, s in #"<sheet name="\#(s.0)" sheetId="\#(i + 1)" r:id="rId\#(i + 7)"/>"# }.joined()
        try add("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook \#(ns)><sheets>\#(list)</sheets></workbook>"#)
        if relationships {
            // Targets out of the usual order, one absolute: the relationships decide.
            let rels = sheets.indices.map { i in
                #"<Relationship Id="rId\#(i + 7)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="\#(i == 0 ? "/xl/worksheets/data.xml" : "worksheets/other\(i).xml")"/>"#
            }.joined()
            try add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels)</Relationships>"#)
        }
        for (i, s) in sheets.enumerated() {
            let path = relationships ? (i == 0 ? "xl/worksheets/data.xml" : "xl/worksheets/other\(i).xml") : "xl/worksheets/sheet\(i + 1).xml"
            try add(path, #"<?xml version="1.0" encoding="UTF-8"?><worksheet \#(ns)><sheetData>\#(s.1)</sheetData></worksheet>"#)
        }
        if let sharedStrings {
            try add("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst \#(ns)>\#(sharedStrings)</sst>"#)
        }
        return try #require(archive.data)
    }

    static let strings = """
        <si><t>series_id</t></si><si><t>year</t></si><si><t>value</t></si>
        <si><r><t>north</t></r><r><rPr><b/></rPr><t xml:space="preserve">:income</t></r><rPh><t>ignored</t></rPh></si>
        <si><t>line_x000D_break, "q"</t></si>
        """

    @Test func sharedInlineBooleanErrorAndFormulaCellsWithGaps() throws {
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>flag</t></is></c></row>
            <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>2015</v></c><c r="C2"><v>1.0000000000000001E-2</v></c><c r="E2" t="b"><v>1</v></c></row>
            <row r="4"><c r="A4" t="str"><f>A2</f><v>north:income</v></c><c r="B4"><f>B2+1</f><v>2016</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="s"><v>4</v></c></row>
            <row><c t="inlineStr"><is><t>south</t></is></c><c><v>2017</v></c><c><v>3.25</v></c></row>
            """
        let data = try Self.workbook([("Data", sheet)], sharedStrings: Self.strings)
        let read = try XLSXReader.read(data, file: "hand.xlsx")
        #expect(read.name == "Data")
        #expect(String(decoding: read.csv, as: UTF8.self) == #"""
            series_id,year,value,,flag
            north:income,2015,0.01,,TRUE

            north:income,2016,#N/A,"line\rbreak, ""q""",
            south,2017,3.25,,

            """#.replacingOccurrences(of: "\\r", with: "\r"))
    }

    @Test func theChosenSheetOrAnErrorListingTheSheets() throws {
        let data = try Self.workbook([("notes", #"<row r="1"><c r="A1" t="inlineStr"><is><t>about</t></is></c></row>"#),
                                      ("Panel 2", #"<row r="3"><c r="B3"><v>7</v></c></row>"#)])
        #expect(try XLSXReader.sheetNames(data, file: "w.xlsx") == ["notes", "Panel 2"])
        let second = try XLSXReader.read(data, file: "w.xlsx", sheet: "panel 2")
        #expect(second.name == "Panel 2")
        #expect(second.firstRow == 3)
        #expect(String(decoding: second.csv, as: UTF8.self) == ",7\n")
        let error = #expect(throws: XLSXReadError.self) { try XLSXReader.read(data, file: "w.xlsx", sheet: "Sheet1") }
        #expect(error?.message == "w.xlsx: no sheet named 'Sheet1'; the sheets are 'notes', 'Panel 2'")
    }

    @Test func withoutRelationshipsTheUsualPartNames() throws {
        let data = try Self.workbook([("only", #"<row r="1"><c r="A1"><v>1</v></c></row>"#)], relationships: false)
        #expect(String(decoding: try XLSXReader.read(data, file: "w.xlsx").csv, as: UTF8.self) == "1\n")
    }

    @Test func damagedWorkbooksAreClearErrors() throws {
        let good = try Self.workbook([("s", #"<row r="1"><c r="A1" t="s"><v>9</v></c></row>"#)], sharedStrings: Self.strings)
        let missingString = #expect(throws: XLSXReadError.self) { try XLSXReader.read(good, file: "w.xlsx") }
        #expect(missingString?.message == "w.xlsx[s]!A1: the shared string 9 does not exist (the workbook is damaged)")

        let cut = #expect(throws: XLSXReadError.self) { try XLSXReader.read(good.prefix(good.count / 2), file: "cut.xlsx") }
        #expect(cut?.message.hasPrefix("cut.xlsx: not a readable .xlsx workbook") == true)

        let notZip = #expect(throws: XLSXReadError.self) { try XLSXReader.read(Data("a,b\n1,2\n".utf8), file: "t.xlsx") }
        #expect(notZip?.message.contains("does not start as a ZIP archive does") == true)

        let badXML = try Self.workbook([("s", #"<row r="1"><c r="A1" t=n><v>1</v></c></row>"#)])
        let malformed = #expect(throws: XLSXReadError.self) { try XLSXReader.read(badXML, file: "x.xlsx") }
        #expect(malformed?.message.hasPrefix("x.xlsx:xl/worksheets/data.xml: malformed XML") == true)
    }

    @Test func readerPlacesMapBackToCells() throws {
        let sheet = """
            <row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="B2" t="inlineStr"><is><t>year</t></is></c><c r="D2" t="inlineStr"><is><t>value</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>two\nlines, "q"</t></is></c><c r="B3"><v>2015</v></c><c r="D3" t="inlineStr"><is><t>x</t></is></c></row>
            <row r="5"><c r="A5" t="inlineStr"><is><t>汉字</t></is></c><c r="B5"><v>2016</v></c><c r="D5"><v>1</v></c></row>
            """
        let read = try XLSXReader.read(try Self.workbook([("s", sheet)]), file: "w.xlsx")
        let csv = String(decoding: read.csv, as: UTF8.self)
        #expect(csv == "id,year,,value\n\"two\nlines, \"\"q\"\"\",2015,,x\n\n汉字,2016,,1\n")
        #expect(read.firstRow == 2)
        #expect(read.reference(line: 1, column: 1) == "A2")
        #expect(read.reference(line: 1, column: 9) == "C2")   // the comma before value
        #expect(read.reference(line: 1, column: 10) == "D2")
        // Line 2 is row 3; its cell spans line 3 too, so row 4 is line 4 (blank) and row 5 line 5.
        #expect(read.reference(line: 2, column: 1) == "A3")
        #expect(read.reference(line: 2, column: 12) == nil || read.reference(line: 2, column: 12) == "A3")
        #expect(read.reference(line: 4, column: 1) == "A4")
        #expect(read.reference(line: 5, column: 1) == "A5")
        #expect(read.reference(line: 5, column: 4) == "B5")   // characters, not bytes: 汉字 are two
        #expect(read.reference(line: 5, column: 10) == "D5")
        #expect(read.reference(line: 0, column: 0) == nil)
        #expect(read.reference(line: 6, column: 1) == nil)
    }

    @Test func aPartLargerThanTheLimitIsRefused() throws {
        let rows = (1...200).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c></row>"# }.joined()
        let data = try Self.workbook([("big", rows)])
        #expect(try XLSXReader.read(data, file: "w.xlsx").csv.count > 200)
        let error = #expect(throws: XLSXReadError.self) { try XLSXReader.read(data, file: "w.xlsx", maximumPartSize: 1000) }
        #expect(error?.message == "w.xlsx: xl/worksheets/data.xml inflates to more than 1000 bytes: too large to read (or a ZIP bomb); save the sheet as CSV")
    }

    @Test func aSheetOfMoreThanTenMegabytesIsRead() throws {
        // libxml2 refuses a document of more than 10 MB given in one piece (XMLParser(data:)); the
        // sheet is streamed to it instead. 80,000 rows of about 150 bytes: 12 MB of XML.
        let text = String(repeating: "x", count: 100)
        var xml = ""
        xml.reserveCapacity(80_000 * 160)
        for r in 1...80_000 { xml += #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>\#(text)</t></is></c></row>"# }
        #expect(xml.utf8.count > 11_000_000)
        let read = try XLSXReader.read(try Self.workbook([("big", xml)]), file: "big.xlsx")
        #expect(read.csv.count == 80_000 * 101)
        #expect(read.reference(line: 80_000, column: 1) == "A80000")
    }

    @Test func cellReferences() {
        #expect(XLSXReader.columnName(0) == "A")
        #expect(XLSXReader.columnName(25) == "Z")
        #expect(XLSXReader.columnName(26) == "AA")
        #expect(XLSXReader.columnName(16383) == "XFD")
        #expect(XLSXReader.isZIP([0x50, 0x4B, 0x03, 0x04, 0x14]))
        #expect(!XLSXReader.isZIP(Array("PK".utf8)))
    }
}

/// The fills and fonts of a workbook's cell formats (`xl/styles.xml`), read just enough to check
/// the colours and the bold header.
struct WorkbookStyles {
    var fills: [String?] = []
    var bold: [Bool] = []
    var formats: [(fill: Int, font: Int)] = []

    init(_ data: Data) throws {
        let xml = try Self.part(data, "xl/styles.xml")
        func section(_ name: String) -> String {
            guard let a = xml.range(of: "<\(name)"), let b = xml.range(of: "</\(name)>", range: a.upperBound..<xml.endIndex) else { return "" }
            return String(xml[a.upperBound..<b.lowerBound])
        }
        func attribute(_ name: String, in element: Substring) -> String? {
            guard let r = element.range(of: " \(name)=\"") else { return nil }
            return String(element[r.upperBound...].prefix { $0 != "\"" })
        }
        fills = section("fills").components(separatedBy: "<fill>").dropFirst().map { f in
            f.contains("patternType=\"solid\"") ? attribute("rgb", in: Substring(f)) : nil
        }
        bold = section("fonts").components(separatedBy: "<font>").dropFirst().map { $0.contains("<b/>") }
        formats = section("cellXfs").components(separatedBy: "<xf ").dropFirst().map { x in
            (Int(attribute("fillId", in: Substring(" " + x)) ?? "0") ?? 0, Int(attribute("fontId", in: Substring(" " + x)) ?? "0") ?? 0)
        }
    }

    func fillColour(style: Int) -> String? {
        guard formats.indices.contains(style), fills.indices.contains(formats[style].fill) else { return nil }
        return fills[formats[style].fill]
    }

    func isBold(style: Int) -> Bool {
        formats.indices.contains(style) && bold.indices.contains(formats[style].font) && bold[formats[style].font]
    }

    static func part(_ data: Data, _ path: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path])
        var out = Data()
        _ = try archive.extract(entry) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }
}
