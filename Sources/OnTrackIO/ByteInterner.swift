import Foundation

/// Gives each distinct byte string a number 0, 1, 2, … in order of first sight, without making a
/// String per lookup: the keys live in one byte arena and an open-addressing table holds their numbers.
///
/// The table probes linearly, so it is only as good as its hash: ``hash(_:_:_:seed:)`` mixes every
/// byte of every key into all 64 bits (short keys included), and a per-process random seed keeps a
/// file crafted against one run's hash from degrading the next.
struct ByteInterner: Sendable {
    private(set) var arena: [UInt8] = []
    /// End of key k in the arena (key k starts at `ends[k-1]`, or 0).
    private(set) var ends: [Int] = []
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private let seed: UInt64

    /// Chosen once per process.
    private static let processSeed: UInt64 = .random(in: .min ... .max)

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        seed = Self.processSeed
    }

    var count: Int { ends.count }

    /// The number of `bytes[start..<end]`, adding it when new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let h = Self.hash(bytes, start, end, seed: seed)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
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

    /// Whether key number `id` is `bytes[start..<end]`: a check that costs no hashing, for callers
    /// that can guess the number (the next series of a sorted file).
    func isKey(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard id >= 0, id < ends.count else { return false }
        let lo = id == 0 ? 0 : ends[id - 1], hi = ends[id]
        guard hi - lo == end - start else { return false }
        return arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + lo, bytes.baseAddress! + start, hi - lo) == 0 }
    }

    /// The number of `key`, adding it when new.
    mutating func intern(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { intern($0, 0, $0.count) }
    }

    // wyhash (Wang Yi, public domain; final version 4.2), written out for byte spans: every key length
    // reads every byte (keys of 1–3 bytes by three overlapping single-byte reads, 4–16 bytes by four
    // overlapping 4-byte reads, longer keys 16 bytes a round), and every result goes through a
    // full 64×64→128-bit multiply whose halves are folded, so each input bit reaches every output bit.
    private static let p0: UInt64 = 0xA076_1D64_78BD_642F
    private static let p1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let p2: UInt64 = 0x8EBC_6AF0_9C88_C6E3
    private static let p3: UInt64 = 0x5899_65CC_7537_4CC3

    /// The 128-bit product of `a` and `b`, high half xor low half.
    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// A 64-bit hash of `bytes[start..<end]` in which every byte counts, whatever the length.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, seed: UInt64 = 0) -> UInt64 {
        let length = end - start
        var s = seed ^ mix(seed ^ p0, p1)
        var a: UInt64 = 0, b: UInt64 = 0
        if length > 0 {
            let raw = UnsafeRawPointer(bytes.baseAddress! + start)
            @inline(__always) func r8(_ k: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) }
            @inline(__always) func r4(_ k: Int) -> UInt64 { UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt32.self))) }
            if length <= 16 {
                if length >= 4 {
                    let q = (length >> 3) << 2
                    a = r4(0) << 32 | r4(q)
                    b = r4(length - 4) << 32 | r4(length - 4 - q)
                } else {
                    a = UInt64(raw.load(as: UInt8.self)) << 16
                        | UInt64(raw.load(fromByteOffset: length >> 1, as: UInt8.self)) << 8
                        | UInt64(raw.load(fromByteOffset: length - 1, as: UInt8.self))
                }
            } else {
                var k = 0, left = length
                if left >= 48 {
                    var s1 = s, s2 = s
                    repeat {
                        s = mix(r8(k) ^ p1, r8(k + 8) ^ s)
                        s1 = mix(r8(k + 16) ^ p2, r8(k + 24) ^ s1)
                        s2 = mix(r8(k + 32) ^ p3, r8(k + 40) ^ s2)
                        k += 48
                        left -= 48
                    } while left >= 48
                    s ^= s1 ^ s2
                }
                while left > 16 {
                    s = mix(r8(k) ^ p1, r8(k + 8) ^ s)
                    k += 16
                    left -= 16
                }
                a = r8(length - 16)
                b = r8(length - 8)
            }
        }
        a ^= p1
        b ^= s
        let r = a.multipliedFullWidth(by: b)
        return mix(r.low ^ p0 ^ UInt64(length), r.high ^ p1)
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = bigger.count - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
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
