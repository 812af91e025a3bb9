import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Retrieval
import WorkspaceStore

/// `watchnext bench`: quick measurements on a workspace's own models (release builds).
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure the workspace's models (use a release build).",
    subcommands: [ANN.self, BenchRecommendCommand.self])

  /// `watchnext bench ann`.
  struct ANN: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ann",
      abstract: "HNSW vs exact search on the candidate model's video embeddings and users' serving vectors.",
      discussion: "For synthetic vectors at 200k-1M and hnswlib side by side, see Benchmarks/compare-ann.sh.")

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Result size.") var k = 100
    @Option(help: "Users whose serving vectors are the queries.") var users = 1_000
    @Option(parsing: .upToNextOption, help: "efSearch values.") var efs: [Int] = [16, 32, 64, 128, 256]
    @Option(help: "HNSW M.") var m = HNSWParameters().m
    @Option(help: "HNSW efConstruction.") var efConstruction = HNSWParameters().efConstruction
    @Option(help: "Graph space: reduced-l2 or ip.") var space = HNSWParameters().space

    func run() throws {
      let loaded = try CLISession.candidates(options.url)
      let (columns, generator) = (loaded.columns, loaded.generator)
      let embeddings = generator.model.videoEmbeddings
      let queries = generator.userVectors(
        (0..<min(users, columns.users.count)).map { generator.servingTarget(user: Int32($0)) })
      let exact = try ExactSearch(vectors: embeddings)
      var truth: [[SearchResult]] = []
      let exactStart = Date()
      truth = try exact.search(queries, k: k, threads: 1)
      let exactRate = Double(queries.rows) / Date().timeIntervalSince(exactStart)
      let buildStart = Date()
      let index = try HNSWIndex.build(
        embeddings, parameters: HNSWParameters(m: m, efConstruction: efConstruction, space: space))
      let buildSeconds = Date().timeIntervalSince(buildStart)
      let sweep = try ANNSweep.run(index: index, queries: queries, truth: truth, k: k, efs: efs)
      if options.json {
        struct Report: Encodable {
          var items: Int
          var queries: Int
          var exactQueriesPerSecond: Double
          var buildSeconds: Double
          var sweep: [ANNSweep.Row]
        }
        return try Output.json(
          Report(
            items: index.count, queries: queries.rows, exactQueriesPerSecond: exactRate, buildSeconds: buildSeconds,
            sweep: sweep))
      }
      print("\(index.count) videos x \(index.dimension), \(queries.rows) user queries, k = \(k)")
      print(String(format: "exact (BLAS, 1 thread): %.0f queries/s; HNSW build %.2f s", exactRate, buildSeconds))
      print(ANNSweep.table(sweep, k: k), terminator: "")
    }
  }
}
