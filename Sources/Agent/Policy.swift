import Tensor

/// The actor-critic acting step by step on B streams of frames, holding its LSTM state: the
/// real-game evaluator and the viewer's agent sources drive it.
///
/// `observe` feeds each stream's newest frame (as tokens) and keeps the logits; `act`
/// samples from them. Feeding every frame exactly once keeps the LSTM in step with the game
/// whoever chooses the actions (the policy, or a person at the keyboard).
public final class Policy {
    public let actorCritic: ActorCritic
    public let view: PolicyView
    public var temperature: Float
    public private(set) var state: RecurrentState
    public private(set) var logits: Tensor?
    public private(set) var values: [Float] = []

    public init(actorCritic: ActorCritic, view: PolicyView, batch: Int, temperature: Float) {
        self.actorCritic = actorCritic
        self.view = view
        self.temperature = temperature
        state = actorCritic.initialState(batch: batch)
    }

    /// Zeroes the state of `rows` (their episodes start over).
    public func reset(rows: [Int]) { state = state.reset(rows: rows) }

    /// Reads one frame per stream, given as tokens ([B * 16]).
    public func observe(tokens: [Int]) {
        let batch = state.h.shape[0]
        let out = withoutGrad { actorCritic(view.input(tokens: tokens, count: batch), state: state) }
        state = out.state
        logits = out.logits
        values = out.values.values
    }

    /// Reads one UInt8 64x64x3 frame per stream; returns their tokens.
    @discardableResult
    public func observe(frames: UnsafeBufferPointer<UInt8>) -> [Int] {
        let tokens = view.tokens(frames: frames, count: state.h.shape[0])
        observe(tokens: tokens)
        return tokens
    }

    /// One action per stream, sampled at `temperature` from the last observation's logits.
    public func act(using rng: inout RandomGenerator) -> [Int] {
        guard let logits else { requireFailure("Policy.act before any observation") }
        return sampleCategorical(logits: logits, temperature: temperature, using: &rng)
    }
}
