import Tensor

/// How faithfully a reconstruction draws the moving objects. Foreground pixels are those whose
/// colour differs by more than `threshold` in some channel from the per-pixel median of the
/// originals (ball and paddles rather than field and walls), in the original or in the
/// reconstruction; the score is the fraction of them that the reconstruction draws within
/// `tolerance` in every channel. 1 draws every object where it is and nothing else; a
/// reconstruction of the field alone scores 0 however low its L1 is, and so does an object
/// smeared over its possible places (the smear's pixels count against it).
public struct ForegroundMatch: Equatable, Sendable {
    /// Foreground pixels (of the original or the reconstruction) over all frames.
    public let foregroundPixels: Int
    /// Of those, the pixels reconstructed within `tolerance` in every channel.
    public let keptPixels: Int

    /// The fraction drawn right (1 when there is no foreground).
    public var score: Double { foregroundPixels == 0 ? 1 : Double(keptPixels) / Double(foregroundPixels) }

    /// `originals` and `reconstructions` [B, C, H, W] in [0, 1], B >= 3 so the median is the
    /// background. The default threshold, 0.1 in [0, 1], is twice the training weights' (0.1
    /// in [-1, 1] space): a measure of visible objects, not of every faint change.
    public init(originals: Tensor, reconstructions: Tensor, threshold: Float = 0.1, tolerance: Float = 0.2) {
        require(originals.rank == 4 && originals.shape == reconstructions.shape,
              "ForegroundMatch: shapes \(originals.shape) and \(reconstructions.shape) must be equal [B, C, H, W]")
        let (b, c) = (originals.shape[0], originals.shape[1]), plane = originals.shape[2] * originals.shape[3]
        let (x, y) = (originals.values, reconstructions.values)
        let median = medianFrame(x, frames: b)
        var (foreground, kept) = (0, 0)
        for i in 0..<b {
            for pixel in 0..<plane {
                var (isForeground, isKept) = (false, true)
                for channel in 0..<c {
                    let index = (i * c + channel) * plane + pixel
                    let background = median[channel * plane + pixel]
                    if abs(x[index] - background) > threshold || abs(y[index] - background) > threshold { isForeground = true }
                    if abs(x[index] - y[index]) > tolerance { isKept = false }
                }
                if isForeground { foreground += 1; if isKept { kept += 1 } }
            }
        }
        foregroundPixels = foreground
        keptPixels = kept
    }
}
