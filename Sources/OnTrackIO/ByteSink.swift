import Foundation

/// Where large outputs go, a chunk of bytes at a time: standard output, or a file written
/// atomically (a temporary file in the same folder, renamed over the destination by ``commit()``;
/// until then a reader sees the old file or none).
public final class ByteSink {
    private let fd: Int32
    private let temporary: String?
    private let destination: String?
    public private(set) var bytesWritten = 0

    /// Standard output.
    public static func standardOutput() -> ByteSink { ByteSink(fd: 1, temporary: nil, destination: nil) }

    /// A file at `path`, written atomically.
    public static func atomicFile(_ path: String) throws -> ByteSink {
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                             NSLocalizedDescriptionKey: "cannot write \(path): \(String(cString: strerror(errno)))"])
        }
        return ByteSink(fd: fd, temporary: temp, destination: path)
    }

    private init(fd: Int32, temporary: String?, destination: String?) {
        self.fd = fd
        self.temporary = temporary
        self.destination = destination
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write the output: \(String(cString: strerror(errno)))"])
                }
                offset += n
            }
        }
        bytesWritten += bytes.count
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Finishes the output: renames the temporary file over the destination.
    public func commit() throws {
        guard let temporary, let destination else { return }
        close(fd)
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot write \(destination): \(reason)"])
        }
    }

    /// Gives up: removes the temporary file, leaving the destination as it was.
    public func abort() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }
}
