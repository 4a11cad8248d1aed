import Tensor
import WorldModel

/// The world model following real games beside a policy that reads its state
/// (`ActorCriticConfig.Input.tokenIDsAndWorldModelState`): one stream per game, each fed the
/// action taken and the frame it led to, with the context kept as imagination keeps it (the
/// latest `contextFrames` frames after a restart), so real and imagined states alike.
public final class WorldModelObserver {
    public let worldModel: WorldModel
    public let contextFrames: Int
    private var streams: [WorldModelImagination]
    private var started: [Bool]

    public init(worldModel: WorldModel, streams: Int, contextFrames: Int) {
        self.worldModel = worldModel
        self.contextFrames = contextFrames
        self.streams = (0..<streams).map { _ in
            WorldModelImagination(model: worldModel, batch: 1, contextFrames: contextFrames)
        }
        started = [Bool](repeating: false, count: streams)
    }

    /// Streams in `rows` start over with their next frame (a new episode).
    public func reset(rows: [Int]) {
        for row in rows { started[row] = false }
    }

    /// Reads each stream's newest frame (tokens, [B * K]), reached by `previousActions[row]`
    /// (ignored for a stream that starts over), and returns the states, [B * C].
    public func observe(tokens: [Int], previousActions: [Int]) -> [Float] {
        let k = worldModel.config.tokensPerFrame
        require(tokens.count == streams.count * k && previousActions.count == streams.count,
                     "WorldModelObserver: \(tokens.count) tokens and \(previousActions.count) actions for \(streams.count) streams")
        return withoutGrad {
            (0..<streams.count).flatMap { row -> [Float] in
                let frame = Array(tokens[row * k..<(row + 1) * k])
                if started[row] {
                    streams[row].append(actions: [previousActions[row]], frames: frame)
                } else {
                    streams[row].reset(frameTokens: frame)
                    started[row] = true
                }
                return streams[row].frameStates
            }
        }
    }
}
