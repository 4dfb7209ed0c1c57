import Foundation
import Testing

/// Issue 14: a panel whose series come one after another is streamed (read, assessed and written
/// piece by piece); anything else falls back to reading the whole panel. Both must write the same
/// bytes and say the same counts.
@Suite struct PanelStreamingTests {
    let sample = "Tests/Fixtures/panel-sample"

    /// The sample's long panel with every series' rows together, in the order of the targets.
    private func contiguous(in folder: TemporaryFolder) throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("\(sample)/observations-long.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.removeFirst()
        if lines.last == "" { lines.removeLast() }
        let sorted = lines.enumerated().sorted { a, b in
            let ka = a.element.prefix { $0 != "," }, kb = b.element.prefix { $0 != "," }
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        return try folder.write("contiguous.csv", ([header] + sorted).joined(separator: "\n") + "\n").path
    }

    private func assess(_ panel: String, _ out: String, _ extra: [String]) throws -> (status: Int32, stderr: String, bytes: Data) {
        let run = try ontrack(["assess", "--panel", panel, "--targets", "\(sample)/targets.csv", "--evaluation-year", "2026",
                               "-o", out, "--timings"] + extra)
        return (run.status, run.stderr, try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    private func summary(_ stderr: String) -> String { String(stderr.split(separator: "\n").first ?? "") }

    @Test(arguments: [[], ["--block-size", "4096", "--chunk-size", "7"], ["--block-size", "4096", "--chunk-size", "7", "--jobs", "1"]])
    func streamingWritesTheSameBytesAsTheWholePanel(_ extra: [String]) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let panel = try contiguous(in: folder)
        let streamed = try assess(panel, folder.path + "/streamed.csv", extra)
        let whole = try assess(panel, folder.path + "/whole.csv", extra + ["--no-streaming"])
        #expect(streamed.status == 0 && whole.status == 0, "\(streamed.stderr)")
        #expect(streamed.stderr.contains("streamed"))
        #expect(whole.stderr.contains("whole panel"))
        #expect(streamed.bytes == whole.bytes)
        #expect(summary(streamed.stderr).replacingOccurrences(of: "streamed.csv", with: "") ==
                summary(whole.stderr).replacingOccurrences(of: "whole.csv", with: ""))
        // And the same as the sample read in its own (scattered) order.
        let scattered = try assess("\(sample)/observations-long.csv", folder.path + "/scattered.csv", extra)
        #expect(scattered.stderr.contains("whole panel"))
        #expect(scattered.bytes == whole.bytes)
    }

    @Test func scatteredSeriesFallBackToTheWholePanel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Series b's rows are split by a's: not streamable; the result is the whole panel's.
        try folder.write("p.csv", "series_id,year,value\nb,2016,1\nb,2017,2\na,2016,5\na,2017,6\na,2018,7\nb,2018,3\nb,2019,4\n")
        try folder.write("t.csv", "target_id,series_id,form,bound,value,baseline,baseline_year,target_year\nx,b,level,>=,9,1,2016,2025\ny,a,level,>=,20,5,2016,2025\n")
        let args = ["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv", "--evaluation-year", "2026", "--timings"]
        let tried = try ontrack(args + ["-o", folder.path + "/a.csv"])
        let whole = try ontrack(args + ["-o", folder.path + "/b.csv", "--no-streaming"])
        #expect(tried.status == 0 && whole.status == 0)
        #expect(tried.stderr.contains("stream: stopped"))
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("a.csv")) == Data(contentsOf: folder.url.appendingPathComponent("b.csv")))
        #expect(try String(contentsOf: folder.url.appendingPathComponent("a.csv"), encoding: .utf8).contains("x,b,level"))
    }

    @Test func aRejectedRowIsReportedAsWithoutStreaming() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("p.csv", "series_id,year,value\na,2019,10\na,2020,11\na,2021,oops\na,2022,13\n")
        try folder.write("t.csv", "target_id,series_id,form,bound,value,baseline,baseline_year,target_year\nx,a,level,>=,20,11,2020,2025\n")
        let run = try ontrack(["assess", "--panel", folder.path + "/p.csv", "--targets", folder.path + "/t.csv", "-o", folder.path + "/o.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("value 'oops' is not a finite number"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/o.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["p.csv", "t.csv"])
    }
}
