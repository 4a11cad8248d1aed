import Testing
@testable import Tensor

@Suite("OpenBLAS kernel choice")
struct BLASKernelTests {
    static let avx512 = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test func genericFallbackOnAnAVX512CPUBecomesSkylakeX() {
        #expect(BLASKernel.replacement(forDetected: "Prescott", cpuFlags: Set(Self.avx512)) == "SkylakeX")
    }

    @Test func genericFallbackOnAnAVX2CPUBecomesHaswell() {
        #expect(BLASKernel.replacement(forDetected: "Prescott", cpuFlags: ["sse3", "avx", "avx2", "fma"]) == "Haswell")
        // AVX-512 without the BW/DQ/VL subsets (Knights Landing) cannot run the SkylakeX kernel.
        #expect(BLASKernel.replacement(forDetected: "Core2", cpuFlags: ["avx2", "fma", "avx512f", "avx512cd"]) == "Haswell")
        // The Sandybridge kernel (AVX, no FMA) on a CPU with FMA is a fallback too.
        #expect(BLASKernel.replacement(forDetected: "Sandybridge", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
    }

    @Test func vectorKernelsAndOldCPUsAreLeftAlone() {
        for core in ["Haswell", "Zen", "SKYLAKEX", "Cooperlake", "SapphireRapids"] {
            #expect(BLASKernel.replacement(forDetected: core, cpuFlags: Set(Self.avx512)) == nil)
        }
        #expect(BLASKernel.replacement(forDetected: "Prescott", cpuFlags: ["sse3", "avx"]) == nil)
        #expect(BLASKernel.replacement(forDetected: "Prescott", cpuFlags: []) == nil)
    }

    @Test func flagsComeFromTheFirstProcessor() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Some CPU
            flags\t\t: fpu sse3 avx2 fma
            processor\t: 1
            flags\t\t: fpu
            """
        #expect(BLASKernel.cpuFlags(cpuinfo: cpuinfo) == ["fpu", "sse3", "avx2", "fma"])
        #expect(BLASKernel.cpuFlags(cpuinfo: "processor : 0\n").isEmpty)
    }

    @Test func theLibraryNamesItsKernel() {
        #expect(!BLASKernel.coreName.isEmpty && BLASKernel.coreName != "unknown")
    }
}
