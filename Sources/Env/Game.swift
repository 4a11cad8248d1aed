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

    /// Lives left, as ALE's `lives()` reports them (0 for games without lives).
    var lives: Int { get }

    /// Whether the game has ended (ALE's `game_over()`).
    var isOver: Bool { get }
}
