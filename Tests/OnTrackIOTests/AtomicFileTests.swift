import Foundation
import Testing
@testable import OnTrackIO

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test func writesContent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("out.csv").path
        let text = "target_id,name_zh\n000.c1.06,货物进出口总额\n"
        try AtomicFile.write(text, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(try folder.contents() == ["out.csv"])
    }

    @Test func replacesAnExistingFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("report.json", String(repeating: "old content that is longer\n", count: 100))
        try AtomicFile.write("[]\n", to: url.path)
        #expect(try String(contentsOf: url, encoding: .utf8) == "[]\n")
        try AtomicFile.write("", to: url.path)
        #expect(try Data(contentsOf: url).isEmpty)
        // Nothing else is left in the folder, hidden temporary files included.
        #expect(try folder.contents() == ["report.json"])
    }

    @Test func failureLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The destination is a non-empty folder, so the rename over it fails.
        let blocker = folder.url.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        try Data("x".utf8).write(to: blocker.appendingPathComponent("inside"))
        #expect(throws: (any Error).self) { try AtomicFile.write("text", to: blocker.path) }
        #expect(try folder.contents() == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: blocker.path) == ["inside"])
    }

    @Test func missingFolderThrows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("no/such/dir/out.csv").path
        #expect(throws: (any Error).self) { try AtomicFile.write("text", to: path) }
        #expect(try folder.contents().isEmpty)
    }
}
