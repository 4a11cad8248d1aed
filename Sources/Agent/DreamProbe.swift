import Env
import Tensor

/// How faithfully the world model's dreams follow the real game under the same actions.
///
/// Start states come from uniform random play in the real game (training settings). From each,
/// a set of plans (an action held for some steps, then NOOP to the horizon) is played once in
/// the real game (replayed from the episode's seed and actions: the game is deterministic) and
/// in `samples` dreams started from the start frame's tokens, as imagination starts. A start is
/// *decisive* when the plans' real returns differ: there what the agent does matters within
/// the horizon, and a dream that cannot tell the plans apart gives the actor-critic nothing to
/// learn from. Holding an action for different times leaves a paddle or a catcher at
/// different places, which is what most of these games' rewards depend on.
public enum DreamProbe {
    /// Hold `action` for `steps` steps, then NOOP (action 0) to the horizon.
    public struct Plan: Equatable, Sendable {
        public var action: Int
        public var steps: Int

        public init(action: Int, steps: Int) {
            self.action = action
            self.steps = steps
        }

        public func action(at step: Int) -> Int { step < steps ? action : 0 }

        /// NOOP throughout, then every other action held for each of `durations` (capped at
        /// the horizon, duplicates dropped).
        public static func all(actionCount: Int, durations: [Int], horizon: Int) -> [Plan] {
            var lengths: [Int] = []
            for duration in durations.map({ min($0, horizon) }) where !lengths.contains(duration) { lengths.append(duration) }
            return [Plan(action: 0, steps: horizon)]
                + (1..<actionCount).flatMap { action in lengths.map { Plan(action: action, steps: $0) } }
        }
    }

    /// A real state to dream from: an episode's seed, the actions that led there, and the
    /// latest frames, [contextFrames, 64, 64, 3] (the current one last; before the episode's
    /// first frame, that frame repeated, as imagination pads).
    public struct Start {
        public var seed: UInt64
        public var actions: [Int]
        public var frames: [UInt8]
    }

    public struct Settings {
        public var starts = 48
        public var horizon = 15
        public var samples = 8
        /// How long each non-NOOP action is held, in steps.
        public var durations = [2, 4, 8, 15]
        public var seed: UInt64 = 0
        /// Real frames each dream starts from (`ActorCriticConfig.contextFrames`).
        public var contextFrames = 1
        /// Dream rows computed side by side.
        public var batch = 128
        /// Keep only decisive starts: candidates are drawn from random play until `starts` of
        /// them are decisive. Real plans cost microseconds and dreams most of a probe, so this
        /// spends the dreams where they tell something (in Pong about 1 start in 9 is decisive).
        public var decisiveOnly = false
        /// With `decisiveOnly`, give up after this many candidates per wanted start.
        public var candidatesPerStart = 100

        public init() {}
    }

    /// Picks `count` start states from uniform random play, a random 4-16 steps apart, each with
    /// its latest `frames` frames.
    public static func starts(settings: EnvironmentSettings, count: Int, frames: Int,
                              using rng: inout RandomGenerator) throws -> [Start] {
        let env = try AtariEnv(game: settings.game, config: settings.trainConfig)
        var starts: [Start] = []
        while starts.count < count {
            let seed = rng.next()
            var recent = [UInt8]()
            for _ in 0..<frames { recent += env.reset(seed: seed) }  // the first frame, repeated
            var actions: [Int] = []
            var gap = 4 + Int(rng.next() % 13)
            while starts.count < count {
                if gap == 0 {
                    starts.append(Start(seed: seed, actions: actions, frames: recent))
                    gap = 4 + Int(rng.next() % 13)
                }
                gap -= 1
                let action = Int(rng.next() % UInt64(env.actionCount))
                let step = try env.step(action)
                actions.append(action)
                recent = Array(recent.dropFirst(step.observation.count)) + step.observation
                if step.isEnd { break }
            }
        }
        return starts
    }

    /// The real return of `plan` over `horizon` steps from `start` (to the episode's end at
    /// most), by replaying the start's episode.
    public static func realReturn(settings: EnvironmentSettings, start: Start, plan: Plan,
                                  horizon: Int) throws -> Float {
        let env = try AtariEnv(game: settings.game, config: settings.trainConfig)
        _ = env.reset(seed: start.seed)
        for previous in start.actions { _ = try env.step(previous) }
        var total: Float = 0
        for index in 0..<horizon {
            let step = try env.step(plan.action(at: index))
            total += step.reward
            if step.isEnd { break }
        }
        return total
    }

    /// The mean over `samples` dreams of the imagined return (reward signs summed to the first
    /// sampled end) of each plan, for every start: [starts * plans], start-major.
    public static func dreamReturns(dream: WorldModelEnv, starts: [Start], plans: [Plan],
                                    settings: Settings, using rng: inout RandomGenerator) -> [Float] {
        let perFrame = dream.view.tokensPerFrame, n = settings.contextFrames
        let frames = starts.flatMap(\.frames)
        let startTokens = frames.withUnsafeBufferPointer { dream.view.tokens(frames: $0, count: starts.count * n) }
        // The actions between a start's frames; before its episode began, NOOPs.
        let startActions = starts.flatMap { start in
            [Int](repeating: 0, count: max(0, n - 1 - start.actions.count)) + start.actions.suffix(n - 1)
        }
        let rows = starts.count * plans.count * settings.samples
        var sums = [Float](repeating: 0, count: starts.count * plans.count)
        var first = 0
        while first < rows {
            let count = min(settings.batch, rows - first)
            // Row r is sample r % samples of plan (r / samples) % plans of start r / (samples * plans).
            let pairs = (first..<first + count).map { $0 / settings.samples }
            var tokens = [Int](), actions = [Int]()
            tokens.reserveCapacity(count * n * perFrame)
            actions.reserveCapacity(count * (n - 1))
            for pair in pairs {
                let start = pair / plans.count
                tokens += startTokens[start * n * perFrame..<(start + 1) * n * perFrame]
                actions += startActions[start * (n - 1)..<(start + 1) * (n - 1)]
            }
            dream.reset(frames: tokens, actions: actions, count: n, batch: count)
            var alive = [Bool](repeating: true, count: count)
            for step in 0..<settings.horizon {
                let actions = pairs.map { plans[$0 % plans.count].action(at: step) }
                let result = dream.step(actions: actions, predictNextFrame: step < settings.horizon - 1, using: &rng)
                for row in 0..<count where alive[row] {
                    sums[pairs[row]] += result.rewards[row]
                    if result.ends[row] { alive[row] = false }
                }
            }
            first += count
        }
        return sums.map { $0 / Float(settings.samples) }
    }

    /// Real and dreamed returns of every start and plan.
    public static func run(dream: WorldModelEnv, environment: EnvironmentSettings,
                           settings: Settings) throws -> DreamProbeReport {
        var rng = RandomGenerator(seed: settings.seed)
        let actionCount = try AtariEnv(game: environment.game, config: environment.trainConfig).actionCount
        let plans = Plan.all(actionCount: actionCount, durations: settings.durations, horizon: settings.horizon)
        var starts: [Start] = [], real: [Float] = [], candidates = 0
        real.reserveCapacity(settings.starts * plans.count)
        let limit = settings.starts * settings.candidatesPerStart
        while starts.count < settings.starts {
            guard candidates < limit else { throw DreamProbeError.tooFewDecisiveStarts(found: starts.count, candidates: candidates) }
            // Without `decisiveOnly` one draw of exactly `starts` (the probe's original draws).
            let wanted = settings.decisiveOnly ? min(64, limit - candidates) : settings.starts
            for start in try Self.starts(settings: environment, count: wanted, frames: settings.contextFrames, using: &rng)
            where starts.count < settings.starts {
                candidates += 1
                let returns = try plans.map { try realReturn(settings: environment, start: start, plan: $0, horizon: settings.horizon) }
                if settings.decisiveOnly && returns.min() == returns.max() { continue }
                starts.append(start)
                real += returns
            }
        }
        let dreamed = dreamReturns(dream: dream, starts: starts, plans: plans, settings: settings, using: &rng)
        return DreamProbeReport(plans: plans, real: real, dream: dreamed, candidates: candidates)
    }
}

/// A probe that cannot be carried out as asked.
public enum DreamProbeError: Error, CustomStringConvertible, Equatable {
    case tooFewDecisiveStarts(found: Int, candidates: Int)

    public var description: String {
        switch self {
        case let .tooFewDecisiveStarts(found, candidates):
            "only \(found) of \(candidates) start states from random play were decisive (the plans' real "
                + "returns differed); ask for fewer starts or a longer horizon"
        }
    }
}
