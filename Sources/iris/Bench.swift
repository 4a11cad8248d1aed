import ArgumentParser

/// `iris bench ...`: throughput benchmarks. Performance is judged here, never in unit tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the speed of iris's parts.",
        subcommands: [BenchCore.self, BenchEnv.self, BenchTokenizer.self, BenchWorldModel.self, BenchAgent.self]
    )
}
