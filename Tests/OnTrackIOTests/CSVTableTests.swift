import Testing
@testable import OnTrackIO

@Suite("CSVTable")
struct CSVTableTests {
    @Test func missingRequiredColumnIsNamed() throws {
        do {
            _ = try CSVTable(bytes: Array("id,name\n1,a\n".utf8), file: "x.csv", required: ["id", "unit", "name"])
            Issue.record("expected a missing-column error")
        } catch {
            #expect(error.file == "x.csv")
            #expect(error.line == 1)
            #expect(error.message.contains("missing column unit"))
            #expect(error.message.contains("id, name"))
        }
    }

    @Test func duplicateColumnPointsAtTheSecondOne() throws {
        do {
            _ = try CSVTable(bytes: Array("id,名称,id\n1,a,2\n".utf8), file: "d.csv", required: [])
            Issue.record("expected a duplicate-column error")
        } catch {
            #expect(error.message.contains("duplicate column id"))
            #expect(error.line == 1)
            #expect(error.column == 7) // i d , 名 称 , -> the second id starts at 7
        }
    }

    @Test func headerAfterBlankLinesKeepsItsLine() throws {
        do {
            _ = try CSVTable(bytes: Array("\n\na,a\n".utf8), file: "d.csv", required: [])
            Issue.record("expected a duplicate-column error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 3)
        }
    }

    @Test func emptyFileIsAnError() throws {
        do {
            _ = try CSVTable(bytes: [], file: "empty.csv", required: ["id"])
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "empty.csv")
            #expect(error.message.contains("empty"))
        }
    }

    @Test func columnsAreFoundByNameInAnyOrder() throws {
        let a = try CSVTable(bytes: Array("id,unit,value\nx,亿元,1\n".utf8), file: "a.csv", required: ["value", "id"])
        let b = try CSVTable(bytes: Array("value,extra, id ,unit\n1,?,x,亿元\n".utf8), file: "b.csv", required: ["value", "id"])
        for t in [a, b] {
            let row = try #require(t.rows.first)
            #expect(t.text("id", in: row) == "x")
            #expect(t.text("unit", in: row) == "亿元")
            #expect(t.text("value", in: row) == "1")
            #expect(t.text("absent", in: row) == "")
            #expect(t.field("absent", in: row) == nil)
            #expect(t.has("unit"))
            #expect(!t.has("absent"))
        }
        // The field keeps its place in the file.
        let row = try #require(b.rows.first)
        #expect(b.field("unit", in: row)?.column == 7)
        #expect(b.field("unit", in: row)?.line == 2)
    }

    @Test func textIsTrimmedOfSpacesTabsAndIdeographicSpace() throws {
        let t = try CSVTable(bytes: Array("a,b\n\"  x \t\",\u{3000}货物\u{3000}\n".utf8), file: "t.csv", required: [])
        let row = try #require(t.rows.first)
        #expect(t.text("a", in: row) == "x")
        #expect(t.text("b", in: row) == "货物")
        #expect(t.field("a", in: row)?.text == "  x \t")
    }

    @Test
    func trailingCRLFIsTrimmed() throws {
        let t = try CSVTable(bytes: Array("a,b\r\n\"x\r\n\",y\r\n".utf8), file: "t.csv", required: [])
        let row = try #require(t.rows.first)
        #expect(t.text("a", in: row) == "x")
    }

    @Test func widthError() throws {
        let t = try CSVTable(bytes: Array("a,b,c\n1,2,3\n1,2\n1,2,3,4\n".utf8), file: "w.csv", required: [])
        try #require(t.rows.count == 3)
        #expect(t.widthError(t.rows[0]) == nil)
        let short = try #require(t.widthError(t.rows[1]))
        #expect(short.file == "w.csv")
        #expect(short.line == 3)
        #expect(short.message.contains("2 fields"))
        #expect(short.message.contains("header has 3"))
        let long = try #require(t.widthError(t.rows[2]))
        #expect(long.line == 4)
        #expect(long.column == 7) // the last field
        #expect(long.message.contains("4 fields"))
    }

    @Test func errorPointsAtTheCell() throws {
        let t = try CSVTable(bytes: Array("name,value\n货物进出口,12x\nshort\n".utf8), file: "e.csv", required: [])
        let e = t.error("bad", column: "value", in: t.rows[0])
        #expect(e == LocatedError(file: "e.csv", line: 2, column: 7, message: "bad"))
        // A missing cell points at the start of the row.
        let m = t.error("missing", column: "value", in: t.rows[1])
        #expect(m.line == 3 && m.column == 1)
    }
}
