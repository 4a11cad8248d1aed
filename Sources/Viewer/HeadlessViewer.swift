import Env

/// Renders a session to files with no window and no SDL at all, for CI and servers: `steps`
/// agent steps, each frame going to the recorder.
///
/// Without a policy in control, actions come from `standIn`: the absent human is replaced by
/// uniform random actions from an explicitly seeded generator, so runs are reproducible.
public struct HeadlessViewer {
    public var steps: Int
    public var scale: Int
    public var standIn: SeededGenerator

    public init(steps: Int, scale: Int, seed: UInt64) {
        self.steps = steps
        self.scale = scale
        // A stream of its own, so the stand-in's draws never shift the game's.
        standIn = SeededGenerator(seed: seed, stream: 0x5649_4557)
    }

    /// Plays and records; returns what was written.
    public mutating func run(_ session: ViewerSession, recorder: Recorder) throws -> String {
        var renderer = ViewerRenderer(scale: scale)
        var done = 0
        while done < steps {
            let random = standIn.uniform(0...(session.source.actionNames.count - 1))
            guard let job = session.nextJob(tick: true, action: random) else { continue }
            let report = ViewerSession.perform(job, on: session.sources[job.source])
            if let error = report.error { throw error }
            session.apply(report)
            if case .step = job.kind { done += 1 }
            let canvas = renderer.render(panels: report.panels, header: session.header(status: report.status, recording: true))
            try recorder.add(canvas, fps: session.fps)
        }
        return try recorder.finish()
    }
}
