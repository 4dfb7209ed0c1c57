import Foundation
import Testing

@Suite("ontrack validate")
struct ValidateCommandTests {
    @Test func theShippedDatasetIsValid() throws {
        let run = try ontrack(["validate", "Datasets/chongqing"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(run.stderr.contains("0 error(s), 0 warning(s) — valid"), "\(run.stderr)")
    }

    /// A copy of the shipped dataset, sources included, with targets.csv edited line by line.
    func brokenCopy(_ edit: (inout [String]) throws -> Void) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let copy = folder.url.appendingPathComponent("chongqing")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Datasets/chongqing"), to: copy)
        let targets = copy.appendingPathComponent("targets.csv")
        var lines = try String(contentsOf: targets, encoding: .utf8).components(separatedBy: "\n")
        try edit(&lines)
        try Data(lines.joined(separator: "\n").utf8).write(to: targets)
        return folder
    }

    /// The 1-based line of the row of `id`, and the row.
    func row(_ id: String, in lines: [String]) throws -> (line: Int, text: String) {
        let i = try #require(lines.firstIndex { $0.hasPrefix(id + ",") }, "no row \(id)")
        return (i + 1, lines[i])
    }

    @Test func aBrokenCopyFailsWithOneMessagePerFault() throws {
        var expected: [String] = []
        let folder = try brokenCopy { lines in
            // Wrong quote: the trade row quotes 9000 where the plan prints 8000.
            var (n, text) = try row("004.c2.17", in: lines)
            #expect(text.contains("进出口总额（亿元） 6500 8000"))
            lines[n - 1] = text.replacingOccurrences(of: "进出口总额（亿元） 6500 8000", with: "进出口总额（亿元） 6500 9000")
            expected.append("targets.csv:\(n):")
            expected.append("quote not found verbatim at lines 480–483 of 004_5b117a5749a753be.txt")
            // Wrong line: life expectancy cited at the lines of the next row.
            (n, text) = try row("004.c2.13", in: lines)
            lines[n - 1] = text.replacingOccurrences(of: ",454,457,", with: ",460,463,")
            expected.append("targets.csv:\(n):")
            expected.append("quote is not at lines 460–463 of 004_5b117a5749a753be.txt; it is found at line 454")
            // Unknown indicator id.
            (n, text) = try row("004.c2.07", in: lines)
            lines[n - 1] = text.replacingOccurrences(of: "004.c2.07,innovation.tech_progress_contribution,", with: "004.c2.07,innovation.tech_progress,")
            expected.append("targets.csv:\(n):11: error: unknown indicator_id innovation.tech_progress")
            // Duplicate target under a new id, appended at the end.
            (_, text) = try row("004.c2.05", in: lines)
            if lines.last == "" { lines.removeLast() }
            lines.append(text.replacingOccurrences(of: "004.c2.05,", with: "004.c2.99,"))
            lines.append("")
            expected.append("targets.csv:\(lines.count - 1):1: error: duplicate target: same indicator, form, bound, value, year and source line as 004.c2.05")
        }
        defer { folder.remove() }
        let run = try ontrack(["validate", folder.url.appendingPathComponent("chongqing").path])
        #expect(run.status == 2)
        for piece in expected { #expect(run.stdout.contains(piece), "missing '\(piece)' in\n\(run.stdout)") }
        #expect(run.stdout.split(separator: "\n").filter { $0.contains(": error: ") }.count == 4, "\(run.stdout)")
        // The renamed indicator is now unused.
        #expect(run.stdout.contains("warning: indicator innovation.tech_progress_contribution has no target and no observation"))
        #expect(run.stderr.contains("4 error(s)"), "\(run.stderr)")
    }

    @Test func findingsAsCSV() throws {
        let folder = try brokenCopy { lines in
            let (n, text) = try row("000.c1.06", in: lines)
            lines[n - 1] = text.replacingOccurrences(of: ",331,", with: ",332,")
        }
        defer { folder.remove() }
        let run = try ontrack(["validate", folder.url.appendingPathComponent("chongqing").path, "--format", "csv"])
        #expect(run.status == 2)
        let objects = try csvObjects(run.stdout)
        #expect(objects.count == 1)
        #expect(objects.first?["severity"] == "error")
        #expect(objects.first?["message"] == "quote is not at line 332 of 000_ebfad9c7b714e1a4.txt; it is found at line 331")
        #expect(objects.first?["file"]?.hasSuffix("chongqing/targets.csv") == true)
    }

    @Test func strictFailsOnWarnings() throws {
        let folder = try brokenCopy { lines in
            let (n, text) = try row("000.c1.06", in: lines)
            lines[n - 1] = text.replacingOccurrences(of: ",9000,,9000,", with: ",9000,,九千,")
        }
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("chongqing").path
        let lenient = try ontrack(["validate", path])
        #expect(lenient.status == 0, "\(lenient.stdout)")
        #expect(lenient.stdout.contains("warning: target_text '九千' does not occur in the quote"))
        let strict = try ontrack(["validate", path, "--strict"])
        #expect(strict.status == 2)
    }
}

@Suite("ontrack summary and the dataset README")
struct SummaryCommandTests {
    @Test func totalsMatchTheTargetsFile() throws {
        let run = try ontrack(["summary", "Datasets/chongqing", "--by", "form", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try csvObjects(run.stdout)
        let total = try #require(rows.last)
        #expect(total["form"] == "total")
        #expect(total["targets"] == String(try CommandTests.datasetTargetIDs().count))
        let sum = rows.dropLast().compactMap { Int($0["targets"] ?? "") }.reduce(0, +)
        #expect(String(sum) == total["targets"])
    }

    /// The README's count tables are the command's output, so they cannot go stale.
    @Test func datasetReadmeShowsTheCurrentCounts() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("Datasets/chongqing/README.md"), encoding: .utf8)
        for grouping in ["document", "form"] {
            let run = try ontrack(["summary", "Datasets/chongqing", "--by", grouping, "--format", "markdown"])
            #expect(run.status == 0)
            #expect(readme.contains(run.stdout), "Datasets/chongqing/README.md should contain the output of `ontrack summary Datasets/chongqing --by \(grouping) --format markdown`:\n\(run.stdout)")
        }
    }
}
