import Agent
import Foundation
import Testing

@Suite("Step counts and configuration overrides")
struct ConfigTests {
    @Test("step counts as people write them", arguments: [
        ("250000", 250_000), ("100k", 100_000), ("100K", 100_000), ("1.5M", 1_500_000), ("2e5", 200_000), ("1.5k", 1_500),
    ])
    func stepCounts(text: String, value: Int) throws {
        #expect(try StepCount(parsing: text).value == value)
    }

    @Test("malformed step counts are errors", arguments: ["", "k", "-3", "0", "1.2345k", "abc", "10x", "1e30", "nan"])
    func malformedStepCounts(text: String) {
        #expect(throws: AgentError.invalidStepCount(text)) { try StepCount(parsing: text) }
    }

    @Test("--set reads each value as its field's type")
    func overrides() throws {
        let config = try ConfigOverrides.apply([
            "worldModel.layers=2", "actorCritic.gamma=0.99", "env.fullActionSpace=true", "env.game=catch",
            "tokenizer.channelMultipliers=[1,1,2,2,4]", "common.envSteps=50k", "actorCritic.input=tokens",
        ], to: .paper)
        #expect(config.worldModel.layers == 2)
        #expect(config.actorCritic.gamma == 0.99)
        #expect(config.env.fullActionSpace)
        #expect(config.env.game == "catch")
        #expect(config.tokenizer.channelMultipliers == [1, 1, 2, 2, 4])
        #expect(config.common.envSteps == 50_000)
        #expect(config.actorCritic.input == .tokens)
        // Everything else is untouched.
        var expected = TrainerConfig.paper
        expected.worldModel.layers = 2
        #expect(config.tokenizer.channels == expected.tokenizer.channels && config.training == expected.training)
    }

    @Test("unknown keys, sections and wrong types are errors naming the key")
    func badOverrides() {
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["worldModel.depth=3"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["nosuch.layers=3"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["worldModel=3"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["worldModel.layers=two"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["worldModel.layers=2.5"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["env.fullActionSpace=maybe"], to: .paper) }
        #expect(throws: AgentError.self) { try ConfigOverrides.apply(["actorCritic.input=eyes"], to: .paper) }
        #expect(throws: AgentError.invalidOverride("layers")) { try ConfigOverrides.apply(["layers"], to: .paper) }
        do {
            _ = try ConfigOverrides.apply(["worldModel.depth=3"], to: .paper)
        } catch {
            #expect("\(error)".contains("worldModel.depth") && "\(error)".contains("layers"))
        }
    }

    @Test("--config merges a JSON file over the preset and rejects unknown keys")
    func configFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iris-config-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"worldModel": {"layers": 3}, "common": {"seed": 7}}"#.utf8).write(to: url)
        let config = try ConfigOverrides.load(contentsOf: url, over: .cpu)
        #expect(config.worldModel.layers == 3 && config.common.seed == 7)
        #expect(config.tokenizer == TrainerConfig.cpu.tokenizer)
        try Data(#"{"worldModel": {"layerz": 3}}"#.utf8).write(to: url)
        #expect(throws: AgentError.self) { try ConfigOverrides.load(contentsOf: url, over: .cpu) }
    }

    @Test("the presets validate, and the paper preset is IRIS's")
    func presets() throws {
        for preset in Preset.allCases { try preset.config.validate() }
        let paper = TrainerConfig.paper
        #expect(paper.totalEpochs == 600 && paper.collectionEpochs == 500)
        #expect(paper.training.tokenizer.startAfterEpochs == 5 && paper.training.worldModel.startAfterEpochs == 25)
        #expect(paper.training.actorCritic.startAfterEpochs == 50 && paper.training.actorCritic.stepsPerEpoch == 200)
        #expect(paper.actorCritic.burnIn == 20 && paper.actorCritic.horizon == 20 && paper.actorCritic.batchSize == 64)
        #expect(paper.evaluation.episodes == 16 && paper.evaluation.finalEpisodes == 100)
        #expect(paper.actorCritic.contextFrames == 1)
    }

    @Test("inconsistent configurations are refused")
    func invalid() {
        var config = TrainerConfig.tiny
        config.worldModel.vocabularySize += 1
        #expect(throws: AgentError.self) { try config.validate() }
        config = .tiny
        config.actorCritic.horizon = 1
        #expect(throws: AgentError.self) { try config.validate() }
        config = .tiny
        config.collection.epsilon = 2
        #expect(throws: AgentError.self) { try config.validate() }
        // The context frames come from the burn-in segment and must leave the world model's
        // context room for a step.
        config = .tiny
        config.actorCritic.contextFrames = config.worldModel.maxBlocks - 1
        #expect(throws: Never.self) { try config.validate() }
        config.actorCritic.contextFrames = config.worldModel.maxBlocks
        #expect(throws: AgentError.self) { try config.validate() }
        config = .tiny
        config.actorCritic.contextFrames = 0
        #expect(throws: AgentError.self) { try config.validate() }
        config = .tiny
        config.worldModel.maxBlocks = 20
        config.actorCritic.contextFrames = config.actorCritic.burnIn + 2
        #expect(throws: AgentError.self) { try config.validate() }
    }
}

@Suite("Run directories")
struct RunDirectoryTests {
    @Test("a config.json written before a setting existed still reads, with that setting's default")
    func olderConfig() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iris-old-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var tree = try JSONSerialization.jsonObject(with: ConfigOverrides.encode(.cpu)) as! [String: Any]
        var tokenizer = tree["tokenizer"] as! [String: Any]
        tokenizer.removeValue(forKey: "foregroundWeight")
        tree["tokenizer"] = tokenizer
        try JSONSerialization.data(withJSONObject: tree).write(to: directory.appendingPathComponent("config.json"))
        let config = try RunDirectory(directory).readConfig()
        var expected = TrainerConfig.cpu
        expected.tokenizer.foregroundWeight = 0  // a run from before the setting had none
        #expect(config == expected)
        // A key this version does not know is an error, not silently dropped.
        tree["newSection"] = ["x": 1]
        try JSONSerialization.data(withJSONObject: tree).write(to: directory.appendingPathComponent("config.json"))
        #expect(throws: AgentError.self) { try RunDirectory(directory).readConfig() }
    }
}
