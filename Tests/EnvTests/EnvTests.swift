import Testing
@testable import Env

/// The Gymnasium-like API: determinism, golden frames, action spaces, errors, VectorEnv.
@Suite struct EnvTests {
    /// Plays `steps` fixed pseudo-random agent steps with the test settings from `seed`, and
    /// hashes the final observation and raw frame. Any change of look or rules changes these.
    func fingerprint(game: String, seed: UInt64, steps: Int) throws -> (observation: UInt64, raw: UInt64, reward: Float) {
        let env = try AtariEnv(game: game, config: .test)
        env.reset(seed: seed)
        var total: Float = 0
        for action in fixedActions(count: steps, actionCount: env.actionCount, seed: seed &+ 100) {
            let result = try env.step(action)
            total += result.reward
            if result.isEnd { env.reset() }
        }
        return (fnv1a64(env.observation), fnv1a64(env.rawFrame.pixels), total)
    }

    static let goldens: [(game: String, observation: UInt64, raw: UInt64, reward: Float)] = [
        ("pong", 0xa428f457b42207c0, 0x3e6b015736041635, -7),
        ("breakout", 0x1b3d6e0d5a2477f8, 0xea1711961960b0a5, 1),
        ("catch", 0x85c05ff931692c05, 0x1359cbadc7f6b4e5, -19),
    ]

    @Test func goldenFrameHashes() throws {
        for golden in Self.goldens {
            let result = try fingerprint(game: golden.game, seed: 7, steps: 300)
            #expect(result.observation == golden.observation, "\(golden.game) observation \(hex(result.observation))")
            #expect(result.raw == golden.raw, "\(golden.game) raw \(hex(result.raw))")
            #expect(result.reward == golden.reward, "\(golden.game) reward \(result.reward)")
        }
    }

    @Test func sameSeedAndActionsGiveIdenticalEpisodes() throws {
        for game in GameRegistry.names {
            let first = try fingerprint(game: game, seed: 42, steps: 200)
            let second = try fingerprint(game: game, seed: 42, steps: 200)
            #expect(first == second)
        }
    }

    /// Pong's cartridge has no randomness (as in ALE): with the test settings' single no-op,
    /// every seed gives the same game; the training settings' no-op starts vary it.
    @Test func pongSeedsVaryOnlyThroughNoopStarts() throws {
        var testHashes = Set<UInt64>(), trainHashes = Set<UInt64>()
        for seed: UInt64 in 0..<4 {
            for (config, hashes) in [(EnvConfig.test, 0), (EnvConfig.train, 1)] {
                let env = try AtariEnv(game: "pong", config: config)
                env.reset(seed: seed)
                for _ in 0..<20 { _ = try env.step(0) }  // the ball is served around step 15
                if hashes == 0 { testHashes.insert(fnv1a64(env.observation)) } else { trainHashes.insert(fnv1a64(env.observation)) }
            }
        }
        #expect(testHashes.count == 1)
        #expect(trainHashes.count >= 3)
    }

    @Test func pongObservationLooksLikeALE() throws {
        let env = try AtariEnv(game: "pong", config: .test)
        let observation = env.reset(seed: 0)
        #expect(observation.count == 64 * 64 * 3)
        // The background of the 64x64 frame is Pong's (144, 72, 17), walls (236, 236, 236).
        let middle = (40 * 64 + 30) * 3
        #expect(Array(observation[middle..<(middle + 3)]) == [144, 72, 17])
        let raw = env.rawFrame
        #expect(raw[0, 0] == RGB(0, 0, 0) && raw[8, 0] == RGB(144, 72, 17))
        #expect(raw[50, 24] == RGB(236, 236, 236) && raw[50, 209] == RGB(236, 236, 236))
        #expect(raw[36, 1] == RGB(213, 130, 74) && raw[116, 1] == RGB(92, 186, 92))  // the two zeros
    }

    @Test func actionSetsFollowALE() throws {
        #expect(ALEAction.allCases.count == 18)
        #expect(ALEAction(rawValue: 11)?.name == "RIGHTFIRE")
        #expect(ALEAction.downLeftFire.rawValue == 17)
        let pong = try AtariEnv(game: "pong", config: .test)
        #expect(pong.actions.map(\.name) == ["NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"])
        let breakout = try AtariEnv(game: "breakout", config: .test)
        #expect(breakout.actions.map(\.name) == ["NOOP", "FIRE", "RIGHT", "LEFT"])
        #expect(breakout.lives == 5)
        var full = EnvConfig.test
        full.fullActionSpace = true
        let fullPong = try AtariEnv(game: "pong", config: full)
        #expect(fullPong.actionCount == 18)
        fullPong.reset(seed: 1)
        _ = try fullPong.step(17)
    }

    @Test func unknownGameNamesTheAvailableOnes() {
        #expect(throws: EnvError.unknownGame(name: "pacman", available: ["pong", "breakout", "catch"])) {
            try AtariEnv(game: "pacman")
        }
        let message = EnvError.unknownGame(name: "pacman", available: GameRegistry.names).description
        #expect(message.contains("pacman") && message.contains("pong, breakout, catch"))
    }

    @Test func invalidConfigurationsAreRejected() {
        var config = EnvConfig.train
        config.frameSkip = 0
        #expect(throws: EnvError.invalidConfiguration("frame skip 0 must be at least 1")) { try AtariEnv(game: "pong", config: config) }
        config = .test
        config.stickyActionProbability = 1.5
        #expect(throws: EnvError.self) { try AtariEnv(game: "pong", config: config) }
        config = .test
        config.maxEpisodeFrames = 0
        #expect(throws: EnvError.self) { try AtariEnv(game: "pong", config: config) }
        #expect(throws: EnvError.self) { try VectorEnv(game: "pong", count: 0) }
    }

    @Test func outOfRangeActionsAreRejected() throws {
        let env = try AtariEnv(game: "pong", config: .test)
        env.reset(seed: 1)
        #expect(throws: EnvError.invalidAction(action: 6, count: 6)) { try env.step(6) }
        #expect(throws: EnvError.invalidAction(action: -1, count: 6)) { try env.step(-1) }
        #expect(EnvError.invalidAction(action: 6, count: 6).description.contains("0..<6"))
        let vector = try VectorEnv(game: "catch", count: 2, config: .test)
        _ = vector.reset(seed: 1)
        #expect(throws: EnvError.invalidActionCount(given: 1, expected: 2)) { try vector.step([0]) }
        #expect(throws: EnvError.invalidAction(action: 3, count: 3)) { try vector.step([0, 3]) }
    }

    @Test func vectorEnvStepsTogetherAndAutoResets() throws {
        let vector = try VectorEnv(game: "catch", count: 3, config: .test)
        let first = vector.reset(seed: 9)
        #expect(first.count == 3 * 64 * 64 * 3)
        var finished = [FinishedEpisode]()
        var steps = 0
        while finished.count < 3 && steps < 1_000 {
            let result = try vector.step([0, 1, 2])
            steps += 1
            for episode in result.finishedEpisodes {
                #expect(result.terminated[episode.env] || result.truncated[episode.env])
                #expect(result.finalObservations[episode.env] != nil)
                // After the auto-reset the returned observation is the new episode's first.
                let size = vector.observationByteCount
                let slice = Array(result.observations[(episode.env * size)..<((episode.env + 1) * size)])
                #expect(slice == vector.envs[episode.env].observation)
                #expect(slice != result.finalObservations[episode.env])
            }
            finished += result.finishedEpisodes
        }
        #expect(finished.count >= 3)
        #expect(finished.allSatisfy { (-10...10).contains($0.score) && $0.length > 50 })
    }
}
