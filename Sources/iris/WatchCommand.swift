import ArgumentParser
import Viewer

/// `iris watch RUN_DIR`: the trained agent plays the real game (raw | observation | what the
/// policy sees), Tab switches to it playing inside its world model; `--dream` starts there.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a trained agent play the real game or dream in its world model (SDL2 window).",
        discussion: """
            The policy acts at the run's evaluation temperature (or --temperature) with draws seeded by \
            --seed; `m` hands control to the keyboard and back. Tab switches real game <-> world model. \
            Controls are printed at start and on `h`. Recordings go to RUN_DIR/media/recordings unless \
            --record says otherwise. With --headless no window opens: the policy plays --steps steps \
            straight to a GIF and PNG frames.
            """)

    @Argument(help: "The trained run directory (its latest checkpoint, or --best).")
    var runDirectory: String

    @Flag(help: "Start with the agent playing inside its world model.")
    var dream = false

    @Flag(help: "Show the real game from the same start, driven by the same actions, beside the dream.")
    var withReal = false

    @Flag(help: "Use the run's best checkpoint instead of the latest.")
    var best = false

    @Option(parsing: .unconditional, help: "Seed of the episodes, the policy's and the world model's draws.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Sampling temperature of the policy (default: the run's evaluation temperature, IRIS 0.5).")
    var temperature: Float?

    @OptionGroup var viewer: ViewerOptions

    func validate() throws {
        try checkOption("--temperature", temperature, above: 0)
    }

    func run() throws {
        let trained = try TrainedRun.load(path: runDirectory, best: best)
        let sources = try WatchSources.make(trained, seed: seed, temperature: temperature, dreamFirst: dream,
                                            withReal: withReal)
        let session = try viewer.run(sources: sources, control: .policy, headlessControl: .policy,
                                     defaultRecordPath: trained.recordingsPath, seed: seed,
                                     title: "iris watch \(runDirectory)\(dream ? " (dream)" : "")")
        if viewer.headless, let steps = viewer.steps {
            let c = session.current
            print("\(steps) policy steps in \(session.source.name) (seed \(seed), temperature "
                + "\(trained.temperature(temperature))); now in episode \(c.episode) at step \(c.step), "
                + "return \(String(format: "%g", c.episodeReturn))")
        }
    }
}
