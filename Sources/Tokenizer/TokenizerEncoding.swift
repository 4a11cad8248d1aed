import Tensor

/// What the encoder and quantiser make of a batch of frames.
public struct TokenizerEncoding {
    /// Encoder output after `pre_quant_conv`, before quantisation: [B, E, h, w].
    public let z: Tensor
    /// The nearest codebook vectors [B, E, h, w]; gradients reach the codebook.
    public let codes: Tensor
    /// The decoder's input z + sg(codes - z) [B, E, h, w]: the codebook vectors' values with
    /// the straight-through gradient to z.
    public let quantized: Tensor
    /// Token indices, B * h * w of them: frame by frame, each in raster order of the grid.
    public let tokens: [Int]
}
