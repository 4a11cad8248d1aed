import Testing
import Tensor
@testable import WorldModel

@Suite("Training: overfitting, optimizer groups, config")
struct TrainingTests {
    /// The tiny preset memorises four segments: frame tokens, reward signs and ends, with a
    /// padded step, in a few hundred AdamW steps.
    @Test func tinyPresetOverfitsAHandfulOfSequences() {
        let config = WorldModelConfig.tiny
        var rng = RandomGenerator(seed: 21)
        let model = WorldModel(config: config, actionCount: 3, using: &rng)
        let (batch, steps, k) = (4, config.maxBlocks, config.tokensPerFrame)
        var frames = (0..<(batch * steps * k)).map { _ in Int(rng.next() % UInt64(config.vocabularySize)) }
        for row in 0..<batch { frames[row * steps * k] = row }   // distinct first tokens: every target is determined
        let actions = (0..<(batch * steps)).map { _ in Int(rng.next() % 3) }
        let rewards: [Float] = [0, 1, 0, -1,  2, 0, 0, 0,  0, 0, -3, 0,  1, 1, 0, 0]
        let ends = [0, 0, 0, 1,  0, 0, 0, 0,  0, 0, 1, 0,  0, 0, 0, 0]
        let mask = [true, true, true, true,  true, true, true, true,  true, true, true, false,  true, true, true, true]
        let optimizer = model.makeOptimizer()
        var first: WorldModelLosses?, last: WorldModelLosses?
        for _ in 0..<400 {
            optimizer.zeroGrad()
            let losses = model.loss(frameTokens: frames, actions: actions, rewards: rewards, ends: ends, mask: mask,
                                    batch: batch, steps: steps, using: &rng)
            losses.total.backward()
            clipGradientNorm(model.parameters, maxNorm: config.maxGradNorm)
            optimizer.step()
            if first == nil { first = losses }
            last = losses
        }
        let start = first!, end = last!
        #expect(start.observations > 2 && start.rewards > 0.5 && start.ends > 0.3)
        #expect(end.observations < 0.05, "observation loss \(end.observations)")
        #expect(end.rewards < 0.05, "reward loss \(end.rewards)")
        #expect(end.ends < 0.05, "end loss \(end.ends)")
    }

    /// AdamW decays exactly the Linear weights: not biases, LayerNorms or embeddings.
    @Test func weightDecayOnlyOnLinearWeights() {
        var rng = RandomGenerator(seed: 22)
        let model = WorldModel(config: smallConfig, actionCount: 3, using: &rng)
        let optimizer = model.makeOptimizer()
        #expect(optimizer.groups.map(\.weightDecay) == [smallConfig.weightDecay, 0])
        let names = Dictionary(uniqueKeysWithValues: model.namedParameters().map { (ObjectIdentifier($0.tensor), $0.name) })
        let decayed = Set(optimizer.groups[0].parameters.map { names[ObjectIdentifier($0)]! })
        let linearWeights = Set(model.namedParameters().map(\.name).filter {
            $0.hasSuffix(".weight") && ($0.contains(".attn.") || $0.contains(".mlp.") || $0.contains(".head_module."))
        })
        #expect(decayed == linearWeights)
        #expect(decayed.count == 2 * 6 + 3 * 2)
        #expect(optimizer.groups[0].parameters.count + optimizer.groups[1].parameters.count == model.parameters.count)
    }

    @Test func presetsAreValid() throws {
        for config in [WorldModelConfig.paper, .cpu, .tiny] { try config.validate() }
        #expect(WorldModelConfig.paper.maxTokens == 340 && WorldModelConfig.paper.tokensPerBlock == 17)
        #expect(WorldModelConfig.preset(named: "cpu") == .cpu && WorldModelConfig.preset(named: "big") == nil)
    }

    @Test func invalidConfigsAreRejected() {
        let cases: [(String, (inout WorldModelConfig) -> Void)] = [
            ("not divisible by heads", { $0.heads = 3 }),
            ("attentionDropout", { $0.attentionDropout = 1 }),
            ("maxBlocks", { $0.maxBlocks = 0 }),
            ("batchSize", { $0.batchSize = 0 }),
            ("learningRate", { $0.learningRate = 0 }),
        ]
        for (message, change) in cases {
            var config = WorldModelConfig.paper
            change(&config)
            #expect(throws: WorldModelConfigError.self) { try config.validate() }
            do { try config.validate() } catch { #expect("\(error)".contains(message), "\(error)") }
        }
    }
}
