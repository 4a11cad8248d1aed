@testable import Agent
import Env
import Foundation
import Tensor
import Testing
import WorldModel

/// Issue 22's cases at the library level: divergence, resume without a checkpoint, the run
/// lock, checksums, state.json and config validation, threads in the config, the ETA.
@Suite("Reliability", .serialized)
struct ReliabilityTests {
    init() { Compute.configure(threads: 1) }

    /// A quick run stopped after `epochs` epochs; the trainer is gone (its lock released) on return.
    private func stoppedRun(epochs: Int = 2, config: TrainerConfig? = nil) throws -> URL {
        let url = temporaryRun()
        let trainer = try Trainer.start(config: config ?? quickConfig(), directory: url)
        trainer.report = { _ in }
        var polled = 0
        trainer.shouldStop = { polled += 1; return polled > epochs }
        try trainer.train()
        return url
    }

    private func state(_ run: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("checkpoints/last/state.json")))
            as! [String: Any]
    }

    /// Rewrites a file of the last checkpoint and its entry in checksums.json, as a deliberate
    /// edit would: the content checks then have to catch what the checksum cannot.
    private func rewrite(_ name: String, in run: URL, _ change: (Data) throws -> Data) throws {
        let directory = run.appendingPathComponent("checkpoints/last")
        let data = try change(Data(contentsOf: directory.appendingPathComponent(name)))
        try data.write(to: directory.appendingPathComponent(name))
        let manifestURL = directory.appendingPathComponent(Checkpoint.manifestName)
        var manifest = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: manifestURL))
        manifest[name] = Checkpoint.hex(fnv1a64(data))
        try JSONEncoder().encode(manifest).write(to: manifestURL)
    }

    private func editState(in run: URL, _ change: (inout [String: Any]) -> Void) throws {
        try rewrite("state.json", in: run) { data in
            var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            change(&object)
            return try JSONSerialization.data(withJSONObject: object)
        }
    }

    // MARK: 1. Divergence

    @Test("a non-finite loss stops training with AgentError.diverged; the last checkpoint stays as it was")
    func divergenceStopsTheRun() throws {
        var config = try quickConfig()
        config.worldModel.learningRate = 1e30
        let url = temporaryRun()
        defer { try? FileManager.default.removeItem(at: url) }
        let trainer = try Trainer.start(config: config, directory: url)
        trainer.report = { _ in }
        var thrown: AgentError?
        do { try trainer.train() } catch let error as AgentError { thrown = error }
        guard case .diverged(let model, _, _, let epoch) = thrown else {
            Issue.record("expected a divergence, got \(String(describing: thrown))")
            return
        }
        #expect(model == "world model")
        #expect(trainer.completedEpochs == epoch - 1)
        #expect(try state(url)["epoch"] as? Int == epoch - 1)
        #expect(try weights(url).values.allSatisfy { $0.allSatisfy(\.isFinite) })
        let rows = try String(contentsOf: url.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(!rows.contains("nan"))
    }

    @Test("trainComponent refuses a nan loss and a nan gradient before the optimizer steps")
    func trainComponentGuards() throws {
        var rng = RandomGenerator(seed: 1)
        let layer = Linear(2, 1, using: &rng)
        let optimizer = Adam([ParameterGroup(layer.parameters)], learningRate: 1e-3)
        let before = layer.parameters.map(\.values)
        #expect(throws: AgentError.self) {
            _ = try trainComponent(layer, name: "probe", optimizer: optimizer, steps: 3, maxGradNorm: 1) {
                (layer(Tensor(shape: [1, 2], values: [.nan, 1])).sum(), [:])
            }
        }
        // A finite loss (each row's output stays below Float's 3.4e38) whose weight gradient,
        // the sum of the rows, overflows to inf.
        #expect {
            _ = try trainComponent(layer, name: "probe", optimizer: optimizer, steps: 3, maxGradNorm: 1) {
                (layer(Tensor(shape: [2, 2], values: [2e38, 0, 2e38, 0])).sum(), [:])
            }
        } throws: { error in
            guard case AgentError.diverged(_, let quantity, _, _) = error else { return false }
            return quantity.contains("gradient")
        }
        #expect(layer.parameters.map(\.values) == before)
    }

    @Test("non-finite weights are refused on load (iris eval, watch and resume)")
    func nonFiniteWeightsAreRefused() throws {
        let url = try stoppedRun(epochs: 1)
        defer { try? FileManager.default.removeItem(at: url) }
        try rewrite("agent.safetensors", in: url) { data in
            var file = try SafeTensors.read(bytes: [UInt8](data), source: "agent")
            let name = file.names.first { $0.hasPrefix("actor_critic.") }!
            var values = try file[name]!.floats()
            values[0] = .nan
            file[name] = try SafeTensorsEntry(shape: file[name]!.shape, floats: values)
            return Data(try SafeTensors.encode(file))
        }
        #expect {
            try IrisAgent.load(run: RunDirectory(url))
        } throws: { error in
            guard case AgentError.nonFiniteWeights(_, let tensor) = error else { return false }
            return tensor.hasPrefix("actor_critic.") && "\(error)".contains("nan")
        }
        #expect(throws: AgentError.self) { try Trainer.resume(directory: url) }
    }

    // MARK: 2. Resume without a checkpoint

    @Test("resume refuses a run without a checkpoint and names what is missing; a new run has an epoch-0 checkpoint")
    func resumeNeedsACheckpoint() throws {
        let url = try stoppedRun(epochs: 0)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Trainer.resume(directory: url).completedEpochs == 0)
        let metrics = try Data(contentsOf: url.appendingPathComponent("metrics.csv"))
        try FileManager.default.removeItem(at: url.appendingPathComponent("checkpoints/last"))
        #expect {
            try Trainer.resume(directory: url)
        } throws: { error in
            guard case AgentError.cannotResume(_, let missing) = error else { return false }
            return missing.contains("checkpoints/last/state.json")
        }
        #expect(try Data(contentsOf: url.appendingPathComponent("metrics.csv")) == metrics)
        // A checkpoint whose state.json is there but whose weights are not.
        let other = try stoppedRun(epochs: 1)
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.removeItem(at: other.appendingPathComponent("checkpoints/last/agent.safetensors"))
        #expect(throws: AgentError.missingCheckpoint(other.appendingPathComponent("checkpoints/last/agent.safetensors").path)) {
            try Trainer.resume(directory: other)
        }
    }

    // MARK: 3. Lock

    @Test("a second writer of a run directory is refused at once")
    func runLock() throws {
        let url = try stoppedRun(epochs: 1)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let first = try Trainer.resume(directory: url)
            #expect(throws: AgentError.runInUse(url.path)) { try Trainer.resume(directory: url) }
            #expect(throws: AgentError.runInUse(url.path)) {
                try Trainer.fork(from: url, to: temporaryRun()) { $0 }
            }
            withExtendedLifetime(first) {}
        }
        #expect(try Trainer.resume(directory: url).completedEpochs == 1)  // released with the trainer
    }

    // MARK: 4. Checksums

    @Test("every checkpoint file is checksummed: a changed byte anywhere is refused, naming the file")
    func checksums() throws {
        let url = try stoppedRun(epochs: 1)
        defer { try? FileManager.default.removeItem(at: url) }
        let last = url.appendingPathComponent("checkpoints/last")
        let manifest = try JSONDecoder().decode([String: String].self,
                                                from: Data(contentsOf: last.appendingPathComponent("checksums.json")))
        #expect(Set(manifest.keys) == ["agent.safetensors", "optimizers.safetensors", "state.json"])
        for name in manifest.keys.sorted() {
            let file = last.appendingPathComponent(name)
            let original = try Data(contentsOf: file)
            var damaged = original
            damaged[damaged.count - 3] ^= 0x10  // in the tensor data (or JSON): still parses
            try damaged.write(to: file)
            #expect {
                try Trainer.resume(directory: url)
            } throws: { error in
                "\(error)".contains(name) && "\(error)".contains("checksum mismatch")
            }
            try original.write(to: file)
        }
        #expect(try Trainer.resume(directory: url).completedEpochs == 1)
    }

    // MARK: 6. state.json

    @Test("state.json values no run can reach are refused with the field's name", arguments: [
        ("envSteps", 1_000_000, "envSteps"),
        ("epoch", -1, "epoch"),
        ("epoch", 99, "epoch"),
        ("trainEpisodes", -3, "trainEpisodes"),
    ])
    func stateValidation(field: String, value: Int, mentioned: String) throws {
        let url = try stoppedRun(epochs: 2)
        defer { try? FileManager.default.removeItem(at: url) }
        try editState(in: url) { $0[field] = value }
        #expect {
            try Trainer.resume(directory: url)
        } throws: { error in
            guard case AgentError.invalidState = error else { return false }
            return "\(error)".contains(mentioned)
        }
    }

    @Test("episode lengths and the collector log must match the env steps")
    func stateConsistency() throws {
        let url = try stoppedRun(epochs: 2)
        defer { try? FileManager.default.removeItem(at: url) }
        try editState(in: url) { $0["episodeLengths"] = [5_000_000] }
        #expect(throws: AgentError.self) { try Trainer.resume(directory: url) }
        try editState(in: url) { $0["collectorLog"] = [Int32]() }
        #expect(throws: AgentError.self) { try Trainer.resume(directory: url) }
    }

    // MARK: 7. Config values

    @Test("settings that cannot be honoured are errors naming the key", arguments: [
        ("worldModel.layers=100000", "worldModel.layers"),
        ("worldModel.embeddingWidth=16384", "parameters"),
        ("evaluation.episodes=0", "evaluation.episodes"),
        ("common.seed=1.5", "common.seed"),
        ("common.envSteps=-5", "common.envSteps"),
        ("common.threads=5000", "common.threads"),
        ("collection.temperature=1e39", "collection.temperature"),
    ])
    func configLimits(assignment: String, mentioned: String) throws {
        #expect {
            try ConfigOverrides.apply([assignment], to: .tiny).validate()
        } throws: { error in
            "\(error)".contains(mentioned) && !"\(error)".contains("JSON")
        }
    }

    @Test("evaluation.every=0 with evaluation.episodes=0 is fine: only the final evaluation runs")
    func finalEvaluationOnly() throws {
        try ConfigOverrides.apply(["evaluation.every=0", "evaluation.episodes=0"], to: .tiny).validate()
    }

    // MARK: 8. Threads

    @Test("the thread count is part of the config and reaches config.json")
    func threadsInConfig() throws {
        var config = try quickConfig()
        config.common.threads = 3
        let url = temporaryRun()
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try Trainer.start(config: config, directory: url)
        #expect(try RunDirectory(url).readConfig().common.threads == 3)
        // A config.json from before the key existed reads as 0: "not recorded".
        #expect(TrainerConfig.paper.common.threads == 0)
    }

    // MARK: 10. Contracts in the release build

    /// The tests build in release mode, as the shipped binary (Package.swift: `-Ounchecked`
    /// for Tensor, `-O` elsewhere): a broken contract must stop the process there, not read
    /// past a buffer. One check per module kind: Tensor's `require` under `-Ounchecked`,
    /// Agent's `require`, and WorldModel's token-range check in front of a raw-pointer gather.
    @Test("10. a broken contract stops the release build's process")
    func contractsHoldInRelease() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor(shape: [2, 3], values: [1, 2])
        }
        await #expect(processExitsWith: .failure) {
            _ = Episode(frames: [1, 2, 3], actions: [0], rewards: [0], ends: [0])
        }
        await #expect(processExitsWith: .failure) {
            var rng = RandomGenerator(seed: 0)
            let model = WorldModel(config: .tiny, actionCount: 3, using: &rng)
            _ = model.frameTokenEmbeddings([WorldModelConfig.tiny.vocabularySize + 1000])
        }
    }

    // MARK: 9. ETA

    @Test("the ETA sums each remaining epoch's parts at their measured costs and names the untimed ones")
    func eta() throws {
        let config = TrainerConfig.tiny  // 9 epochs: collection 1-8, tokenizer 2-4, world model 3-9, actor-critic 4-9
        var costs = EpochCosts()
        costs.record(.collection, seconds: 1)
        var estimate = costs.remaining(after: 1, config: config)
        #expect(estimate.seconds == 7)
        #expect(estimate.untimed == [.tokenizer, .worldModel, .actorCritic, .evaluation, .media])
        for part in EpochCosts.Part.allCases { costs.record(part, seconds: 2) }
        // Each part's mean is now 1.5 (collection) or 2; epochs 5...9 after epoch 4.
        estimate = costs.remaining(after: 4, config: config)
        let parts = (5...9).flatMap { EpochCosts.parts(in: $0, config: config) }
        let expected = parts.reduce(0.0) { $0 + ($1 == .collection ? 1.5 : 2) }
            + 2 * Double(config.evaluation.finalEpisodes) / Double(config.evaluation.episodes)
        #expect(estimate.untimed.isEmpty)
        #expect(abs(estimate.seconds - expected) < 1e-9)
        #expect(costs.remaining(after: config.totalEpochs, config: config).seconds == 0)
    }
}

/// IRIS's checkpoints: its buffers checked and set aside, tokenizer.lpips.* skipped, and errors
/// that keep the model prefix of the key.
@Suite("IRIS checkpoints")
struct IrisCheckpointTests {
    private func agent() -> IrisAgent {
        var rng = RandomGenerator(seed: 3)
        return IrisAgent(config: .tiny, actionCount: 3, using: &rng)
    }

    /// The tiny agent's weights plus what IRIS's `Agent.state_dict()` adds: one causal mask per
    /// transformer block, the three heads' `indices` (IRIS's Slicer formula), and LPIPS tensors.
    private func irisFixture(_ source: IrisAgent) -> [String: Tensor] {
        var tensors = Dictionary(uniqueKeysWithValues: source.namedWeights().map { ($0.name, $0.tensor) })
        let config = source.worldModel.config
        let t = config.maxTokens, k = config.tokensPerFrame, block = k + 1
        let mask = (0..<(t * t)).map { Float($0 % t <= $0 / t ? 1 : 0) }  // torch.tril(torch.ones(t, t))
        for layer in 0..<config.layers {
            tensors["world_model.transformer.blocks.\(layer).attn.mask"] = Tensor(shape: [t, t], values: mask)
        }
        // Slicer: kept = where(block_mask)[0].repeat(max_blocks) + block_size * offsets.
        func slicer(_ keep: [Bool]) -> Tensor {
            let kept = keep.indices.filter { keep[$0] }
            let values = (0..<config.maxBlocks).flatMap { b in kept.map { Float(b * block + $0) } }
            return Tensor(shape: [values.count], values: values)
        }
        var allButLastObservation = [Bool](repeating: true, count: block)
        allButLastObservation[block - 2] = false
        let actionToken = (0..<block).map { $0 == block - 1 }
        tensors["world_model.head_observations.indices"] = slicer(allButLastObservation)
        tensors["world_model.head_rewards.indices"] = slicer(actionToken)
        tensors["world_model.head_ends.indices"] = slicer(actionToken)
        tensors["tokenizer.lpips.net.slice1.0.weight"] = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        tensors["tokenizer.lpips.lin0.model.1.weight"] = Tensor(shape: [1], values: [0.5])
        return tensors
    }

    @Test("a state_dict with IRIS's buffers and LPIPS loads, through a safetensors file, to the same weights")
    func loadsIrisExtras() throws {
        let source = agent()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iris-fixture-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SafeTensors.write(tensors: irisFixture(source).map { ($0.key, $0.value) },
                              to: directory.appendingPathComponent("agent.safetensors"))
        let target = agent()
        var other = RandomGenerator(seed: 99)
        for parameter in target.actorCritic.parameters { parameter.assign(Tensor.normal(parameter.shape, using: &other)) }
        let loaded = try Checkpoint.tensors(in: "agent.safetensors", of: directory)
        let notes = try target.loadWeights(loaded)
        #expect(notes.contains { $0.contains("set aside \(source.worldModel.config.layers + 3) IRIS buffers") })
        #expect(notes.contains { $0.contains("skipped 2 tokenizer.lpips") })
        let expected = source.namedWeights().map(\.tensor.values)
        #expect(target.namedWeights().map(\.tensor.values) == expected)
    }

    @Test("a buffer that disagrees with the model is refused, naming it", arguments: [
        "world_model.transformer.blocks.0.attn.mask", "world_model.head_observations.indices",
        "world_model.head_ends.indices",
    ])
    func wrongBuffer(name: String) throws {
        let source = agent()
        var tensors = irisFixture(source)
        var values = tensors[name]!.values
        values[1] = values[1] == 0 ? 1 : 0  // a block-causal mask differs here; indices shift
        tensors[name] = Tensor(shape: tensors[name]!.shape, values: values)
        #expect {
            try agent().loadWeights(tensors)
        } throws: { error in
            "\(error)".contains(name)
        }
    }

    @Test("a mask for a block the model does not have, and missing or misshapen weights, keep the model prefix")
    func prefixedErrors() throws {
        let source = agent()
        var tensors = irisFixture(source)
        let layers = source.worldModel.config.layers
        tensors["world_model.transformer.blocks.\(layers).attn.mask"] = tensors["world_model.transformer.blocks.0.attn.mask"]
        #expect(throws: CheckpointError.unexpected(["world_model.transformer.blocks.\(layers).attn.mask"])) {
            try agent().loadWeights(tensors)
        }
        tensors = irisFixture(source)
        let name = source.namedWeights().first { $0.name.hasPrefix("actor_critic.") }!.name
        tensors[name] = nil
        #expect { try agent().loadWeights(tensors) } throws: { "\($0)".contains("'\(name)'") }
        tensors = irisFixture(source)
        tensors[name] = Tensor(shape: [1], values: [0])
        #expect { try agent().loadWeights(tensors) } throws: { "\($0)".contains("'\(name)'") }
        tensors = irisFixture(source)
        tensors["world_model.extra.weight"] = Tensor(shape: [1], values: [0])
        #expect(throws: CheckpointError.unexpected(["world_model.extra.weight"])) { try agent().loadWeights(tensors) }
    }
}
