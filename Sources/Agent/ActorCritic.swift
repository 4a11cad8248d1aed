import Tensor

/// The policy and value network (IRIS `ActorCritic`): a frame encoder, an LSTM cell, and two
/// linear heads. Pixel input is IRIS's conv trunk; token input projects each of the 16
/// codebook vectors (or the world model's embeddings of the tokens) and concatenates them;
/// token-id input concatenates the 16 ids' rows of a learned table (`ActorCriticConfig.Input`).
///
/// Property names are IRIS's state_dict keys (`conv1`, `lstm`, `actor_linear`, ...), so an
/// IRIS checkpoint's `actor_critic.*` tensors load unchanged into the pixel variant.
public final class ActorCritic: Module {
    public let config: ActorCriticConfig
    public let actionCount: Int
    let tokensPerFrame: Int
    let conv1: Conv2d?
    let conv2: Conv2d?
    let conv3: Conv2d?
    let conv4: Conv2d?
    let token_projection: Linear?
    let token_embedding: Embedding?
    let lstm: LSTMCell
    let actor_linear: Linear
    let critic_linear: Linear

    /// `tokenWidth` is the width of a token's vector, used by token input (the codebook's) and
    /// world-model-embedding input (the world model's); `vocabularySize` the number of token
    /// ids, used by token-id input; `stateWidth` the width of the world model's state, used by
    /// `tokenIDsAndWorldModelState`.
    public init(config: ActorCriticConfig, actionCount: Int, tokenWidth: Int, vocabularySize: Int,
                tokensPerFrame: Int = 16, stateWidth: Int = 0, using rng: inout RandomGenerator) {
        self.config = config
        self.actionCount = actionCount
        let inputWidth: Int
        switch config.input {
        case .pixels:
            let c = config.channels
            conv1 = Conv2d(3, c[0], kernelSize: 3, padding: .symmetric(1), using: &rng)
            conv2 = Conv2d(c[0], c[1], kernelSize: 3, padding: .symmetric(1), using: &rng)
            conv3 = Conv2d(c[1], c[2], kernelSize: 3, padding: .symmetric(1), using: &rng)
            conv4 = Conv2d(c[2], c[3], kernelSize: 3, padding: .symmetric(1), using: &rng)
            (token_projection, token_embedding) = (nil, nil)
            inputWidth = c[3] * 4 * 4
        case .tokens, .worldModelEmbeddings:
            (conv1, conv2, conv3, conv4) = (nil, nil, nil, nil)
            token_projection = Linear(tokenWidth, config.tokenProjectionWidth, using: &rng)
            token_embedding = nil
            inputWidth = tokensPerFrame * config.tokenProjectionWidth
        case .tokenIDs, .tokenIDsAndWorldModelState:
            require(config.input == .tokenIDs || stateWidth > 0,
                    "ActorCritic: \(config.input) input needs the world model's state width, got \(stateWidth)")
            (conv1, conv2, conv3, conv4) = (nil, nil, nil, nil)
            token_projection = nil
            token_embedding = Embedding(vocabularySize, config.tokenProjectionWidth, using: &rng)
            inputWidth = tokensPerFrame * config.tokenProjectionWidth
                + (config.input == .tokenIDsAndWorldModelState ? stateWidth : 0)
        }
        self.tokensPerFrame = tokensPerFrame
        lstm = LSTMCell(inputWidth, config.lstmWidth, using: &rng)
        actor_linear = Linear(config.lstmWidth, actionCount, using: &rng)
        critic_linear = Linear(config.lstmWidth, 1, using: &rng)
    }

    /// A zero state for `batch` rows (the start of an episode).
    public func initialState(batch: Int) -> RecurrentState {
        RecurrentState(h: .zeros([batch, config.lstmWidth]), c: .zeros([batch, config.lstmWidth]))
    }

    /// Action logits [B, A], values [B] and the next state, from one observation per row:
    /// frames [B, 3, 64, 64] in [0, 1] (pixels), token vectors [B, 16, E] (tokens, world-model
    /// embeddings), token ids as whole numbers [B, 16] (token ids), or those ids followed by
    /// the world model's state, [B, 16 + C] (`PolicyView.input`).
    public func callAsFunction(_ observation: Tensor, state: RecurrentState) -> ActorCriticOutput {
        let B = observation.shape[0]
        let features: Tensor
        if let token_projection {
            features = relu(token_projection(observation)).reshaped([B, -1])
        } else if let token_embedding, config.input == .tokenIDsAndWorldModelState {
            let K = tokensPerFrame
            let ids = observation.sliced(axis: 1, 0..<K).values.map { Int($0) }
            features = concat([token_embedding(ids).reshaped([B, -1]),
                               observation.sliced(axis: 1, K..<observation.shape[1]).detached()], axis: 1)
        } else if let token_embedding {
            features = token_embedding(observation.values.map { Int($0) }).reshaped([B, -1])
        } else {
            var x = observation * 2 - 1
            for conv in [conv1!, conv2!, conv3!, conv4!] { x = relu(maxPool2x2(conv(x))) }
            features = x.reshaped([B, -1])
        }
        let (h, c) = lstm(features, state: (state.h, state.c))
        return ActorCriticOutput(logits: actor_linear(h), values: critic_linear(h).reshaped([B]),
                                 state: RecurrentState(h: h, c: c))
    }
}

/// The LSTM's hidden and cell state, [B, width] each.
public struct RecurrentState {
    public var h: Tensor
    public var c: Tensor

    public init(h: Tensor, c: Tensor) {
        self.h = h
        self.c = c
    }

    /// Rows where `mask` is true from `next`, the others from `self` (IRIS updates the LSTM only
    /// on non-padded steps of a burn-in). No gradient flows: burn-in runs without one.
    public func updated(with next: RecurrentState, where mask: [Bool]) -> RecurrentState {
        RecurrentState(h: Self.select(next.h, self.h, mask), c: Self.select(next.c, self.c, mask))
    }

    /// A state whose rows in `rows` are zero (episodes that just started).
    public func reset(rows: [Int]) -> RecurrentState {
        guard !rows.isEmpty else { return self }
        let (h, c) = (self.h.detached().copy(), self.c.detached().copy())
        let width = h.shape[1]
        for t in [h, c] {
            t.withUnsafeMutableBufferPointer { p in for row in rows { for j in 0..<width { p[row * width + j] = 0 } } }
        }
        return RecurrentState(h: h, c: c)
    }

    /// A detached copy (carried across collection steps without a graph).
    public func detached() -> RecurrentState { RecurrentState(h: h.detached(), c: c.detached()) }

    private static func select(_ a: Tensor, _ b: Tensor, _ mask: [Bool]) -> Tensor {
        let out = b.detached().copy()
        let width = a.shape[1]
        a.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for (row, take) in mask.enumerated() where take {
                    for j in 0..<width { target[row * width + j] = source[row * width + j] }
                }
            }
        }
        return out
    }
}

public struct ActorCriticOutput {
    /// [B, A] action logits.
    public var logits: Tensor
    /// [B] state values.
    public var values: Tensor
    public var state: RecurrentState
}
