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
    /// The world model following each stream, for a policy that reads its state.
    private let observer: WorldModelObserver?
    /// Each stream's last action, which led to its next frame.
    private var lastActions: [Int]

    public init(actorCritic: ActorCritic, view: PolicyView, batch: Int, temperature: Float) {
        self.actorCritic = actorCritic
        self.view = view
        self.temperature = temperature
        state = actorCritic.initialState(batch: batch)
        observer = view.input.readsWorldModelState
            ? WorldModelObserver(worldModel: view.worldModel!, streams: batch, contextFrames: actorCritic.config.contextFrames)
            : nil
        lastActions = [Int](repeating: 0, count: batch)
    }

    /// Zeroes the state of `rows` (their episodes start over).
    public func reset(rows: [Int]) {
        state = state.reset(rows: rows)
        observer?.reset(rows: rows)
    }

    /// Reads one frame per stream, given as tokens ([B * 16]), reached by `previousActions`
    /// (default: the actions `act` last returned); the world model's states, when the policy
    /// reads them, are `states` if given (a dream's own), else its own following of the streams.
    public func observe(tokens: [Int], previousActions: [Int]? = nil, states: [Float]? = nil) {
        let batch = state.h.shape[0]
        if let previousActions { lastActions = previousActions }
        let worldModelStates = states ?? observer?.observe(tokens: tokens, previousActions: lastActions) ?? []
        let out = withoutGrad { actorCritic(view.input(tokens: tokens, count: batch, states: worldModelStates), state: state) }
        state = out.state
        logits = out.logits
        values = out.values.values
    }

    /// Reads one UInt8 64x64x3 frame per stream, reached by `previousActions` (default: the
    /// actions `act` last returned); returns their tokens.
    @discardableResult
    public func observe(frames: UnsafeBufferPointer<UInt8>, previousActions: [Int]? = nil) -> [Int] {
        let tokens = view.tokens(frames: frames, count: state.h.shape[0])
        observe(tokens: tokens, previousActions: previousActions)
        return tokens
    }

    /// One action per stream, sampled at `temperature` from the last observation's logits.
    public func act(using rng: inout RandomGenerator) -> [Int] {
        guard let logits else { requireFailure("Policy.act before any observation") }
        lastActions = sampleCategorical(logits: logits, temperature: temperature, using: &rng)
        return lastActions
    }
}
