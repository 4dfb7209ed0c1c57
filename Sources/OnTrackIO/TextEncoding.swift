import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The text encoding of an input file. Everything inside OnTrack is UTF-8; other encodings are
/// converted on the way in by the C library's iconv (no conversion table of our own).
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, or what the bytes say: a byte-order mark, else UTF-8 when valid, else GB18030 when
    /// valid (a statistics office's download saved on Chinese Windows), said on standard error.
    case auto
    case utf8 = "utf-8"
    case gbk
    case gb18030
    case big5
    case utf16 = "utf-16"

    /// The name iconv knows.
    var iconvName: String {
        switch self {
        case .auto, .utf8: return "UTF-8"
        case .gbk: return "GBK"
        case .gb18030: return "GB18030"
        case .big5: return "BIG5"
        case .utf16: return "UTF-16"
        }
    }
}

/// Conversion of input bytes to UTF-8.
public enum Transcoder {
    /// Why the bytes could not be read in an encoding: the byte offset of the first sequence that is
    /// not valid there.
    public struct Failure: Error, Sendable, Equatable {
        public var encoding: TextEncoding
        public var offset: Int
    }

    /// The encoding `bytes` are in, when `auto` has to decide: a BOM, else valid UTF-8, else valid
    /// GB18030. Only the first `limit` bytes are looked at (a sequence cut at the limit is fine),
    /// so a large panel is not read twice. nil: neither fits.
    public static func detect(_ bytes: [UInt8], limit: Int = 1 << 16) -> TextEncoding? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .utf16 }
        let prefix = Array(bytes.prefix(limit))
        let cut = prefix.count < bytes.count
        if validUTF8Prefix(prefix, allowCutEnd: cut) { return .utf8 }
        if (try? convert(prefix, from: .gb18030, allowCutEnd: cut)) != nil { return .gb18030 }
        return nil
    }

    /// `bytes` in UTF-8: unchanged for UTF-8 (a BOM is kept: the CSV reader skips it), converted
    /// otherwise. Throws ``Failure`` at the first invalid sequence.
    public static func utf8(_ bytes: [UInt8], from encoding: TextEncoding) throws(Failure) -> [UInt8] {
        switch encoding {
        case .auto, .utf8: return bytes
        default: return try convert(bytes, from: encoding, allowCutEnd: false)
        }
    }

    /// Whether `bytes` are valid UTF-8; with `allowCutEnd`, a last sequence cut short counts as valid.
    static func validUTF8Prefix(_ bytes: [UInt8], allowCutEnd: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            if i + length > n { return allowCutEnd && bytes[(i + 1)...].allSatisfy { $0 & 0xC0 == 0x80 } }
            for j in 1..<length where bytes[i + j] & 0xC0 != 0x80 { return false }
            // Overlong and surrogate forms.
            if b == 0xE0 && bytes[i + 1] < 0xA0 { return false }
            if b == 0xED && bytes[i + 1] > 0x9F { return false }
            if b == 0xF0 && bytes[i + 1] < 0x90 { return false }
            if b == 0xF4 && bytes[i + 1] > 0x8F { return false }
            i += length
        }
        return true
    }

    static func convert(_ bytes: [UInt8], from encoding: TextEncoding, allowCutEnd: Bool) throws(Failure) -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding.iconvName)
        guard let cd, Int(bitPattern: UnsafeRawPointer(cd)) != -1 else { throw Failure(encoding: encoding, offset: 0) }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: max(16, bytes.count * 2 + 16))
        var input = bytes
        let inCount = input.count
        var failedAt: Int?
        var written = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPtr = inBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var inLeft = inCount
                var outPtr = outBuffer.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self) }
                var outLeft = outBuffer.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                        // (size_t)-1: an invalid or incomplete sequence (output is sized never to run out).
                        if errno == EINVAL, allowCutEnd { break }
                        failedAt = inCount - inLeft
                        break
                    }
                }
                written = outBuffer.count - outLeft
            }
        }
        if let failedAt { throw Failure(encoding: encoding, offset: failedAt) }
        return Array(output.prefix(written))
    }
}

extension Transcoder {
    /// The bytes of input file `file` in UTF-8, and a notice when they were converted. With `auto`
    /// the whole input is checked (for files read whole: datasets, targets); an input in neither
    /// UTF-8 nor GB18030 is an error that suggests `--encoding`.
    public static func decode(_ bytes: [UInt8], file: String, encoding: TextEncoding = .auto) throws(LocatedError) -> (bytes: [UInt8], notice: String?) {
        var chosen = encoding
        if encoding == .auto {
            guard let found = detect(bytes, limit: bytes.count) else {
                throw LocatedError(file: file, line: 0, column: 0,
                                   message: "neither UTF-8 nor GB18030 text; give its encoding with --encoding (gbk, gb18030, big5, utf-16) or save it as UTF-8")
            }
            chosen = found
        }
        if chosen == .utf8 { return (bytes, nil) }
        do {
            let converted = try utf8(bytes, from: chosen)
            let why = chosen == .utf16 ? "its byte-order mark" : "not valid UTF-8"
            return (converted, encoding == .auto ? "\(file): read as \(chosen.rawValue) (\(why))" : nil)
        } catch {
            let line = 1 + bytes.prefix(error.offset).filter { $0 == 0x0A }.count
            throw LocatedError(file: file, line: line, column: 0,
                               message: "not valid \(chosen.rawValue) text at byte \(error.offset); check --encoding")
        }
    }
}
