import Agent
import ArgumentParser
import Env
import Foundation

/// `iris eval`: a trained run's checkpoint (`iris eval RUN_DIR`), or the random policy on a
/// game (`iris eval --env pong`), with IRIS's test settings.
///
/// `--policy random` gives each game's random reference, which every evaluation of a trained
/// agent prints next to its own score.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained run (iris eval RUN_DIR) or the random policy (iris eval --env pong).")

    @Argument(help: "Run directory to evaluate (its latest checkpoint).")
    var runDirectory: String?

    @OptionGroup var game: GameOptions

    @Option(help: "Policy without a run directory: random (uniform over the game's actions).")
    var policy: EvalPolicy = .random

    @Option(parsing: .unconditional, help: "Episodes to play (default: 100 for a run, as IRIS's eval, 10 for random).")
    var episodes: Int?

    @Option(parsing: .unconditional, help: "Sampling temperature of a trained policy (default: the run's, IRIS 0.5).")
    var temperature: Float?

    @Flag(help: "Evaluate the run's best checkpoint instead of the latest.")
    var best = false

    func validate() throws {
        if let episodes, episodes < 1 { throw ValidationError("--episodes must be at least 1") }
        try checkOption("--temperature", temperature, above: 0)
        if runDirectory != nil && (game.env != nil || game.sticky != 0 || game.fullActions) {
            // A run plays the game (and action set) it was trained on: another would be ignored.
            throw ValidationError("--env, --sticky and --full-actions choose the game for --policy random; "
                + "a run directory is evaluated on its own game and settings (its config.json): drop them")
        }
    }

    func run() throws {
        let start = Date()
        let statistics: EpisodeStatistics
        let description: String
        if let runDirectory {
            let run = RunDirectory(path: runDirectory)
            let n = episodes ?? 100
            statistics = try CheckpointEvaluation.evaluate(run: run, best: best, episodes: n, temperature: temperature,
                                                           seed: game.seed)
            let config = try run.readConfig()
            description = "run \(runDirectory) (\(best ? "best" : "latest") checkpoint), env \(config.env.game), \(n) episodes, "
                + "temperature \(temperature ?? config.evaluation.temperature), seed \(game.seed), test settings"
        } else {
            let n = episodes ?? 10
            statistics = try RandomPolicy.evaluate(game: game.game, episodes: n, seed: game.seed, config: game.config(.test))
            description = "env \(game.game), policy \(policy.rawValue), \(n) episodes, seed \(game.seed), test settings"
                + (game.sticky > 0 ? ", sticky \(game.sticky)" : "") + (game.fullActions ? ", 18 actions" : "")
        }
        let game = try runDirectory.map { try RunDirectory(path: $0).readConfig().env.game } ?? self.game.game
        let seconds = Date().timeIntervalSince(start)
        let steps = Double(statistics.lengths.reduce(0, +))
        print(description)
        print(String(format: "score  %.2f ± %.2f  (min %.0f, max %.0f)", statistics.meanScore,
                     statistics.scoreStandardDeviation, statistics.scores.min()!, statistics.scores.max()!))
        if let normalized = ReferenceScores.humanNormalized(statistics.meanScore, game: game),
           let reference = ReferenceScores.reference(for: game) {
            print(String(format: "human-normalised %.3f  (random %.1f, human %.1f)", normalized, reference.random, reference.human))
        }
        print(String(format: "length %.1f ± %.1f agent steps", statistics.meanLength, statistics.lengthStandardDeviation))
        print(String(format: "(%.1f s, %.0f agent steps/s)", seconds, steps / max(seconds, 1e-9)))
    }
}

enum EvalPolicy: String, ExpressibleByArgument, CaseIterable {
    case random
}
