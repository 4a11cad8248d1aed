import ArgumentParser
import Env
import Foundation

/// `iris eval`: play whole episodes with the test settings and report the score and length.
///
/// `--policy random` gives each game's random reference, which every later evaluation of a
/// trained agent prints next to its own score.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a policy on a game with the test settings (mean and std of score and length).")

    @Option(help: "Game name (see `iris envs`).")
    var env = "pong"

    @Option(help: "Policy to evaluate: random (uniform over the game's actions).")
    var policy: EvalPolicy = .random

    @Option(help: "Episodes to play.")
    var episodes = 10

    @Option(help: "Seed of the environments and of the policy.")
    var seed: UInt64 = 0

    @Option(help: "Probability of sticky actions (0 as IRIS, 0.25 = ALE v5).")
    var sticky = 0.0

    @Flag(help: "Act with all 18 ALE actions instead of the game's minimal set.")
    var fullActions = false

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1") }
        guard (0...1).contains(sticky) else { throw ValidationError("--sticky must be in [0, 1]") }
    }

    func run() throws {
        var config = EnvConfig.test
        config.stickyActionProbability = sticky
        config.fullActionSpace = fullActions
        let environment = try AtariEnv(game: env, config: config)
        var generator = SeededGenerator(seed: seed, stream: 77)
        var scores = [Double](), lengths = [Double]()
        let start = Date()
        environment.reset(seed: seed)
        for _ in 0..<episodes {
            var score = 0.0, length = 0
            while true {
                let action = generator.uniform(0...(environment.actionCount - 1))
                let result = try environment.step(action)
                score += Double(result.reward)
                length += 1
                if result.isEnd { break }
            }
            scores.append(score)
            lengths.append(Double(length))
            environment.reset()
        }
        let seconds = Date().timeIntervalSince(start)
        let (scoreMean, scoreStd) = Self.meanAndStd(scores)
        let (lengthMean, lengthStd) = Self.meanAndStd(lengths)
        print("env \(environment.gameName), policy \(policy.rawValue), \(episodes) episodes, seed \(seed), test settings")
        print(String(format: "score  %.2f ± %.2f  (min %.0f, max %.0f)", scoreMean, scoreStd, scores.min()!, scores.max()!))
        print(String(format: "length %.1f ± %.1f agent steps", lengthMean, lengthStd))
        print(String(format: "(%.1f s, %.0f agent steps/s)", seconds, lengths.reduce(0, +) / max(seconds, 1e-9)))
    }

    /// Mean and population standard deviation.
    static func meanAndStd(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return (mean, variance.squareRoot())
    }
}

enum EvalPolicy: String, ExpressibleByArgument, CaseIterable {
    case random
}
