import Tensor
import Tokenizer
import WorldModel

/// What the policy sees of a frame, always through the tokenizer (as IRIS: the policy acts on
/// the reconstruction even in the real game, so imagination and reality look alike to it).
///
/// Everything goes through tokens: real frames are encoded, imagined frames are sampled as
/// tokens, and `input(tokens:)` turns tokens into the actor-critic's input, decoded frames
/// (pixel input), codebook vectors (token input), token ids or the world model's embeddings.
public struct PolicyView {
    public let tokenizer: Tokenizer
    /// Needed by world-model-embedding input only.
    public let worldModel: WorldModel?
    public let input: ActorCriticConfig.Input

    public init(tokenizer: Tokenizer, worldModel: WorldModel? = nil, input: ActorCriticConfig.Input) {
        require((input != .worldModelEmbeddings && !input.readsWorldModelState) || worldModel != nil,
                     "PolicyView: \(input) input needs the world model")
        self.tokenizer = tokenizer
        self.worldModel = worldModel
        self.input = input
    }

    public var tokensPerFrame: Int { tokenizer.config.tokensPerFrame }

    /// Ids and state side by side in one row, [count, K + C]; the actor-critic splits them.
    private func idsBesideStates(tokens: [Int], states: [Float], count: Int) -> Tensor {
        let (k, c) = (tokensPerFrame, stateWidth)
        var values = [Float]()
        values.reserveCapacity(count * (k + c))
        for row in 0..<count {
            for id in tokens[(row * k)..<((row + 1) * k)] { values.append(Float(id)) }
            values += states[(row * c)..<((row + 1) * c)]
        }
        return Tensor(shape: [count, k + c], values: values)
    }

    /// Width of the world model's state at a frame (0 when the policy does not read it).
    public var stateWidth: Int { input.readsWorldModelState ? worldModel?.config.embeddingWidth ?? 0 : 0 }

    /// Tokens of `count` UInt8 frames (64x64x3 each), without a graph.
    public func tokens(frames: UnsafeBufferPointer<UInt8>, count: Int) -> [Int] {
        withoutGrad { tokenizer.encode(Tensor(frames: frames, count: count)).tokens }
    }

    /// The actor-critic's input for `count` frames given as tokens (and, for input that reads
    /// it, the world model's state at each, [count * C]), without a graph.
    public func input(tokens: [Int], count: Int, states: [Float] = []) -> Tensor {
        require(!input.readsWorldModelState || states.count == count * stateWidth,
                     "PolicyView: \(input) input needs \(count) world-model states of \(stateWidth), got \(states.count) values")
        return withoutGrad {
            switch input {
            case .pixels: tokenizer.decode(tokens: tokens, count: count)
            case .tokens: tokenizer.embed(tokens: tokens).reshaped([count, tokensPerFrame, -1])
            case .tokenIDs: Tensor(shape: [count, tokensPerFrame], values: tokens.map { Float($0) })
            case .tokenIDsAndWorldModelState: idsBesideStates(tokens: tokens, states: states, count: count)
            case .worldModelEmbeddings:
                // Normalised per token: the table starts at IRIS's N(0, 0.02) and its scale drifts
                // as the world model trains; the policy should see the same scale throughout.
                layerNorm(worldModel!.frameTokenEmbeddings(tokens), weight: nil, bias: nil)
                    .reshaped([count, tokensPerFrame, -1])
            }
        }
    }
}
