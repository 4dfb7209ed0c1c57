import Testing
@testable import OnTrackIO

@Suite("PanelTable")
struct PanelTableTests {
    @Test func theTSVOfThePanelWriterReadsBackTyped() {
        let header = PanelWriter.columns.joined(separator: "\t")
        var cells = Array(repeating: "", count: PanelWriter.columns.count)
        func set(_ column: String, _ value: String) { cells[PanelWriter.columns.firstIndex(of: column)!] = value }
        set("target_id", "t1"); set("series_id", "ABW:SP.DYN.LE00.IN"); set("status", "on_track")
        set("latest_year", "2023"); set("latest", "76.3"); set("p_reach", "0.873"); set("explanation", "a b")
        let table = PanelTable.table(tsv: header + "\n" + cells.joined(separator: "\t") + "\n")
        #expect(table.columns == PanelWriter.columns)
        #expect(table.rows.count == 1)
        let row = table.rows[0]
        func cell(_ column: String) -> Cell { row[PanelWriter.columns.firstIndex(of: column)!] }
        #expect(cell("target_id") == .text("t1"))
        #expect(cell("latest_year") == .integer(2023))
        #expect(cell("target_year") == .integer(nil))
        #expect(cell("latest") == .number(76.3))
        #expect(cell("aim") == .number(nil))
        #expect(cell("explanation") == .text("a b"))
        // p_reach shown to two decimals, right-aligned.
        let lines = OutputFormat.table.encode(AssessmentReport.select(table, columns: ["target_id", "p_reach"])).split(separator: "\n")
        #expect(lines.last.map(String.init) == "t1" + String(repeating: " ", count: 12) + "0.87")
    }

    @Test func theCompactColumnsAreRankedAndArePanelColumns() {
        #expect(Set(PanelTable.tableImportance) == Set(PanelTable.tableColumns))
        #expect(PanelTable.tableColumns.allSatisfy(PanelWriter.columns.contains))
    }

    @Test func anEmptyOutputIsAnEmptyTable() {
        #expect(PanelTable.table(tsv: "").rows.isEmpty)
    }
}
