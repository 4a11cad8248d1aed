@testable import Agent
import Foundation
import Tensor
import Testing
import WorldModel

/// The policy that reads the world model's state beside the token ids
/// (`ActorCriticConfig.Input.tokenIDsAndWorldModelState`).
@Suite("World-model state input", .serialized)
struct WorldModelStateInputTests {
    init() { Compute.configure(threads: 1) }

    func stateConfig(seed: UInt64 = 0) throws -> TrainerConfig {
        try ConfigOverrides.apply(["actorCritic.input=tokenIDsAndWorldModelState", "actorCritic.contextFrames=2"],
                                  to: quickConfig(seed: seed))
    }

    @Test("a run whose policy reads it trains every part, evaluates, and resumes exactly")
    func trainsAndResumes() throws {
        let (straight, split) = (temporaryRun(), temporaryRun())
        defer { for url in [straight, split] { try? FileManager.default.removeItem(at: url) } }
        let whole = try Trainer.start(config: stateConfig(), directory: straight)
        whole.report = { _ in }
        try whole.train()
        let metrics = try deterministicMetrics(straight)
        #expect(metrics.count == 7)
        #expect(!metrics.last!.contains(",,,,,,,,,,,,,,,"))

        do {  // the trainer, and its lock on the run directory, end with this block
            let first = try Trainer.start(config: stateConfig(), directory: split)
            first.report = { _ in }
            var epochs = 0
            first.shouldStop = { epochs += 1; return epochs > 3 }
            try first.train()
        }
        let second = try Trainer.resume(directory: split)
        second.report = { _ in }
        try second.train()
        #expect(try deterministicMetrics(split) == metrics)
        #expect(try weights(split) == weights(straight))

        // The LSTM reads 16 id rows and the world model's state.
        let config = try stateConfig()
        let lstmInput = try weights(straight)["actor_critic.lstm.weight_ih"]!.count / (4 * config.actorCritic.lstmWidth)
        #expect(lstmInput == config.tokenizer.tokensPerFrame * config.actorCritic.tokenProjectionWidth
                + config.worldModel.embeddingWidth)
    }

    @Test("two streams on the same frame reached by different histories get different odds; token ids alone cannot tell")
    func historyReachesThePolicy() throws {
        let config = try stateConfig()
        var rng = RandomGenerator(seed: 3)
        let agent = IrisAgent(config: config, actionCount: 3, using: &rng)
        let k = config.tokenizer.tokensPerFrame, vocabulary = config.tokenizer.vocabularySize
        let frames = (0..<3).map { f in (0..<k).map { (f * 7 + $0 * 3) % vocabulary } }
        let observer = WorldModelObserver(worldModel: agent.worldModel, streams: 2, contextFrames: 2)
        let starts = observer.observe(tokens: frames[0] + frames[1], previousActions: [0, 0])
        let states = observer.observe(tokens: frames[2] + frames[2], previousActions: [1, 2])
        let c = config.worldModel.embeddingWidth
        #expect(starts.count == 2 * c && states.count == 2 * c)
        #expect(Array(states[0..<c]) != Array(states[c...]))

        func logits(_ input: ActorCriticConfig.Input) -> [[Float]] {
            var settings = config.actorCritic
            settings.input = input
            var r = RandomGenerator(seed: 4)
            let actorCritic = ActorCritic(config: settings, actionCount: 3, tokenWidth: 8, vocabularySize: vocabulary,
                                          tokensPerFrame: k, stateWidth: c, using: &r)
            let view = PolicyView(tokenizer: agent.tokenizer, worldModel: agent.worldModel, input: input)
            let out = withoutGrad {
                actorCritic(view.input(tokens: frames[2] + frames[2], count: 2, states: states),
                            state: actorCritic.initialState(batch: 2))
            }
            let values = out.logits.values
            return [Array(values[0..<3]), Array(values[3..<6])]
        }
        let withState = logits(.tokenIDsAndWorldModelState), idsOnly = logits(.tokenIDs)
        #expect(withState[0] != withState[1])
        #expect(idsOnly[0] == idsOnly[1])
    }
}
