import Foundation

/// Where large outputs go, a chunk of bytes at a time: standard output, or an output file written
/// as ``AtomicFile`` writes one (a temporary file renamed over a regular file by ``commit()``, until
/// then a reader sees the old file or none; FIFOs and devices written through; folders refused).
/// Its errors (``Failure``) read as one line, path included.
public final class ByteSink {
    let file: AtomicFile.Writer?
    public private(set) var bytesWritten = 0

    /// Standard output.
    public static func standardOutput() -> ByteSink { ByteSink(file: nil) }

    /// The output file `path`, written as ``AtomicFile`` writes it.
    public static func atomicFile(_ path: String) throws -> ByteSink {
        do {
            return ByteSink(file: try AtomicFile.Writer(path))
        } catch let error as OutputFileError {
            throw Self.failure(error.description)
        }
    }

    private static func failure(_ message: String) -> Failure { Failure(message: message) }

    /// An output that cannot be written, in one line ("cannot write PATH: reason") whether it is
    /// printed with `\(error)` or `error.localizedDescription`.
    public struct Failure: Error, CustomStringConvertible, LocalizedError {
        public var message: String
        public var description: String { message }
        public var errorDescription: String? { message }
    }

    private init(file: AtomicFile.Writer?) {
        self.file = file
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { b in
            if let file {
                do { try file.write(b) } catch let error as OutputFileError { throw Self.failure(error.description) }
            } else {
                do throws(POSIXErrno) {
                    try AtomicFile.writeAll(1, UnsafeRawBufferPointer(b))
                } catch {
                    throw Self.failure("cannot write the output: \(String(cString: strerror(error.code)))")
                }
            }
        }
        bytesWritten += bytes.count
    }

    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Whether ``rewind()`` can start the output again: an output file (written to a temporary
    /// file until ``commit()``), not standard output or a FIFO.
    public var canRewind: Bool { file?.canRewind ?? false }

    /// Drops everything written so far and starts again.
    public func rewind() throws {
        guard let file else { throw Self.failure("cannot rewind the standard output") }
        do { try file.rewind() } catch let error as OutputFileError { throw Self.failure(error.description) }
        bytesWritten = 0
    }

    /// Finishes the output: renames the temporary file over the destination.
    public func commit() throws {
        do { try file?.commit() } catch let error as OutputFileError { throw Self.failure(error.description) }
    }

    /// Gives up: removes the temporary file, leaving the destination as it was.
    public func abort() {
        file?.abort()
    }
}
