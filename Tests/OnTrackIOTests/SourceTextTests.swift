import Testing
@testable import OnTrackIO

@Suite("SourceText: quotes against cited lines")
struct SourceTextTests {
    static let text = """
        专栏1  主要指标
        \t序号
        \t货物进出口总额（亿元）
        \t6500
        \t8000

        到2025年，高新技术企业突破8000家。
        """

    @Test func collapseTurnsEveryRunOfWhiteSpaceIntoOneSpace() {
        #expect(SourceText.collapse("  a \t\n\n b\u{3000}c  ") == "a b c")
        #expect(SourceText.collapse("") == "")
    }

    @Test func aQuoteMaySpanTableCellsOnSeveralLines() {
        let s = SourceText(name: "s.txt", text: Self.text)
        #expect(s.lines.count == 7)
        #expect(s.contains("货物进出口总额（亿元） 6500 8000", lines: 3...5))
        #expect(s.contains("货物进出口总额（亿元）\t6500\n8000", lines: 3...5))
        // Not within the cited lines, although in the file.
        #expect(!s.contains("货物进出口总额（亿元） 6500 8000", lines: 3...4))
        #expect(!s.contains("高新技术企业突破8000家", lines: 1...6))
        #expect(s.contains("高新技术企业突破8000家", lines: 7...7))
    }

    @Test func fullWidthCharactersMustMatchExactly() {
        let s = SourceText(name: "s.txt", text: Self.text)
        #expect(!s.contains("货物进出口总额(亿元)", lines: 3...3))
    }

    @Test func linesOutsideTheFileMatchNothing() {
        let s = SourceText(name: "s.txt", text: Self.text)
        #expect(!s.contains("专栏1", lines: 0...1))
        #expect(!s.contains("突破8000家", lines: 7...8))
    }

    @Test func findsTheLineWhereAMisplacedQuoteIs() {
        let s = SourceText(name: "s.txt", text: Self.text)
        #expect(s.lines(containing: "高新技术企业突破8000家") == [7])
        #expect(s.lines(containing: "6500 8000") == [4])
        #expect(s.lines(containing: "8000") == [5, 7])
        #expect(s.lines(containing: "没有") == [])
    }

    @Test func longestMatchingPrefixShowsWhereAQuoteStopsMatching() {
        let s = SourceText(name: "s.txt", text: Self.text)
        #expect(s.longestMatchingPrefix(of: "高新技术企业突破9000家", lines: 7...7) == "高新技术企业突破")
        #expect(s.longestMatchingPrefix(of: "无", lines: 7...7) == "")
    }

    @Test func carriageReturnsAreNotPartOfLines() {
        let s = SourceText(name: "s.txt", text: "第一行\r\n第二行 2025年\r\n")
        #expect(s.lines == ["第一行", "第二行 2025年"])
        #expect(s.contains("第一行 第二行", lines: 1...2))
    }
}
