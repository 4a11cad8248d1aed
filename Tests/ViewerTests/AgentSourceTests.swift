import Agent
import Env
import Foundation
import Tensor
import Testing
@testable import Viewer

/// One tiny Catch run for every test here: 3 epochs of 40 steps, every component trains a
/// little (the sources need real checkpoints, not good play).
enum TinyRun {
    static let url: URL = {
        Compute.configure(threads: 1)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iris-viewer-run-\(UUID().uuidString)")
        var config = try! ConfigOverrides.apply([
            "env.game=catch", "common.envSteps=120", "common.extraEpochs=0", "collection.stepsPerEpoch=40",
            "tokenizer.batchSize=4", "worldModel.batchSize=4", "actorCritic.batchSize=3",
            "training.tokenizer.startAfterEpochs=0", "training.tokenizer.stepsPerEpoch=2",
            "training.tokenizer.stopAfterEpochs=2",
            "training.worldModel.startAfterEpochs=1", "training.worldModel.stepsPerEpoch=2",
            "training.actorCritic.startAfterEpochs=1", "training.actorCritic.stepsPerEpoch=2",
            "evaluation.every=0", "evaluation.mediaEvery=0",
        ], to: .tiny)
        config.common.seed = 5
        let trainer = try! Trainer.start(config: config, directory: url)
        trainer.report = { _ in }
        try! trainer.train()
        // The run is shared by every test of the process, so it is removed when the process ends.
        created = url
        atexit { if let url = TinyRun.created { try? FileManager.default.removeItem(at: url) } }
        return url
    }()

    nonisolated(unsafe) private static var created: URL?

    static func load() throws -> TrainedRun { try TrainedRun.load(path: url.path) }
}

/// Each frame's panels as images, and the actions taken, over `steps` policy steps.
func policyTrace(_ source: any ViewerSource, steps: Int) throws -> (frames: [[RGBImage]], actions: [Int]) {
    try source.reset()
    var frames = [source.panels.map(\.image)], actions: [Int] = []
    for _ in 0..<steps {
        let action = try #require(try source.policyAction())
        actions.append(action)
        _ = try source.step(action)
        frames.append(source.panels.map(\.image))
    }
    return (frames, actions)
}

@Suite("Trained-agent sources", .serialized)
struct AgentSourceTests {
    @Test func agentInRealGameShowsRawObservationAndWhatThePolicySees() throws {
        let trained = try TinyRun.load()
        let source = try AgentGameSource(trained: trained, seed: 1)
        #expect(source.hasPolicy && source.name == "real catch" && source.actionNames == ["NOOP", "RIGHT", "LEFT"])
        try source.reset()
        let panels = source.panels
        #expect(panels.map(\.caption) == ["raw 160x210", "observation 64x64", "policy sees"])
        #expect(panels.map { [$0.image.width, $0.image.height] } == [[160, 210], [64, 64], [64, 64]])
        // The third panel is the tokenizer's reconstruction of the second.
        let tokens = panels[1].image.pixels.withUnsafeBufferPointer { trained.agent.view.tokens(frames: $0, count: 1) }
        #expect(panels[2].image == decodedImage(trained.agent.view, tokens: tokens))
        #expect(source.status.hasPrefix("value ") && source.policy.temperature == 0.5)
    }

    @Test func theSameSeedGivesTheSameFramesAndActions() throws {
        let trained = try TinyRun.load()
        let a = try policyTrace(AgentGameSource(trained: trained, seed: 7), steps: 30)
        let b = try policyTrace(AgentGameSource(trained: trained, seed: 7), steps: 30)
        let c = try policyTrace(AgentGameSource(trained: trained, seed: 8), steps: 30)
        #expect(a.frames == b.frames && a.actions == b.actions)
        #expect(a.frames != c.frames || a.actions != c.actions)
        #expect(Set(a.actions).isSubset(of: [0, 1, 2]))
    }

    @Test func thePolicyReadsEveryObservationOnceWhoeverActs() throws {
        // A person's actions: the source's policy state must match a policy fed the same frames by hand.
        let trained = try TinyRun.load()
        let source = try AgentGameSource(trained: trained, seed: 3)
        let env = try AtariEnv(game: "catch", config: trained.config.env.testConfig)
        let reference = Policy(actorCritic: trained.agent.actorCritic, view: trained.agent.view, batch: 1, temperature: 0.5)
        try source.reset()
        env.reset(seed: 3).withUnsafeBufferPointer { _ = reference.observe(frames: $0) }
        for action in [1, 1, 2, 0, 2, 1, 0, 0] {
            _ = try source.step(action)
            try env.step(action).observation.withUnsafeBufferPointer { _ = reference.observe(frames: $0) }
            #expect(source.policy.values == reference.values)
            #expect(source.policy.state.h.values == reference.state.h.values)
        }
    }

    @Test func theDreamStartsFromTheRealFrameAndSamplesRewardSigns() throws {
        let trained = try TinyRun.load()
        let real = try AgentGameSource(trained: trained, seed: 2)
        let dream = try DreamSource(trained: trained, seed: 2, withReal: true)
        try real.reset()
        try dream.reset()
        #expect(dream.panels.map(\.caption) == ["real 64x64", "imagined 64x64"])
        #expect(dream.panels.map { [$0.image.width, $0.image.height] } == [[64, 64], [64, 64]])
        // Its first imagined frame is the reconstruction of the real game's first observation.
        #expect(dream.panels[1].image == real.panels[2].image)
        #expect(dream.panels[0].image == real.panels[1].image)
        let k = trained.config.tokenizer.tokensPerFrame, capacity = trained.config.worldModel.maxTokens
        #expect(dream.status == "ctx \(k)/\(capacity) restart 0")
        var rewards: Set<Float> = []
        let steps = capacity / (k + 1) + 2  // enough to fill the context once
        for step in 1...steps {
            let action = try #require(try dream.policyAction())
            let outcome = try dream.step(action)
            rewards.insert(outcome.reward)
            if step == 1 { #expect(dream.dream.contextLength == 2 * k + 1) }
            #expect(dream.dream.contextLength <= capacity)
        }
        #expect(rewards.isSubset(of: [-1, 0, 1]))
        #expect(dream.restarts >= 1)
        // The real game beside the dream moved with the same actions.
        #expect(dream.panels[0].image != real.panels[1].image || dream.realEnded)
    }

    @Test func theDreamIsReproducibleForASeed() throws {
        let trained = try TinyRun.load()
        let a = try policyTrace(DreamSource(trained: trained, seed: 4), steps: 12)
        let b = try policyTrace(DreamSource(trained: trained, seed: 4), steps: 12)
        #expect(a.frames == b.frames && a.actions == b.actions)
        #expect(a.frames[0].count == 1)
        // The imagination moves: not every imagined frame is the first one.
        #expect(a.frames.contains { $0 != a.frames[0] })
    }

    @Test func headlessWatchRecordsPolicyStepsAcrossBothSources() throws {
        let trained = try TinyRun.load()
        let sources = try WatchSources.make(trained, seed: 1, temperature: nil, dreamFirst: false, withReal: true)
        #expect(sources.map(\.name) == ["real catch", "world model"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iris-watch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = ViewerSession(sources: sources, fps: 15, control: .policy)
        let recorder = try Recorder(gifPath: folder.appendingPathComponent("a.gif").path,
                                    framesDirectory: folder.appendingPathComponent("a-frames").path)
        var viewer = HeadlessViewer(steps: 6, scale: 1, seed: 1)
        _ = try viewer.run(session, recorder: recorder)
        #expect(session.current.step == 6 || session.current.episode > 1)
        #expect(recorder.frameCount == 7)
        session.handle(.switchSource)
        #expect(session.control == .policy && session.source.name == "world model")
        viewer.steps = 3
        let second = try Recorder(gifPath: folder.appendingPathComponent("b.gif").path,
                                  framesDirectory: folder.appendingPathComponent("b-frames").path)
        _ = try viewer.run(session, recorder: second)
        #expect(session.counters[1].episode == 1 && session.counters[1].step == 3 || session.counters[1].episode > 1)
    }

    @Test func badRunDirectoriesGiveClearErrors() throws {
        #expect(throws: ViewerError.invalidOption(
            "no run directory at /tmp/iris-no-such-run (make one with `iris train --run-dir /tmp/iris-no-such-run`)")) {
            try TrainedRun.load(path: "/tmp/iris-no-such-run")
        }
        let manager = FileManager.default
        let copy = manager.temporaryDirectory.appendingPathComponent("iris-viewer-copy-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: copy) }
        try manager.copyItem(at: TinyRun.url, to: copy)
        let weights = copy.appendingPathComponent("checkpoints/last/agent.safetensors")
        try Data("garbage".utf8).write(to: weights)
        #expect(throws: AgentError.self) { try TrainedRun.load(path: copy.path) }
        do { _ = try TrainedRun.load(path: copy.path) } catch {
            #expect("\(error)".contains("agent.safetensors") && "\(error)".contains("unreadable"))
        }
        try manager.removeItem(at: copy.appendingPathComponent("checkpoints"))
        #expect(throws: AgentError.missingCheckpoint(copy.appendingPathComponent("checkpoints/last").path)) {
            try TrainedRun.load(path: copy.path)
        }
        try manager.removeItem(at: copy.appendingPathComponent("config.json"))
        #expect(throws: AgentError.notARunDirectory(copy.path)) { try TrainedRun.load(path: copy.path) }
    }
}
