import ArgumentParser
import Env
import Viewer

/// `iris play`: a human plays the real game in an SDL2 window (`iris play --env pong`), or a
/// trained run's game (`iris play RUN_DIR`), or inside the run's world model
/// (`iris play RUN_DIR --dream`). With `--headless`, a seeded random stand-in plays a fixed
/// number of steps straight to PNG frames and a GIF.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a game with the keyboard in an SDL2 window (raw frame | 64x64 observation).",
        discussion: """
            Controls are printed at start and on `h`. With RUN_DIR you play the run's game (its test \
            settings; --env, --sticky and --full-actions are then ignored) and Tab switches to its world \
            model, where the game is dreamt; `m` hands control to the trained policy. --dream starts in \
            the world model. With --headless no window opens: a uniform random policy (seeded by --seed) \
            plays --steps steps and the frames go to --record (default: recordings/<time>.gif, or \
            RUN_DIR/media/recordings, and its PNG frames).
            """)

    @Argument(help: "A trained run directory (optional): play its game and its world model.")
    var runDirectory: String?

    @Flag(help: "Play inside the run's world model (needs RUN_DIR).")
    var dream = false

    @Flag(help: "With --dream: show the real game from the same start, driven by the same keys, beside the dream.")
    var withReal = false

    @Flag(help: "Use the run's best checkpoint instead of the latest.")
    var best = false

    @OptionGroup var game: GameOptions

    @OptionGroup var viewer: ViewerOptions

    func validate() throws {
        if runDirectory == nil {
            if dream { throw ValidationError("--dream needs a trained run: iris play RUN_DIR --dream") }
            if withReal || best { throw ValidationError("--with-real and --best need a run: iris play RUN_DIR ...") }
        } else if game.env != nil || game.sticky != 0 || game.fullActions {
            throw ValidationError("a run directory is played with its own game and settings (its config.json): "
                + "drop --env, --sticky and --full-actions")
        }
    }

    func run() throws {
        if let runDirectory {
            let trained = try TrainedRun.load(path: runDirectory, best: best)
            let sources = try WatchSources.make(trained, seed: game.seed, temperature: nil, dreamFirst: dream,
                                                withReal: withReal)
            let session = try viewer.run(sources: sources, control: .human, headlessControl: .random,
                                         defaultRecordPath: trained.recordingsPath, seed: game.seed,
                                         title: "iris play \(runDirectory)\(dream ? " (dream)" : "")")
            summarize(session)
            return
        }
        let source = try RealGameSource(game: game.game, seed: game.seed, config: game.config(.test))
        let session = try viewer.run(sources: [source], control: .human, headlessControl: .random,
                                     defaultRecordPath: "recordings", seed: game.seed, title: "iris play \(source.gameName)")
        summarize(session)
    }

    private func summarize(_ session: ViewerSession) {
        guard viewer.headless, let steps = viewer.steps else { return }
        let c = session.current
        print("\(steps) steps (random actions, seed \(game.seed)) in \(session.source.name); now in episode \(c.episode) "
            + "at step \(c.step), return \(String(format: "%g", c.episodeReturn))")
    }
}
