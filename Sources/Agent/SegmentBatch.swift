/// B segments of L consecutive steps from the replay buffer, flattened row-major [B, L].
///
/// Steps outside an episode are padding: zero frames, action 0, reward 0, no end, and
/// `mask` false, so that losses can ignore them (IRIS's `mask_padding`).
public struct SegmentBatch: Sendable {
    public let batch: Int
    public let length: Int
    /// [B * L * 12288] UInt8 frames, row-major RGB per frame.
    public var frames: [UInt8]
    public var actions: [Int]
    public var rewards: [Float]
    public var ends: [Int]
    public var mask: [Bool]
    /// [B * L * 16] tokens when every sampled episode has cached tokens (padding: 0).
    public var tokens: [Int]?

    init(batch: Int, length: Int, withTokens: Bool, tokensPerFrame: Int) {
        self.batch = batch
        self.length = length
        let steps = batch * length
        frames = [UInt8](repeating: 0, count: steps * Episode.frameBytes)
        actions = [Int](repeating: 0, count: steps)
        rewards = [Float](repeating: 0, count: steps)
        ends = [Int](repeating: 0, count: steps)
        mask = [Bool](repeating: false, count: steps)
        tokens = withTokens ? [Int](repeating: 0, count: steps * tokensPerFrame) : nil
    }
}
