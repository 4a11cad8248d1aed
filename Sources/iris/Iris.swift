import ArgumentParser
import Tensor

/// The `iris` command line: thin wrappers that parse options and call into the libraries.
@main
struct Iris: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "IRIS: a world-model agent that learns Atari-like games inside its own imagination, on a CPU.",
        version: "0.1.0",
        subcommands: [Train.self, Eval.self, Watch.self, Play.self, Probe.self, Curve.self, Bench.self, Envs.self, Frames.self, Trace.self, Export.self,
                      TokenizerTrain.self]
    )

    /// Swaps in OpenBLAS's fast kernels first where its CPU detection fell back to slow ones.
    static func main() {
        BLASKernel.upgradeByReexecutingIfNeeded()
        main(nil)
    }
}
