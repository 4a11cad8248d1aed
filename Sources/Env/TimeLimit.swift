/// Cuts an episode after `maxFrames` raw frames (IRIS: 20,000 when training, 108,000 when
/// testing), counted from reset and including no-op starts; the cut is a truncation, not a
/// termination, so value targets can bootstrap through it.
public final class TimeLimit<Inner: FrameEnvironment>: FrameEnvironment {
    public let inner: Inner
    public let maxFrames: Int
    public private(set) var elapsedFrames = 0

    public init(_ inner: Inner, maxFrames: Int) {
        precondition(maxFrames > 0, "the time limit must be positive")
        self.inner = inner
        self.maxFrames = maxFrames
    }

    public func reset(seed: UInt64?) {
        elapsedFrames = 0
        inner.reset(seed: seed)
    }

    public func step(_ action: ALEAction) -> FrameStep {
        counted(inner.step(action))
    }

    /// Passes on only the frames left before the limit, which then truncates.
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int) {
        let allowed = max(1, min(actions.count, maxFrames - elapsedFrames))
        var (result, frames) = inner.run(allowed == actions.count ? actions : Array(actions.prefix(allowed)),
                                         previous: &previous, last: &last)
        elapsedFrames += frames - 1
        result = counted(result)
        return (result, frames)
    }

    private func counted(_ step: FrameStep) -> FrameStep {
        var result = step
        elapsedFrames += 1
        if elapsedFrames >= maxFrames && !result.terminated { result.truncated = true }
        return result
    }

    public func render(into frame: inout FrameBuffer) { inner.render(into: &frame) }
    public var lives: Int { inner.lives }
}
