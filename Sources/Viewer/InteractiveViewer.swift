import Env
import Foundation

/// Settings of a window session.
public struct InteractiveOptions: Sendable {
    /// Scale of the tallest panel in the window.
    public var scale: Int
    /// Scale of recorded frames (small GIFs by default).
    public var recordScale: Int
    /// Where `,` (and `recordAtStart`) record, and where `p` saves screenshots.
    public var recordTarget: RecordingTarget
    /// Start recording at once (`--record FILE` given).
    public var recordAtStart: Bool
    public var title: String

    public init(scale: Int = 3, recordScale: Int = 1, recordTarget: RecordingTarget = RecordingTarget(path: "recordings"),
                recordAtStart: Bool = false, title: String = "iris") {
        self.scale = scale
        self.recordScale = recordScale
        self.recordTarget = recordTarget
        self.recordAtStart = recordAtStart
        self.title = title
    }
}

/// The window front end: SDL events in, session commands and source jobs out, the canvas on screen.
///
/// One loop on the main thread polls events, starts a job on the source thread when a step is
/// due and the last one is done, and redraws when something changed; it sleeps in
/// SDL_WaitEventTimeout, so it wakes at once for a key and costs nothing between steps.
public final class InteractiveViewer {
    private let session: ViewerSession
    private let options: InteractiveOptions
    private let print: (String) -> Void

    /// `print` receives the controls and status lines (stdout by default).
    public init(session: ViewerSession, options: InteractiveOptions, print: @escaping (String) -> Void = { Swift.print($0) }) {
        self.session = session
        self.options = options
        self.print = print
    }

    /// Runs until Esc or the window closes. Throws when the window cannot open or a source fails.
    public func run() throws {
        var renderer = ViewerRenderer(scale: options.scale)
        var recordRenderer = ViewerRenderer(scale: options.recordScale)
        let keymaps = session.sources.map { Keymap(gameName: $0.gameName, actionNames: $0.actionNames) }
        // The first canvas is rendered before the window opens, to size it.
        let first = ViewerSession.perform(SourceJob(source: session.active, kind: .reset), on: session.source)
        if let error = first.error { throw error }
        session.apply(first)
        var panels = first.panels, status = first.status
        var canvas = renderer.render(panels: panels, header: session.header(status: status, recording: false))
        let window = try SDLWindow(title: options.title, width: canvas.width, height: canvas.height)
        let worker = SourceWorker(sources: session.sources)
        defer { worker.stop(waitingUpTo: 2) }

        printHelp(keymaps)
        var recording: RecordingQueue?
        var recordings = 0
        let stamp = RecordingTarget.stamp()
        func startRecording() {
            recordings += 1
            let paths = options.recordTarget.paths(number: recordings, stamp: stamp)
            do {
                recording = RecordingQueue(try Recorder(gifPath: paths.gif, framesDirectory: paths.frames))
                print("recording to \(paths.gif)")
            } catch { print("\(error)") }
        }
        func stopRecording() {
            guard let active = recording else { return }
            recording = nil
            do { print(try active.finish()) } catch { print("\(error)") }
        }
        defer { stopRecording() }
        if options.recordAtStart { startRecording() }
        func record() {
            recording?.add(recordRenderer.render(panels: panels, header: session.header(status: status, recording: true)),
                           fps: session.fps)
        }
        record()

        var latched: Set<GameKey> = []
        var nextTick = Date()
        var lastStep: Date?
        var measured: Double?
        var meanInterval: Double?
        var dirty = true
        var shownSource = session.active
        window.present(canvas)
        var lastPresent = Date()
        loop: while true {
            for event in window.poll() {
                switch event {
                case .quit:
                    break loop
                case .gameKey(let key):
                    latched.insert(key)
                case .command(let command):
                    switch command {
                    case .toggleRecording: recording == nil ? startRecording() : stopRecording()
                    case .help: printHelp(keymaps)
                    case .screenshot: saveScreenshot(window.readPixels() ?? canvas)
                    case .quit: break loop
                    default: if let line = session.handle(command) { print(line) }
                    }
                    if command == .switchSource || command == .toggleControl || command == .faster || command == .slower {
                        measured = nil
                        meanInterval = nil
                    }
                    dirty = true
                }
            }
            if let report = worker.take() {
                if let error = report.error { throw error }
                session.apply(report)
                if report.job.source == session.active {
                    panels = report.panels
                    status = report.status
                    if case .step = report.job.kind {
                        let now = Date()
                        if let lastStep {
                            // Average the intervals (over about half a second of steps), not the
                            // rates: the mean of 1/interval overstates the rate when intervals vary.
                            let interval = now.timeIntervalSince(lastStep)
                            meanInterval = meanInterval.map { $0 + (interval - $0) * min(1, 2 / Double(session.fps)) } ?? interval
                            measured = 1 / max(meanInterval!, 1e-6)
                        }
                        lastStep = now
                    }
                    record()
                }
                dirty = true
            }
            if !worker.isBusy {
                let now = Date()
                let tick = now >= nextTick
                let action = keymaps[session.active].action(for: window.heldGameKeys().union(latched))
                if let job = session.nextJob(tick: tick, action: action) {
                    if case .step = job.kind {
                        latched = []
                        if tick {
                            // Keep the pace, but after a stall start again from now instead of catching up in a burst.
                            nextTick = max(nextTick.addingTimeInterval(1 / Double(session.fps)), now)
                        }
                    }
                    if job.source != shownSource { shownSource = job.source; lastStep = nil }
                    worker.submit(job)
                }
                if session.paused { lastStep = nil; measured = nil; meanInterval = nil }
            }
            // At most 60 presents a second: above that, steps outpace the screen and drawing
            // every one would only slow the steps down.
            let sincePresent = Date().timeIntervalSince(lastPresent)
            if dirty && sincePresent >= 1.0 / 60 {
                canvas = renderer.render(panels: panels, header: session.header(status: status, recording: recording != nil,
                                                                                 measuredFPS: measured))
                window.present(canvas)
                lastPresent = Date()
                dirty = false
            }
            let untilTick = Int(nextTick.timeIntervalSinceNow * 1000)
            let untilPresent = dirty ? Int((1.0 / 60 - sincePresent) * 1000) : 20
            window.wait(milliseconds: worker.isBusy ? 1 : max(1, min(untilTick, untilPresent, 20)))
        }
        print("bye")
    }

    private func printHelp(_ keymaps: [Keymap]) {
        print(ControlsHelp.text(gameKeys: keymaps[session.active].bindings, sources: session.sources.map(\.name),
                                hasPolicy: session.sources.contains { $0.hasPolicy }))
    }

    /// Saves what SDL shows (read back from the renderer, so it proves the window's content).
    private func saveScreenshot(_ canvas: RGBImage) {
        let target = options.recordTarget
        let folder = target.isFile ? (target.path as NSString).deletingLastPathComponent : target.path
        let path = (folder.isEmpty ? "" : folder + "/") + "screenshot-\(RecordingTarget.stamp())-\(session.current.step).png"
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try canvas.writePNG(path: path)
            print("screenshot: \(path)")
        } catch { print("\(error)") }
    }
}
