import Tensor

/// IRIS's vector quantisation over a codebook [V, E]: each latent vector becomes the index of
/// its nearest codebook row by squared Euclidean distance, |z|^2 + |e|^2 - 2 z.e (computed in
/// that order, as IRIS, so ties resolve the same way). No normalisation, no EMA, no dead-code
/// revival: IRIS has none of them.
public struct VectorQuantizer {
    /// The codebook [vocabulary, width] (the tokenizer's `embedding.weight`).
    public let codebook: Tensor

    public init(codebook: Tensor) {
        require(codebook.rank == 2, "VectorQuantizer: codebook must be [vocabulary, width], got \(codebook.shape)")
        self.codebook = codebook
    }

    /// Index of the nearest code of each row of `vectors` [N, E] (first on ties, as argmin).
    public func nearest(_ vectors: Tensor) -> [Int] {
        let (v, e) = (codebook.shape[0], codebook.shape[1])
        require(vectors.rank == 2 && vectors.shape[1] == e,
              "VectorQuantizer: vectors \(vectors.shape) for a codebook of width \(e)")
        let n = vectors.shape[0]
        return withoutGrad {
            let dots = matmul(vectors, codebook, transposeB: true)   // [N, V]
            let codeNorms = codebook.withUnsafeBufferPointer { c in
                (0..<v).map { j in (0..<e).reduce(Float(0)) { $0 + c[j * e + $1] * c[j * e + $1] } }
            }
            return vectors.withUnsafeBufferPointer { z in
                dots.withUnsafeBufferPointer { d in
                    (0..<n).map { i in
                        var zNorm: Float = 0
                        for k in 0..<e { zNorm += z[i * e + k] * z[i * e + k] }
                        var best = 0, bestDistance = Float.infinity
                        for j in 0..<v {
                            let distance = zNorm + codeNorms[j] - 2 * d[i * v + j]
                            if distance < bestDistance { bestDistance = distance; best = j }
                        }
                        return best
                    }
                }
            }
        }
    }

    /// Quantises z [B, E, h, w]: tokens in raster order per frame, the chosen codebook vectors
    /// (gradient to the codebook) and the straight-through decoder input z + sg(codes - z)
    /// (gradient to z as if quantisation were the identity).
    public func quantize(_ z: Tensor) -> TokenizerEncoding {
        require(z.rank == 4 && z.shape[1] == codebook.shape[1],
              "VectorQuantizer: z \(z.shape) must be [B, \(codebook.shape[1]), h, w]")
        let (b, e, h, w) = (z.shape[0], z.shape[1], z.shape[2], z.shape[3])
        let flat = withoutGrad { z.permuted([0, 2, 3, 1]).reshaped([b * h * w, e]) }   // [(B h w), E]
        let tokens = nearest(flat)
        let codes = embedding(codebook, indices: tokens).reshaped([b, h, w, e]).permuted([0, 3, 1, 2])
        let quantized = z + (codes.detached() - z.detached())
        return TokenizerEncoding(z: z, codes: codes, quantized: quantized, tokens: tokens)
    }

    /// IRIS's VQ loss: mean((sg(z) - codes)^2) (moves the codebook) + beta * mean((z - sg(codes))^2)
    /// (commits the encoder), with beta = `commitmentWeight`.
    public static func loss(_ encoding: TokenizerEncoding, commitmentWeight beta: Float) -> Tensor {
        let codebookTerm = mseLoss(encoding.codes, encoding.z.detached())
        let commitmentTerm = mseLoss(encoding.z, encoding.codes.detached())
        return codebookTerm + beta * commitmentTerm
    }
}
