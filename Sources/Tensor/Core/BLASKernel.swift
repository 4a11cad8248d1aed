import CBLAS
import Foundation

/// Which OpenBLAS kernel family runs the GEMMs.
///
/// OpenBLAS picks its kernels from the CPU model once, when the library loads. Debian's 0.3.21
/// does not know recent Intel models and falls back to its SSE3 kernel, "Prescott": on a Xeon
/// with AVX-512 (seen here) that ran sgemm 5x slower than the AVX-512 kernel the same library
/// carries (`iris bench core --threads 1`: 31 against 153 GFLOP/s). The choice can only be
/// changed through `OPENBLAS_CORETYPE` before the library loads, so the command line re-executes
/// itself with it set (`upgradeByReexecutingIfNeeded`).
public enum BLASKernel {
    /// The kernel family OpenBLAS chose for this process, e.g. "Haswell", "Prescott".
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Kernel families with AVX2 and FMA or better; anything else on a CPU that has those is a
    /// fallback worth replacing.
    static let vectorCores: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// The `OPENBLAS_CORETYPE` to use instead of `detected`, or nil to keep it: the AVX-512
    /// kernel when the CPU (and the kernel's saved state, which /proc/cpuinfo's flags reflect)
    /// supports the AVX-512 subsets it needs, else the AVX2 one when AVX2 and FMA are there.
    public static func replacement(forDetected detected: String, cpuFlags: Set<String>) -> String? {
        guard !vectorCores.contains(detected.lowercased()) else { return nil }
        if cpuFlags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if cpuFlags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The first processor's feature flags from `/proc/cpuinfo` (empty where there is none).
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// When OpenBLAS fell back to a slower kernel than this CPU runs and the user set no
    /// `OPENBLAS_CORETYPE`, sets it and replaces the process with a fresh copy of itself (same
    /// arguments and pid); otherwise returns. The variable being set afterwards rules out a loop.
    public static func upgradeByReexecutingIfNeeded() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let core = replacement(forDetected: coreName, cpuFlags: cpuFlags(cpuinfo: cpuinfo))
        else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: carry on with the kernel OpenBLAS chose.
    }
}
