import ArgumentParser
import Foundation
import NeuralCore
import Retrieval

/// HNSW against exact search on the same vectors: build time, then recall@10/@100 and
/// queries/s for a sweep of efSearch on one and two threads, next to exact search's queries/s.
struct ANNBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ann", abstract: "HNSW vs exact inner-product search: recall and queries/s per efSearch.")

  @OptionGroup var vectors: VectorOptions
  @Option(help: "HNSW M.") var m = HNSWParameters().m
  @Option(help: "HNSW efConstruction.") var efConstruction = HNSWParameters().efConstruction
  @Option(parsing: .upToNextOption, help: "efSearch values.") var efs: [Int] = [64, 128, 256, 512]
  @Option(help: "Graph space: reduced-l2 or ip.") var space = HNSWParameters().space
  @Option(help: "Load the index from this directory when present, else build and save it there.") var index: String?
  @Option(help: "Timed passes per setting (the best is kept).") var repeats = 3
  @Option(help: "Build threads (1: one insert at a time; 2: the parallel batched build).") var buildThreads = 2
  @Option(help: "Also write the sweep as CSV here (ef, recall_at_10, recall_at_k, qps_1_thread, qps_2_threads).")
  var csv: String?
  @Flag(
    help: """
      After the build, answer lines 'EF REPEATS' from standard input with 'EF RECALL_AT_K QPS_1_THREAD' \
      (one-thread passes; lets a harness alternate with a peer pass by pass).
      """)
  var serve = false

  func run() throws {
    BLAS.setThreadCount(1)
    let (items, queryMatrix) = try vectors.load()
    print("data: \(items.rows) x \(items.columns), \(queryMatrix.rows) queries, k = \(vectors.k)")
    let exact = try ExactSearch(vectors: items)
    var truth: [[SearchResult]] = []
    let exactSeconds = try Stopwatch.seconds { truth = try exact.search(queryMatrix, k: vectors.k, threads: 1) }
    print(String(format: "exact (BLAS, 1 thread): %.0f queries/s", Double(queryMatrix.rows) / exactSeconds))
    var built: HNSWIndex?
    var buildSeconds = 0.0
    if let path = self.index, let saved = try? HNSWIndex.load(from: URL(fileURLWithPath: path)) {
      built = saved
      print("loaded the index from \(path)")
    } else {
      buildSeconds = try Stopwatch.seconds {
        built = try HNSWIndex.build(
          items, parameters: HNSWParameters(m: m, efConstruction: efConstruction, space: space),
          threads: buildThreads)
      }
      if let path = self.index, let built { try built.save(to: URL(fileURLWithPath: path)) }
    }
    guard let index = built else { return }
    let memory = index.memoryBytes
    print(
      String(
        format: "HNSW build (M %d, efConstruction %d, %@, %d thread(s)): %.1f s, index %.1f MB", m, efConstruction,
        space.rawValue, buildThreads, buildSeconds, Double(memory) / 1e6))
    if serve {
      print("ready")
      fflush(nil)
      while let line = readLine() {
        let fields = line.split(separator: " ").compactMap { Int($0) }
        guard fields.count == 2 else { break }
        let row = try ANNSweep.run(
          index: index, queries: queryMatrix, truth: truth, k: vectors.k, efs: [fields[0]], repeats: fields[1],
          twoThreads: false
        )[0]
        print("\(row.ef) \(row.recallAtK) \(row.queriesPerSecond1)")
        fflush(nil)
      }
      return
    }
    let sweep = try ANNSweep.run(
      index: index, queries: queryMatrix, truth: truth, k: vectors.k, efs: efs, repeats: repeats)
    print(ANNSweep.table(sweep, k: vectors.k), terminator: "")
    if let csv {
      var text = "ef,recall_at_10,recall_at_k,qps_1_thread,qps_2_threads\n"
      for row in sweep {
        text += "\(row.ef),\(row.recallAt10),\(row.recallAtK),\(row.queriesPerSecond1),\(row.queriesPerSecond2)\n"
      }
      try text.write(toFile: csv, atomically: true, encoding: .utf8)
    }
  }

}
extension HNSWParameters.Space: ExpressibleByArgument {}
