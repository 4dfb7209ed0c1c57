import Dispatch
import Foundation

/// Runs work items on a fixed number of threads and hands the results back in item order.
public enum Parallel {
    /// `work(i)` for every i in 0..<count on up to `workers` threads; the results in order.
    public static func map<T: Sendable>(_ count: Int, workers: Int, _ work: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count)
        if workers <= 1 || count <= 1 {
            for i in 0..<count { slots.set(i, work(i)) }
        } else {
            let next = Counter()
            DispatchQueue.concurrentPerform(iterations: min(workers, count)) { _ in
                while true {
                    let i = next.take()
                    guard i < count else { return }
                    slots.set(i, work(i))
                }
            }
        }
        return slots.values()
    }

    /// Processes `count` items on `workers` threads and calls `emit` on the calling thread with each
    /// result in item order, while the workers go on with the next items. At most `workers × ahead`
    /// results wait to be emitted, so memory stays bounded however many items there are.
    public static func stream<T: Sendable>(_ count: Int, workers: Int, ahead: Int = 2,
                                           _ work: @escaping @Sendable (Int) -> T, emit: (Int, T) throws -> Void) rethrows {
        if workers <= 1 || count <= 1 {
            for i in 0..<count { try emit(i, work(i)) }
            return
        }
        let state = StreamState<T>(window: workers * max(1, ahead))
        let group = DispatchGroup()
        for _ in 0..<min(workers, count) {
            DispatchQueue.global().async(group: group) {
                while let i = state.claim(below: count) {
                    state.deliver(i, work(i))
                }
            }
        }
        defer {
            state.cancel()
            group.wait()
        }
        for i in 0..<count {
            let result = state.take(i)
            try emit(i, result)
        }
    }
}

/// The hand-over between the workers of ``Parallel/stream(_:workers:ahead:_:emit:)`` and its caller.
private final class StreamState<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var emitted = 0
    private var ready: [Int: T] = [:]
    private var cancelled = false
    private let window: Int

    init(window: Int) { self.window = window }

    /// The next item to work on, waiting while `window` items are ahead of the caller; nil when done.
    func claim(below count: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled, next < count, next - emitted >= window { condition.wait() }
        guard !cancelled, next < count else { return nil }
        next += 1
        return next - 1
    }

    func deliver(_ i: Int, _ value: T) {
        condition.lock()
        ready[i] = value
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for item i and hands it over.
    func take(_ i: Int) -> T {
        condition.lock()
        defer { condition.unlock() }
        while ready[i] == nil { condition.wait() }
        emitted = i + 1
        condition.broadcast()
        return ready.removeValue(forKey: i)!
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// One slot per item, each written by exactly one thread (raw storage: no exclusivity checks).
private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int
    init(_ n: Int) {
        count = n
        storage = .allocate(capacity: max(n, 1))
        storage.initialize(repeating: nil, count: n)
    }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
    func set(_ i: Int, _ value: T) { storage[i] = value }
    func values() -> [T] { (0..<count).map { storage[$0]! } }
}

/// A shared counter handing out item numbers.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
