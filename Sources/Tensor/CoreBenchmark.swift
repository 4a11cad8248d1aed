import CBLAS
import Dispatch

/// Timings of the core's ops at the shapes IRIS trains with, next to raw cblas_sgemm doing
/// the same multiply-adds (`iris bench core`).
public enum CoreBenchmark {
    public struct Row: Sendable {
        public var name: String
        /// Seconds per call: forward, and forward + backward.
        public var forward: Double
        public var forwardBackward: Double?
        /// Floating-point operations of the forward pass (backward counts twice that).
        public var forwardFlops: Double
        /// Raw sgemm seconds for the same GEMM work as the forward pass, when it is GEMM work.
        public var rawGEMM: Double?
        /// Fresh tensor buffers allocated by one forward + backward in steady state.
        public var steadyAllocations: Int?

        public var forwardGFlops: Double { forwardFlops / forward / 1e9 }
        public var forwardBackwardGFlops: Double? { forwardBackward.map { 3 * forwardFlops / $0 / 1e9 } }
        public var rawGFlops: Double? { rawGEMM.map { forwardFlops / $0 / 1e9 } }
    }

    /// Best time of `body` over repetitions lasting at least `minimumSeconds` (after a warm-up).
    static func time(minimumSeconds: Double, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity, spent = 0.0, runs = 0
        while spent < minimumSeconds || runs < 3 {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = Swift.min(best, seconds); spent += seconds; runs += 1
        }
        return best
    }

    /// Raw `cblas_sgemm` C[m,n] = A[m,k] B[k,n], `count` times, with OpenBLAS using `threads`.
    static func rawGEMM(m: Int, n: Int, k: Int, count: Int = 1, threads: Int, minimumSeconds: Double) -> Double {
        let a = Storage(zeros: m * k), b = Storage(zeros: k * n), c = Storage(zeros: m * n)
        for i in 0..<(m * k) { a.pointer[i] = Float(i % 7) * 0.1 }
        for i in 0..<(k * n) { b.pointer[i] = Float(i % 5) * 0.1 }
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }
        return time(minimumSeconds: minimumSeconds) {
            for _ in 0..<count {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                            a.pointer, Int32(k), b.pointer, Int32(n), 0, c.pointer, Int32(n))
            }
        }
    }

    /// Times `forward` alone and with a backward through every input.
    static func measure(_ name: String, flops: Double, inputs: [Tensor], minimumSeconds: Double,
                        rawGEMM: Double?, _ forward: @escaping () -> Tensor) -> Row {
        let forwardOnly = time(minimumSeconds: minimumSeconds) { _ = withoutGrad { forward() } }
        let step = {
            for x in inputs { x.zeroGrad() }
            let y = forward()
            y.backward(gradient: Tensor.ones(y.shape))
        }
        let both = time(minimumSeconds: minimumSeconds, step)
        let allocations = countingAllocations { step() }
        return Row(name: name, forward: forwardOnly, forwardBackward: both, forwardFlops: flops,
                   rawGEMM: rawGEMM, steadyAllocations: allocations)
    }

    /// Runs the whole table with `threads` kernel threads.
    public static func run(threads: Int, minimumSeconds: Double = 0.5, report: (Row) -> Void) {
        Compute.withThreads(threads) {
            var rng = RandomGenerator(seed: 0)
            func input(_ shape: [Int]) -> Tensor { .normal(shape, using: &rng, requiresGrad: true) }

            for n in [256, 1024] {
                let (m, k) = (4352, 256)
                let x = input([m, k]), w = input([k, n])
                let raw = rawGEMM(m: m, n: n, k: k, threads: threads, minimumSeconds: minimumSeconds)
                report(measure("matmul [\(m)x\(k)]x[\(k)x\(n)]", flops: 2.0 * Double(m * n * k), inputs: [x, w],
                               minimumSeconds: minimumSeconds, rawGEMM: raw) { matmul(x, w) })
            }

            for size in [64, 16] {
                let (batch, channels) = (32, 64)
                let x = input([batch, channels, size, size]), w = input([channels, channels, 3, 3]), b = input([channels])
                let pixels = size * size
                let flops = 2.0 * Double(batch * channels * channels * 9 * pixels)
                let raw = rawGEMM(m: channels, n: pixels, k: channels * 9, count: batch, threads: threads,
                                  minimumSeconds: minimumSeconds)
                report(measure("conv2d 3x3 64->64, 32x64x\(size)x\(size)", flops: flops, inputs: [x, w, b],
                               minimumSeconds: minimumSeconds, rawGEMM: raw) {
                    conv2d(x, weight: w, bias: b, padding: .symmetric(1))
                })
                let gw = input([channels]), gb = input([channels])
                report(measure("groupNorm 32 groups, 32x64x\(size)x\(size)", flops: 0, inputs: [x, gw, gb],
                               minimumSeconds: minimumSeconds, rawGEMM: nil) {
                    groupNorm(x, groups: 32, weight: gw, bias: gb, epsilon: 1e-6)
                })
                let rows = batch * channels * pixels / 256
                let h = input([rows, 256]), lw = input([256]), lb = input([256])
                report(measure("layerNorm [\(rows)x256]", flops: 0, inputs: [h, lw, lb],
                               minimumSeconds: minimumSeconds, rawGEMM: nil) {
                    layerNorm(h, weight: lw, bias: lb)
                })
            }

            let (b, heads, t, d) = (32, 4, 340, 64)
            let q = input([b, heads, t, d]), k = input([b, heads, t, d]), v = input([b, heads, t, d])
            let flops = 4.0 * Double(b * heads * t * t * d)
            // Raw: the two GEMMs of each head (q k^T and p v), same total multiply-adds.
            let raw = rawGEMM(m: t, n: t, k: d, count: 2 * b * heads, threads: threads, minimumSeconds: minimumSeconds)
            report(measure("attention causal B=32 H=4 T=340 D=64", flops: flops, inputs: [q, k, v],
                           minimumSeconds: minimumSeconds, rawGEMM: raw) {
                attention(query: q, key: k, value: v, causal: true)
            })
        }
    }
}
