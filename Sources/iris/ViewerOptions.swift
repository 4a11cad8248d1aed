import ArgumentParser
import Viewer

/// Window, speed and recording options shared by `iris play` and `iris watch`, and the one
/// place that starts the window or the headless renderer for a session.
struct ViewerOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Agent steps per second (1...240).")
    var fps = 15

    @Option(parsing: .unconditional, help: "Window scale of the tallest panel (1...8).")
    var scale = 3

    @Option(help: "Record to FILE.gif (PNG frames go to FILE-frames/) or into a directory; starts recording at once.")
    var record: String?

    @Option(parsing: .unconditional, help: "Scale of recorded frames (1...8).")
    var recordScale = 1

    @Flag(help: "No window: render --steps steps straight to files.")
    var headless = false

    @Option(parsing: .unconditional, help: "Steps to render with --headless.")
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

    /// Opens the window on `sources` (the first one shown), or renders `--steps` steps to
    /// files with `--headless`, where `headlessControl` acts (the policy, or a seeded random
    /// stand-in for the absent human). Returns the session for a closing summary.
    @discardableResult
    func run(sources: [any ViewerSource], control: ControlMode, headlessControl: ControlMode,
             defaultRecordPath: String, seed: UInt64, title: String) throws -> ViewerSession {
        let target = RecordingTarget(path: record ?? defaultRecordPath)
        if headless {
            let session = ViewerSession(sources: sources, fps: fps, control: headlessControl)
            let paths = target.paths(number: 1, stamp: RecordingTarget.stamp())
            let recorder = try Recorder(gifPath: paths.gif, framesDirectory: paths.frames)
            var viewer = HeadlessViewer(steps: steps!, scale: recordScale, seed: seed)
            print(try viewer.run(session, recorder: recorder))
            return session
        }
        let session = ViewerSession(sources: sources, fps: fps, control: control)
        let options = InteractiveOptions(scale: scale, recordScale: recordScale, recordTarget: target,
                                         recordAtStart: record != nil, title: title)
        try InteractiveViewer(session: session, options: options).run()
        return session
    }
}
