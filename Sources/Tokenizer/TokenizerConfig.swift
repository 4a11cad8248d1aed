/// Hyperparameters of the discrete autoencoder (IRIS `config/tokenizer/default.yaml` and the
/// tokenizer part of `config/trainer.yaml`).
///
/// Sizes follow taming's `EncoderDecoderConfig`: `channelMultipliers.count` resolution levels,
/// a stride-2 downsample between consecutive levels, so a `resolution` frame becomes a
/// `latentSize` x `latentSize` grid of tokens.
public struct TokenizerConfig: Codable, Equatable, Sendable {
    /// Codebook size: each frame becomes `tokensPerFrame` indices in `0..<vocabularySize`.
    public var vocabularySize = 512
    /// Width of a codebook vector (IRIS `embed_dim`).
    public var embeddingWidth = 512
    /// Side of the square input frames (IRIS `resolution`).
    public var resolution = 64
    /// Channels of the input frames (RGB).
    public var inChannels = 3
    /// Channels of the reconstructed frames (IRIS `out_ch`).
    public var outChannels = 3
    /// Channels of the encoder's output and the decoder's input (IRIS `z_channels`).
    public var zChannels = 512
    /// Channels of the convolutional trunk (IRIS `ch`).
    public var channels = 64
    /// Groups of every GroupNorm (IRIS's `Normalize` hard-codes 32; smaller values serve only
    /// the small PyTorch-reference fixtures, whose weights must fit in a few kilobytes).
    public var normGroups = 32
    /// Channel multiplier per resolution level (64 -> 4 in five levels).
    public var channelMultipliers = [1, 1, 1, 1, 1]
    /// Residual blocks per level in the encoder (the decoder has one more).
    public var residualBlocks = 2
    /// Resolutions at which self-attention blocks sit.
    public var attentionResolutions = [8, 16]
    /// Dropout inside the residual blocks (IRIS: 0).
    public var dropout: Float = 0
    /// Weight of the commitment term (IRIS: 1.0, as in the original VQ-VAE).
    public var commitmentWeight: Float = 1.0
    /// Weight of the LPIPS perceptual loss. IRIS uses 1, but LPIPS needs pretrained VGG16
    /// weights that cannot be downloaded here, so it is not implemented: `validate()` rejects
    /// anything but 0 rather than train with a silently missing term.
    public var perceptualWeight: Float = 0
    /// Weight of the L1 reconstruction term (IRIS: 1).
    public var reconstructionL1Weight: Float = 1
    /// Weight of an extra squared-error reconstruction term (IRIS: 0, L1 only). L1 is
    /// minimised by the per-pixel median, so while a code leaves a small object's position
    /// uncertain the decoder's best guess is no object at all, and nothing pulls it towards
    /// one; the squared error's optimum is the mean, a faint object that sharpens as the code
    /// learns where it is (Delta-IRIS also adds L2 terms). Foreground-weighted like the L1.
    public var reconstructionL2Weight: Float = 0
    /// Extra weight of the reconstruction error (L1 and squared) on foreground pixels: those that differ (by more than 0.1
    /// in [-1, 1] space, in any channel) from the batch's per-pixel median frame, i.e. the
    /// moving objects (0 = plain L1, as IRIS). A 3-pixel ball is 0.1% of a 64x64 frame, so plain
    /// L1 in a short CPU run reconstructs the field and drops the ball and paddles; IRIS relies
    /// on LPIPS and a hundred times more steps instead.
    public var foregroundWeight: Float = 0
    /// Revive codebook vectors unused for this many training steps by moving them onto the
    /// current batch's worst-quantised encoder outputs (0 = never, as IRIS). Short CPU runs otherwise
    /// end with a handful of live codes, too few to draw paddles and ball (Delta-IRIS revives
    /// dead codes too).
    public var codeRevivalSteps = 0
    /// The encoder reads each frame minus a reference frame, the per-pixel median of the first
    /// training batch, kept with the weights as `input_reference` (IRIS: off, it reads the
    /// frame). A convolution is the same at every position, so it cannot remove a background
    /// that differs across the screen: the field, walls and score then dominate every
    /// activation, the encoder's output barely depends on where a 1-pixel ball or a
    /// 2-pixel-wide paddle is, and the decoder learns to ignore it. Minus the median, the input
    /// is zero but for the moving objects (the old per-pixel mean-image subtraction of image
    /// CNNs). The decoder still draws the whole frame.
    public var subtractsReferenceFrame = false
    /// Levels per channel of finite scalar quantisation, replacing IRIS's learned codebook
    /// (`FiniteScalarQuantizer`); empty (IRIS) keeps nearest-code quantisation. The product
    /// must be `vocabularySize` and the count `embeddingWidth`, e.g. [8, 8, 8] for 512 codes.
    /// The nearest code snaps away the small difference a ball makes to a patch's vector; in
    /// `Experiments/tokenizer_diagnosis.py` on 300 Pong frames FSQ kept the objects (foreground
    /// match 0.64 after 1,500 steps) where the codebook did not (0.13).
    public var finiteScalarLevels: [Int] = []
    /// Adam learning rate (IRIS: 1e-4, default betas, no weight decay).
    public var learningRate: Float = 1e-4
    /// Frames per training step (IRIS `batch_num_samples`: 256).
    public var batchSize = 256
    /// Global gradient-norm clip (IRIS `max_grad_norm`: 10).
    public var maxGradNorm: Float = 10

    public init() {}

    /// Resolution levels of the encoder and decoder.
    public var levels: Int { channelMultipliers.count }

    /// Side of the latent grid: `resolution / 2^(levels - 1)` (4 for IRIS).
    public var latentSize: Int { resolution >> Swift.max(levels - 1, 0) }

    /// Tokens per frame, in raster order of the latent grid (16 for IRIS).
    public var tokensPerFrame: Int { latentSize * latentSize }

}
