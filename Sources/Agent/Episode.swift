import Tensor

/// One episode of real experience (one life when life loss ends episodes, as IRIS trains).
///
/// Step t holds the observation o_t, the action a_t taken on it, the reward r_t it earned
/// and whether the episode ended with it. Frames stay UInt8 (64x64x3, row-major RGB), one
/// contiguous array; IRIS keeps raw rewards and lets the world model learn their sign.
public struct Episode: Equatable, Sendable {
    public static let frameBytes = 64 * 64 * 3

    public private(set) var frames: [UInt8] = []
    public private(set) var actions: [Int32] = []
    public private(set) var rewards: [Float] = []
    public private(set) var ends: [UInt8] = []
    /// The frames' tokens (`tokensPerFrame` per step) once a frozen tokenizer has encoded
    /// them; empty while the tokenizer still trains.
    public internal(set) var tokens: [Int32] = []

    public init() {}

    public init(frames: [UInt8], actions: [Int32], rewards: [Float], ends: [UInt8], tokens: [Int32] = []) {
        require(frames.count == actions.count * Self.frameBytes && rewards.count == actions.count
                     && ends.count == actions.count, "Episode: inconsistent step counts")
        self.frames = frames
        self.actions = actions
        self.rewards = rewards
        self.ends = ends
        self.tokens = tokens
    }

    public var count: Int { actions.count }
    public var isFinished: Bool { ends.last == 1 }
    public var score: Float { rewards.reduce(0, +) }

    mutating func append(frame: UnsafeBufferPointer<UInt8>, action: Int, reward: Float, end: Bool, tokens frameTokens: [Int32]?) {
        frames.append(contentsOf: frame)
        actions.append(Int32(action))
        rewards.append(reward)
        ends.append(end ? 1 : 0)
        if let frameTokens { tokens.append(contentsOf: frameTokens) }
    }

    /// The first `length` steps (to undo steps written after a checkpoint).
    func truncated(to length: Int) -> Episode {
        guard length < count else { return self }
        let tokensPerStep = count == 0 ? 0 : tokens.count / count
        return Episode(frames: Array(frames[..<(length * Self.frameBytes)]), actions: Array(actions[..<length]),
                       rewards: Array(rewards[..<length]), ends: Array(ends[..<length]),
                       tokens: Array(tokens[..<(length * tokensPerStep)]))
    }

    public func frame(_ t: Int) -> ArraySlice<UInt8> { frames[(t * Self.frameBytes)..<((t + 1) * Self.frameBytes)] }
}
