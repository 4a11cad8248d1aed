/// The built-in games by name: the one list that `iris envs`, the CLI and the agent consult.
public enum GameRegistry {
    /// Game names in the order `iris envs` lists them.
    public static let names = [Pong.name, Breakout.name, Catch.name]

    /// A new game called `name`, or `EnvError.unknownGame` listing the available names.
    /// `ale:<rom id>` starts a real Atari game through the ALE bridge (`ALEGame`).
    public static func make(_ name: String) throws -> any Game {
        let lowered = name.lowercased()
        if lowered.hasPrefix(ALEGame.prefix) {
            return try ALEGame(rom: String(lowered.dropFirst(ALEGame.prefix.count)))
        }
        return switch lowered {
        case Pong.name: Pong()
        case Breakout.name: Breakout()
        case Catch.name: Catch()
        default: throw EnvError.unknownGame(name: name, available: names)
        }
    }
}
