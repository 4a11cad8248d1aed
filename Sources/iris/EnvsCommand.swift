import ArgumentParser
import Env

/// `iris envs`: the built-in games with their action sets and lives.
struct Envs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in games, their minimal actions (ALE names, by index) and lives.")

    func run() throws {
        print("game      lives  actions (index: ALE name)")
        for name in GameRegistry.names {
            let game = try GameRegistry.make(name)
            let actions = game.minimalActions.enumerated().map { "\($0.offset):\($0.element.name)" }
            let padded = name.padding(toLength: 10, withPad: " ", startingAt: 0)
            let lives = String(game.lives).padding(toLength: 7, withPad: " ", startingAt: 0)
            print("\(padded)\(lives)\(actions.joined(separator: " "))")
        }
        print("full action space (`--full-actions` in eval and frames): \(ALEAction.allCases.count) ALE actions, "
            + ALEAction.allCases.map(\.name).joined(separator: " "))
    }
}
