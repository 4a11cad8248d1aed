import Agent
import Env
import Foundation
import Tensor
import Tokenizer

/// The trained agent in the real game, with IRIS's test settings (whole games, one no-op
/// start). Panels: the raw 160x210 screen | the 64x64 observation | the tokenizer's
/// reconstruction of it, which is what the policy acts on.
///
/// Every new observation (after a reset and after each step) goes to the batch-1 `Policy`
/// exactly once, whoever picked the action, so that its LSTM state follows the game when
/// control passes between a person and the policy.
public final class AgentGameSource: ViewerSource {
    public let game: RealGameSource
    public let policy: Policy
    private let agent: IrisAgent
    /// The policy's draws; a generator of its own, so the game's episodes do not depend on them.
    private var rng: RandomGenerator
    private var started = false
    private var reconstruction: RGBImage

    public init(trained: TrainedRun, seed: UInt64, temperature: Float? = nil) throws {
        let config = trained.config
        game = try RealGameSource(game: config.env.game, seed: seed, config: config.env.testConfig)
        agent = trained.agent
        policy = Policy(actorCritic: agent.actorCritic, view: agent.view, batch: 1,
                        temperature: trained.temperature(temperature))
        rng = RandomGenerator(seed: seed)
        let side = config.env.testConfig.observationSize
        reconstruction = RGBImage(width: side, height: side)
    }

    /// The header's first line says who controls it ("policy"), so the name stays the game's.
    public var name: String { game.name }
    public var gameName: String { game.gameName }
    public var actionNames: [String] { game.actionNames }
    public var hasPolicy: Bool { true }

    public func reset() throws {
        try game.reset()
        started = true
        policy.reset(rows: [0])
        observe()
    }

    public func step(_ action: Int) throws -> ViewerStep {
        if !started { try reset() }
        let result = try game.step(action)
        observe(after: action)
        return result
    }

    public func policyAction() throws -> Int? {
        if !started { try reset() }
        return policy.act(using: &rng)[0]
    }

    public var panels: [ViewerPanel] {
        game.panels + [ViewerPanel(caption: "policy sees", image: reconstruction)]
    }

    /// The critic's value of the current state (and lives, for games that have them); short,
    /// as it shares the header's first line with the name and the control.
    public var status: String {
        let value = policy.values.first.map { String(format: "value %+.2f", $0) } ?? ""
        return [game.status, value].filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// Feeds the current observation, reached by `action` (nil after a reset), to the policy and
    /// decodes its tokens for the third panel.
    private func observe(after action: Int? = nil) {
        let tokens = game.env.observation.withUnsafeBufferPointer {
            policy.observe(frames: $0, previousActions: action.map { [$0] })
        }
        reconstruction = decodedImage(agent.view, tokens: tokens)
    }
}

/// One frame's tokens decoded by the tokenizer, as an image.
func decodedImage(_ view: PolicyView, tokens: [Int]) -> RGBImage {
    let frames = withoutGrad { view.tokenizer.decode(tokens: tokens, count: 1) }
    return RGBImage(width: frames.shape[3], height: frames.shape[2], pixels: frames.frameBytes())
}
