import ArgumentParser
import Foundation
import NeuralCore
import Retrieval

/// The partition index (k-means cells, 4-bit codes, exact re-scoring) against exact search on
/// the same vectors: build time, then recall@k and one-thread queries/s over a sweep of
/// (probe, reorder).
struct PartitionBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "partition",
    abstract: "Partition index vs exact inner-product search: recall@k and queries/s per (probe, reorder).")

  @OptionGroup var vectors: VectorOptions
  @Option(help: "Partitions (0: 2√n).") var partitions = 0
  @Option(parsing: .upToNextOption, help: "Partitions searched.") var probes: [Int] = [4, 8, 16, 32]
  @Option(parsing: .upToNextOption, help: "Approximate best re-scored.") var reorders: [Int] = [200, 400]
  @Option(help: "Timed passes per setting (the best is kept).") var repeats = 3
  @Option(help: "Load the index from this directory when present, else build and save it there.") var index: String?
  @Flag(
    help: """
      After the build, answer lines 'PROBE REORDER REPEATS' from standard input with \
      'PROBE REORDER RECALL_AT_K QPS_1_THREAD' (lets a harness alternate with a peer pass by pass).
      """)
  var serve = false

  func run() throws {
    BLAS.setThreadCount(1)
    let (items, queryMatrix) = try vectors.load()
    print("data: \(items.rows) x \(items.columns), \(queryMatrix.rows) queries, k = \(vectors.k)")
    var truth: [[SearchResult]] = []
    let exactSeconds = try Stopwatch.seconds {
      truth = try ExactSearch(vectors: items).search(queryMatrix, k: vectors.k, threads: 1)
    }
    print(String(format: "exact (BLAS, 1 thread): %.0f queries/s", Double(queryMatrix.rows) / exactSeconds))
    BLAS.setThreadCount(2)
    var built: PartitionIndex?
    var buildSeconds = 0.0
    if let path = self.index, let saved = try? PartitionIndex.load(from: URL(fileURLWithPath: path)) {
      built = saved
      print("loaded the index from \(path)")
    } else {
      buildSeconds = try Stopwatch.seconds {
        built = try PartitionIndex.build(items, parameters: PartitionParameters(partitions: partitions))
      }
      if let path = self.index, let built { try built.save(to: URL(fileURLWithPath: path)) }
    }
    BLAS.setThreadCount(1)
    guard let index = built else { return }
    print(
      String(format: "partition build (%d partitions, BLAS on 2 threads): %.1f s", index.partitionCount, buildSeconds))
    let rows = (0..<queryMatrix.rows).map { Array(queryMatrix.row($0)) }
    /// The recall and best queries/s of `passes` timed passes at one setting.
    func measure(probe: Int, reorder: Int, passes: Int) throws -> (recall: Double, queriesPerSecond: Double) {
      var found: [[SearchResult]] = []
      var best = Double.infinity
      for _ in 0..<max(passes, 1) {
        var pass: [[SearchResult]] = []
        let seconds = try Stopwatch.seconds {
          for query in rows { pass.append(try index.search(query, k: vectors.k, probe: probe, reorder: reorder)) }
        }
        best = min(best, seconds)
        found = pass
      }
      return (SearchRecall.recall(found: found, truth: truth, k: vectors.k), Double(rows.count) / best)
    }
    if serve {
      print("ready")
      fflush(nil)
      while let line = readLine() {
        let fields = line.split(separator: " ").compactMap { Int($0) }
        guard fields.count == 3 else { break }
        let (recall, qps) = try measure(probe: fields[0], reorder: fields[1], passes: fields[2])
        print("\(fields[0]) \(fields[1]) \(recall) \(qps)")
        fflush(nil)
      }
      return
    }
    print("probe  reorder  recall@\(vectors.k)  queries/s (1 thread)")
    for probe in probes {
      for reorder in reorders {
        let (recall, qps) = try measure(probe: probe, reorder: reorder, passes: repeats)
        print(String(format: "%5d  %7d  %9.4f  %9.0f", probe, reorder, recall, qps))
      }
    }
  }
}
