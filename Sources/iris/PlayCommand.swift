import ArgumentParser
import Env
import Viewer

/// `iris play`: a human plays the real game in an SDL2 window, or, with `--headless`, a seeded
/// random stand-in plays a fixed number of steps straight to PNG frames and a GIF.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a game with the keyboard in an SDL2 window (raw frame | 64x64 observation).",
        discussion: """
            Controls are printed at start and on `h`. With --headless no window opens: a uniform random \
            policy (seeded by --seed) plays --steps steps and the frames go to --record (default: \
            recordings/<time>.gif and its PNG frames).
            """)

    @OptionGroup var game: GameOptions

    @Option(help: "Agent steps per second (1...240).")
    var fps = 15

    @Option(help: "Window scale of the tallest panel (1...8).")
    var scale = 3

    @Option(help: "Record to FILE.gif (PNG frames go to FILE-frames/) or into a directory; starts recording at once.")
    var record: String?

    @Option(help: "Scale of recorded frames (1...8).")
    var recordScale = 1

    @Flag(help: "No window: render --steps steps straight to files (random policy seeded by --seed).")
    var headless = false

    @Option(help: "Steps to render with --headless.")
    var steps: Int?

    func validate() throws {
        guard (1...240).contains(fps) else { throw ValidationError("--fps must be in 1...240, got \(fps)") }
        guard (1...8).contains(scale) else { throw ValidationError("--scale must be in 1...8, got \(scale)") }
        guard (1...8).contains(recordScale) else { throw ValidationError("--record-scale must be in 1...8, got \(recordScale)") }
        if headless {
            guard let steps else { throw ValidationError("--headless needs --steps N") }
            guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        } else if steps != nil {
            throw ValidationError("--steps only applies with --headless")
        }
    }

    func run() throws {
        let source = try RealGameSource(game: game.env, seed: game.seed, config: game.config(.test))
        let target = RecordingTarget(path: record ?? "recordings")
        if headless {
            let session = ViewerSession(sources: [source], fps: fps, control: .random)
            let paths = target.paths(number: 1, stamp: RecordingTarget.stamp())
            let recorder = try Recorder(gifPath: paths.gif, framesDirectory: paths.frames)
            var viewer = HeadlessViewer(steps: steps!, scale: recordScale, seed: game.seed)
            print(try viewer.run(session, recorder: recorder))
            let c = session.current
            print("\(steps!) steps (random actions, seed \(game.seed)); now in episode \(c.episode) at step \(c.step), "
                + "return \(String(format: "%g", c.episodeReturn))")
        } else {
            let session = ViewerSession(sources: [source], fps: fps, control: .human)
            let options = InteractiveOptions(scale: scale, recordScale: recordScale, recordTarget: target,
                                             recordAtStart: record != nil, title: "iris play \(source.gameName)")
            try InteractiveViewer(session: session, options: options).run()
        }
    }
}
