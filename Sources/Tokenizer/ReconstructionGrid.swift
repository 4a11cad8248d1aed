import Tensor

/// Originals beside their reconstructions, for looking at a tokenizer: each row holds
/// `pairsPerRow` pairs `original | reconstruction`, with a `gap`-pixel white border.
/// Returns the image size and its RGB bytes (row-major, interleaved), ready for a PNG writer.
public func reconstructionGrid(originals: Tensor, reconstructions: Tensor, pairsPerRow: Int = 4,
                               gap: Int = 2) -> (width: Int, height: Int, rgb: [UInt8]) {
    require(originals.shape == reconstructions.shape && originals.rank == 4 && originals.shape[1] == 3,
          "reconstructionGrid: frames \(originals.shape) and \(reconstructions.shape) must be equal [N, 3, S, S]")
    let (n, h, w) = (originals.shape[0], originals.shape[2], originals.shape[3])
    let columns = 2 * Swift.max(1, Swift.min(pairsPerRow, n)), rows = (n + columns / 2 - 1) / (columns / 2)
    let width = columns * (w + gap) + gap, height = rows * (h + gap) + gap
    var image = [UInt8](repeating: 255, count: width * height * 3)
    let sources = [originals.frameBytes(), reconstructions.frameBytes()]
    for i in 0..<n {
        for (side, bytes) in sources.enumerated() {
            let column = 2 * (i % (columns / 2)) + side, row = i / (columns / 2)
            let left = gap + column * (w + gap), top = gap + row * (h + gap)
            for y in 0..<h {
                let src = (i * h + y) * w * 3, dst = ((top + y) * width + left) * 3
                image.replaceSubrange(dst..<(dst + w * 3), with: bytes[src..<(src + w * 3)])
            }
        }
    }
    return (width, height, image)
}
