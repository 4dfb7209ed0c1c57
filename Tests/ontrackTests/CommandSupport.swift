import Foundation
import Testing

/// The package root, found from this file's path (Tests/ontrackTests/CommandSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `ontrack` executable: it sits in the products folder, which holds the test bundle
/// (on Linux the parent of the `.xctest` bundle).
let ontrackExecutable: URL? = {
    var folders: [URL] = []
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        folders.append(bundle.bundleURL.deletingLastPathComponent())
    }
    if let executable = Bundle.main.executableURL {
        var url = executable.deletingLastPathComponent()
        // On macOS the test binary is inside X.xctest/Contents/MacOS.
        while url.path != "/" {
            if url.pathExtension == "xctest" { folders.append(url.deletingLastPathComponent()); break }
            url = url.deletingLastPathComponent()
        }
        folders.append(executable.deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL)
    for folder in folders {
        let candidate = folder.appendingPathComponent("ontrack")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
           FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
    }
    return nil
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A fresh folder under the system temporary directory.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ontrack-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `ontrack` with `arguments` in the package root; stdout and stderr go to files so that a
/// large output cannot block the child.
func ontrack(_ arguments: [String]) throws -> Run {
    let executable = try #require(ontrackExecutable, "the ontrack executable was not found next to the test bundle")
    let scratch = try TemporaryFolder()
    defer { scratch.remove() }
    let outURL = try scratch.write("stdout", "")
    let errURL = try scratch.write("stderr", "")
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Run(status: process.terminationStatus,
               stdout: try String(contentsOf: outURL, encoding: .utf8),
               stderr: try String(contentsOf: errURL, encoding: .utf8))
}

/// A minimal RFC 4180 reader for the program's CSV output (independent of OnTrackIO).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        if inQuotes {
            if c == "\"" {
                if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { inQuotes = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\n" {
            row.append(field); field = ""
            rows.append(row); row = []
        } else if c != "\r" {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// CSV rows as dictionaries keyed by the header.
func csvObjects(_ text: String) throws -> [[String: String]] {
    let rows = parseCSV(text)
    let header = try #require(rows.first)
    return try rows.dropFirst().map { row in
        try #require(row.count == header.count, "row \(row) has \(row.count) cells, header \(header.count)")
        return Dictionary(uniqueKeysWithValues: zip(header, row))
    }
}

/// The small dataset files (header + rows), with one level target per entry.
struct TinyDataset {
    static let indicators = """
        indicator_id,name_zh,name_en,unit,kind,direction
        trade,货物进出口总额,Goods trade,亿元,level,higher
        share,数字经济比重,Digital economy share,%,share,higher

        """
    static let targetHeader = "target_id,indicator_id,form,bound,value,value_high,target_text,baseline,baseline_year,target_year,source_file,source_line,quote"

    /// Both targets already met: trade 120 ≥ 100, share 36 ≥ 35.
    static let achievedTargets = """
        \(targetHeader)
        t.trade,trade,level,reach,100,,100,50,2020,2025,plan.txt,1,q
        t.share,share,share,>=,35,,≥35,25,2020,2025,plan.txt,2,q

        """
    static let observations = """
        indicator_id,year,value,unit,reliability,comparable,source,source_line,quote
        trade,2021,80,亿元,high,yes,https://example.org/2021,,q
        trade,2022,120,亿元,high,yes,https://example.org/2022,,q
        share,2022,36,%,high,yes,https://example.org/2022,,q

        """

    static func write(to folder: TemporaryFolder, targets: String = achievedTargets) throws {
        try folder.write("indicators.csv", indicators)
        try folder.write("targets.csv", targets)
        try folder.write("observations.csv", observations)
    }
}
