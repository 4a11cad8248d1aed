import ArgumentParser
import Env
import Foundation

/// `iris trace`: play a bare game (no wrappers: frameskip 1, no no-ops) with a per-frame action
/// script and write every raw frame, as ALE does at frameskip 1, so that Experiments/ale/oracle.py
/// can read object positions off our frames and ALE's with the same code.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a game frame by frame from an action script; write raw frames and rewards.",
        discussion: """
            The script holds one index into the game's minimal action set per raw frame, separated \
            by white space. Frames go to --out as 160x210x3 RGB bytes each, frame after frame; \
            one line per frame goes to standard output: frame, action, reward, lives, over. The game ends the script early. \
            With --scripted (Pong only) the planning player of Sources/Env/PongScriptedPlayer.swift acts instead, \
            once every 4 frames, until the game ends: the score our Pong allows.
            """)

    @Option(help: "Game name (see `iris envs`).")
    var env = "pong"

    @Option(help: "Seed of the game.")
    var seed: UInt64 = 0

    @Option(help: "The action script: one minimal-set index per raw frame.")
    var actions: String?

    @Flag(help: "Let the scripted Pong player act (every 4 frames) instead of a script, for a whole game.")
    var scripted = false

    @Option(help: "File to write the raw frames to (none: rewards only).")
    var out: String?

    func validate() throws {
        guard (actions == nil) == scripted else {
            throw ValidationError("give either --actions FILE or --scripted")
        }
    }

    func run() throws {
        let game = try GameRegistry.make(env)
        if scripted {
            guard let pong = game as? Pong else { throw ValidationError("--scripted plays Pong only, not \(env)") }
            try playScripted(pong)
            return
        }
        let actions = self.actions!
        guard let text = try? String(contentsOfFile: actions, encoding: .utf8) else {
            throw ValidationError("cannot read the action script \(actions)")
        }
        var script = [Int]()
        for (index, word) in text.split(whereSeparator: \.isWhitespace).enumerated() {
            guard let action = Int(word), game.minimalActions.indices.contains(action) else {
                throw ValidationError("action script \(actions), entry \(index + 1): '\(word)' is not an action index "
                    + "in 0...\(game.minimalActions.count - 1)")
            }
            script.append(action)
        }
        var handle: FileHandle?
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil),
                  let file = FileHandle(forWritingAtPath: out) else {
                throw ValidationError("cannot write \(out)")
            }
            handle = file
        }
        defer { try? handle?.close() }
        game.reset(seed: seed)
        var frame = FrameBuffer()
        var lines = "frame,action,reward,lives,over\n"
        for (index, action) in script.enumerated() {
            let reward = game.step(game.minimalActions[action])
            if let handle {
                game.render(into: &frame)
                try handle.write(contentsOf: Data(frame.pixels))
            }
            lines += "\(index + 1),\(action),\(reward),\(game.lives),\(game.isOver ? 1 : 0)\n"
            if game.isOver { break }
        }
        print(lines, terminator: "")
    }

    /// A whole game of the scripted player, printed as the script's table is.
    private func playScripted(_ pong: Pong) throws {
        pong.reset(seed: seed)
        var player = PongScriptedPlayer()
        var action = ALEAction.noop
        var lines = "frame,action,reward,lives,over\n"
        var frame = 0
        while !pong.isOver && frame < 108_000 {  // IRIS's test time limit, in frames
            if frame % player.frameSkip == 0 { action = player.action(for: pong.rules) }
            let reward = pong.step(action)
            frame += 1
            lines += "\(frame),\(pong.minimalActions.firstIndex(of: action)!),\(reward),0,\(pong.isOver ? 1 : 0)\n"
        }
        print(lines, terminator: "")
    }
}
