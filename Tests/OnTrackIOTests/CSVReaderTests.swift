import Testing
@testable import OnTrackIO

@Suite("CSVReader")
struct CSVReaderTests {
    @Test func plainRows() throws {
        let r = try records("a,b,c\n1,22,333\n")
        try #require(r.count == 2)
        #expect(r[0].fields.map(\.text) == ["a", "b", "c"])
        #expect(r[1].fields.map(\.text) == ["1", "22", "333"])
        #expect(r.map(\.line) == [1, 2])
        #expect(r[0].fields.map(\.column) == [1, 3, 5])
        #expect(r[1].fields.map(\.column) == [1, 3, 6])
        #expect(r[1].fields.allSatisfy { $0.line == 2 })
    }

    @Test func quotedFieldsWithCommasDoubledQuotesAndLineBreaks() throws {
        // Line 1: x,"a,b","say ""hi""","line1
        // Line 2: line2",y
        // Line 3: next
        let text = "x,\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",y\nnext\n"
        let r = try records(text)
        try #require(r.count == 2)
        #expect(r[0].fields.map(\.text) == ["x", "a,b", "say \"hi\"", "line1\nline2", "y"])
        // x at 1; "a,b" (5 chars) at 3; "say ""hi""" (12 chars) at 9; "line1... at 22 on line 1.
        #expect(r[0].fields.map(\.column) == [1, 3, 9, 22, 8])
        #expect(r[0].fields.map(\.line) == [1, 1, 1, 1, 2])
        #expect(r[0].line == 1)
        // The next record starts after the embedded line break.
        #expect(r[1].line == 3)
        #expect(r[1].fields.map(\.text) == ["next"])
        #expect(r[1].fields[0].line == 3 && r[1].fields[0].column == 1)
    }

    @Test func quotedEmptyFieldAndQuotedFieldAlone() throws {
        let r = try records("\"\",a,\"\"\n\"\"\n")
        try #require(r.count == 2)
        #expect(r[0].fields.map(\.text) == ["", "a", ""])
        #expect(r[0].fields.map(\.column) == [1, 4, 6])
        #expect(r[1].fields.map(\.text) == [""])
    }

    @Test func crlfLineEnds() throws {
        let r = try records("a,b\r\nc,\"d\"\r\n\"e\r\nf\",g\r\n")
        try #require(r.count == 3)
        #expect(r[0].fields.map(\.text) == ["a", "b"])
        #expect(r[1].fields.map(\.text) == ["c", "d"])
        #expect(r.map(\.line) == [1, 2, 3])
        #expect(r[1].fields.map(\.column) == [1, 3])
        // A line break inside quotes is kept as written.
        #expect(r[2].fields.map(\.text) == ["e\r\nf", "g"])
        #expect(r[2].fields[1].line == 4)
        #expect(r[2].fields[1].column == 4)
        // No CR leaks into any field outside quotes.
        #expect(!r[0...1].flatMap(\.fields).contains { $0.text.unicodeScalars.contains("\r") })
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,名称\n1,2\n".utf8)
        let r = try CSVReader.parse(bytes, file: "bom.csv")
        try #require(r.count == 2)
        #expect(r[0].fields[0].text == "id")
        #expect(r[0].fields[0].text.unicodeScalars.count == 2)
        #expect(r[0].fields.map(\.column) == [1, 4])
        #expect(r[0].fields[1].text == "名称")
    }

    @Test func bomOnlyIsEmpty() throws {
        #expect(try CSVReader.parse([0xEF, 0xBB, 0xBF], file: "e.csv").isEmpty)
        #expect(try CSVReader.parse([], file: "e.csv").isEmpty)
    }

    @Test func chineseTextAndColumnsInCharacters() throws {
        let r = try records("货物,x\n进出口总额,y,z\n\"亿元,万吨\",w\n")
        try #require(r.count == 3)
        #expect(r[0].fields.map(\.text) == ["货物", "x"])
        // 货物 is two characters (six bytes): x is the fourth character.
        #expect(r[0].fields[1].column == 4)
        #expect(r[1].fields.map(\.column) == [1, 7, 9])
        #expect(r[2].fields.map(\.text) == ["亿元,万吨", "w"])
        // "亿元,万吨" is 7 characters with its quotes, so w is at 9.
        #expect(r[2].fields[1].column == 9)
    }

    @Test(arguments: ["a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2", "a,b\r\n1,2\r\n", "a,b\r1,2", "a,b\r1,2\r"])
    func trailingNewlineOrNone(text: String) throws {
        let r = try records(text)
        #expect(r.map { $0.fields.map(\.text) } == [["a", "b"], ["1", "2"]])
        #expect(r.map(\.line) == [1, 2])
    }

    /// Issue 12, item 4: lone CR line ends (old Mac exports) are line ends for the dataset reader
    /// too, the same rule as the panel readers; a CR inside quotes stays in the field.
    @Test func loneCRLineEnds() throws {
        let r = try records("a,b\r1,\"x\ry\"\r2,3\r")
        #expect(r.map { $0.fields.map(\.text) } == [["a", "b"], ["1", "x\ry"], ["2", "3"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func emptyFields() throws {
        let r = try records(",a,,\n,\n")
        try #require(r.count == 2)
        #expect(r[0].fields.map(\.text) == ["", "a", "", ""])
        #expect(r[0].fields.map(\.column) == [1, 2, 4, 5])
        #expect(r[1].fields.map(\.text) == ["", ""])
    }

    @Test func trailingCommaWithoutNewlineGivesAnEmptyLastField() throws {
        let r = try records("a,b,")
        #expect(r.map { $0.fields.map(\.text) } == [["a", "b", ""]])
    }

    @Test func blankLinesAreSkippedButLineNumbersStayTrue() throws {
        let r = try records("a\n\nb\n\n")
        #expect(r.map { $0.fields.map(\.text) } == [["a"], ["b"]])
        #expect(r.map(\.line) == [1, 3])
    }

    // MARK: Errors

    @Test func unterminatedQuotePointsAtTheFieldStart() throws {
        let e = try #require(csvError("a,b\nc,\"open\nmore,stuff\n", file: "u.csv"))
        #expect(e.file == "u.csv")
        #expect(e.line == 2)
        #expect(e.column == 3)
        #expect(e.message.contains("never closed"))
        #expect(e.description == "u.csv:2:3: \(e.message)")
    }

    @Test func quoteInsideUnquotedField() throws {
        let e = try #require(csvError("id,name\n1,ab\"c\n"))
        #expect(e.line == 2)
        #expect(e.column == 5) // 1 , a b " -> the quote is the fifth character
        #expect(e.message.contains("quote inside an unquoted field"))
    }

    @Test func quoteInsideUnquotedFieldAfterChinese() throws {
        let e = try #require(csvError("货物,进出\"口\n"))
        #expect(e.line == 1)
        #expect(e.column == 6)
    }

    @Test func textAfterClosingQuote() throws {
        let e = try #require(csvError("a,b\n\"ab\"c,d\n"))
        #expect(e.line == 2)
        #expect(e.column == 5) // " a b " c -> c is the fifth character
        #expect(e.message.contains("after the closing quote"))
    }

    @Test func spaceAfterClosingQuoteIsAnError() throws {
        let e = try #require(csvError("x,\"货\" ,y"))
        #expect(e.line == 1)
        #expect(e.column == 6)
    }

    @Test func invalidUTF8() throws {
        let bytes: [UInt8] = Array("a,b\nc,".utf8) + [0xFF, 0x41] + Array(",d\n".utf8)
        let e = try #require(csvError(bytes, file: "bad.csv"))
        #expect(e.file == "bad.csv")
        #expect(e.line == 2)
        #expect(e.column == 3)
        #expect(e.message.contains("UTF-8"))
    }

    @Test func truncatedMultiByteSequenceAfterChinese() throws {
        // 货 then the first two bytes of 物 (E7 89 A9) cut short, in the second field.
        let bytes: [UInt8] = Array("h\n货,".utf8) + [0xE7, 0x89] + Array("\n".utf8)
        let e = try #require(csvError(bytes))
        #expect(e.line == 2)
        #expect(e.column == 3)
    }
}
