import Foundation
import Tensor

/// Runs source jobs on a thread of their own, one at a time, so that a slow step (an agent's
/// forward pass, a world model's dream) never stalls the window's event loop.
///
/// The main thread submits a job only when the worker is idle and collects the report when it
/// is done; the sources are touched by this thread only (see `ViewerSource`).
final class SourceWorker: @unchecked Sendable {  // state guarded by `condition`
    private let condition = NSCondition()
    private let sources: [any ViewerSource]
    private var job: SourceJob?
    private var report: SourceReport?
    private var busy = false
    private var stopping = false
    private var exited = false

    init(sources: [any ViewerSource]) {
        self.sources = sources
        let thread = Thread { [self] in loop() }
        thread.name = "iris viewer source"
        thread.start()
    }

    var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busy
    }

    func submit(_ job: SourceJob) {
        condition.lock()
        defer { condition.unlock() }
        require(!busy, "a job was submitted while another runs")
        self.job = job
        busy = true
        condition.broadcast()
    }

    /// The finished job's report, once (nil while it runs or when there is none).
    func take() -> SourceReport? {
        condition.lock()
        defer { condition.unlock() }
        guard let finished = report else { return nil }
        report = nil
        busy = false
        return finished
    }

    /// Asks the thread to end and waits up to `seconds` for a running job; returns whether it
    /// ended. (A step that never returns must not keep the window from closing.)
    @discardableResult
    func stop(waitingUpTo seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        stopping = true
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !exited && condition.wait(until: deadline) {}
        return exited
    }

    private func loop() {
        while true {
            condition.lock()
            while job == nil && !stopping { condition.wait() }
            if stopping {
                exited = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let next = job!
            job = nil
            condition.unlock()
            let result = ViewerSession.perform(next, on: sources[next.source])
            condition.lock()
            report = result
            condition.unlock()
        }
    }
}
