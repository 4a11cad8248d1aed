/// ALE v5's sticky actions: on each raw frame, with probability `probability` the console
/// keeps the previous frame's action instead of the agent's. IRIS uses 0 (the default here);
/// ALE's `-v5` environments use 0.25.
public final class StickyActions<Inner: FrameEnvironment>: FrameEnvironment {
    public let inner: Inner
    public let probability: Double
    private var previous = ALEAction.noop
    private var generator = SeededGenerator(seed: 0, stream: 2)

    public init(_ inner: Inner, probability: Double) {
        precondition((0...1).contains(probability), "sticky action probability must be in [0, 1]")
        self.inner = inner
        self.probability = probability
    }

    public func reset(seed: UInt64?) {
        if let seed { generator = SeededGenerator(seed: seed, stream: 2) }
        previous = .noop
        inner.reset(seed: seed)
    }

    public func step(_ action: ALEAction) -> FrameStep {
        inner.step(held(action))
    }

    public func step(_ action: ALEAction, renderingInto frame: inout FrameBuffer) -> FrameStep {
        inner.step(held(action), renderingInto: &frame)
    }

    /// The action the console gets this frame: `action`, or with `probability` the previous one.
    private func held(_ action: ALEAction) -> ALEAction {
        if probability == 0 || generator.unitInterval() >= probability {
            previous = action
        }
        return previous
    }

    public func render(into frame: inout FrameBuffer) { inner.render(into: &frame) }
    public var lives: Int { inner.lives }
}
