import Foundation

/// Bytes appended through a raw pointer, for text built in bulk: the panel writer's rows (~30 cells
/// a row, millions of rows) and the explanations. `Array`'s append is a call that checks uniqueness
/// and capacity every time (a third of the writer's instructions), and `String.append` checks
/// grapheme boundaries. The memory belongs to a small owner object that frees it; copies of a
/// buffer share that memory, so a buffer is kept in one place and never copied while written.
/// Public, with its appends inlinable, so that the writer in OnTrackIO gets them inlined.
public struct ByteBuffer {
    @usableFromInline final class Owner {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }

    @usableFromInline let owner: Owner
    @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    /// Bytes written.
    @usableFromInline var written = 0
    /// Bytes written.
    public var count: Int { written }
    @usableFromInline var capacity: Int

    public init(capacity: Int = 4096) {
        self.capacity = max(64, capacity)
        storage = .allocate(capacity: self.capacity)
        owner = Owner(storage)
    }

    /// Room for `n` more bytes.
    @inlinable @inline(__always) public mutating func reserve(_ n: Int) {
        if written + n > capacity { grow(to: written + n) }
    }

    @usableFromInline mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        new.moveInitialize(from: storage, count: written)
        storage.deallocate()
        storage = new
        owner.base = new
        capacity = size
    }

    @inlinable @inline(__always) public mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[written] = byte
        written += 1
    }

    @inlinable @inline(__always) public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        reserve(bytes.count)
        (storage + written).update(from: from, count: bytes.count)
        written += bytes.count
    }

    @inlinable @inline(__always) public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        append(bytes.assumingMemoryBound(to: UInt8.self))
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    public mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// A string's UTF-8 bytes in one copy.
    @inlinable public mutating func append(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            append(Array(s.utf8))
        }
    }

    /// A literal's bytes (no String is made).
    @inlinable @inline(__always) public mutating func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// The decimal digits of `v` (a sign when negative).
    @inlinable public mutating func appendDecimal(_ v: Int) {
        if v >= 0, v < 10 { append(0x30 + UInt8(v)); return }
        var m = v.magnitude
        // 20 digits and a sign at most, written backwards.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
            var i = 24
            repeat {
                i -= 1
                b[i] = 0x30 + UInt8(m % 10)
                m /= 10
            } while m > 0
            if v < 0 { i -= 1; b[i] = 0x2D }
            append(UnsafeBufferPointer(rebasing: b[i...]))
        }
    }

    /// Drops the bytes from `position` on.
    public mutating func truncate(to position: Int) {
        precondition(position >= 0 && position <= written)
        written = position
    }

    /// The bytes `range` as an array.
    public func bytes(_ range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return Array(UnsafeBufferPointer(start: storage + range.lowerBound, count: range.count))
    }

    /// Every byte written, as an array.
    public var array: [UInt8] { bytes(0..<count) }

    /// The bytes as UTF-8 text (invalid sequences repaired).
    public var string: String { String(decoding: UnsafeBufferPointer(start: storage, count: count), as: UTF8.self) }
}
