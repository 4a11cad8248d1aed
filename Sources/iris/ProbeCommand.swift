import Agent
import ArgumentParser
import Env
import Foundation
import Tensor

/// `iris probe RUN_DIR`: do the world model's dreams follow the real game under the same
/// actions? A run whose dreams cannot tell its actions apart cannot teach its actor-critic.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a run's dreams with the real game under the same actions from the same starts.",
        discussion: """
            Starts come from random play in the real game. From each, every action is held for \
            2, 4, 8 and 15 steps (then NOOP to --horizon), in the real game and in --samples \
            dreams of the world model. A start is decisive when the real returns differ between \
            these plans; on those, the probe reports how often the dream's best plan is a real \
            best one, against chance, and how well dreamed and real returns correlate. With \
            --decisive, only decisive starts are kept (in Pong about 1 in 9 is).
            """)

    @Argument(help: "Run directory (its latest checkpoint).")
    var runDirectory: String

    @Option(parsing: .unconditional, help: "Start states.")
    var starts = 48

    @Flag(help: "Keep only decisive starts: draw start states until --starts of them are decisive, so every dream counts.")
    var decisive = false

    @Option(parsing: .unconditional, help: "Steps of every plan, in the real game and in the dreams (default: the run's imagination horizon).")
    var horizon: Int?

    @Option(parsing: .unconditional, help: "Dreams per start and plan.")
    var samples = 8

    @Option(parsing: .unconditional, help: "Real frames each dream starts from and keeps on a restart (default: the run's actorCritic.contextFrames).")
    var context: Int?

    @Option(parsing: .unconditional, help: "Seed of the starts and the dreams.")
    var seed: UInt64 = 0

    @Flag(help: "Probe the run's best checkpoint instead of the latest.")
    var best = false

    @Option(parsing: .unconditional, help: "Compute threads.")
    var threads = 2

    func validate() throws {
        if starts < 1 { throw ValidationError("--starts must be at least 1") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if let horizon, horizon < 1 { throw ValidationError("--horizon must be at least 1") }
        if let context, context < 1 { throw ValidationError("--context must be at least 1") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let begin = Date()
        Compute.configure(threads: threads)
        let (config, agent) = try IrisAgent.load(run: RunDirectory(path: runDirectory), best: best)
        var settings = DreamProbe.Settings()
        settings.starts = starts
        settings.decisiveOnly = decisive
        settings.samples = samples
        settings.seed = seed
        settings.horizon = horizon ?? config.actorCritic.horizon
        settings.contextFrames = context ?? config.actorCritic.contextFrames
        guard settings.contextFrames < config.worldModel.maxBlocks else {
            throw ProbeError(description: "--context \(settings.contextFrames) must be below the world model's "
                + "\(config.worldModel.maxBlocks) blocks: its context needs room for a step")
        }
        let dream = WorldModelEnv(worldModel: agent.worldModel, view: agent.view, contextFrames: settings.contextFrames)
        let report = try DreamProbe.run(dream: dream, environment: config.env, settings: settings)
        let names = try AtariEnv(game: config.env.game, config: config.env.trainConfig).actions.map(\.name)

        let drawn = decisive ? "\(starts) decisive starts (of \(report.candidates) drawn)" : "\(starts) starts"
        print("run \(runDirectory) (\(best ? "best" : "latest") checkpoint), env \(config.env.game): \(drawn) "
              + "from random play, \(settings.horizon)-step plans, \(samples) dreams each from \(settings.contextFrames) frame(s)")
        print("plan (action, steps held)  real return  dream return")
        for (plan, (real, dream)) in zip(report.plans, zip(report.meanByPlan(report.real), report.meanByPlan(report.dream))) {
            let label = names[plan.action] + " x\(plan.steps)"
            print(label.padding(toLength: 25, withPad: " ", startingAt: 0) + String(format: "  %11.3f  %12.3f", real, dream))
        }
        let decisive = report.decisiveStarts.count
        print("decisive starts (real returns differ between plans): \(decisive) of \(report.startCount)")
        if let agreement = report.agreement, let chance = report.chance {
            print(String(format: "on them the dream's best plan is a real best one: %.0f%% (chance %.0f%%)",
                         100 * agreement, 100 * chance))
        }
        if let correlation = report.withinStartCorrelation {
            print(String(format: "within-start correlation of dreamed and real returns: %.2f", correlation))
        }
        print(String(format: "(%.1f s)", Date().timeIntervalSince(begin)))
    }
}

/// A probe setting that does not fit the run, found once its config is read.
struct ProbeError: Error, CustomStringConvertible {
    let description: String
}
