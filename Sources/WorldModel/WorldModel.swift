import Tensor

/// IRIS's world model: a GPT over blocks of frame tokens and an action token, with heads for
/// the next frame token, the reward sign and the episode end (IRIS `world_model.WorldModel`).
///
/// Parameter names equal IRIS's state_dict keys without the `world_model.` prefix
/// (`transformer.blocks.0.attn.key.weight`, `pos_emb.weight`, `embedder.embedding_tables.0.weight`,
/// `head_observations.head_module.0.weight`, ...), in IRIS's order, so checkpoints line up.
public final class WorldModel: Module {
    // snake_case and this order: IRIS's state_dict keys.
    let transformer: Transformer
    let pos_emb: Embedding
    let embedder: Embedder
    let head_observations: Head
    let head_rewards: Head
    let head_ends: Head

    public let config: WorldModelConfig
    public let actionCount: Int

    /// A model with IRIS's initialisation: Linear and Embedding weights N(0, 0.02), biases 0,
    /// LayerNorms (1, 0). Traps on an invalid config; call `config.validate()` first to get
    /// the reason as an error.
    public init(config: WorldModelConfig, actionCount: Int, using rng: inout RandomGenerator) {
        do { try config.validate() } catch { requireFailure("\(error)") }
        require(actionCount >= 1, "WorldModel: actionCount must be at least 1, got \(actionCount)")
        self.config = config
        self.actionCount = actionCount
        let c = config.embeddingWidth
        transformer = Transformer(config: config, using: &rng)
        pos_emb = Embedding(config.maxTokens, c, using: &rng)
        embedder = Embedder(actionCount: actionCount, vocabularySize: config.vocabularySize, width: c, using: &rng)
        head_observations = Head(width: c, outputs: config.vocabularySize, using: &rng)
        head_rewards = Head(width: c, outputs: 3, using: &rng)
        head_ends = Head(width: c, outputs: 2, using: &rng)
        super.init()
        for module in modules() {
            if let linear = module as? Linear {
                linear.weight.fillNormal(std: 0.02, using: &rng)
                linear.bias?.fill(0)
            } else if let table = module as? Embedding {
                table.weight.fillNormal(std: 0.02, using: &rng)
            }
        }
    }

    // MARK: - Token layout

    /// Position of absolute position `position` within its block: 0..<tokensPerFrame are frame
    /// tokens, tokensPerFrame is the action.
    @inline(__always) func inBlock(_ position: Int) -> Int { position % config.tokensPerBlock }

    /// Whether the observation head reads absolute position `position`: all but the last frame
    /// token of each block.
    @inline(__always) func predictsObservation(_ position: Int) -> Bool { inBlock(position) != config.tokensPerFrame - 1 }

    @inline(__always) func isAction(_ position: Int) -> Bool { inBlock(position) == config.tokensPerFrame }

    /// Where in its block a frame's state is read: the second-to-last frame token, the last
    /// position whose output is trained (the last frame token's output feeds no head), having
    /// seen all but the frame's last token. With one token per frame, that token.
    public var framePosition: Int { max(0, config.tokensPerFrame - 2) }

    /// The frame table's rows for `tokens`, [tokens.count, C], as a constant: what the world
    /// model has learnt each code to mean, for a policy to read (no gradient reaches the table).
    public func frameTokenEmbeddings(_ tokens: [Int]) -> Tensor {
        withoutGrad { embedder(tokens, isAction: { _ in false }) }
    }

    // MARK: - Forward

    /// Logits over `tokens` ([B, T] row-major, T = tokens.count / batch) whose first token
    /// sits at absolute position `start` (IRIS `prev_steps`; 0 for a training sequence).
    /// Dropout acts in training mode, drawing from `rng`.
    public func forward(tokens: [Int], batch: Int, start: Int = 0, using rng: inout RandomGenerator) -> WorldModelOutput {
        _ = checkedLength(tokens, batch: batch, start: start)
        var x = embed(tokens, batch: batch, start: start)                                  // (B, T, C)
        x = dropout(x, probability: isTraining ? config.embeddingDropout : 0, using: &rng)
        return heads(transformer(x, using: &rng), start: start)
    }

    /// Logits for `tokens` ([B, n]) appended to the sequences held in `cache`, which grows by
    /// n. Inference only: nothing is recorded and dropout is off, whatever the mode. Equals
    /// the matching positions of a full forward over the whole sequence.
    public func forward(tokens: [Int], batch: Int, cache: KVCache) -> WorldModelOutput {
        require(cache.batch == batch, "WorldModel: cache for \(cache.batch) rows fed \(batch)")
        let start = cache.size
        _ = checkedLength(tokens, batch: batch, start: start)
        return withoutGrad {
            let x = transformer.cached(embed(tokens, batch: batch, start: start), cache: cache)
            cache.size += tokens.count / batch
            return heads(x, start: start)
        }
    }

    private func checkedLength(_ tokens: [Int], batch: Int, start: Int) -> Int {
        require(batch >= 1 && !tokens.isEmpty && tokens.count % batch == 0,
                     "WorldModel: \(tokens.count) tokens do not form \(batch) equal rows")
        let t = tokens.count / batch
        require(start >= 0 && start + t <= config.maxTokens,
                     "WorldModel: positions \(start)..<\(start + t) exceed maxTokens \(config.maxTokens)")
        return t
    }

    /// Token embeddings (table by position in block) plus position embeddings: (B, T, C).
    private func embed(_ tokens: [Int], batch: Int, start: Int) -> Tensor {
        let t = tokens.count / batch
        let tokenEmbeddings = embedder(tokens) { self.isAction(start + $0 % t) }
        let positions = embedding(pos_emb.weight, indices: Array(start..<(start + t)))     // (T, C)
        return tokenEmbeddings.reshaped([batch, t, config.embeddingWidth]) + positions
    }

    /// The heads at their positions of x (B, T, C), whose first row sits at `start`.
    private func heads(_ x: Tensor, start: Int) -> WorldModelOutput {
        let (b, t, c) = (x.shape[0], x.shape[1], x.shape[2])
        let observed = (0..<t).filter { predictsObservation(start + $0) }
        let actions = (0..<t).filter { isAction(start + $0) }
        let flat = x.reshaped([b * t, c])
        func apply(_ head: Head, at offsets: [Int]) -> Tensor {
            guard !offsets.isEmpty else { return Tensor.zeros([b, 0, head.outputs]) }
            let rows = (0..<b).flatMap { row in offsets.map { row * t + $0 } }
            return head(embedding(flat, indices: rows)).reshaped([b, offsets.count, head.outputs])
        }
        let states = (0..<t).filter { inBlock(start + $0) == framePosition }
        let stateRows = (0..<b).flatMap { row in states.map { row * t + $0 } }
        // Read for a policy, never trained through: no graph, whatever the mode.
        let frameStates = withoutGrad {
            stateRows.isEmpty ? Tensor.zeros([b, 0, c])
                : embedding(flat.detached(), indices: stateRows).reshaped([b, states.count, c])
        }
        return WorldModelOutput(observations: apply(head_observations, at: observed),
                                rewards: apply(head_rewards, at: actions),
                                ends: apply(head_ends, at: actions),
                                frameStates: frameStates)
    }
}
