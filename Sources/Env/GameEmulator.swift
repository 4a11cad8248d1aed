/// The innermost environment: one game on the console, driven a frame at a time.
///
/// Each reset draws the game's seed from a generator, so that `reset(seed: nil)` starts a
/// different but reproducible game, as ALE's environments do after the first seeded reset.
public final class GameEmulator: FrameEnvironment {
    public let game: any Game
    private var seeds = SeededGenerator(seed: 0, stream: 1)

    public init(game: any Game) {
        self.game = game
    }

    public func reset(seed: UInt64?) {
        if let selfSeeding = game as? any SelfSeedingGame {
            selfSeeding.reset(newSeed: seed)
            return
        }
        if let seed { seeds = SeededGenerator(seed: seed, stream: 1) }
        game.reset(seed: seeds.next())
    }

    public func step(_ action: ALEAction) -> FrameStep {
        let reward = game.step(action)
        return FrameStep(reward: reward, terminated: game.isOver)
    }

    public func run(_ actions: [ALEAction], previous: inout FrameBuffer, last: inout FrameBuffer) -> (step: FrameStep, frames: Int) {
        let (reward, frames) = game.run(actions, previous: &previous, last: &last)
        return (FrameStep(reward: reward, terminated: game.isOver), frames)
    }

    public func render(into frame: inout FrameBuffer) {
        game.render(into: &frame)
    }

    public var lives: Int { game.lives }
}
