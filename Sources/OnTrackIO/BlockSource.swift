import Foundation
import OnTrackPanel

/// Reads a file descriptor (or bytes in memory) in blocks that end on a record boundary, so that blocks can be parsed
/// independently (in parallel). A block never splits a quoted field, even one with line breaks.
final class BlockSource {
    private let fd: Int32
    private let blockSize: Int
    private var carry: [UInt8] = []
    private var finished = false
    private var first = true
    /// Bytes read so far.
    private(set) var bytesRead = 0

    init(fd: Int32, blockSize: Int) {
        self.fd = fd
        self.blockSize = max(blockSize, 1 << 12)
    }

    /// An input already in memory: one block holding all of it.
    init(bytes: [UInt8]) {
        fd = -1
        blockSize = max(bytes.count, 1 << 12)
        carry = bytes
        finished = true
        bytesRead = bytes.count
    }

    /// The next block (whole records), or nil at the end of the input.
    func next() throws(LocatedError) -> [UInt8]? {
        var buffer = carry
        carry = []
        while true {
            if !finished {
                let got = try fill(&buffer, adding: max(blockSize - buffer.count, blockSize / 4))
                if got == 0 { finished = true }
            }
            if first, buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                buffer.removeFirst(3)
            }
            if first, !buffer.isEmpty || finished { first = false }
            if finished {
                return buffer.isEmpty ? nil : buffer
            }
            if buffer.count >= blockSize, let cut = Self.lastRecordEnd(buffer) {
                carry = Array(buffer[cut...])
                buffer.removeSubrange(cut...)
                return buffer
            }
        }
    }

    /// Appends up to `want` bytes read from the descriptor (fewer at the end); returns how many.
    private func fill(_ buffer: inout [UInt8], adding want: Int) throws(LocatedError) -> Int {
        let old = buffer.count
        var got = 0
        var failure: Int32 = 0
        let grown = [UInt8](unsafeUninitializedCapacity: old + want) { p, count in
            if old > 0 { buffer.withUnsafeBufferPointer { b in _ = p.initialize(fromContentsOf: b) } }
            while got < want {
                let n = read(fd, p.baseAddress! + old + got, want - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                got += n
            }
            count = old + got
        }
        if failure != 0 {
            throw LocatedError(file: "", line: 0, column: 0, message: "cannot read: \(String(cString: strerror(failure)))")
        }
        buffer = grown
        bytesRead += got
        return got
    }

    /// The offset just after the last record end of `buffer`, by the rules of ``ByteScanner``; nil
    /// if there is none. A record ends at a line end (LF, CRLF or a lone CR) outside quotes; a quote
    /// opens a quoted field only at the start of a field, and a malformed record (a stray quote, text
    /// after a closing quote) ends at the end of its line. A CR that is the last byte does not end a
    /// record yet: it may be the first half of a CRLF whose LF is still unread.
    static func lastRecordEnd(_ buffer: [UInt8]) -> Int? {
        buffer.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            if n == 0 { return nil }
            if memchr(p.baseAddress!, 0x22, n) == nil {
                var i = n
                while i > 0 {
                    i -= 1
                    let b = p[i]
                    if b == 0x0A || (b == 0x0D && i + 1 < n) { return i + 1 }
                }
                return nil
            }
            // The scanner's states, byte by byte.
            let fieldStart = 0, unquoted = 1, quoted = 2, closed = 3, skipping = 4
            var state = fieldStart
            var last: Int?
            var i = 0
            while i < n {
                let b = p[i]
                if state == quoted {
                    if b == 0x22 {
                        if i + 1 < n, p[i + 1] == 0x22 { i += 1 } else { state = closed }
                    }
                } else if b == 0x0A || b == 0x0D {
                    if b == 0x0D {
                        if i + 1 >= n { break }
                        if p[i + 1] == 0x0A { i += 1 }
                    }
                    last = i + 1
                    state = fieldStart
                } else if state != skipping {
                    if b == 0x2C {
                        state = fieldStart
                    } else if b == 0x22 {
                        state = state == fieldStart ? quoted : skipping
                    } else {
                        state = state == closed ? skipping : unquoted
                    }
                }
                i += 1
            }
            return last
        }
    }
}

/// Blocks of a ``BlockSource`` parsed `workers` at a time on other threads, one batch ahead of the
/// reader: while the caller merges one batch (numbering ids, checking, counting — work that must
/// go in file order), the next is already being parsed, so that no core waits. The one way the
/// panel, the stream and the targets file read their blocks.
final class ParsedAhead<Parsed: Sendable> {
    private let source: BlockSource
    private let workers: Int
    private let parse: @Sendable ([UInt8], Int) -> Parsed
    private var pending: [(bytes: [UInt8], start: Int)]
    private var done = false
    private var inflight: (group: DispatchGroup, box: Box)?
    private var started = false

    private final class Box: @unchecked Sendable {
        var parsed: [Parsed] = []
    }

    /// `first` is the first block with the offset its records start at (after the header);
    /// `parse(block, start)` runs on the worker threads.
    init(_ source: BlockSource, first: (bytes: [UInt8], start: Int), workers: Int,
         parse: @escaping @Sendable ([UInt8], Int) -> Parsed) {
        self.source = source
        self.workers = max(1, workers)
        self.parse = parse
        pending = [first]
    }

    /// The next batch of parsed blocks, in file order; nil at the end. A read error names `line`.
    func next(file: String, line: Int) throws(LocatedError) -> [Parsed]? {
        if !started {
            started = true
            try start(file: file, line: line)
        }
        guard let round = inflight else { return nil }
        round.group.wait()
        let parsed = round.box.parsed
        round.box.parsed = []
        try start(file: file, line: line)
        return parsed
    }

    /// Reads the next blocks and starts parsing them (on this thread with one worker).
    private func start(file: String, line: Int) throws(LocatedError) {
        while !done, pending.count < workers {
            do {
                if let block = try source.next() { pending.append((block, 0)) } else { done = true }
            } catch {
                throw LocatedError(file: file, line: line, column: 1, message: error.message)
            }
        }
        guard !pending.isEmpty else {
            inflight = nil
            return
        }
        let blocks = pending
        pending = []
        let box = Box(), group = DispatchGroup()
        let parse = self.parse, workers = self.workers
        let work: @Sendable () -> Void = {
            box.parsed = Parallel.map(blocks.count, workers: workers) { i in parse(blocks[i].bytes, blocks[i].start) }
        }
        if workers > 1 { DispatchQueue.global().async(group: group, execute: work) } else { work() }
        inflight = (group, box)
    }
}
