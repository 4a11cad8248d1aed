import Agent
import Env
import Foundation
import Tensor

/// The world model as the game (`WorldModelEnv`, batch 1): each episode starts from a real
/// frame (a real game reset with IRIS's test settings, its first observation encoded to
/// tokens), then every step samples the reward sign, the end flag and the next frame's tokens.
/// The episode ends when the sampled end flag is 1.
///
/// With `withReal` the real game from the same start is driven by the same actions and shown
/// beside the dream ("real 64x64 | imagined 64x64"), so one can see where the dream drifts.
/// The policy acts on the dream's tokens (as in IRIS's imagination), fed once per frame.
public final class DreamSource: ViewerSource {
    public let real: AtariEnv
    public let dream: WorldModelEnv
    public let policy: Policy
    public let withReal: Bool
    private let seed: UInt64
    /// The world model's samples and the policy's draws: separate streams, so that who acts
    /// (person or policy) does not change what the world model draws for the same actions.
    private var dreamRNG: RandomGenerator
    private var policyRNG: RandomGenerator
    private var started = false
    private var imagined: RGBImage
    /// The real game ended before the dream did; its last frame stays on show.
    public private(set) var realEnded = false
    /// Times the context was full and restarted from the latest frames this episode.
    public private(set) var restarts = 0

    public init(trained: TrainedRun, seed: UInt64, temperature: Float? = nil, withReal: Bool = false) throws {
        let config = trained.config
        real = try AtariEnv(game: config.env.game, config: config.env.testConfig)
        dream = WorldModelEnv(worldModel: trained.agent.worldModel, view: trained.agent.view,
                              contextFrames: config.actorCritic.contextFrames)
        policy = Policy(actorCritic: trained.agent.actorCritic, view: trained.agent.view, batch: 1,
                        temperature: trained.temperature(temperature))
        self.withReal = withReal
        self.seed = seed
        var root = RandomGenerator(seed: seed)
        dreamRNG = root.split()
        policyRNG = root.split()
        let side = config.env.testConfig.observationSize
        imagined = RGBImage(width: side, height: side)
    }

    public var name: String { "world model" }
    public var gameName: String { real.gameName }
    public var actionNames: [String] { real.actions.map(\.name) }
    public var hasPolicy: Bool { true }

    public func reset() throws {
        // The first episode uses the seed; later ones continue its stream (as RealGameSource).
        let first = real.reset(seed: started ? nil : seed)
        started = true
        realEnded = false
        restarts = 0
        let tokens = first.withUnsafeBufferPointer { dream.view.tokens(frames: $0, count: 1) }
        dream.reset(tokens: tokens, batch: 1)
        policy.reset(rows: [0])
        observe()
    }

    public func step(_ action: Int) throws -> ViewerStep {
        if !started { try reset() }
        let before = dream.contextLength
        let outcome = dream.step(actions: [action], using: &dreamRNG)
        if dream.contextLength < before { restarts += 1 }
        if withReal && !realEnded { realEnded = try real.step(action).isEnd }
        observe()
        return ViewerStep(reward: outcome.rewards[0], ended: outcome.ends[0])
    }

    public func policyAction() throws -> Int? {
        if !started { try reset() }
        return policy.act(using: &policyRNG)[0]
    }

    public var panels: [ViewerPanel] {
        let side = real.config.observationSize
        let dreamPanel = ViewerPanel(caption: "imagined \(side)x\(side)", image: imagined)
        guard withReal else { return [dreamPanel] }
        let realPanel = ViewerPanel(caption: realEnded ? "real (game over)" : "real \(side)x\(side)",
                                    image: RGBImage(width: side, height: side, pixels: real.observation))
        return [realPanel, dreamPanel]
    }

    /// How full the world model's context is (tokens), and how often it restarted this
    /// episode; short, as it shares the header's first line with the name and the control.
    public var status: String { "ctx \(dream.contextLength)/\(dream.contextCapacity) restart \(restarts)" }

    private func observe() {
        policy.observe(tokens: dream.tokens, states: dream.frameStates)
        imagined = decodedImage(dream.view, tokens: dream.tokens)
    }
}
