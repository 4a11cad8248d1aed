/// One Atari-like game as the console runs it: 60 frames per second on a 160x210 screen.
///
/// A game knows nothing of frame skipping, observations or episodes: the ALE layer
/// (`AtariEnv` and its wrappers) builds those from `step`, `render`, `lives` and `isOver`,
/// exactly as ALE builds them from a cartridge. Physics is integer or fixed-point so that
/// a seed and an action sequence give the same frames on every machine.
public protocol Game: AnyObject {
    /// The registry name, e.g. `pong`.
    static var name: String { get }

    /// The actions that do something in this game, in ALE's order.
    var minimalActions: [ALEAction] { get }

    /// Starts a new game. The seed may vary details (serves, launch positions), never the rules.
    func reset(seed: UInt64)

    /// Advances one 60 Hz frame with `action` held, returning the points scored in it
    /// (negative when the opponent scores).
    func step(_ action: ALEAction) -> Int

    /// Draws the current state into `frame`, overwriting every pixel.
    func render(into frame: inout FrameBuffer)

    /// `step` then `render`; a game behind a pipe (`ALEGame`) does both in one exchange.
    func step(_ action: ALEAction, renderingInto frame: inout FrameBuffer) -> Int

    /// Lives left, as ALE's `lives()` reports them (0 for games without lives).
    var lives: Int { get }

    /// Whether the game has ended (ALE's `game_over()`).
    var isOver: Bool { get }

    /// The name `GameRegistry.make` takes to make this game again (`pong`, `ale:pong`).
    var registryName: String { get }

    /// Why the game cannot go on (an ALE game's bridge died), or nil; `AtariEnv.step` throws it.
    var failure: EnvError? { get }
}

extension Game {
    public func step(_ action: ALEAction, renderingInto frame: inout FrameBuffer) -> Int {
        let reward = step(action)
        render(into: &frame)
        return reward
    }

    public var registryName: String { Self.name }
    public var failure: EnvError? { nil }
}

/// A game that keeps its own seed stream, as ALE does: a seeded reset reseeds it, an unseeded
/// one continues it. `GameEmulator` hands such a game its reset seed unchanged instead of
/// drawing a new one per reset, because reseeding ALE reloads the ROM (~130 ms).
public protocol SelfSeedingGame: Game {
    func reset(newSeed: UInt64?)
}
