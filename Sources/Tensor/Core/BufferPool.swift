import Synchronization

/// Recycles Float buffers by exact size, so a repeated training step, which asks for the same
/// sizes every time, allocates nothing new once warm.
///
/// Buffers return here when their `Storage` dies. The pool keeps at most `limitBytes` of idle
/// memory and frees the rest.
final class BufferPool: Sendable {
    static let shared = BufferPool()
    /// A pool replacing `shared` for one task (tests use a private one, so concurrently
    /// running tests cannot take each other's buffers).
    @TaskLocal static var scoped: BufferPool?
    static var current: BufferPool { scoped ?? shared }

    private struct State {
        // Addresses as integers: raw pointers are not Sendable into the lock.
        var free: [Int: [UInt]] = [:]
        var idleBytes = 0
    }
    private let state = Mutex(State())
    /// Idle bytes kept for reuse; see `Compute.bufferPoolLimitBytes`.
    static let limitBytes = Atomic<Int>(2 << 30)

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let reused: UInt? = state.withLock { s in
            guard let p = s.free[count]?.popLast() else { return nil }
            s.idleBytes -= count * 4
            return p
        }
        if let reused { return UnsafeMutablePointer(bitPattern: reused)! }
        AllocationCounter.current?.count.add(1, ordering: .relaxed)
        return UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let kept = state.withLock { s -> Bool in
            guard s.idleBytes + count * 4 <= BufferPool.limitBytes.load(ordering: .relaxed) else { return false }
            s.free[count, default: []].append(UInt(bitPattern: pointer))
            s.idleBytes += count * 4
            return true
        }
        if !kept { pointer.deallocate() }
    }

    /// A scoped pool dies after every storage it lent (each holds it): free what it kept.
    deinit {
        for address in state.withLock({ $0.free.values.flatMap { $0 } }) {
            UnsafeMutablePointer<Float>(bitPattern: address)!.deallocate()
        }
    }
}

extension Compute {
    /// Idle memory the buffer pool keeps for reuse (default 2 GiB). A training step whose
    /// activations exceed it returns the excess to the system and faults it in again on the
    /// next step (zeroed pages: seconds of system time for IRIS's full world model), so large
    /// models should raise it when the machine has the memory.
    public static var bufferPoolLimitBytes: Int {
        get { BufferPool.limitBytes.load(ordering: .relaxed) }
        set { BufferPool.limitBytes.store(newValue, ordering: .relaxed) }
    }
}

/// Counts the fresh buffer allocations made by the current task inside
/// `countingAllocations` (benchmarks and tests use it to show buffer reuse).
final class AllocationCounter: Sendable {
    @TaskLocal static var current: AllocationCounter?
    let count = Atomic<Int>(0)
}

/// Runs `body` and returns how many new buffers the tensor core allocated for it (on this
/// task's thread; kernel worker threads are not counted), rather than taking from its pool.
public func countingAllocations(_ body: () throws -> Void) rethrows -> Int {
    let counter = AllocationCounter()
    try AllocationCounter.$current.withValue(counter) { try body() }
    return counter.count.load(ordering: .relaxed)
}

/// Contiguous Float32 memory shared by a tensor and its views.
final class Storage {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private let pool: BufferPool

    /// Uninitialised storage of `count` floats.
    init(uninitialized count: Int) {
        self.count = count
        pool = BufferPool.current
        pointer = pool.take(count)
    }

    convenience init(zeros count: Int) {
        self.init(uninitialized: count)
        pointer.initialize(repeating: 0, count: count)
    }

    deinit { pool.give(pointer, count: count) }
}
