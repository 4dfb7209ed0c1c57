/// Gives each distinct byte string a number 0, 1, 2, … in order of first sight, without making a
/// String per lookup: the keys live in one byte arena and an open-addressing table holds their numbers.
struct ByteInterner: Sendable {
    private(set) var arena: [UInt8] = []
    /// End of key k in the arena (key k starts at `ends[k-1]`, or 0).
    private(set) var ends: [Int] = []
    private var slots: [Int32]
    private var hashes: [UInt64] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    var count: Int { ends.count }

    /// The number of `bytes[start..<end]`, adding it when new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let h = Self.hash(bytes, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        let length = end - start
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h {
                let lo = id == 0 ? 0 : ends[Int(id) - 1], hi = ends[Int(id)]
                if hi - lo == length {
                    var same = true
                    var a = lo, b = start
                    while a < hi { if arena[a] != bytes[b] { same = false; break }; a += 1; b += 1 }
                    if same { return id }
                }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(ends.count)
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        ends.append(arena.count)
        hashes.append(h)
        slots[slot] = id
        if ends.count * 2 > slots.count { grow() }
        return id
    }

    /// The number of `key`, adding it when new.
    mutating func intern(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { intern($0, 0, $0.count) }
    }

    /// A 64-bit hash of the bytes, eight at a time (multiply–xorshift mixing).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(end - start)
        guard end > start else { return h }
        var k = start
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while k + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            k += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while k < end {
            tail |= UInt64(bytes[k]) << shift
            shift += 8
            k += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id)
        }
        slots = bigger
    }

    /// Every key as a String, in number order.
    func strings() -> [String] {
        arena.withUnsafeBufferPointer { a in
            var start = 0
            return ends.map { end in
                defer { start = end }
                return String(decoding: UnsafeBufferPointer(rebasing: a[start..<end]), as: UTF8.self)
            }
        }
    }
}
