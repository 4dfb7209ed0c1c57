import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Text with a CJK character outside any element marked `lang="zh"` (or `zh-…`), walking the
/// XML-well-formed HTML. Returns the offending texts.
func unmarkedChinese(_ markup: String) -> [String] {
    final class Walker: NSObject, XMLParserDelegate {
        var langs: [String?] = []
        var bad: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            langs.append(attributes["lang"] ?? attributes["xml:lang"])
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = langs.popLast()
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            let cjk = string.unicodeScalars.contains { (0x3000...0x303F).contains($0.value) || (0x3400...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
            guard cjk else { return }
            let lang = langs.last(where: { $0 != nil }) ?? nil
            if !(lang?.hasPrefix("zh") ?? false) { bad.append(string) }
        }
    }
    let walker = Walker()
    let parser = XMLParser(data: Data(markup.utf8))
    parser.delegate = walker
    #expect(parser.parse(), "well-formed")
    return walker.bad
}

@Suite("ontrack report: a briefing that leads with the answer")
struct ReportCommandTests {
    static let dataset = "Datasets/chongqing"

    /// The headline's numbers are the scorecard's: the same targets due, met and missed.
    @Test func theHeadlineStatesTheScorecardsAnswer() throws {
        let report = try ontrack(["report", Self.dataset, "--lang", "en", "--evaluation-year", "2026"])
        #expect(report.status == 0, "\(report.stderr)")
        let card = try ontrack(["scorecard", Self.dataset, "--evaluation-year", "2026", "--format", "csv"])
        #expect(card.status == 0, "\(card.stderr)")
        let total = try #require(try csvObjects(card.stdout).first { $0.values.contains("total") })
        let due = try #require(total["due"]), met = try #require(total["achieved"]), missed = try #require(total["missed"])
        #expect(report.stdout.contains("Due in 2021–2025: \(due) — \(met) met, \(missed) missed"))
        // Title from the dataset's about.csv, never the folder name.
        #expect(report.stdout.contains("<h1>Chongqing&#39;s") || report.stdout.contains("<h1>Chongqing's"))
        #expect(!report.stdout.contains("Briefing on plan targets: chongqing"))
        #expect(report.stdout.contains("Scorecard: targets due in 2021–2025"))
        #expect(report.stdout.contains("ontrack gaps Datasets/chongqing"))
        #expect(!report.stdout.contains("Annex"), "the annex only with --full")
    }

    @Test func documentTitlesComeFromDocumentsCSVInEitherLanguage() throws {
        let en = try ontrack(["report", Self.dataset, "--lang", "en"])
        #expect(en.stdout.contains("Implementation Plan for Comprehensive Energy Conservation and Emission Reduction"))
        let zh = try ontrack(["report", Self.dataset])
        #expect(zh.stdout.contains("重庆市“十四五”节能减排综合工作实施方案（渝府发〔2022〕39号）"))
    }

    @Test func fullAddsTheAnnexAndTitleOverrides() throws {
        let brief = try ontrack(["report", Self.dataset, "--lang", "en"])
        let full = try ontrack(["report", Self.dataset, "--lang", "en", "--full", "--title", "Where the plan stands"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("<h1>Where the plan stands</h1>"))
        #expect(full.stdout.contains("Annex: every target"))
        let figures = { (s: String) in s.components(separatedBy: "<figure").count - 1 }
        #expect(figures(full.stdout) > figures(brief.stdout) + 100)
        #expect(isWellFormedXML(full.stdout))
    }

    /// English output in English: every Chinese text left (names as written, unknown units) is
    /// inside an element marked lang="zh" — in the tables and in the inline charts.
    @Test func englishHasNoUnmarkedChinese() throws {
        for extra in [[], ["--full"]] {
            let run = try ontrack(["report", Self.dataset, "--lang", "en"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let bad = unmarkedChinese(run.stdout)
            #expect(bad.isEmpty, "\(extra): \(bad.prefix(10))")
        }
    }

    /// Sort controls are reachable by keyboard: a focusable element with the button role in every
    /// header of a sortable table.
    @Test func sortControlsAreKeyboardButtons() throws {
        let run = try ontrack(["report", Self.dataset, "--full"])
        let heads = run.stdout.components(separatedBy: "<th scope=\"col\">").dropFirst()
        #expect(heads.count > 20)
        let sortable = run.stdout.components(separatedBy: "<table class=\"sortable").dropFirst()
        for table in sortable {
            let head = table.components(separatedBy: "</thead>")[0]
            let cells = head.components(separatedBy: "<th ").count - 1
            let buttons = head.components(separatedBy: "role=\"button\" tabindex=\"0\"").count - 1
            #expect(cells == buttons && cells > 0)
        }
        #expect(run.stdout.contains("e.key === 'Enter'"))
    }
}
