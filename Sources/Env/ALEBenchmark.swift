import Foundation

/// The ALE bridge's cost: agent steps per second of the same work (4 raw frames, the last two
/// screens fetched, random minimal actions, game-over resets) done by ale-py alone in Python and
/// by an `ALEGame` over the bridge's pipes, as `MaxAndSkip` drives it (an agent step in one
/// exchange). `iris bench env --env ale:<rom>` prints it.
///
/// The two alternate for `rounds` rounds and each keeps its best, so that other processes on
/// the machine disturb the ratio less.
public enum ALEBenchmark {
    public struct Result: Sendable {
        /// ale-py driven by a Python loop in one process.
        public var aleAlone: Double
        /// `ALEGame` over the bridge, no wrappers.
        public var bridge: Double
        /// The bridge's extra time per agent step, relative to ale-py alone.
        public var overhead: Double { aleAlone / bridge - 1 }
    }

    /// ale-py alone, the loop the bridge runs, minus the pipes; prints agent steps/s.
    static let pythonLoop = """
        import sys, time, numpy as np, ale_py
        from ale_py import roms
        rom, steps = sys.argv[1], int(sys.argv[2])
        ale = ale_py.ALEInterface()
        ale.setLoggerMode(ale_py.LoggerMode.Error)
        ale.setInt("random_seed", 1)
        ale.setFloat("repeat_action_probability", 0.0)
        ale.loadROM(roms.get_rom_path(rom))
        ale.reset_game()
        minimal = ale.getMinimalActionSet()
        picks = np.random.default_rng(1).integers(len(minimal), size=4096)
        screen = np.empty((210, 160, 3), np.uint8)
        start = time.perf_counter()
        for step in range(steps):
            action = minimal[picks[step & 4095]]
            for frame in range(4):
                ale.act(action)
                if frame >= 2:
                    ale.getScreenRGB(screen)
            if ale.game_over():
                ale.reset_game()
        print(steps / (time.perf_counter() - start))
        """

    public static func measure(rom: String, steps: Int, rounds: Int = 3) throws -> Result {
        var best = Result(aleAlone: 0, bridge: 0)
        for _ in 0..<max(rounds, 1) {
            best.aleAlone = max(best.aleAlone, try measureALEAlone(rom: rom, steps: steps))
            best.bridge = max(best.bridge, try measureBridge(rom: rom, steps: steps))
        }
        return best
    }

    static func measureALEAlone(rom: String, steps: Int) throws -> Double {
        let python = try ALEBridge.pythonExecutable()
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", pythonLoop, rom, String(steps)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let aleAlone = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw EnvError.aleUnavailable("the ale-py timing loop failed (status \(process.terminationStatus)): \(text)")
        }
        return aleAlone
    }

    static func measureBridge(rom: String, steps: Int) throws -> Double {
        let game = try ALEGame(rom: rom)
        var generator = SeededGenerator(seed: 1)
        let picks = (0..<4096).map { _ in game.minimalActions[generator.uniform(0...(game.minimalActions.count - 1))] }
        var previous = FrameBuffer(), last = FrameBuffer()
        game.reset(newSeed: 1)
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<steps {
            let action = picks[step & 4095]
            _ = game.run([action, action, action, action], previous: &previous, last: &last)
            if game.isOver { game.reset(newSeed: nil) }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let failure = game.failure { throw failure }
        return Double(steps) / elapsed
    }
}
