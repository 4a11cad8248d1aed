import Testing
@testable import Env

@Suite struct CatchTests {
    @Test func perfectPlayCatchesEveryBall() {
        let game = Catch()
        game.reset(seed: 1)
        var total = 0, frames = 0
        while !game.isOver {
            let center = game.paddleX + 12, ball = game.ballX + 4
            let action: ALEAction = ball > center + 2 ? .right : (ball < center - 2 ? .left : .noop)
            total += game.step(action)
            frames += 1
        }
        #expect(total == 10)
        #expect(game.caught == 10)
        #expect(frames / 4 < 160, "an episode is short (\(frames / 4) agent steps)")
    }

    @Test func missesCostAPointEach() {
        let game = Catch()
        game.reset(seed: 2)
        var rewards = [Int]()
        while !game.isOver {
            let reward = game.step(.noop)
            if reward != 0 { rewards.append(reward) }
        }
        #expect(rewards.count == 10)
        #expect(rewards.allSatisfy { $0 == 1 || $0 == -1 })
        #expect(rewards.reduce(0, +) == 2 * game.caught - 10)
        #expect(rewards.contains(-1))
    }

    @Test func ballsStartInDifferentColumns() {
        let game = Catch()
        game.reset(seed: 3)
        var columns = Set<Int>()
        while !game.isOver {
            columns.insert(game.ballX)
            _ = game.step(.noop)
        }
        #expect(columns.count >= 4)
    }
}

@Suite struct RandomPolicyTests {
    @Test func randomCatchIsReproducibleAndLosing() throws {
        let first = try RandomPolicy.evaluate(game: "catch", episodes: 5, seed: 1)
        let second = try RandomPolicy.evaluate(game: "catch", episodes: 5, seed: 1)
        #expect(first == second)
        #expect(first.lengths.allSatisfy { $0 == 120 })
        #expect(first.meanScore < 0)
        #expect(first.scoreStandardDeviation >= 0)
    }
}
