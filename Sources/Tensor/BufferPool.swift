import Synchronization

/// Recycles Float buffers by exact size, so a repeated training step, which asks for the same
/// sizes every time, allocates nothing new once warm.
///
/// Buffers return here when their `Storage` dies. The pool keeps at most `limitBytes` of idle
/// memory and frees the rest.
final class BufferPool: Sendable {
    static let shared = BufferPool()

    private struct State {
        // Addresses as integers: raw pointers are not Sendable into the lock.
        var free: [Int: [UInt]] = [:]
        var idleBytes = 0
        var allocations = 0
    }
    private let state = Mutex(State())
    private let limitBytes = 2 << 30

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let reused: UInt? = state.withLock { s in
            guard let p = s.free[count]?.popLast() else { s.allocations += 1; return nil }
            s.idleBytes -= count * 4
            return p
        }
        if let reused { return UnsafeMutablePointer(bitPattern: reused)! }
        return UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let kept = state.withLock { s -> Bool in
            guard s.idleBytes + count * 4 <= limitBytes else { return false }
            s.free[count, default: []].append(UInt(bitPattern: pointer))
            s.idleBytes += count * 4
            return true
        }
        if !kept { pointer.deallocate() }
    }

    /// Fresh allocations so far: flat across repeated steps means the pool serves them all.
    var allocationCount: Int { state.withLock { $0.allocations } }

    /// Frees every idle buffer.
    func drain() {
        let all = state.withLock { s -> [UInt] in
            let all = s.free.values.flatMap { $0 }
            s.free = [:]; s.idleBytes = 0
            return all
        }
        for p in all { UnsafeMutablePointer<Float>(bitPattern: p)!.deallocate() }
    }
}

/// Count of fresh buffer allocations made by the tensor core (for benchmarks and tests).
public var tensorAllocationCount: Int { BufferPool.shared.allocationCount }

/// Contiguous Float32 memory shared by a tensor and its views.
final class Storage {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Uninitialised storage of `count` floats.
    init(uninitialized count: Int) {
        self.count = count
        pointer = BufferPool.shared.take(count)
    }

    convenience init(zeros count: Int) {
        self.init(uninitialized: count)
        pointer.initialize(repeating: 0, count: count)
    }

    deinit { BufferPool.shared.give(pointer, count: count) }
}
