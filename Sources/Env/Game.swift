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

    /// `FrameEnvironment.run` for the bare game (points summed, stopping at game over); a game
    /// behind a pipe (`ALEGame`) does it in one exchange.
    func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (reward: Int, frames: Int)

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
    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (reward: Int, frames: Int) {
        var reward = 0
        for (index, action) in actions.enumerated() {
            reward += step(action)
            if index == actions.count - 1 || isOver {
                render(into: &last)
                return (reward, index + 1)
            }
            if index == actions.count - 2 { render(into: &previous) }
        }
        return (reward, 0)
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
