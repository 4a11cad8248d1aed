import Testing
@testable import Env

/// Pong's rules against what ALE's cartridge does (numbers from Experiments/ale/pong.py);
/// the frame-by-frame comparison is `PongGoldenTests`.
@Suite struct PongTests {
    @Test func servesOnFrame59AndFirstPointAgainstStillPaddleOnFrame256ThenEvery140() {
        var rules = PongRules()
        var frame = 0
        while !rules.ballInPlay {
            _ = rules.step(.noop)
            frame += 1
        }
        #expect(frame == 59)
        #expect(rules.ballX == 78 && rules.ballY == 115 && rules.ballSpeedX == -1 && rules.ballSpeedY == 1)
        var points = [Int]()
        while points.count < 5 {
            frame += 1
            let reward = rules.step(.noop)
            if reward != 0 {
                #expect(reward == -1)
                points.append(frame)
            }
        }
        #expect(points == [256, 396, 536, 676, 816])
    }

    @Test func returnSpeedComesFromFiveZonesOfThePaddle() {
        #expect((-3...16).map(PongRules.returnSpeedY) == [-2, -2, -2, -2] + [Int](repeating: -1, count: 4)
            + [Int](repeating: 0, count: 4) + [Int](repeating: 1, count: 4) + [Int](repeating: 2, count: 4))
    }

    @Test func theCPUChasesTheBallAtTwoPixelsAndRestsOneFrameInEight() {
        var rules = PongRules()
        var restingFrames = Set<Int>()
        while rules.frameCount < 2_000 {
            let before = rules.cpuTop
            let wasInPlay = rules.ballInPlay
            _ = rules.step(.noop)
            guard wasInPlay && rules.ballInPlay else { continue }
            #expect(abs(rules.cpuTop - before) == 2 || rules.cpuTop == before, "frame \(rules.frameCount)")
            if rules.cpuTop == before && rules.ballY - 1 != before { restingFrames.insert(rules.frameCount % 8) }
        }
        #expect(restingFrames == [2])
    }

    /// Plays `frames` frames with the scripted player, FIRE held or not, returning the ball's speeds.
    func ballSpeedsX(fire: Bool, frames: Int) -> Set<Int> {
        var rules = PongRules()
        var player = PongScriptedPlayer()
        var speeds = Set<Int>()
        var action = ALEAction.noop
        for frame in 0..<frames {
            if frame % 4 == 0 {
                action = player.action(for: rules)
                if !fire { action = action.horizontal < 0 ? .right : (action.horizontal > 0 ? .left : .noop) }
            }
            _ = rules.step(action)
            if rules.ballInPlay { speeds.insert(abs(rules.ballSpeedX)) }
        }
        return speeds
    }

    @Test func fireHeldAtAHitSpeedsTheBallUp() {
        #expect(ballSpeedsX(fire: false, frames: 4_000) == [1])
        #expect(ballSpeedsX(fire: true, frames: 4_000) == [1, 2])
    }

    @Test func aMissedBallServesTowardTheAgentAfter63Frames() {
        var rules = PongRules()
        var reward = 0
        while reward == 0 { reward = rules.step(.noop) }
        #expect(reward == -1 && rules.cpuScore == 1 && !rules.ballInPlay)
        for _ in 0..<(PongRules.serveDelay - 1) { _ = rules.step(.noop) }
        #expect(!rules.ballInPlay)
        _ = rules.step(.noop)
        #expect(rules.ballInPlay && rules.ballSpeedX == 1)
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
        var total: Float = 0
        while true {
            let result = try env.step(0)
            total += result.reward
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

    /// The ceiling check: a planning player wins our Pong, as agents win ALE's.
    @Test func theScriptedPlayerBeatsTheCPU() throws {
        let env = try AtariEnv(game: "pong", config: .test)
        env.reset(seed: 0)
        var player = PongScriptedPlayer()
        let pong = env.game as! Pong
        var total: Float = 0
        while true {
            let action = player.action(for: pong.rules)
            let result = try env.step(env.actions.firstIndex(of: action)!)
            total += result.reward
            if result.isEnd { break }
        }
        #expect(pong.agentScore == 21 && total >= 15, "agent \(pong.agentScore) : CPU \(pong.cpuScore)")
    }

    @Test func rightMovesUpAndFireAloneDoesNotMove() {
        var still = PongRules(), firing = PongRules(), up = PongRules()
        for _ in 0..<40 {
            _ = still.step(.noop)
            _ = firing.step(.fire)
            _ = up.step(.right)
        }
        #expect(still.agentPaddle == firing.agentPaddle)
        #expect(up.agentPaddle.top < still.agentPaddle.top)
    }
}
