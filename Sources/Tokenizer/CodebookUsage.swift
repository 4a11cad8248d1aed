import Tensor
import Foundation

/// How much of the codebook a batch of tokens uses: a collapsing codebook shows as few
/// distinct codes and a perplexity far below the vocabulary size.
public struct CodebookUsage: Equatable, Sendable {
    /// Codes that occur at least once.
    public let distinctCodes: Int
    /// exp(entropy) of the tokens' empirical distribution: 1 when a single code is used,
    /// the vocabulary size when all are used equally.
    public let perplexity: Float

    public init(tokens: [Int], vocabularySize: Int) {
        var counts = [Int](repeating: 0, count: vocabularySize)
        for t in tokens {
            require(t >= 0 && t < vocabularySize, "CodebookUsage: token \(t) outside 0..<\(vocabularySize)")
            counts[t] += 1
        }
        distinctCodes = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let total = Double(tokens.count)
        var entropy = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / total
            entropy -= p * Foundation.log(p)
        }
        perplexity = tokens.isEmpty ? 0 : Float(Foundation.exp(entropy))
    }
}
