import ArgumentParser
import Foundation
import Tensor

/// `iris bench core`: forward and forward+backward speed of the tensor core at IRIS's shapes.
struct BenchCore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Time the tensor core's ops at IRIS's shapes next to raw cblas_sgemm.")

    @Option(parsing: .unconditional, help: "Kernel threads (the raw sgemm column uses as many OpenBLAS threads).")
    var threads = 2

    @Option(parsing: .unconditional, help: "Minimum seconds of repetitions per measurement (the best repetition counts).")
    var seconds = 0.5

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        try checkOption("--seconds", seconds, above: 0)
    }

    func run() {
        print("tensor core, \(threads) thread(s), OpenBLAS kernel \(BLASKernel.coreName); times are the best of repetitions over \(seconds) s")
        print(row("op", "fwd ms", "fwd GF/s", "fwd+bwd ms", "f+b GF/s", "sgemm GF/s", "op/sgemm", "new bufs"))
        CoreBenchmark.run(threads: threads, minimumSeconds: seconds) { r in
            let hasFlops = r.forwardFlops > 0
            print(row(r.name,
                      String(format: "%.2f", r.forward * 1e3),
                      hasFlops ? String(format: "%.1f", r.forwardGFlops) : "-",
                      r.forwardBackward.map { String(format: "%.2f", $0 * 1e3) } ?? "-",
                      hasFlops ? r.forwardBackwardGFlops.map { String(format: "%.1f", $0) } ?? "-" : "-",
                      r.rawGFlops.map { String(format: "%.1f", $0) } ?? "-",
                      r.rawGEMM.map { String(format: "%.0f%%", 100 * $0 / r.forward) } ?? "-",
                      r.steadyAllocations.map(String.init) ?? "-"))
        }
    }

    private func row(_ columns: String...) -> String {
        let widths = [44, 9, 9, 11, 9, 11, 9, 8]
        return zip(columns, widths).map { text, width in
            text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
        }.joined()
    }
}
