import Env

/// A human (or a stand-in) plays the real game: panels are the raw 160x210 screen and the
/// 64x64 observation the agent would get.
///
/// The agent-in-real-game source of `iris watch` can hold one of these and add the tokenizer's
/// reconstruction and a policy; `env` is public for that.
public final class RealGameSource: ViewerSource {
    public let env: AtariEnv
    private let seed: UInt64
    private var started = false
    /// Games without lives (Pong) report 0 throughout; the header shows lives only for the others.
    private let showsLives: Bool

    /// `config` defaults to IRIS's test settings, as IRIS's play tool uses: full games, one no-op start.
    public init(game: String, seed: UInt64, config: EnvConfig = .test) throws {
        env = try AtariEnv(game: game, config: config)
        self.seed = seed
        showsLives = try GameRegistry.make(game).lives > 0
    }

    public var name: String { "real \(env.gameName)" }
    public var gameName: String { env.gameName }
    public var actionNames: [String] { env.actions.map(\.name) }
    public var hasPolicy: Bool { false }

    public func reset() throws {
        // The first episode uses the seed; later ones continue its stream, so a session
        // replays the same sequence of episodes for the same seed and actions.
        env.reset(seed: started ? nil : seed)
        started = true
    }

    public func step(_ action: Int) throws -> ViewerStep {
        if !started { try reset() }
        let result = try env.step(action)
        return ViewerStep(reward: result.reward, ended: result.isEnd)
    }

    public func policyAction() throws -> Int? { nil }

    public var panels: [ViewerPanel] {
        let side = env.config.observationSize
        return [
            ViewerPanel(caption: "raw \(FrameBuffer.width)x\(FrameBuffer.height)", image: RGBImage(env.rawFrame)),
            ViewerPanel(caption: "observation \(side)x\(side)",
                        image: RGBImage(width: side, height: side, pixels: env.observation)),
        ]
    }

    public var status: String { showsLives ? "lives \(env.lives)" : "" }
}
