import ArgumentParser
import NeuralCore

/// Release-build benchmarks of the engine: `swift run -c release WatchNextBenchmarks <name>`.
@main
struct BenchmarkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "WatchNextBenchmarks",
    abstract: "Benchmarks of WatchNext (run in a release build).",
    subcommands: [
      DenseTowerBenchmark.self, CandidateStepBenchmark.self, ANNBenchmark.self, GenerationBenchmark.self,
      LoadBenchmark.self, ExplorerFrameBenchmark.self, AttentionStepBenchmark.self, PartitionBenchmark.self,
    ]
  )

  /// Selects OpenBLAS's AVX2 kernels where the library would miss them, then runs the benchmark.
  static func main() {
    BLASKernel.relaunchWithAVX2KernelsIfNeeded()
    main(nil)
  }
}
