/// No-op starts: after each reset, U{1..maxNoops} raw NOOP frames (IRIS: 30 when training,
/// 1 when testing), so that a deterministic game does not start every episode in the same state.
public final class NoopReset<Inner: FrameEnvironment>: FrameEnvironment {
    public let inner: Inner
    public let maxNoops: Int
    private var generator = SeededGenerator(seed: 0, stream: 3)

    public init(_ inner: Inner, maxNoops: Int) {
        precondition(maxNoops >= 0, "maxNoops must not be negative")
        self.inner = inner
        self.maxNoops = maxNoops
    }

    public func reset(seed: UInt64?) {
        if let seed { generator = SeededGenerator(seed: seed, stream: 3) }
        inner.reset(seed: seed)
        guard maxNoops > 0 else { return }
        let noops = generator.uniform(1...maxNoops)
        for _ in 0..<noops where inner.step(.noop).isEnd {
            inner.reset(seed: nil)
        }
    }

    public func step(_ action: ALEAction) -> FrameStep { inner.step(action) }
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int) {
        inner.run(actions, previous: &previous, last: &last)
    }
    public func render(into frame: inout FrameBuffer) { inner.render(into: &frame) }
    public var lives: Int { inner.lives }
}
