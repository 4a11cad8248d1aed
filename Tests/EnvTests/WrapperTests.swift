import Testing
@testable import Env

/// The ALE-layer wrappers, each on a recording fake so that its effect is visible alone.
@Suite struct WrapperTests {
    @Test func timeLimitTruncatesAfterMaxFrames() {
        let fake = RecordingEnvironment()
        let limited = TimeLimit(fake, maxFrames: 5)
        limited.reset(seed: 1)
        let results = (0..<5).map { _ in limited.step(.noop) }
        #expect(results.prefix(4).allSatisfy { !$0.isEnd })
        #expect(results[4].truncated && !results[4].terminated)
        limited.reset(seed: nil)
        #expect(limited.elapsedFrames == 0)
    }

    @Test func noopResetRunsOneToMaxNoopFrames() {
        for maxNoops in [1, 30] {
            var counts = Set<Int>()
            for seed in 0..<40 {
                let fake = RecordingEnvironment()
                let noops = NoopReset(fake, maxNoops: maxNoops)
                noops.reset(seed: UInt64(seed))
                #expect(fake.actions.allSatisfy { $0 == .noop })
                counts.insert(fake.actions.count)
            }
            #expect(counts.min()! >= 1 && counts.max()! <= maxNoops)
            if maxNoops == 1 { #expect(counts == [1]) } else { #expect(counts.count > 10) }
        }
    }

    @Test func stickyActionsRepeatThePreviousActionWithTheirProbability() {
        let never = RecordingEnvironment()
        let plain = StickyActions(never, probability: 0)
        plain.reset(seed: 1)
        for _ in 0..<10 { _ = plain.step(.fire) }
        #expect(never.actions.allSatisfy { $0 == .fire })

        let always = RecordingEnvironment()
        let stuck = StickyActions(always, probability: 1)
        stuck.reset(seed: 1)
        for _ in 0..<10 { _ = stuck.step(.fire) }
        #expect(always.actions.allSatisfy { $0 == .noop })

        let some = RecordingEnvironment()
        let v5 = StickyActions(some, probability: 0.25)
        v5.reset(seed: 1)
        var asked = [ALEAction]()
        for index in 0..<4000 {
            let action: ALEAction = index % 2 == 0 ? .left : .right
            asked.append(action)
            _ = v5.step(action)
        }
        // A frame shows the wrong action when it sticks (p) after a frame that did not:
        // m = p (1 - m), so m = p / (1 + p) = 0.2 of the frames.
        let wrong = zip(asked, some.actions).filter { $0 != $1 }.count
        #expect((700...900).contains(wrong), "\(wrong) of 4000 frames kept the previous action")
    }

    @Test func maxAndSkipHoldsTheActionForFourFramesAndSumsRewards() {
        let fake = RecordingEnvironment()
        fake.rewardPerFrame = 2
        let skipping = MaxAndSkip(fake, skip: 4, observationSize: 64, resizeEachFrame: false)
        skipping.reset(seed: 1)
        let result = skipping.step(.left)
        #expect(fake.actions == [.left, .left, .left, .left])
        #expect(result.reward == 8)
        // The observation is the max of frames 3 and 4: red 3 and 4 -> a uniform red of 4.
        #expect(skipping.observation[0] == 4 && skipping.observation[1] == 0)
    }

    @Test func maxAndSkipStopsAtTheEpisodeEnd() {
        let fake = RecordingEnvironment()
        fake.endAfter = 6
        let skipping = MaxAndSkip(fake, skip: 4, observationSize: 64, resizeEachFrame: false)
        skipping.reset(seed: 1)
        #expect(!skipping.step(.noop).isEnd)
        let last = skipping.step(.noop)
        #expect(last.terminated && last.reward == 2)
        #expect(fake.actions.count == 6)
        #expect(skipping.observation[0] == 6)  // the terminal frame
    }

    /// The observation is Pillow's resize of the pixel-wise max of raw frames 3 and 4, in
    /// either order of operations; replayed here on a bare game with the same seed.
    @Test(arguments: [false, true])
    func observationIsTheResizedMaxOfTheLastTwoFrames(resizeEachFrame: Bool) throws {
        var config = EnvConfig.test
        config.noopMax = 0
        config.resizeEachFrame = resizeEachFrame
        let env = try AtariEnv(game: "pong", config: config)
        env.reset(seed: 21)
        let bare = Pong()
        var seeds = SeededGenerator(seed: 21, stream: 1)
        bare.reset(seed: seeds.next())
        let actions = fixedActions(count: 40, actionCount: 6, seed: 5)
        var third = FrameBuffer(), fourth = FrameBuffer()
        for action in actions {
            _ = try env.step(action)
            for frame in 0..<4 {
                _ = bare.step(bare.minimalActions[action])
                if frame == 2 { bare.render(into: &third) }
            }
            bare.render(into: &fourth)
        }
        #expect(env.rawFrame == fourth)
        let expected: [UInt8]
        if resizeEachFrame {
            let a = bilinearResize(rgb: third.pixels, width: 160, height: 210, toWidth: 64, toHeight: 64)
            let b = bilinearResize(rgb: fourth.pixels, width: 160, height: 210, toWidth: 64, toHeight: 64)
            expected = zip(a, b).map { max($0, $1) }
        } else {
            let pooled = zip(third.pixels, fourth.pixels).map { max($0, $1) }
            expected = bilinearResize(rgb: pooled, width: 160, height: 210, toWidth: 64, toHeight: 64)
        }
        #expect(env.observation == expected)
    }

    @Test func presetsMatchIRIS() {
        #expect(EnvConfig.train.noopMax == 30 && EnvConfig.test.noopMax == 1)
        #expect(EnvConfig.train.maxEpisodeFrames == 20_000 && EnvConfig.test.maxEpisodeFrames == 108_000)
        #expect(EnvConfig.train.episodicLife && !EnvConfig.test.episodicLife)
        #expect(EnvConfig.train.frameSkip == 4 && EnvConfig.train.stickyActionProbability == 0)
    }

    @Test func trainTimeLimitTruncatesPongAt5000AgentSteps() throws {
        let env = try AtariEnv(game: "pong", config: .train)
        env.reset(seed: 3)
        // An endless rally is impossible to rule out in general; hold still and count steps.
        var steps = 0
        var result = try env.step(0)
        while !result.isEnd {
            result = try env.step(0)
            steps += 1
        }
        #expect(result.terminated || result.truncated)
        #expect(steps + 1 <= 5_000)
    }
}
