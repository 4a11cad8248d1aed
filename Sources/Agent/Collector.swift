import Env
import Tensor

/// The current policy acting in the real game (one environment, IRIS's training settings),
/// writing every step into the replay buffer.
///
/// The game's state is a pure function of its seed and what was done to it, so the collector
/// keeps that log; a resumed run replays it to stand exactly where the interrupted one stood.
public final class Collector {
    public let env: AtariEnv
    public let seed: UInt64
    /// Actions since the seeded reset, with -1 marking each later reset.
    public private(set) var log: [Int32] = []
    private var observation: [UInt8]
    private var episodeReturn: Float = 0
    private var episodeLength = 0

    public init(settings: EnvironmentSettings, seed: UInt64) throws {
        env = try AtariEnv(game: settings.game, config: settings.trainConfig)
        self.seed = seed
        observation = env.reset(seed: seed)
    }

    /// Brings a fresh collector to where one with this `log` stood.
    public func replay(_ log: [Int32]) throws {
        observation = env.reset(seed: seed)
        self.log = []
        episodeReturn = 0
        episodeLength = 0
        for entry in log {
            if entry < 0 {
                resetEpisode()
            } else {
                let step = try env.step(Int(entry))
                self.log.append(entry)
                observation = step.observation
                episodeReturn += step.reward
                episodeLength += 1
            }
        }
    }

    private func resetEpisode() {
        observation = env.reset()
        log.append(-1)
        episodeReturn = 0
        episodeLength = 0
    }

    /// Takes `steps` real steps with the policy at `temperature`, a uniformly random action
    /// with probability `epsilon`, and returns the episodes that finished.
    public func collect(steps: Int, actorCritic: ActorCritic, view: PolicyView, buffer: ReplayBuffer,
                        temperature: Float, epsilon: Double, burnIn: Int,
                        using rng: inout RandomGenerator) throws -> [FinishedEpisode] {
        var finished: [FinishedEpisode] = []
        let observer = view.input.readsWorldModelState
            ? WorldModelObserver(worldModel: view.worldModel!, streams: 1, contextFrames: actorCritic.config.contextFrames)
            : nil
        var state = burnedInState(actorCritic: actorCritic, view: view, buffer: buffer, burnIn: burnIn, observer: observer)
        var lastAction = buffer.openEpisode.flatMap { $0.actions.last.map(Int.init) } ?? 0
        for _ in 0..<steps {
            let tokens = observation.withUnsafeBufferPointer { view.tokens(frames: $0, count: 1) }
            let states = observer?.observe(tokens: tokens, previousActions: [lastAction]) ?? []
            let out = withoutGrad { actorCritic(view.input(tokens: tokens, count: 1, states: states), state: state) }
            state = out.state
            var action = sampleCategorical(logits: out.logits, temperature: temperature, using: &rng)[0]
            if Double(rng.uniform()) < epsilon { action = Int(rng.next() % UInt64(env.actionCount)) }
            let step = try env.step(action)
            lastAction = action
            log.append(Int32(action))
            observation.withUnsafeBufferPointer {
                buffer.append(frame: $0, action: action, reward: step.reward, end: step.isEnd,
                              tokens: tokens.map(Int32.init))
            }
            episodeReturn += step.reward
            episodeLength += 1
            observation = step.observation
            if step.isEnd {
                finished.append(FinishedEpisode(env: 0, score: episodeReturn, length: episodeLength))
                resetEpisode()
                state = actorCritic.initialState(batch: 1)
                observer?.reset(rows: [0])
            }
        }
        return finished
    }

    /// The LSTM state after reading the open episode's last `burnIn` frames (IRIS re-burns it
    /// at each collection, since the policy changed in between), or a zero state. The
    /// `observer`, if any, follows the same frames.
    private func burnedInState(actorCritic: ActorCritic, view: PolicyView, buffer: ReplayBuffer,
                               burnIn: Int, observer: WorldModelObserver?) -> RecurrentState {
        var state = actorCritic.initialState(batch: 1)
        guard burnIn > 0, let episode = buffer.openEpisode else { return state }
        let first = max(0, episode.count - burnIn)
        let count = episode.count - first
        let tokens: [Int] = episode.tokens.isEmpty
            ? episode.frames.withUnsafeBufferPointer {
                view.tokens(frames: UnsafeBufferPointer(rebasing: $0[(first * Episode.frameBytes)...]), count: count)
            }
            : episode.tokens[(first * view.tokensPerFrame)...].map(Int.init)
        withoutGrad {
            for t in 0..<count {
                let frame = Array(tokens[(t * view.tokensPerFrame)..<((t + 1) * view.tokensPerFrame)])
                let previous = t > 0 ? Int(episode.actions[first + t - 1]) : 0
                let states = observer?.observe(tokens: frame, previousActions: [previous]) ?? []
                state = actorCritic(view.input(tokens: frame, count: 1, states: states), state: state).state
            }
        }
        return state
    }
}
