import Testing
@testable import OnTrackIO

@Suite("TableFit")
struct TableFitTests {
    /// Column widths (header or widest cell): id 6, status 17, name 8 (four CJK characters), value 7, note 40.
    static let table = ReportTable(
        columns: ["id", "name", "value", "status", "note"],
        rows: [
            [.text("t.0001"), .text("货物进出"), .number(8006.8), .text("insufficient_data"), .text(String(repeating: "n", count: 40))],
            [.text("t.2"), .text("外资"), .number(nil), .text("missed"), .text("short")],
        ],
        maxDisplayWidth: ["note": 60],
        importance: ["id", "status", "value", "name", "note"]
    )

    /// The display width of the widest line of the table as encoded.
    func encodedWidth(_ t: ReportTable) -> Int {
        OutputFormat.table.encode(t).split(separator: "\n").map { DisplayWidth.of(String($0)) }.max() ?? 0
    }

    @Test func aTableThatFitsIsLeftAsItIs() {
        // 6 + 8 + 7 + 17 + 40 and four gaps of 2 = 86.
        #expect(encodedWidth(Self.table) == 86)
        let fit = TableFit.fit(Self.table, width: 86)
        #expect(fit.table.columns == Self.table.columns)
        #expect(fit.dropped.isEmpty && fit.shortened.isEmpty)
        #expect(fit.width == 86)
    }

    /// Given width → columns kept, dropped and cut, with the rendered width checked against the limit.
    @Test(arguments: [
        // The note is cut to the room left (at least 12 columns) before it is dropped.
        (85, ["id", "name", "value", "status", "note"], [String](), ["note"]),
        (58, ["id", "name", "value", "status", "note"], [], ["note"]),
        // 6+2+17+2+7+2+8 = 44: 11 columns left for the note, under its minimum of 12: dropped.
        (57, ["id", "name", "value", "status"], ["note"], []),
        (44, ["id", "name", "value", "status"], ["note"], []),
        // Without room for the name (8 display columns: CJK counts two), the less important name goes first.
        (43, ["id", "value", "status"], ["name", "note"], []),
        (34, ["id", "value", "status"], ["name", "note"], []),
        (33, ["id", "status"], ["name", "value", "note"], []),
        (25, ["id", "status"], ["name", "value", "note"], []),
        // A narrower column further down the order is kept when a wider, more important one is not.
        (24, ["id", "value"], ["name", "status", "note"], []),
        (15, ["id", "value"], ["name", "status", "note"], []),
        (14, ["id"], ["name", "value", "status", "note"], []),
        (8, ["id"], ["name", "value", "status", "note"], []),
        // The most important column stays however narrow the terminal.
        (3, ["id"], ["name", "value", "status", "note"], []),
    ] as [(Int, [String], [String], [String])])
    func columnsKeptForAWidth(width: Int, kept: [String], dropped: [String], shortened: [String]) {
        let fit = TableFit.fit(Self.table, width: width)
        #expect(fit.table.columns == kept)
        #expect(fit.dropped == dropped)
        #expect(fit.shortened == shortened)
        let actual = encodedWidth(fit.table)
        #expect(fit.width == actual)
        if width >= 6 { #expect(actual <= width) }
    }

    @Test func aCutTextEndsInAnEllipsisAndKeepsItsRows() {
        let fit = TableFit.fit(Self.table, width: 60)
        #expect(fit.table.rows.count == 2)
        #expect(fit.table.maxDisplayWidth["note"] == 14)
        let lines = OutputFormat.table.encode(fit.table).split(separator: "\n")
        #expect(lines[2].hasSuffix(String(repeating: "n", count: 13) + "…"))
        #expect(lines[3].hasSuffix("short"))
    }

    @Test func columnsNotRankedGoFirstInTableOrder() {
        var t = Self.table
        t.importance = ["status"]
        // Ranked: status (17); then id, name, value, note in table order.
        #expect(TableFit.fit(t, width: 17).table.columns == ["status"])
        #expect(TableFit.fit(t, width: 25).table.columns == ["id", "status"])
        #expect(TableFit.fit(t, width: 35).table.columns == ["id", "name", "status"])
    }

    @Test func cjkTextCountsTwoColumnsACharacter() {
        let t = ReportTable(columns: ["名称", "v"], rows: [[.text("重庆市"), .integer(1)]], importance: ["v", "名称"])
        // 名称 / 重庆市: 6 columns; v: 1; one gap: 9.
        #expect(TableFit.fit(t, width: 9).table.columns == ["名称", "v"])
        #expect(TableFit.fit(t, width: 8).table.columns == ["v"])
    }

    @Test func theAssessTablesImportanceNamesItsColumns() {
        // Every ranked column is a compact column, and every compact column is ranked.
        #expect(Set(AssessmentReport.tableImportance) == Set(AssessmentReport.tableColumns))
        #expect(Set(AlertReport.tableImportance) == Set(AlertReport.tableColumns))
        #expect(AssessmentReport.tableImportance.prefix(3) == ["target_id", "status", "outlook"])
    }

    @Test(arguments: [
        ("120", 100, 120), (nil, 100, 100), ("", 100, 100), ("abc", 90, 90), ("0", nil, 80), (nil, nil, 80), (nil, 0, 80),
    ] as [(String?, Int?, Int)])
    func terminalWidthFromColumnsThenWindowThenDefault(variable: String?, window: Int?, expected: Int) {
        #expect(TableFit.terminalWidth(columnsVariable: variable, window: window) == expected)
    }
}
