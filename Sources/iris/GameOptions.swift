import ArgumentParser
import Env

/// Options that pick a game and how it is served, shared by the commands that play one.
struct GameOptions: ParsableArguments {
    @Option(help: "Game name (see `iris envs`; default pong).")
    var env: String?

    /// --env or its default; optional so `iris eval RUN_DIR` can tell a given --env apart.
    var game: String { env ?? "pong" }

    @Option(parsing: .unconditional, help: "Seed of the episodes and of the policy.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Probability of sticky actions (0 as IRIS, 0.25 = ALE v5).")
    var sticky = 0.0

    @Flag(help: "Act with all 18 ALE actions instead of the game's minimal set.")
    var fullActions = false

    func validate() throws {
        try checkOption("--sticky", sticky, in: 0...1)
    }

    /// `base` (IRIS's train or test preset) with these options applied.
    func config(_ base: EnvConfig) -> EnvConfig {
        var config = base
        config.stickyActionProbability = sticky
        config.fullActionSpace = fullActions
        return config
    }
}
