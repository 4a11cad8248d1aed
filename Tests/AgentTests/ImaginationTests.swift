@testable import Agent
import Tensor
import Testing
import Tokenizer
import WorldModel

/// A hand-made world with a known best policy: every frame is one of two token patterns
/// (all tokens 1 or all tokens 2), drawn afresh each step; the action equal to the pattern's
/// index (0 or 1) earns +1, anything else 0. A uniformly random policy of 3 actions earns 1/3
/// per step, the best one 1.
final class ContextualBandit: ImaginationEnvironment {
    let view: PolicyView
    private(set) var tokens: [Int] = []
    private var batch = 0
    private var rng = RandomGenerator(seed: 9)

    init(view: PolicyView) { self.view = view }

    func reset(frames: [Int], actions: [Int], count: Int, batch: Int) {
        self.batch = batch
        draw()
    }

    func step(actions: [Int], predictNextFrame: Bool, using rng: inout RandomGenerator) -> (rewards: [Float], ends: [Bool]) {
        let rewards = actions.indices.map { Float(actions[$0] == pattern(row: $0) ? 1 : 0) }
        if predictNextFrame { draw() }
        return (rewards, [Bool](repeating: false, count: batch))
    }

    func observation() -> Tensor { view.input(tokens: tokens, count: batch) }

    private func pattern(row: Int) -> Int { tokens[row * view.tokensPerFrame] - 1 }

    private func draw() {
        let k = view.tokensPerFrame
        tokens = (0..<batch).flatMap { _ in [Int](repeating: rng.uniform() < 0.5 ? 1 : 2, count: k) }
    }
}

@Suite("Actor-critic in imagination")
struct ImaginationTests {
    /// With IRIS's gamma 0.995 this endless world's values head for 0.5 / (1 - 0.995) = 100; the
    /// LSTM then saturates (every gate at 0 or 1, h at +-tanh(1)) to reach them, its output
    /// stops depending on the frame, and the reward stalls at 0.5 (never the third action).
    /// Gamma 0.5 keeps the values near 1 and tests what this test is for: that the policy
    /// gradient, the baseline and the LSTM learn an observation-dependent policy.
    @Test("learns a contextual bandit: the imagined reward per step rises from 1/3 towards 1",
          arguments: [ActorCriticConfig.Input.tokens, .tokenIDs, .worldModelEmbeddings])
    func learnsContextualBandit(input: ActorCriticConfig.Input) {
        var rng = RandomGenerator(seed: 1)
        let tokenizer = Tokenizer(config: .tiny, using: &rng)
        tokenizer.embedding.weight.fillUniform(-1, 1, using: &rng)  // codes 1 and 2 clearly apart
        let worldModel = WorldModel(config: .tiny, actionCount: 3, using: &rng)  // random rows: apart too
        var config = ActorCriticConfig.tiny
        config.input = input
        config.gamma = 0.5  // keeps values near 1 in this endless world
        let tokenWidth = input == .worldModelEmbeddings ? worldModel.config.embeddingWidth : tokenizer.config.embeddingWidth
        let actorCritic = ActorCritic(config: config, actionCount: 3, tokenWidth: tokenWidth,
                                      vocabularySize: tokenizer.config.vocabularySize, using: &rng)
        let world = ContextualBandit(view: PolicyView(tokenizer: tokenizer, worldModel: worldModel, input: input))
        let optimizer = Adam([ParameterGroup(actorCritic.parameters)], learningRate: 1e-3)
        // Padding only: the burn-in skips every step and the world ignores the start tokens.
        let segments = SegmentBatch(batch: 16, length: config.burnIn + 1, withTokens: true, tokensPerFrame: 16)
        var perStep: [Float] = []
        for _ in 0..<300 {
            optimizer.zeroGrad()
            let rollout = ImaginedRollout.imagine(actorCritic: actorCritic, environment: world, segments: segments,
                                                  tokens: segments.tokens!, horizon: config.horizon, using: &rng)
            rollout.losses(config).total.backward()
            optimizer.step()
            perStep.append(rollout.rewards.reduce(0, +) / Float(rollout.rewards.count))
        }
        let first = perStep.prefix(10).reduce(0, +) / 10, last = perStep.suffix(10).reduce(0, +) / 10
        #expect(first < 0.45)
        #expect(last > 0.9)
        // The world model's table is read as a constant: the policy's loss never reaches it.
        #expect(worldModel.parameters.allSatisfy { $0.grad == nil })
    }
}

/// Records what imagination starts it from; every frame is token 0 and nothing is rewarded.
final class RecordingWorld: ImaginationEnvironment {
    let view: PolicyView
    private(set) var tokens: [Int] = []
    private(set) var started: (frames: [Int], actions: [Int], count: Int)?

    init(view: PolicyView) { self.view = view }

    func reset(frames: [Int], actions: [Int], count: Int, batch: Int) {
        started = (frames, actions, count)
        tokens = [Int](repeating: 0, count: batch * view.tokensPerFrame)
    }

    func step(actions: [Int], predictNextFrame: Bool, using rng: inout RandomGenerator) -> (rewards: [Float], ends: [Bool]) {
        ([Float](repeating: 0, count: actions.count), [Bool](repeating: false, count: actions.count))
    }

    func observation() -> Tensor { view.input(tokens: tokens, count: tokens.count / view.tokensPerFrame) }
}

@Suite("Imagination's start")
struct ImaginationStartTests {
    /// The world model starts from the whole segment; steps before a row's episode began
    /// repeat its first real frame, with NOOPs.
    @Test func worldStartsFromTheSegmentWithPaddingAsAStillGame() throws {
        var rng = RandomGenerator(seed: 5)
        let tokenizer = Tokenizer(config: .tiny, using: &rng)
        let config = ActorCriticConfig.tiny
        let actorCritic = ActorCritic(config: config, actionCount: 3, tokenWidth: tokenizer.config.embeddingWidth,
                                      vocabularySize: tokenizer.config.vocabularySize, using: &rng)
        let world = RecordingWorld(view: PolicyView(tokenizer: tokenizer, input: .tokens))
        let (length, k) = (4, 16)
        var segments = SegmentBatch(batch: 2, length: length, withTokens: true, tokensPerFrame: k)
        // Row 0: four real steps; row 1: its episode begins at step 2.
        segments.mask = [true, true, true, true, false, false, true, true]
        segments.actions = [1, 2, 1, 0, 0, 0, 2, 1]
        let frameIDs = [10, 11, 12, 13, 0, 0, 22, 23]
        segments.tokens = frameIDs.flatMap { [Int](repeating: $0, count: k) }
        _ = ImaginedRollout.imagine(actorCritic: actorCritic, environment: world, segments: segments,
                                    tokens: segments.tokens!, horizon: 2, using: &rng)
        let started = try #require(world.started)
        #expect(started.count == length)
        #expect(started.frames == [10, 11, 12, 13, 22, 22, 22, 23].flatMap { [Int](repeating: $0, count: k) })
        #expect(started.actions == [1, 2, 1, 0, 0, 2])
    }
}

@Suite("Actor-critic token-id input")
struct TokenIDInputTests {
    @Test("looks up each id's row: the gradient reaches exactly the rows of the ids seen, named actor_critic.token_embedding")
    func gradientReachesSeenRows() {
        var rng = RandomGenerator(seed: 3)
        var config = ActorCriticConfig.tiny
        config.input = .tokenIDs
        let actorCritic = ActorCritic(config: config, actionCount: 3, tokenWidth: 5, vocabularySize: 10, using: &rng)
        let ids = [Int](repeating: 4, count: 8) + [Int](repeating: 7, count: 8) + (0..<16).map { $0 % 2 == 0 ? 1 : 4 }
        let view = Tensor(shape: [2, 16], values: ids.map { Float($0) })
        let output = actorCritic(view, state: actorCritic.initialState(batch: 2))
        #expect(output.logits.shape == [2, 3] && output.values.shape == [2])
        (output.logits.sum() + output.values.sum()).backward()
        let table = actorCritic.namedParameters().first { $0.name == "token_embedding.weight" }!.tensor
        #expect(table.shape == [10, config.tokenProjectionWidth])
        let width = config.tokenProjectionWidth, gradient = table.grad!.values
        for row in 0..<10 {
            let touched = gradient[(row * width)..<((row + 1) * width)].contains { $0 != 0 }
            #expect(touched == [1, 4, 7].contains(row), "row \(row)")
        }
    }
}
