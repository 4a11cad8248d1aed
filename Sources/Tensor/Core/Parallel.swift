import Dispatch
import Synchronization
import CBLAS

/// How many threads the tensor core uses.
///
/// OpenBLAS always runs single-threaded: the core splits work across threads itself (row
/// blocks of a GEMM, images of a convolution, heads of attention), which keeps both cores busy
/// on the small GEMMs OpenBLAS would run on one, avoids its spinning worker threads between
/// calls, and makes results depend on the thread count alone (determinism).
public enum Compute {
    private static let defaultThreads = Atomic<Int>(1)
    @TaskLocal private static var scopedThreads: Int?

    /// Threads used by kernels: the process default (1 until `configure`), or the count of an
    /// enclosing `withThreads`. Results are deterministic for a given count.
    public static var threadCount: Int { scopedThreads ?? defaultThreads.load(ordering: .relaxed) }

    /// Sets the process default; call once at start-up. Also pins OpenBLAS to one thread.
    public static func configure(threads count: Int) {
        defaultThreads.store(max(1, count), ordering: .relaxed)
        pinBLAS()
    }

    /// OpenBLAS starts with one thread per core; the core's first GEMM pins it to one.
    private static let blasPinned: Bool = { openblas_set_num_threads(1); return true }()

    @inline(__always)
    static func pinBLAS() { _ = blasPinned }

    /// Runs `body` with `count` kernel threads, for this task only.
    public static func withThreads<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        pinBLAS()
        return try $scopedThreads.withValue(max(1, count)) { try body() }
    }
}

/// Runs `body` over `0..<count` split into contiguous chunks, one per thread, when the work is
/// worth it (`count * costPerItem` above a threshold of about 50k flops).
@inline(__always)
func parallelChunks(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = min(Compute.threadCount, count)
    if threads <= 1 || count * costPerItem < 50_000 {
        body(0..<count)
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            box.value(chunk(t, of: threads, count: count))
        }
    }
}

/// The `t`-th of `parts` nearly equal contiguous pieces of `0..<count`.
@inline(__always)
func chunk(_ t: Int, of parts: Int, count: Int) -> Range<Int> {
    (count * t / parts)..<(count * (t + 1) / parts)
}

/// Carries a value into `concurrentPerform`; each call site gives every thread disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
