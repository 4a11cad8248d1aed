// swift-tools-version:6.0
import PackageDescription

// MARK: - Build settings

/// Release builds of the numeric code use this CPU's vector units: without a target CPU,
/// Swift emits SSE2 only and `addingProduct` becomes a libm call (swift-stack.md, section 3).
/// x86-64 defaults to `haswell` (AVX2 + FMA, every x86-64 CPU since 2013); set
/// `IRIS_TARGET_CPU` (e.g. `x86-64`, `native`) to override. arm64 has NEON with FMA as its
/// baseline and needs no flag.
func targetCPU() -> [String] {
    #if arch(x86_64)
    return ["-target-cpu", Context.environment["IRIS_TARGET_CPU"] ?? "haswell"]
    #else
    return []
    #endif
}

/// `-Ounchecked` (no bounds, overflow or `precondition` checks) only for `Tensor`, whose kernels
/// it pays for: `iris bench agent --preset cpu`, 4 alternating rounds on the shared 2-core
/// machine, gave tokenizer / world-model / actor-critic steps of 2.38 / 0.33 / 0.76 s with every
/// module unchecked, 2.17 / 0.29 / 0.73 s with Tensor alone unchecked, and 2.88 / 0.32 / 0.91 s
/// with none. Tensor's contracts use `require`, which holds under `-Ounchecked`; every other
/// module builds with `-O`, where `precondition` holds too (issue 22).
let unchecked: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"] + targetCPU(), .when(configuration: .release))]
let fast: [SwiftSetting] = targetCPU().isEmpty ? [] : [.unsafeFlags(targetCPU(), .when(configuration: .release))]

let package = Package(
    name: "iris",
    products: [
        .executable(name: "iris", targets: ["iris"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // MARK: - System libraries (Debian: libopenblas-dev, libsdl2-dev, libpng-dev)
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSDL2", path: "Sources/CSDL2", providers: [.apt(["libsdl2-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", providers: [.apt(["libpng-dev"])]),

        // MARK: - Libraries (import rules: ../shared/ARCHITECTURE.md)
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: unchecked),
        .target(name: "Env", dependencies: ["CPNG"], swiftSettings: fast),
        .target(name: "Tokenizer", dependencies: ["Tensor"], swiftSettings: fast),
        .target(name: "WorldModel", dependencies: ["Tensor"], swiftSettings: fast),
        .target(name: "Agent", dependencies: ["Tensor", "Env", "Tokenizer", "WorldModel"], swiftSettings: fast),
        // The only module that imports SDL2. (ARCHITECTURE.md also gives it Agent, for the
        // agent and world-model sources.)
        .target(name: "Viewer", dependencies: ["CSDL2", "Env", "Tensor", "Tokenizer", "Agent"], swiftSettings: fast),

        // MARK: - Command line
        .executableTarget(name: "iris", dependencies: [
            "Tensor", "Env", "Tokenizer", "WorldModel", "Agent", "Viewer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: fast),

        // MARK: - Tests
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EnvTests", dependencies: ["Env"], exclude: ["Fixtures"]),
        // Env supplies real Pong frames for the training test.
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "Env"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WorldModelTests", dependencies: ["WorldModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "Tensor", "Tokenizer", "WorldModel", "Env"]),
        .testTarget(name: "ViewerTests", dependencies: ["Viewer", "Env", "CSDL2", "Tensor", "Agent"]),
        // Runs the built `iris` binary; the dependency makes `swift test` build it first.
        .testTarget(name: "CLITests", dependencies: ["iris"]),
    ]
)
