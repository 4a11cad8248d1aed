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

    @OptionGroup var game: GameOptions

    @Option(help: "Policy to evaluate: random (uniform over the game's actions).")
    var policy: EvalPolicy = .random

    @Option(help: "Episodes to play.")
    var episodes = 10

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1") }
    }

    func run() throws {
        let config = game.config(.test)
        let start = Date()
        let statistics: EpisodeStatistics
        switch policy {
        case .random:
            statistics = try RandomPolicy.evaluate(game: game.env, episodes: episodes, seed: game.seed, config: config)
        }
        let seconds = Date().timeIntervalSince(start)
        let steps = Double(statistics.lengths.reduce(0, +))
        print("env \(game.env), policy \(policy.rawValue), \(episodes) episodes, seed \(game.seed), test settings"
            + (game.sticky > 0 ? ", sticky \(game.sticky)" : "") + (game.fullActions ? ", 18 actions" : ""))
        print(String(format: "score  %.2f ± %.2f  (min %.0f, max %.0f)", statistics.meanScore,
                     statistics.scoreStandardDeviation, statistics.scores.min()!, statistics.scores.max()!))
        print(String(format: "length %.1f ± %.1f agent steps", statistics.meanLength, statistics.lengthStandardDeviation))
        print(String(format: "(%.1f s, %.0f agent steps/s)", seconds, steps / max(seconds, 1e-9)))
    }
}

enum EvalPolicy: String, ExpressibleByArgument, CaseIterable {
    case random
}
