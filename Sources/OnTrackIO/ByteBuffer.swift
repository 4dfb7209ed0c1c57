import Foundation

/// Bytes appended through a raw pointer, for the panel writer's rows (~30 cells a row, millions of
/// rows): `Array`'s append is a call that checks uniqueness and capacity every time, and it was a
/// third of the writer's instructions. The memory belongs to a small owner object that frees it;
/// copies of a buffer share that memory, so a buffer is kept in one place and never copied while
/// written (``PanelWriter/RowEncoder`` holds one).
struct ByteBuffer {
    private final class Owner {
        var base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }

    private let owner: Owner
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
        owner = Owner(base)
    }

    /// Room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        new.moveInitialize(from: base, count: count)
        base.deallocate()
        base = new
        owner.base = new
        capacity = size
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        append(bytes.assumingMemoryBound(to: UInt8.self))
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A string's UTF-8 bytes in one copy.
    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// A literal's bytes (no String is made).
    @inline(__always) mutating func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Drops the bytes from `position` on.
    mutating func truncate(to position: Int) {
        precondition(position >= 0 && position <= count)
        count = position
    }

    /// The bytes `range` as an array.
    func bytes(_ range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// Every byte written, as an array.
    var array: [UInt8] { bytes(0..<count) }
}
