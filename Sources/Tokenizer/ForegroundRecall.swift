import Tensor

/// How much of the moving objects a reconstruction keeps: of the foreground pixels (those
/// whose colour differs by more than `threshold` in some channel from the per-pixel median of
/// the originals, i.e. ball and paddles rather than field and walls), the fraction the
/// reconstruction draws within `tolerance` in every channel. 1 keeps every object, 0 none; a
/// reconstruction of the field alone scores 0 however low its L1 is.
public struct ForegroundRecall: Equatable, Sendable {
    /// Foreground pixels over all frames.
    public let foregroundPixels: Int
    /// Of those, the pixels reconstructed within `tolerance` in every channel.
    public let keptPixels: Int

    /// The fraction kept (1 when there is no foreground).
    public var recall: Double { foregroundPixels == 0 ? 1 : Double(keptPixels) / Double(foregroundPixels) }

    /// `originals` and `reconstructions` [B, C, H, W] in [0, 1], B >= 3 so the median is the
    /// background.
    public init(originals: Tensor, reconstructions: Tensor, threshold: Float = 0.1, tolerance: Float = 0.2) {
        check(originals.rank == 4 && originals.shape == reconstructions.shape,
              "ForegroundRecall: shapes \(originals.shape) and \(reconstructions.shape) must be equal [B, C, H, W]")
        let (b, c) = (originals.shape[0], originals.shape[1]), plane = originals.shape[2] * originals.shape[3]
        let (x, y) = (originals.values, reconstructions.values)
        let median = medianFrame(x, frames: b)
        var (foreground, kept) = (0, 0)
        for i in 0..<b {
            for pixel in 0..<plane {
                var (isForeground, isKept) = (false, true)
                for channel in 0..<c {
                    let index = (i * c + channel) * plane + pixel
                    if abs(x[index] - median[channel * plane + pixel]) > threshold { isForeground = true }
                    if abs(x[index] - y[index]) > tolerance { isKept = false }
                }
                if isForeground { foreground += 1; if isKept { kept += 1 } }
            }
        }
        foregroundPixels = foreground
        keptPixels = kept
    }
}
