// Winograd F(2x2, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks",
// 2016) for the forward pass of 3x3 stride-1 convolutions: each 2x2 output tile comes from a
// 4x4 input tile through 16 elementwise products in a transformed space, so the products
// become 16 GEMMs [O x C] x [C x tiles] with 2.25x fewer multiply-adds than im2col's one, and
// no 9x unfolded copy of the input. The transforms use only 0, ±1 and ±1/2, so the result
// differs from im2col's by rounding alone. The backward pass keeps im2col.

/// One image's 3x3 stride-1 convolution through Winograd F(2x2, 3x3).
struct WinogradConvolution {
    let channels: Int, outChannels: Int
    let height: Int, width: Int
    let padTop: Int, padLeft: Int
    let outHeight: Int, outWidth: Int

    /// Whether a convolution takes this path: 3x3 at stride 1, with output rows of at least 8
    /// tiles, since the transforms work on 8 tiles of a row at once (IRIS's 4x4 and 8x8 decoder
    /// levels cost more in transforms than they save in products).
    static func pays(kernelHeight: Int, kernelWidth: Int, stride: Int, outWidth: Int) -> Bool {
        kernelHeight == 3 && kernelWidth == 3 && stride == 1 && outWidth >= 16
    }

    var tilesY: Int { (outHeight + 1) / 2 }
    var tilesX: Int { (outWidth + 1) / 2 }

    /// Tile rows per GEMM batch: the transformed input and products of one batch (16 x
    /// (C + O) x tiles floats) stay near 1 MB, inside the L2 cache.
    var tileRowsPerBatch: Int {
        Swift.max(1, Swift.min(tilesY, (256 * 1024) / Swift.max(16 * (channels + outChannels) * tilesX, 1)))
    }

    /// Scratch floats one thread needs: transformed input and products of one batch (the
    /// products first, so 8-wide loads past their end stay inside), and the batch's input rows
    /// split into even and odd columns.
    var scratchCount: Int {
        let tiles = tileRowsPerBatch * tilesX
        return 16 * (Self.matrixStride(channels * tiles) + Self.matrixStride(outChannels * tiles)) + (2 * tileRowsPerBatch + 2) * 2 * rowHalfCount
    }

    /// Floats from one of the 16 matrices to the next: a matrix's size plus one cache line, as
    /// the transforms touch all 16 at once, and 16 streams a multiple of 4 KB apart would
    /// share the same few L1 sets.
    static func matrixStride(_ matrixCount: Int) -> Int { matrixCount + 16 }

    /// y [N, O, Ho, Wo] = conv(x [N, C, H, W]) + bias, images split across threads.
    func forward(images n: Int, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 _ y: UnsafeMutablePointer<Float>) {
        let u = transformWeights(weight)
        let xIn = UncheckedSendable(x), uIn = UncheckedSendable(UnsafePointer(u.pointer))
        let yOut = UncheckedSendable(y), bIn = UncheckedSendable(bias)
        let threads = Swift.min(Compute.threadCount, n)
        parallelChunks(n, costPerItem: 18 * outChannels * channels * outHeight * outWidth) { images in
            let scratch = Storage(uninitialized: scratchCount)
            for i in images {
                apply(xIn.value + i * channels * height * width, weights: uIn.value, bias: bIn.value,
                      yOut.value + i * outChannels * outHeight * outWidth, scratch: scratch.pointer, parallelGEMM: threads <= 1)
            }
        }
        withExtendedLifetime(u) {}
    }

    /// The weights [O, C, 3, 3] transformed to U = G g Gᵀ, stored as 16 matrices [O, C].
    func transformWeights(_ weight: UnsafePointer<Float>) -> Storage {
        let u = Storage(uninitialized: 16 * outChannels * channels)
        let plane = outChannels * channels
        for oc in 0..<plane {
            let g = weight + oc * 9
            // G g: the kernel's rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2.
            let g0 = SIMD4(g[0], g[1], g[2], 0), g1 = SIMD4(g[3], g[4], g[5], 0), g2 = SIMD4(g[6], g[7], g[8], 0)
            let dst = u.pointer + oc
            // (G g) Gᵀ: the same combination along each row.
            Self.storeWeightRow(g0, dst, plane, first: 0)
            Self.storeWeightRow(0.5 * (g0 + g1 + g2), dst, plane, first: 4)
            Self.storeWeightRow(0.5 * (g0 - g1 + g2), dst, plane, first: 8)
            Self.storeWeightRow(g2, dst, plane, first: 12)
        }
        return u
    }

    /// Row r of G g, transformed along the row: (a, (a + b + c) / 2, (a - b + c) / 2, c) into
    /// U's matrices first..<first + 4.
    @inline(__always)
    private static func storeWeightRow(_ r: SIMD4<Float>, _ dst: UnsafeMutablePointer<Float>, _ plane: Int, first: Int) {
        dst[first * plane] = r[0]
        dst[(first + 1) * plane] = 0.5 * (r[0] + r[1] + r[2])
        dst[(first + 2) * plane] = 0.5 * (r[0] - r[1] + r[2])
        dst[(first + 3) * plane] = r[2]
    }

    /// y [O, Ho, Wo] = conv(x [C, H, W]) + bias, given the transformed weights.
    func apply(_ x: UnsafePointer<Float>, weights u: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
               _ y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, parallelGEMM: Bool) {
        let batchRows = tileRowsPerBatch
        for firstRow in stride(from: 0, to: tilesY, by: batchRows) {
            let rows = firstRow..<Swift.min(firstRow + batchRows, tilesY)
            let tiles = rows.count * tilesX
            let m = scratch, v = scratch + 16 * Self.matrixStride(outChannels * tiles)
            transformInput(x, rows: rows, into: v, rowScratch: v + 16 * Self.matrixStride(channels * tiles))
            for xi in 0..<16 {
                gemm(transposeA: false, transposeB: false, m: outChannels, n: tiles, k: channels,
                     a: u + xi * outChannels * channels, lda: channels, b: v + xi * Self.matrixStride(channels * tiles), ldb: tiles,
                     beta: 0, c: m + xi * Self.matrixStride(outChannels * tiles), ldc: tiles, parallel: parallelGEMM)
            }
            transformOutput(m, rows: rows, bias: bias, into: y)
        }
    }

    /// V = Bᵀ d B for every 4x4 input tile d of tile rows `rows`, stored as 16 matrices [C, tiles].
    /// Each channel's input rows are first split, zero-padded, into even and odd columns, so 8
    /// neighbouring tiles' values are contiguous loads and the 16 results contiguous stores.
    private func transformInput(_ x: UnsafePointer<Float>, rows: Range<Int>, into v: UnsafeMutablePointer<Float>,
                                rowScratch: UnsafeMutablePointer<Float>) {
        let tiles = rows.count * tilesX, matrix = Self.matrixStride(channels * tiles)
        let half = rowHalfCount, pairs = tilesX + 1
        let splitRows = 2 * rows.count + 2, firstRow = 2 * rows.lowerBound - padTop
        // Zero once: padding rows and columns are never written, inside ones every channel.
        rowScratch.update(repeating: 0, count: splitRows * 2 * half)
        // Pairs j whose columns 2j - padLeft and 2j + 1 - padLeft both lie inside the image.
        let lo = Swift.min((padLeft + 1) / 2, pairs), hi = Swift.max(lo, Swift.min(pairs, (width + padLeft) / 2))
        for c in 0..<channels {
            let plane = x + c * height * width
            for k in 0..<splitRows where firstRow + k >= 0 && firstRow + k < height {
                let even = rowScratch + 2 * k * half, odd = even + half
                let src = plane + (firstRow + k) * width - padLeft
                var j = lo
                while j + 8 <= hi {   // 16 columns at a time, split by lane parity
                    let pair = UnsafeRawPointer(src + 2 * j).loadUnaligned(as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(even + j).storeBytes(of: pair.evenHalf, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(odd + j).storeBytes(of: pair.oddHalf, as: SIMD8<Float>.self)
                    j += 8
                }
                while j < hi { even[j] = src[2 * j]; odd[j] = src[2 * j + 1]; j += 1 }
                @inline(__always) func border(_ j: Int) {
                    let ix = 2 * j - padLeft
                    if ix >= 0 && ix < width { even[j] = src[2 * j] }
                    if ix + 1 >= 0 && ix + 1 < width { odd[j] = src[2 * j + 1] }
                }
                for j in 0..<lo { border(j) }
                for j in hi..<pairs { border(j) }
            }
            for ty in rows {
                let split = rowScratch + 4 * (ty - rows.lowerBound) * half   // split row 2 (ty - first)
                let dst = v + c * tiles + (ty - rows.lowerBound) * tilesX
                for tx in stride(from: 0, to: tilesX, by: 8) {
                    let lanes = Swift.min(8, tilesX - tx)
                    // d B along each input row r: (a - c, b + c, c - b, b - d) of its 4 values.
                    @inline(__always) func row(_ r: Int) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
                        let even = UnsafePointer(split + 2 * r * half + tx), odd = even + half
                        let a = load8(even), b = load8(odd), c = load8(even + 1), d = load8(odd + 1)
                        return (a - c, b + c, c - b, b - d)
                    }
                    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3)
                    let out = dst + tx
                    // Bᵀ (d B): rows 0 - 2, 1 + 2, 2 - 1, 1 - 3.
                    store8(r0.0 - r2.0, lanes, out); store8(r0.1 - r2.1, lanes, out + matrix)
                    store8(r0.2 - r2.2, lanes, out + 2 * matrix); store8(r0.3 - r2.3, lanes, out + 3 * matrix)
                    store8(r1.0 + r2.0, lanes, out + 4 * matrix); store8(r1.1 + r2.1, lanes, out + 5 * matrix)
                    store8(r1.2 + r2.2, lanes, out + 6 * matrix); store8(r1.3 + r2.3, lanes, out + 7 * matrix)
                    store8(r2.0 - r1.0, lanes, out + 8 * matrix); store8(r2.1 - r1.1, lanes, out + 9 * matrix)
                    store8(r2.2 - r1.2, lanes, out + 10 * matrix); store8(r2.3 - r1.3, lanes, out + 11 * matrix)
                    store8(r1.0 - r3.0, lanes, out + 12 * matrix); store8(r1.1 - r3.1, lanes, out + 13 * matrix)
                    store8(r1.2 - r3.2, lanes, out + 14 * matrix); store8(r1.3 - r3.3, lanes, out + 15 * matrix)
                }
            }
        }
    }

    /// Floats per even or odd padded half-row: the tiles plus one, and room for an 8-wide load
    /// at the last tiles.
    private var rowHalfCount: Int { tilesX + 9 }

    /// Y = Aᵀ m A for every tile's 16 products, plus the bias, written where it lies inside
    /// the output (an odd output size drops the last tile row or column's second half).
    private func transformOutput(_ m: UnsafePointer<Float>, rows: Range<Int>, bias: UnsafePointer<Float>?,
                                 into y: UnsafeMutablePointer<Float>) {
        let tiles = rows.count * tilesX, matrix = Self.matrixStride(outChannels * tiles)
        for o in 0..<outChannels {
            let bias = SIMD8<Float>(repeating: bias?[o] ?? 0)
            let plane = y + o * outHeight * outWidth
            for ty in rows {
                let src = m + o * tiles + (ty - rows.lowerBound) * tilesX
                let top = plane + 2 * ty * outWidth
                let hasBottom = 2 * ty + 1 < outHeight
                for tx in stride(from: 0, to: tilesX, by: 8) {
                    let lanes = Swift.min(8, tilesX - tx)
                    let p = src + tx   // loads past the row's last tile read other tiles' products, unused
                    @inline(__always) func at(_ xi: Int) -> SIMD8<Float> { load8(p + xi * matrix) }
                    // Aᵀ p: rows p0 + p1 + p2 and p1 - p2 - p3 (rows of four products each).
                    let q0 = (at(0) + at(4) + at(8), at(1) + at(5) + at(9), at(2) + at(6) + at(10), at(3) + at(7) + at(11))
                    let q1 = (at(4) - at(8) - at(12), at(5) - at(9) - at(13), at(6) - at(10) - at(14), at(7) - at(11) - at(15))
                    // (Aᵀ p) A: (a + b + c, b - c - d) along each row, interleaved into the output row.
                    let columns = Swift.min(2 * lanes, outWidth - 2 * tx)
                    Self.interleave(q0.0 + q0.1 + q0.2 + bias, q0.1 - q0.2 - q0.3 + bias, columns: columns, top + 2 * tx)
                    if hasBottom {
                        Self.interleave(q1.0 + q1.1 + q1.2 + bias, q1.1 - q1.2 - q1.3 + bias, columns: columns, top + outWidth + 2 * tx)
                    }
                }
            }
        }
    }

    /// Writes `left` and `right` to alternate columns from `dst` on, `columns` values at most.
    @inline(__always)
    private static func interleave(_ left: SIMD8<Float>, _ right: SIMD8<Float>, columns: Int, _ dst: UnsafeMutablePointer<Float>) {
        let both = SIMD16(left[0], right[0], left[1], right[1], left[2], right[2], left[3], right[3],
                          left[4], right[4], left[5], right[5], left[6], right[6], left[7], right[7])
        if columns >= 16 {
            UnsafeMutableRawPointer(dst).storeBytes(of: both, as: SIMD16<Float>.self)
        } else {
            for k in 0..<columns { dst[k] = both[k] }
        }
    }
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// Stores the first `lanes` values of `v` (all 8 with one vector store).
@inline(__always)
private func store8(_ v: SIMD8<Float>, _ lanes: Int, _ p: UnsafeMutablePointer<Float>) {
    if lanes == 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    } else {
        for l in 0..<lanes { p[l] = v[l] }
    }
}
