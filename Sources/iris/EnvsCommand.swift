import ArgumentParser
import Env

/// `iris envs`: the built-in games with their action sets and lives, then ALE's when the bridge works.
struct Envs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in games and the real Atari ones (ale:<rom>, when ale-py is installed), with minimal actions and lives.")

    func run() throws {
        print("game      lives  actions (index: ALE name)")
        for name in GameRegistry.names {
            let game = try GameRegistry.make(name)
            let actions = game.minimalActions.enumerated().map { "\($0.offset):\($0.element.name)" }
            let padded = name.padding(toLength: 10, withPad: " ", startingAt: 0)
            let lives = String(game.lives).padding(toLength: 7, withPad: " ", startingAt: 0)
            print("\(padded)\(lives)\(actions.joined(separator: " "))")
        }
        do {
            let catalogue = try ALEGame.catalogue()
            print("\nreal Atari games through the ALE bridge (--env ale:<rom>; README, Real Atari), \(catalogue.count) ROMs:")
            for info in catalogue {
                let actions = info.minimalActions.enumerated().map { "\($0.offset):\($0.element.name)" }
                let padded = (ALEGame.prefix + info.rom).padding(toLength: 26, withPad: " ", startingAt: 0)
                let lives = String(info.lives).padding(toLength: 7, withPad: " ", startingAt: 0)
                print("\(padded)\(lives)\(actions.joined(separator: " "))")
            }
        } catch {
            print("\nreal Atari games (ale:<rom>): not available: \(error) (`make ale` installs ale-py)")
        }
        print("full action space (`--full-actions` in eval and frames): \(ALEAction.allCases.count) ALE actions, "
            + ALEAction.allCases.map(\.name).joined(separator: " "))
    }
}
