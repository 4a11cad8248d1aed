import Tensor

/// Who picks the actions.
public enum ControlMode: String, Sendable {
    /// The keyboard.
    case human
    /// The source's policy.
    case policy
    /// Uniform random actions from a seeded generator: the stand-in for the absent human of headless play.
    case random
}

/// The viewer's controls, independent of SDL (the window maps keys to these).
public enum ViewerCommand: Sendable, CaseIterable {
    case togglePause, stepOnce, faster, slower, reset, switchSource, toggleControl, toggleRecording, screenshot, help, quit
}

/// Work for a source, done on the source thread (or inline when headless).
public struct SourceJob: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case reset
        /// `action` nil: ask the source's policy.
        case step(action: Int?)
    }
    public var source: Int
    public var kind: Kind
}

/// What a job produced: the new panels, and the step's outcome.
public struct SourceReport: Sendable {
    public var job: SourceJob
    public var action: Int?
    public var step: ViewerStep?
    public var panels: [ViewerPanel]
    public var status: String
    public var error: (any Error)?
}

/// The state of a viewing session and its rules, with no window and no threads, so that it can
/// be tested and shared by the interactive and the headless viewer: which source is shown,
/// who controls it, pause and single step, the speed, and each source's episode counters.
public final class ViewerSession {
    /// Speeds that faster/slower step through (steps per second).
    public static let fpsLadder = [1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 240]

    public struct Counters: Equatable, Sendable {
        public var episode = 0
        public var step = 0
        public var actionName = ""
        public var reward: Float = 0
        public var episodeReturn: Float = 0
        /// The source has not been reset yet, or a reset was asked for: done before anything else.
        var resetNow = true
        /// The episode ended: the next paced step starts a new one.
        var episodeOver = false
    }

    public let sources: [any ViewerSource]
    public private(set) var active = 0
    public private(set) var counters: [Counters]
    public private(set) var control: ControlMode
    public private(set) var paused = false
    public private(set) var fps: Int
    private var singleStep = false

    public init(sources: [any ViewerSource], fps: Int, control: ControlMode = .human) {
        require(!sources.isEmpty, "a session needs a source")
        require(fps >= 1, "fps \(fps) must be at least 1")
        self.sources = sources
        self.fps = fps
        self.control = control
        counters = Array(repeating: Counters(), count: sources.count)
    }

    public var source: any ViewerSource { sources[active] }
    public var current: Counters { counters[active] }

    /// Applies a command that changes the session; returns a line to print (nil: nothing to say).
    /// Recording, screenshots, help and quitting belong to the front end and return nil here.
    @discardableResult
    public func handle(_ command: ViewerCommand) -> String? {
        switch command {
        case .togglePause:
            paused.toggle()
            singleStep = false
            return paused ? "paused (e: one step)" : "running"
        case .stepOnce:
            guard paused else { return "single steps work while paused (.)" }
            singleStep = true
            return nil
        case .faster:
            fps = Self.fpsLadder.first { $0 > fps } ?? fps
            return "\(fps) steps/s"
        case .slower:
            fps = Self.fpsLadder.last { $0 < fps } ?? fps
            return "\(fps) steps/s"
        case .reset:
            counters[active].resetNow = true
            return "reset"
        case .switchSource:
            guard sources.count > 1 else { return "only one source: \(source.name)" }
            active = (active + 1) % sources.count
            if control == .policy && !source.hasPolicy { control = .human }
            return "now showing \(source.name)"
        case .toggleControl:
            guard source.hasPolicy else { return "\(source.name) has no policy: the keyboard stays in control" }
            control = control == .policy ? .human : .policy
            return "control: \(control.rawValue)"
        case .toggleRecording, .screenshot, .help, .quit:
            return nil
        }
    }

    /// The next job, or nil to wait. `tick` says a paced step is due (the front end's clock);
    /// `action` is the keyboard's (or stand-in's) action, used unless the policy is in control.
    public func nextJob(tick: Bool, action: Int) -> SourceJob? {
        if counters[active].resetNow { return SourceJob(source: active, kind: .reset) }
        let due = paused ? singleStep : tick
        guard due else { return nil }
        singleStep = false
        if counters[active].episodeOver { return SourceJob(source: active, kind: .reset) }
        return SourceJob(source: active, kind: .step(action: control == .policy ? nil : action))
    }

    /// Runs `job` on its source. Called from the source thread only (see `ViewerSource`).
    public static func perform(_ job: SourceJob, on source: any ViewerSource) -> SourceReport {
        var report = SourceReport(job: job, action: nil, step: nil, panels: [], status: "", error: nil)
        do {
            switch job.kind {
            case .reset:
                try source.reset()
            case .step(let given):
                guard let action = try given ?? source.policyAction() else {
                    throw ViewerError.invalidOption("\(source.name) has no policy")
                }
                report.action = action
                report.step = try source.step(action)
            }
            report.panels = source.panels
            report.status = source.status
        } catch {
            report.error = error
        }
        return report
    }

    /// Updates the counters with a finished job's outcome.
    public func apply(_ report: SourceReport) {
        guard report.error == nil else { return }
        var c = counters[report.job.source]
        switch report.job.kind {
        case .reset:
            c.episode += 1
            c.step = 0
            c.actionName = ""
            c.reward = 0
            c.episodeReturn = 0
            c.resetNow = false
            c.episodeOver = false
        case .step:
            guard let step = report.step, let action = report.action else { return }
            c.step += 1
            let names = sources[report.job.source].actionNames
            c.actionName = names.indices.contains(action) ? names[action] : "\(action)"
            c.reward = step.reward
            c.episodeReturn += step.reward
            c.episodeOver = step.ended
        }
        counters[report.job.source] = c
    }

    public func header(status: String, recording: Bool, measuredFPS: Double? = nil) -> HeaderInfo {
        let c = current
        return HeaderInfo(sourceName: source.name, control: control.rawValue, episode: c.episode, step: c.step,
                          actionName: c.actionName, reward: c.reward, episodeReturn: c.episodeReturn, targetFPS: fps,
                          measuredFPS: measuredFPS, paused: paused, recording: recording, status: status)
    }
}
