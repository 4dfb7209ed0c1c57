import Foundation
import Synchronization

/// Writes an output file given with `-o` so that a reader never sees half of one, and so that
/// nothing but the file asked for is touched:
///
/// - a regular file, or a path that does not exist yet, is written to a temporary file
///   `.NAME.PID.tmp` in the same folder, which is then renamed over it; the new file keeps the old
///   one's permissions (and owner, where the system allows);
/// - a symbolic link is followed: the file it points to is replaced, the link stays;
/// - anything else — a FIFO, a terminal or other device, `/dev/stdout`, `/dev/fd/N`, a file under
///   `/proc` or `/sys` — is opened and written, never replaced (so not atomically);
/// - a folder is refused with an error saying what to give instead.
///
/// A temporary file is removed when the write fails, when the process is stopped by SIGINT,
/// SIGTERM, SIGHUP or SIGQUIT (see ``TemporaryFiles``), and — after a SIGKILL or a crash — by the
/// next write to the same destination, which removes `.NAME.PID.tmp` files whose process is gone.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let file = try Writer(path)
        do {
            var text = text
            try text.withUTF8 { try file.write($0) }
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }

    /// An output file being written: ``write(_:)`` chunks, then ``commit()`` (or ``abort()``).
    public final class Writer {
        /// The path as given.
        public let path: String
        /// The regular file that ``commit()`` replaces; nil when writing through (a FIFO, a device…).
        public let target: String?
        /// The temporary file written until ``commit()``; nil when writing through.
        public let temporary: String?
        private var fd: Int32
        private(set) var slot: Int?

        /// Opens `path` for writing, or throws an ``OutputFileError`` naming it.
        public init(_ path: String) throws {
            self.path = path
            switch try AtomicFile.resolve(path) {
            case .writeThrough:
                let fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw OutputFileError(path: path, errno: errno) }
                self.fd = fd
                target = nil
                temporary = nil
            case .replace(let file, let existing):
                let folder = AtomicFile.folder(of: file)
                let name = AtomicFile.name(of: file)
                AtomicFile.removeStaleTemporaries(in: folder, name: name)
                let temp = folder + "/" + AtomicFile.temporaryName(for: name, pid: getpid())
                // Registered before it exists, so that a signal never leaves it behind.
                let slot = TemporaryFiles.register(temp)
                // A leftover of an earlier process with this PID is ours to replace; O_EXCL and
                // O_NOFOLLOW refuse a file or link someone else put there meanwhile.
                unlink(temp)
                let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
                guard fd >= 0 else {
                    let code = errno
                    if let slot { TemporaryFiles.unregister(slot) }
                    throw OutputFileError(path: path, errno: code, folder: folder)
                }
                if let existing {
                    _ = fchown(fd, existing.st_uid, existing.st_gid)  // allowed for root, or a group of ours
                    _ = fchmod(fd, existing.st_mode & 0o777)
                }
                self.fd = fd
                self.slot = slot
                target = file
                temporary = temp
            }
        }

        /// Appends bytes.
        public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            guard fd >= 0 else { throw OutputFileError(path: path, reason: "the file is already closed") }
            do {
                try AtomicFile.writeAll(fd, UnsafeRawBufferPointer(bytes))
            } catch {
                throw OutputFileError(path: path, errno: error.code)
            }
        }

        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBufferPointer { try write($0) }
        }

        /// Whether ``rewind()`` can start the output again (a temporary file, not a FIFO or device).
        public var canRewind: Bool { temporary != nil && fd >= 0 }

        /// Empties the temporary file and writes from its start again.
        public func rewind() throws {
            guard canRewind else { throw OutputFileError(path: path, reason: "the output cannot be rewound") }
            guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else { throw OutputFileError(path: path, errno: errno) }
        }

        /// Finishes the output: closes it and renames the temporary file over the target.
        public func commit() throws {
            guard fd >= 0 else { return }
            let closed = close(fd)
            let code = errno
            fd = -1
            defer { if let slot { TemporaryFiles.unregister(slot); self.slot = nil } }
            guard let temporary, let target else {
                if closed != 0 { throw OutputFileError(path: path, errno: code) }
                return
            }
            if closed != 0 {
                unlink(temporary)
                throw OutputFileError(path: path, errno: code)
            }
            if rename(temporary, target) != 0 {
                let code = errno
                unlink(temporary)
                throw OutputFileError(path: path, errno: code)
            }
        }

        /// Gives up: removes the temporary file, leaving the destination as it was.
        public func abort() {
            guard fd >= 0 else { return }
            close(fd)
            fd = -1
            if let temporary { unlink(temporary) }
            if let slot { TemporaryFiles.unregister(slot); self.slot = nil }
        }

        deinit { abort() }
    }

    /// What `-o PATH` designates.
    enum Destination: Equatable {
        /// A regular file at this path (symbolic links followed), or none yet: replaced atomically,
        /// keeping the permissions and owner of `existing`.
        case replace(String, existing: stat?)
        /// Not a regular file: opened and written.
        case writeThrough

        static func == (a: Destination, b: Destination) -> Bool {
            switch (a, b) {
            case (.writeThrough, .writeThrough): return true
            case (.replace(let x, _), .replace(let y, _)): return x == y
            default: return false
            }
        }
    }

    /// Follows `path` through symbolic links to what it designates.
    static func resolve(_ path: String) throws -> Destination {
        guard !path.isEmpty else { throw OutputFileError(path: path, reason: "the file name is empty") }
        var p = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(p, &st) == 0 else {
                let code = errno
                guard code == ENOENT else { throw OutputFileError(path: path, errno: code) }
                // Nothing there yet: the folder must exist.
                let folder = folder(of: p)
                var fs = stat()
                if stat(folder, &fs) != 0 {
                    throw OutputFileError(path: path, reason: "the folder \(folder) does not exist; create it first or write elsewhere")
                }
                if fs.st_mode & S_IFMT != S_IFDIR {
                    throw OutputFileError(path: path, reason: "\(folder) is not a folder")
                }
                return .replace(p, existing: nil)
            }
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                // /proc/self/fd/1 and its kind are not links to follow but open files (a pipe, a
                // terminal, a file opened for appending): write into them.
                if isPseudoFileSystem(p) { return .writeThrough }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(p, &buffer, buffer.count - 1)
                guard n >= 0 else { throw OutputFileError(path: path, errno: errno) }
                let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                p = link.hasPrefix("/") ? link : folder(of: p) + "/" + link
            case S_IFREG:
                if isPseudoFileSystem(p) { return .writeThrough }
                if access(p, W_OK) != 0 {
                    throw OutputFileError(path: path, reason: "permission denied (\(p == path ? "the file" : p) is read-only); make it writable or write elsewhere")
                }
                return .replace(p, existing: st)
            case S_IFDIR:
                throw OutputFileError(path: path, reason: "it is a folder; give a file name, such as \(path.hasSuffix("/") ? path : path + "/")out.csv")
            default:
                // A FIFO, a character or block device, a socket.
                return .writeThrough
            }
        }
        throw OutputFileError(path: path, errno: ELOOP)
    }

    /// Whether `path` is in /proc or /sys, where files are views of the kernel, not files to replace.
    static func isPseudoFileSystem(_ path: String) -> Bool {
        guard let real = realpath(folder(of: path), nil) else { return false }
        defer { free(real) }
        let folder = String(cString: real)
        return ["/proc", "/sys"].contains { folder == $0 || folder.hasPrefix($0 + "/") }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `.NAME.PID.tmp`: the temporary file of process `pid` writing `NAME`.
    public static func temporaryName(for name: String, pid: Int32) -> String {
        ".\(name).\(pid).tmp"
    }

    /// Removes the temporary files `.NAME.PID.tmp` in `folder` left by processes that no longer
    /// run (killed by SIGKILL, or crashed) while writing `NAME`. Files of running processes, and
    /// other files, are left alone. Returns the names removed.
    @discardableResult
    public static func removeStaleTemporaries(in folder: String, name: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        let prefix = "." + name + "."
        let me = getpid()
        var removed: [String] = []
        while let entry = readdir(dir) {
            // Most names do not start with a dot: skip them before making a String (a folder of
            // charts is scanned once per chart written).
            guard entry.pointee.d_name.0 == CChar(UInt8(ascii: ".")) else { continue }
            let file = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            guard file.hasPrefix(prefix), file.hasSuffix(".tmp"), file.count > prefix.count + 4 else { continue }
            let digits = file.dropFirst(prefix.count).dropLast(4)
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pid = Int32(digits),
                  pid > 0, pid != me else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists (EPERM: it runs, as
            // someone else).
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let full = folder + "/" + file
            var st = stat()
            guard lstat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            if unlink(full) == 0 { removed.append(file) }
        }
        return removed
    }

    /// Writes all of `bytes` to `fd`, or throws the errno that stopped it.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(POSIXErrno) {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXErrno(code: errno)
            }
            offset += n
        }
    }
}

struct POSIXErrno: Error {
    var code: Int32
}

/// An output that cannot be written: names the path, says why and what to do. `description` is the
/// whole message ("cannot write PATH: reason"); `localizedDescription` is the reason alone, for the
/// callers that write "cannot write PATH: " before it.
public struct OutputFileError: Error, CustomStringConvertible, LocalizedError {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32, folder: String? = nil) {
        let text = String(cString: strerror(code))
        let reason: String
        switch code {
        case EACCES, EPERM:
            reason = folder.map { "\(text.lowercased()) in the folder \($0); write elsewhere" } ?? text.lowercased()
        case ENOSPC: reason = "no space left on the device"
        case EROFS: reason = "the file system is read-only; write elsewhere"
        case ENOTDIR: reason = "a part of the path is not a folder"
        case ELOOP: reason = "too many levels of symbolic links"
        case ENXIO: reason = "nothing is reading it (a socket, or a FIFO without a reader)"
        default: reason = text.lowercased()
        }
        self.init(path: path, reason: reason)
    }

    public var description: String { "cannot write \(path): \(reason)" }
    public var errorDescription: String? { reason }
}

/// The temporary files being written, kept where a signal handler can reach them: a fixed table of
/// NUL-terminated paths, each marked live by an atomic flag. On SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// the handler unlinks the live ones (`unlink` is async-signal-safe; nothing is allocated or
/// locked), restores the default action and raises the signal again, so the process ends as it
/// would have (exit status 128 + the signal in a shell). Signals the process ignores (`nohup`) stay
/// ignored; a handler someone else installed is left in place.
public enum TemporaryFiles {
    static let capacity = 64
    static let pathCapacity = Int(PATH_MAX) + 1
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity * pathCapacity)
        p.initialize(repeating: 0, count: capacity * pathCapacity)
        return p
    }()
    nonisolated(unsafe) static let live: UnsafeMutablePointer<Atomic<Int>> = {
        let p = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
        for i in 0..<capacity { (p + i).initialize(to: Atomic(0)) }
        return p
    }()
    /// The next slot to try (round robin, so that a slot just freed is reused last) and whether the
    /// handlers are installed.
    static let state = Mutex<(next: Int, installed: Bool)>((0, false))

    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Records `path` for removal on a signal; nil when the table is full or the path too long (the
    /// next run then removes the file if a signal leaves it).
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard bytes.count < pathCapacity, !bytes.contains(0) else { return nil }
        return state.withLock { s -> Int? in
            if !s.installed {
                installHandlers()
                s.installed = true
            }
            for k in 0..<capacity {
                let i = (s.next + k) % capacity
                guard live[i].load(ordering: .acquiring) == 0 else { continue }
                let slot = paths + i * pathCapacity
                bytes.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { slot.update(from: $0.baseAddress!, count: b.count) }
                }
                slot[bytes.count] = 0
                live[i].store(1, ordering: .releasing)
                s.next = (i + 1) % capacity
                return i
            }
            return nil
        }
    }

    static func unregister(_ slot: Int) {
        live[slot].store(0, ordering: .releasing)
    }

    /// The paths registered now.
    public static var registered: [String] {
        (0..<capacity).compactMap { i in
            live[i].load(ordering: .acquiring) == 0 ? nil : String(cString: paths + i * pathCapacity)
        }
    }

    /// Unlinks every registered temporary file. Async-signal-safe: what the handler does first.
    public static func removeAll() {
        for i in 0..<capacity where live[i].load(ordering: .acquiring) != 0 {
            unlink(paths + i * pathCapacity)
        }
    }

    private static func installHandlers() {
        // Touch the tables now: a lazily initialised global must not be first used in a handler.
        _ = paths
        _ = live
        for sig in signals {
            var old = sigaction()
            guard sigaction(sig, nil, &old) == 0, isDefault(old) else { continue }
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = onSignal
            #else
            action.__sigaction_u.__sa_handler = onSignal
            #endif
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            _ = sigaction(sig, &action, nil)
        }
    }

    private static func isDefault(_ a: sigaction) -> Bool {
        #if canImport(Glibc)
        let handler = unsafeBitCast(a.__sigaction_handler.sa_handler, to: Int.self)
        #else
        let handler = unsafeBitCast(a.__sigaction_u.__sa_handler, to: Int.self)
        #endif
        return handler == 0  // SIG_DFL
    }
}

/// The signal handler: removes the temporary files, then lets the signal end the process (the
/// action was reset to the default by SA_RESETHAND; the signal raised again is delivered when the
/// handler returns).
private func onSignal(_ sig: Int32) {
    TemporaryFiles.removeAll()
    raise(sig)
}
