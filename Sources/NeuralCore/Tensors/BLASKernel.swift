import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// OpenBLAS picks its kernels when the library loads. Version 0.3.21 (Debian 12) does not
/// recognise recent Xeons and falls back to a generic SSE3 kernel ("Prescott") that runs
/// sgemm several times slower; its Haswell (AVX2) kernels are correct on any AVX2 CPU.
public enum BLASKernel {
  /// The environment variable OpenBLAS reads.
  static let coreTypeVariable = "OPENBLAS_CORETYPE"
  /// Set on the relaunched process so that it never relaunches again.
  static let relaunchedVariable = "WATCHNEXT_BLAS_RELAUNCHED"

  /// On Linux with an AVX2 CPU and no `OPENBLAS_CORETYPE` set, restarts the current process
  /// once with `OPENBLAS_CORETYPE=Haswell` so OpenBLAS loads its AVX2 kernels; otherwise (or if
  /// the restart fails) returns and the process goes on unchanged. Call first thing in `main`.
  public static func relaunchWithAVX2KernelsIfNeeded() {
    #if os(Linux)
      let environment = ProcessInfo.processInfo.environment
      guard environment[coreTypeVariable] == nil, environment[relaunchedVariable] == nil, cpuHasAVX2() else {
        return
      }
      setenv(coreTypeVariable, "Haswell", 1)
      setenv(relaunchedVariable, "1", 1)
      // The resolved path keeps the process name (exec'ing /proc/self/exe would name it "exe").
      let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
      execv(path, CommandLine.unsafeArgv)
      // Only reached when exec failed: carry on with the kernel OpenBLAS chose.
      unsetenv(coreTypeVariable)
    #endif
  }

  /// Whether /proc/cpuinfo lists the avx2 flag.
  static func cpuHasAVX2() -> Bool {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
    guard let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
    return flags.split(separator: " ").contains("avx2")
  }
}
