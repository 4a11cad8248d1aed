import Tensor

/// Token embeddings chosen by position in the block (IRIS `slicer.Embedder`): the action
/// table for the last position of each block, the frame table for the others.
final class Embedder: Module {
    /// IRIS's order: `embedding_tables.0` is the action table [A, C], `.1` the frame table [V, C].
    let embedding_tables: [Embedding]   // snake_case: IRIS's state_dict key

    init(actionCount: Int, vocabularySize: Int, width: Int, using rng: inout RandomGenerator) {
        embedding_tables = [Embedding(actionCount, width, using: &rng), Embedding(vocabularySize, width, using: &rng)]
    }

    var actionTable: Embedding { embedding_tables[0] }
    var frameTable: Embedding { embedding_tables[1] }

    /// Embeddings [tokens.count, C] of `tokens`, where `isAction(i)` tells which table token i
    /// indexes. One lookup into the two tables stacked (frame rows first), so the gradient
    /// scatters into both through a single op.
    func callAsFunction(_ tokens: [Int], isAction: (Int) -> Bool) -> Tensor {
        let vocabulary = frameTable.weight.shape[0], actions = actionTable.weight.shape[0]
        var rows = [Int](repeating: 0, count: tokens.count)
        for (i, token) in tokens.enumerated() {
            if isAction(i) {
                require(token >= 0 && token < actions, "WorldModel: action \(token) out of range 0..<\(actions)")
                rows[i] = vocabulary + token
            } else {
                require(token >= 0 && token < vocabulary, "WorldModel: frame token \(token) out of range 0..<\(vocabulary)")
                rows[i] = token
            }
        }
        if !GradMode.isEnabled { return copiedRows(rows, vocabulary: vocabulary) }
        return embedding(concat([frameTable.weight, actionTable.weight], axis: 0), indices: rows)
    }

    /// Inference path: the rows copied straight from the tables, without stacking them first
    /// (the imagination loop embeds one token per row 17 times per step).
    private func copiedRows(_ rows: [Int], vocabulary: Int) -> Tensor {
        let width = frameTable.weight.shape[1]
        let out = Tensor.zeros([rows.count, width])
        out.withUnsafeMutableBufferPointer { dst in
            frameTable.weight.withUnsafeBufferPointer { frames in
                actionTable.weight.withUnsafeBufferPointer { actions in
                    for (i, row) in rows.enumerated() {
                        let source = row < vocabulary ? frames.baseAddress! + row * width
                                                      : actions.baseAddress! + (row - vocabulary) * width
                        (dst.baseAddress! + i * width).update(from: source, count: width)
                    }
                }
            }
        }
        return out
    }
}
