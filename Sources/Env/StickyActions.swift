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

    /// The held actions are drawn for every frame up front; if the episode ends early, the
    /// draws are replayed for the frames that ran, so the generator ends where per-frame steps leave it.
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int) {
        let savedGenerator = generator, savedAction = self.previous
        let chosen = actions.map { held($0) }
        let result = inner.run(chosen, previous: &previous, last: &last)
        if result.frames < actions.count {
            generator = savedGenerator
            self.previous = savedAction
            for action in actions.prefix(result.frames) { _ = self.held(action) }
        }
        return result
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
