// 2-D convolution as im2col + GEMM (3x3 stride-1 forward passes: Winograd.swift), images
// split across threads.

/// Zero padding on each side of an image.
public struct Padding: Equatable, Sendable {
    public var top: Int, bottom: Int, left: Int, right: Int

    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top; self.bottom = bottom; self.left = left; self.right = right
    }

    /// The same padding on all four sides.
    public static func symmetric(_ p: Int) -> Padding { Padding(top: p, bottom: p, left: p, right: p) }
    public static let zero = Padding.symmetric(0)
}

/// Geometry of one convolution: input C x H x W, kernel kh x kw, output Ho x Wo.
private struct ConvGeometry {
    let channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let stride: Int, padding: Padding
    let outHeight: Int, outWidth: Int

    var columnRows: Int { channels * kernelHeight * kernelWidth }
    var outPixels: Int { outHeight * outWidth }
    var inPixels: Int { height * width }
    /// A 1x1 kernel at stride 1 without padding reads the image as its own column matrix.
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == .zero }

    /// Output columns `first..<last` whose input column for kernel column `kj` lies inside
    /// the image (the others read padding).
    @inline(__always)
    func validColumns(_ kj: Int) -> (Int, Int) {
        // ix = ox * stride + kj - left must satisfy 0 <= ix < width.
        let offset = kj - padding.left
        let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = width - offset <= 0 ? 0 : Swift.min(outWidth, (width - offset + stride - 1) / stride)
        return (Swift.min(first, outWidth), last)
    }

    /// Unfolds one image [C, H, W] into columns [C*kh*kw, Ho*Wo].
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        im2col(x, cols, rows: 0..<outHeight)
    }

    /// Output rows per forward tile: the tile's columns (about 512 KB) stay in the L2 cache
    /// between im2col writing them and the GEMM packing them; a whole image's can be 9 MB.
    var tileRows: Int { Swift.max(1, Swift.min(outHeight, (128 * 1024) / Swift.max(columnRows * outWidth, 1))) }

    /// Unfolds output rows `rows` of one image into columns [C*kh*kw, rows.count*Wo].
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, rows: Range<Int>) {
        let tilePixels = rows.count * outWidth
        for c in 0..<channels {
            for ki in 0..<kernelHeight {
                for kj in 0..<kernelWidth {
                    let row = cols + ((c * kernelHeight + ki) * kernelWidth + kj) * tilePixels
                    for oy in rows {
                        let iy = oy * stride + ki - padding.top
                        let dst = row + (oy - rows.lowerBound) * outWidth
                        guard iy >= 0 && iy < height else {
                            dst.update(repeating: 0, count: outWidth); continue
                        }
                        let src = x + (c * height + iy) * width
                        let (first, last) = validColumns(kj)
                        if first > 0 { dst.update(repeating: 0, count: first) }
                        if last < outWidth { (dst + Swift.max(last, 0)).update(repeating: 0, count: outWidth - Swift.max(last, 0)) }
                        guard first < last else { continue }
                        let start = first * stride + kj - padding.left
                        if stride == 1 {
                            (dst + first).update(from: src + start, count: last - first)
                        } else {
                            for ox in first..<last { dst[ox] = src[start + (ox - first) * stride] }
                        }
                    }
                }
            }
        }
    }

    /// y [N, O, Ho, Wo] = conv(x [N, C, H, W]) + bias, a tile of im2col columns and a GEMM at a
    /// time, images split across threads.
    func forward(images n: Int, outChannels o: Int, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 bias: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>) {
        let xIn = UncheckedSendable(x), wIn = UncheckedSendable(weight)
        let yOut = UncheckedSendable(y), bIn = UncheckedSendable(bias)
        let threads = Swift.min(Compute.threadCount, n)
        parallelChunks(n, costPerItem: 2 * o * columnRows * outPixels) { images in
            let tileRows = isPointwise ? outHeight : self.tileRows
            let scratch = isPointwise ? nil : Storage(uninitialized: columnRows * tileRows * outWidth)
            for i in images {
                let image = xIn.value + i * channels * inPixels
                let y = yOut.value + i * o * outPixels
                for first in Swift.stride(from: 0, to: outHeight, by: tileRows) {
                    let rows = first..<Swift.min(first + tileRows, outHeight)
                    let pixels = rows.count * outWidth, yTile = y + first * outWidth
                    let cols = scratch.map { im2col(image, $0.pointer, rows: rows); return UnsafePointer($0.pointer) }
                        ?? UnsafePointer(image + first * outWidth)
                    gemm(transposeA: false, transposeB: false, m: o, n: pixels, k: columnRows,
                         a: wIn.value, lda: columnRows, b: cols, ldb: scratch == nil ? outPixels : pixels,
                         beta: 0, c: yTile, ldc: outPixels, parallel: threads <= 1)
                    if let b = bIn.value {
                        for oc in 0..<o { let row = yTile + oc * outPixels; for p in 0..<pixels { row[p] += b[oc] } }
                    }
                }
            }
        }
    }

    /// Folds columns back onto one image, adding overlapping contributions.
    func col2im(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>) {
        for c in 0..<channels {
            for ki in 0..<kernelHeight {
                for kj in 0..<kernelWidth {
                    let row = cols + ((c * kernelHeight + ki) * kernelWidth + kj) * outPixels
                    for oy in 0..<outHeight {
                        let iy = oy * stride + ki - padding.top
                        guard iy >= 0 && iy < height else { continue }
                        let dst = x + (c * height + iy) * width, src = row + oy * outWidth
                        let (first, last) = validColumns(kj)
                        guard first < last else { continue }
                        let start = first * stride + kj - padding.left
                        if stride == 1 {
                            let d = dst + start
                            for ox in first..<last { d[ox - first] += src[ox] }
                        } else {
                            for ox in first..<last { dst[start + (ox - first) * stride] += src[ox] }
                        }
                    }
                }
            }
        }
    }
}

/// Cross-correlation of x [N, C, H, W] with weight [O, C, kh, kw] plus optional bias [O]
/// (torch.nn.functional.conv2d, with zero padding that may differ per side).
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Padding = .zero) -> Tensor {
    require(x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[1],
            "conv2d: input \(describe(x.shape)) and weight \(describe(weight.shape)) do not match (need [N, C, H, W] and [O, C, kh, kw])")
    require(stride > 0, "conv2d: stride \(stride) must be positive")
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
    if let bias { require(bias.shape == [o], "conv2d: bias \(describe(bias.shape)) for \(o) output channels") }
    let paddedH = h + padding.top + padding.bottom, paddedW = w + padding.left + padding.right
    require(paddedH >= kh && paddedW >= kw,
            "conv2d: kernel \(kh)x\(kw) larger than padded input \(paddedH)x\(paddedW)")
    let g = ConvGeometry(channels: c, height: h, width: w, kernelHeight: kh, kernelWidth: kw,
                         stride: stride, padding: padding,
                         outHeight: (paddedH - kh) / stride + 1, outWidth: (paddedW - kw) / stride + 1)
    let out = Tensor(uninitializedShape: [n, o, g.outHeight, g.outWidth])
    if WinogradConvolution.pays(kernelHeight: kh, kernelWidth: kw, stride: stride, outWidth: g.outWidth) {
        WinogradConvolution(channels: c, outChannels: o, height: h, width: w, padTop: padding.top, padLeft: padding.left,
                            outHeight: g.outHeight, outWidth: g.outWidth)
            .forward(images: n, x.data, weight: weight.data, bias: bias?.data, out.data)
    } else {
        g.forward(images: n, outChannels: o, x.data, weight: weight.data, bias: bias?.data, out.data)
    }
    let xIn = UncheckedSendable(x.data), wIn = UncheckedSendable(weight.data)
    return out.recorded("conv2d", [x, weight] + (bias.map { [$0] } ?? [])) { _, grad in
        let dy = UncheckedSendable(grad.data)
        let dx = UncheckedSendable(x.requiresGrad ? x.gradData : nil)
        let wantWeight = weight.requiresGrad
        let parts = Swift.max(1, Swift.min(Compute.threadCount, n))
        // Each thread sums its images' weight gradients apart; the parts add up in order.
        let partials = wantWeight ? (0..<parts).map { _ in Storage(zeros: weight.count) } : []
        let partialPointers = UncheckedSendable(partials.map(\.pointer))
        parallelChunks(parts, costPerItem: 1 << 20) { range in
            for part in range {
                let scratch = g.isPointwise ? nil : Storage(uninitialized: g.columnRows * g.outPixels)
                for i in chunk(part, of: parts, count: n) {
                    let image = xIn.value + i * c * g.inPixels
                    let dyImage = UnsafePointer(dy.value + i * o * g.outPixels)
                    if wantWeight {
                        let cols = scratch.map { g.im2col(image, $0.pointer); return UnsafePointer($0.pointer) } ?? UnsafePointer(image)
                        gemm(transposeA: false, transposeB: true, m: o, n: g.columnRows, k: g.outPixels,
                             a: dyImage, lda: g.outPixels, b: cols, ldb: g.outPixels,
                             beta: 1, c: partialPointers.value[part], ldc: g.columnRows, parallel: parts <= 1)
                    }
                    if let dxBase = dx.value {
                        let dxImage = dxBase + i * c * g.inPixels
                        if let scratch {
                            gemm(transposeA: true, transposeB: false, m: g.columnRows, n: g.outPixels, k: o,
                                 a: wIn.value, lda: g.columnRows, b: dyImage, ldb: g.outPixels,
                                 beta: 0, c: scratch.pointer, ldc: g.outPixels, parallel: parts <= 1)
                            g.col2im(scratch.pointer, dxImage)
                        } else {
                            gemm(transposeA: true, transposeB: false, m: g.columnRows, n: g.outPixels, k: o,
                                 a: wIn.value, lda: g.columnRows, b: dyImage, ldb: g.outPixels,
                                 beta: 1, c: dxImage, ldc: g.outPixels, parallel: parts <= 1)
                        }
                    }
                }
            }
        }
        if wantWeight {
            let gw = weight.gradData
            for p in partials { for j in 0..<weight.count { gw[j] += p.pointer[j] } }
        }
        if let bias, bias.requiresGrad {
            let gb = bias.gradData
            for i in 0..<n {
                for oc in 0..<o {
                    let row = grad.data + (i * o + oc) * g.outPixels
                    var total: Float = 0
                    for p in 0..<g.outPixels { total += row[p] }
                    gb[oc] += total
                }
            }
        }
    }
}
