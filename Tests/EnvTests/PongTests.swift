import Testing
@testable import Env

@Suite struct PongTests {
    @Test func servesAfter58FramesAndFirstPointAgainstStillPaddleNear256() {
        let pong = Pong()
        pong.reset(seed: 3)
        var frame = 0
        while !pong.ballInPlay {
            _ = pong.step(.noop)
            frame += 1
        }
        #expect(frame == 58)
        var reward = 0
        while reward == 0 {
            reward = pong.step(.noop)
            frame += 1
        }
        // The first serve goes to the CPU, which returns it past the still paddle (ALE: 256).
        #expect(reward == -1)
        #expect((240...275).contains(frame), "first point at frame \(frame)")
    }

    @Test func pointsAgainstAStillPaddleCome140FramesApart() {
        var intervals = [Int: Int]()
        for seed: UInt64 in 0..<3 {
            let pong = Pong()
            pong.reset(seed: seed)
            var last = 0, points = 0
            for frame in 1...4_000 where points < 6 {
                if pong.step(.noop) != 0 {
                    intervals[frame - last, default: 0] += 1
                    last = frame
                    points += 1
                }
            }
        }
        // ALE: ~140 frames per point against a still paddle (58 to serve, ~82 to cross).
        let mostCommon = intervals.max { $0.value < $1.value }!.key
        #expect(mostCommon == 140, "intervals \(intervals)")
    }

    @Test func missedBallGivesMinusOneAndANewServeTowardTheAgent() {
        let pong = Pong()
        pong.reset(seed: 5)
        var reward = 0
        while reward == 0 { reward = pong.step(.noop) }
        #expect(reward == -1)
        #expect(pong.cpuScore == 1)
        #expect(!pong.ballInPlay)
        for _ in 0..<Pong.serveDelay { _ = pong.step(.noop) }
        #expect(pong.ballInPlay)
        #expect(pong.ballSpeedX > 0)
    }

    @Test func twentyOnePointsEndTheGame() {
        let pong = Pong()
        pong.reset(seed: 11)
        let actions = fixedActions(count: 10_000, actionCount: 6, seed: 8).map { pong.minimalActions[$0] }
        var total = 0, frames = 0
        while !pong.isOver && frames < 40_000 {
            total += pong.step(actions[(frames / 4) % actions.count])
            frames += 1
        }
        #expect(pong.isOver)
        #expect(max(pong.cpuScore, pong.agentScore) == 21)
        #expect(total == pong.agentScore - pong.cpuScore)
        #expect(pong.step(.noop) == 0)  // nothing happens after the end
    }

    @Test func anEpisodeOfTheAtariEnvEndsAtTwentyOne() throws {
        let env = try AtariEnv(game: "pong", config: .test)
        env.reset(seed: 2)
        var total: Float = 0, steps = 0
        while true {
            let result = try env.step(0)
            total += result.reward
            steps += 1
            if result.isEnd {
                #expect(result.terminated && !result.truncated)
                break
            }
        }
        let pong = env.game as! Pong
        #expect(max(pong.cpuScore, pong.agentScore) == 21)
        #expect(total == Float(pong.agentScore - pong.cpuScore))
        #expect(env.lives == 0)
    }

    @Test func aGoodPolicyBeatsTheCPU() {
        let pong = Pong()
        pong.reset(seed: 1)
        let player = EdgeShotPlayer()
        var frames = 0
        while !pong.isOver && frames < 40_000 {
            let action = player.action(for: pong)
            for _ in 0..<4 { _ = pong.step(action) }
            frames += 4
        }
        #expect(pong.agentScore >= 10 && pong.agentScore > pong.cpuScore, "agent \(pong.agentScore) : CPU \(pong.cpuScore)")
    }

    @Test func fireDoesNothingAndRightMovesUp() {
        let still = Pong(), firing = Pong(), up = Pong()
        for game in [still, firing, up] { game.reset(seed: 4) }
        for _ in 0..<40 {
            _ = still.step(.noop)
            _ = firing.step(.fire)
            _ = up.step(.right)
        }
        #expect(still.agentPaddle == firing.agentPaddle)
        #expect(up.agentPaddle.top < still.agentPaddle.top)
    }
}
