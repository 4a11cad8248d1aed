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
        let start = Date()
        let statistics: EpisodeStatistics
        switch policy {
        case .random:
            statistics = try RandomPolicy.evaluate(game: env, episodes: episodes, seed: seed, config: config)
        }
        let seconds = Date().timeIntervalSince(start)
        let steps = Double(statistics.lengths.reduce(0, +))
        print("env \(env), policy \(policy.rawValue), \(episodes) episodes, seed \(seed), test settings"
            + (sticky > 0 ? ", sticky \(sticky)" : "") + (fullActions ? ", 18 actions" : ""))
        print(String(format: "score  %.2f ± %.2f  (min %.0f, max %.0f)", statistics.meanScore,
                     statistics.scoreStandardDeviation, statistics.scores.min()!, statistics.scores.max()!))
        print(String(format: "length %.1f ± %.1f agent steps", statistics.meanLength, statistics.lengthStandardDeviation))
        print(String(format: "(%.1f s, %.0f agent steps/s)", seconds, steps / max(seconds, 1e-9)))
    }
}

enum EvalPolicy: String, ExpressibleByArgument, CaseIterable {
    case random
}
