/// What can go wrong when asking for a game or acting in it; every message lists the valid choices.
public enum EnvError: Error, CustomStringConvertible, Equatable {
    case unknownGame(name: String, available: [String])
    case invalidAction(action: Int, count: Int)
    case invalidActionCount(given: Int, expected: Int)
    case imageWriteFailed(path: String, reason: String)
    case invalidConfiguration(String)
    /// An `ale:` game cannot be started: no python3, no ale-py, no bridge script, an unknown ROM.
    case aleUnavailable(String)
    /// An `ale:` game's bridge failed while running (it exited, was killed or stopped answering).
    case aleBridgeFailed(game: String, reason: String)

    public var description: String {
        switch self {
        case .unknownGame(let name, let available):
            "unknown game '\(name)'; available games: \(available.joined(separator: ", "))"
        case .invalidAction(let action, let count):
            "action \(action) is out of range; valid actions are 0..<\(count)"
        case .invalidActionCount(let given, let expected):
            "got \(given) actions for \(expected) environments"
        case .imageWriteFailed(let path, let reason):
            "could not write PNG '\(path)': \(reason)"
        case .invalidConfiguration(let problem):
            "invalid environment configuration: \(problem)"
        case .aleUnavailable(let problem):
            "ALE is not available: \(problem)"
        case .aleBridgeFailed(let game, let reason):
            "the ALE bridge of '\(ALEGame.prefix)\(game)' failed: \(reason)"
        }
    }
}
