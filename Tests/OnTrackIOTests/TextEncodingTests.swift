import Foundation
import Testing
@testable import OnTrackIO

@Suite("Input encodings: detection and conversion to UTF-8 through iconv")
struct TextEncodingTests {
    /// "序列" in GBK (and GB18030): D0 F2 C1 D0.
    static let gbk: [UInt8] = [0xD0, 0xF2, 0xC1, 0xD0]

    @Test func detectsUTF8BOMsAndGB18030() {
        #expect(Transcoder.detect(Array("series,年份\n".utf8)) == .utf8)
        #expect(Transcoder.detect([0xEF, 0xBB, 0xBF] + Array("a".utf8)) == .utf8)
        #expect(Transcoder.detect([0xFF, 0xFE, 0x61, 0x00]) == .utf16)
        #expect(Transcoder.detect(Array("id,".utf8) + Self.gbk) == .gb18030)
        // Not UTF-8 and not GB18030 (0xFF never starts a GB18030 character).
        #expect(Transcoder.detect([0x61, 0xFF, 0xFF, 0xFF]) == nil)
    }

    /// A prefix cut inside a character is still recognised.
    @Test func aCutPrefixIsFine() {
        let text = Array("序列,1\n".utf8)
        #expect(Transcoder.detect(text + text, limit: 1) == .utf8)
        #expect(Transcoder.validUTF8Prefix(Array(text.prefix(2)), allowCutEnd: true))
        #expect(!Transcoder.validUTF8Prefix(Array(text.prefix(2)), allowCutEnd: false))
        #expect(!Transcoder.validUTF8Prefix([0xC0, 0x80], allowCutEnd: false), "overlong")
        #expect(!Transcoder.validUTF8Prefix([0xED, 0xA0, 0x80], allowCutEnd: false), "surrogate")
    }

    @Test func convertsToUTF8AndNamesTheBadByte() throws {
        let out = try Transcoder.utf8(Array("id,".utf8) + Self.gbk, from: .gbk)
        #expect(String(decoding: out, as: UTF8.self) == "id,序列")
        #expect(try Transcoder.utf8([0xAD, 0xAB], from: .big5) == Array("重".utf8))
        #expect(throws: Transcoder.Failure(encoding: .gbk, offset: 2)) { try Transcoder.utf8([0x61, 0x62, 0xFF, 0x63], from: .gbk) }
    }

    @Test func decodeSaysWhatItDidAndWhereItFailed() throws {
        let (bytes, notice) = try Transcoder.decode(Array("a\n".utf8) + Self.gbk, file: "f.csv")
        #expect(String(decoding: bytes, as: UTF8.self) == "a\n序列")
        #expect(notice == "f.csv: read as gb18030 (not valid UTF-8)")
        #expect(try Transcoder.decode(Array("a,b".utf8), file: "f.csv").notice == nil)
        do {
            _ = try Transcoder.decode(Array("a\nb\n".utf8) + [0xFF, 0xFF], file: "f.csv", encoding: .gbk)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("not valid gbk text at byte 4"))
        }
        #expect(throws: LocatedError.self) { try Transcoder.decode([0x61, 0xFF, 0xFF], file: "f.csv") }
    }
}
