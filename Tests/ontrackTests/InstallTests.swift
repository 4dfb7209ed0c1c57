import Foundation
import Testing

/// What installing relies on: the version line, datasets found by name, `example`, and completion
/// scripts that complete paths and only the accepted values (issue 18). The packaged binary itself
/// is checked by Scripts/check-install.sh, the completions in a real shell by
/// Scripts/check-completions.sh.
@Suite("ontrack installed")
struct InstallTests {
    /// Runs ontrack in `folder` with `environment` added to this process's.
    func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Run {
        let executable = try #require(ontrackExecutable)
        let out = folder.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let err = folder.appendingPathComponent(".stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                   stderr: try String(contentsOf: err, encoding: .utf8))
    }

    @Test func versionSaysWhichBuild() throws {
        let r = try ontrack(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+ \(.+\)\n$"#, options: .regularExpression) != nil, "\(r.stdout)")
    }

    @Test func aDatasetIsFoundByNameAndElseSaysWhereItLooked() throws {
        let here = try TemporaryFolder()
        defer { here.remove() }
        let datasets = packageRoot.appendingPathComponent("Datasets").path
        let found = try run(["validate", "chongqing", "-q"], in: here.url, environment: ["ONTRACK_DATASETS": datasets])
        #expect(found.status == 0, "\(found.stderr)")
        let assessed = try run(["summary", "chongqing", "-f", "csv"], in: here.url, environment: ["ONTRACK_DATASETS": datasets])
        #expect(assessed.status == 0, "\(assessed.stderr)")
        #expect(assessed.stdout.contains("\ntotal,"), "\(assessed.stdout.suffix(200))")

        let missing = try run(["assess", "nowhere"], in: here.url, environment: ["ONTRACK_DATASETS": datasets])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("nowhere: error: no such folder in "), "\(missing.stderr)")
        #expect(missing.stderr.contains(datasets), "\(missing.stderr)")
        #expect(missing.stderr.contains("share/ontrack/datasets"), "\(missing.stderr)")
        #expect(missing.stderr.contains("installed: chongqing"), "\(missing.stderr)")
    }

    @Test func exampleCopiesTheInstalledDataset() throws {
        let here = try TemporaryFolder()
        defer { here.remove() }
        let env = ["ONTRACK_DATASETS": packageRoot.appendingPathComponent("Datasets").path]
        let copied = try run(["example", "cq"], in: here.url, environment: env)
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(FileManager.default.fileExists(atPath: here.url.appendingPathComponent("cq/targets.csv").path))
        let again = try run(["example", "cq"], in: here.url, environment: env)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
    }

    @Test func completionScriptsCompletePathsAndOnlyAcceptedValues() throws {
        let bash = try ontrack(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        /// The body of a generated bash function.
        func function(_ name: String) throws -> Substring {
            let start = try #require(bash.stdout.range(of: "\n\(name)() {\n"), "no \(name)")
            let end = try #require(bash.stdout.range(of: "\n}\n", range: start.upperBound..<bash.stdout.endIndex))
            return bash.stdout[start.upperBound..<end.lowerBound]
        }
        for command in ["assess", "path", "validate", "summary", "scorecard", "gaps", "alerts", "backtest", "chart", "dashboard", "report"] {
            let body = try function("_ontrack_\(command)")
            #expect(body.contains("case \"${positional_number}\" in\n    1)\n        __ontrack_add_completions -d"), "\(command): the dataset does not complete as a folder")
        }
        let assess = try function("_ontrack_assess")
        #expect(assess.contains("'--panel')\n        __ontrack_add_completions -f"))
        #expect(assess.contains("'--output'|'-o')\n        __ontrack_add_completions -f"))
        #expect(assess.contains("'--fail-on')\n        __ontrack_add_completions -W 'achieved'$'\\n''on_track'$'\\n''needs_acceleration'$'\\n''limited_progress'$'\\n''moving_away'$'\\n''missed'\n"))
        #expect(try function("_ontrack_chart").contains("'--out-dir')\n        __ontrack_add_completions -d"))
        #expect(try function("_ontrack_backtest").contains("'--threshold')\n        __ontrack_add_completions -W 'on_track'$'\\n''needs_acceleration'$'\\n''limited_progress'$'\\n''moving_away'\n"))

        // What completion offers is what validation accepts, and nothing else.
        let offered = ["achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "missed"]
        for status in ["not_assessable", "not_comparable", "insufficient_data", "no_baseline"] + offered {
            let r = try ontrack(["assess", "Datasets/chongqing", "--fail-on", status, "-f", "csv", "--evaluation-year", "2025"])
            #expect((r.status != 2) == offered.contains(status), "--fail-on \(status): exit \(r.status) \(r.stderr.prefix(200))")
        }

        for shell in ["zsh", "fish"] {
            let r = try ontrack(["--generate-completion-script", shell])
            #expect(r.status == 0 && r.stdout.contains("moving_away"), "\(shell)")
        }
    }
}
