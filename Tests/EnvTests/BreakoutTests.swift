import Testing
@testable import Env

@Suite struct BreakoutTests {
    /// Moves the paddle under the ball (used to make Breakout score).
    func track(_ game: Breakout) -> ALEAction {
        guard game.ballInPlay else { return .fire }
        let center = game.paddle.x + 8, ball = game.ball.column + 1
        if ball > center + 2 { return .right }
        if ball < center - 2 { return .left }
        return .noop
    }

    @Test func fireLaunchesTheBall() {
        let game = Breakout()
        game.reset(seed: 1)
        for _ in 0..<30 { _ = game.step(.noop) }
        #expect(!game.ballInPlay)
        _ = game.step(.fire)
        #expect(game.ballInPlay)
    }

    @Test func droppedBallLosesALifeAndFiveLossesEndTheGame() {
        let game = Breakout()
        game.reset(seed: 2)
        #expect(game.lives == 5)
        var lostAt = [Int]()
        for frame in 0..<5_000 where !game.isOver {
            let before = game.lives
            // Launch, then keep the paddle in the far left corner.
            #expect(game.step(game.ballInPlay ? .left : .fire) == 0 || game.score > 0)
            if game.lives < before { lostAt.append(frame) }
        }
        #expect(lostAt.count == 5)
        #expect(game.lives == 0)
        #expect(game.isOver)
    }

    @Test func bricksScoreByRow() {
        let game = Breakout()
        game.reset(seed: 3)
        var rewards = Set<Int>(), total = 0
        for _ in 0..<20_000 where !game.isOver {
            let reward = game.step(track(game))
            if reward != 0 { rewards.insert(reward) }
            total += reward
        }
        #expect(total == game.score)
        #expect(total > 20, "a tracking paddle should break many bricks (score \(total))")
        #expect(rewards.isSubset(of: [1, 4, 7]))
        #expect(rewards.contains(1) && rewards.contains(4))
    }

    @Test func ballClimbsTheSpeedLadderWithPaddleHits() {
        let game = Breakout()
        game.reset(seed: 4)
        var speeds = Set<[Int]>()
        for _ in 0..<6_000 where !game.isOver {
            _ = game.step(track(game))
            if game.ballInPlay { speeds.insert([game.ball.level, abs(game.ball.speedX), abs(game.ball.speedY)]) }
        }
        let levels = Set(speeds.map { $0[0] })
        #expect(levels.isSuperset(of: [0, 1, 4]), "levels seen: \(levels.sorted())")
        for speed in speeds {
            let outer = BreakoutBall.speeds(level: speed[0], outer: true)
            let inner = BreakoutBall.speeds(level: speed[0], outer: false)
            #expect([outer.x, outer.y] == [speed[1], speed[2]] || [inner.x, inner.y] == [speed[1], speed[2]])
        }
    }

    @Test func launchPlaceFollowsTheFrameCount() {
        for wait in 0..<8 {
            let game = Breakout()
            game.reset(seed: 0)
            for _ in 0..<wait { _ = game.step(.noop) }
            _ = game.step(.fire)
            let launch = Breakout.launches[wait % 4]
            #expect(game.ball.column == launch.column && game.ball.row == 122)
            #expect((game.ball.speedX > 0) == launch.right && game.ball.speedY == 256)
        }
    }

    @Test func paddleAcceleratesWhileHeldAndStopsAtTheWalls() {
        var paddle = BreakoutPaddle()
        var steps = [Int]()
        for _ in 0..<12 {
            let before = paddle.x
            paddle.advance(direction: 1)
            steps.append(paddle.x - before)
        }
        #expect(steps.prefix(9) == [0, 3, 5, 4, 5, 6, 6, 6, 5], "steps \(steps)")
        #expect(paddle.x == 144)
        for _ in 0..<60 { paddle.advance(direction: -1) }
        #expect(paddle.x == 8)
    }

    @Test func episodicLifeEndsTheAgentEpisodeButNotTheGame() throws {
        let env = try AtariEnv(game: "breakout", config: .train)
        env.reset(seed: 5)
        var result = try env.step(1)  // FIRE
        var steps = 1
        while !result.isEnd && steps < 2_000 {
            result = try env.step(3)  // LEFT: miss the ball
            steps += 1
        }
        #expect(result.terminated)
        #expect(result.lives == 4)
        env.reset()  // one NOOP step, not a new game
        #expect(env.lives == 4)

        let testEnv = try AtariEnv(game: "breakout", config: .test)
        testEnv.reset(seed: 5)
        var testResult = try testEnv.step(1)
        var lostLife = false
        for _ in 0..<400 {
            testResult = try testEnv.step(testEnv.lives == 5 ? 3 : 1)
            if testEnv.lives < 5 { lostLife = true; break }
        }
        #expect(lostLife && !testResult.terminated, "with test settings a lost life does not end the episode")
    }
}
