import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Retrieval
import WorkspaceStore

/// `watchnext index`: the approximate-nearest-neighbour index over video embeddings.
struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index", abstract: "Build the HNSW index over the candidate model's video embeddings.",
    subcommands: [Build.self])

  static func directory(in workspace: Workspace) -> URL { workspace.layout.index }

  /// `watchnext index build`.
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "build",
      abstract:
        "Build and save the HNSW index (models/index); reports build time, memory and recall against exact search.")

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Links per node (M).") var m = HNSWParameters().m
    @Option(help: "Candidate list while building.") var efConstruction = HNSWParameters().efConstruction
    @Option(help: "Default candidate list while searching.") var efSearch = HNSWParameters().efSearch
    @Option(help: "Graph space: reduced-l2 or ip.") var space = HNSWParameters().space

    struct Report: Encodable {
      var items: Int
      var dimension: Int
      var seconds: Double
      var megabytes: Double
      var recallAt100: Double
      var directory: String
    }

    func run() throws {
      let loaded = try CLISession.candidates(options.url)
      let (workspace, columns, generator) = (loaded.workspace, loaded.columns, loaded.generator)
      let lock = try loaded.session.writerLock("building the index")
      defer { withExtendedLifetime(lock) {} }
      let embeddings = generator.model.videoEmbeddings
      let started = Date()
      let index = try HNSWIndex.build(
        embeddings,
        parameters: HNSWParameters(m: m, efConstruction: efConstruction, efSearch: efSearch, space: space))
      let seconds = Date().timeIntervalSince(started)
      let directory = IndexCommand.directory(in: workspace)
      try index.save(to: directory)
      // Recall@100 against exact search for up to 200 users' serving vectors.
      let targets = (0..<min(200, columns.users.count)).map { generator.servingTarget(user: Int32($0)) }
      let users = generator.userVectors(targets)
      let exact = try ExactSearch(vectors: embeddings).search(users, k: 100)
      let found = try (0..<users.rows).map { try index.search(Array(users.row($0)), k: 100) }
      let report = Report(
        items: index.count, dimension: index.dimension, seconds: seconds, megabytes: Double(index.memoryBytes) / 1e6,
        recallAt100: SearchRecall.recall(found: found, truth: exact, k: 100), directory: directory.path)
      if options.json { return try Output.json(report) }
      print(
        String(
          format: "Indexed %d videos x %d in %.2f s (%.1f MB); recall@100 vs exact (ef %d, %d users): %.3f",
          report.items, report.dimension, report.seconds, report.megabytes, efSearch, users.rows, report.recallAt100))
      print("Saved to \(report.directory)")
    }
  }
}

/// `watchnext neighbors`: a video's nearest neighbours by embedding similarity.
struct NeighborsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "neighbors",
    abstract: "A video's nearest-neighbour videos by cosine similarity of the model's embeddings.")

  @OptionGroup var options: WorkspaceOptions
  @Option(help: "Video ID.") var video: String
  @Option(help: "How many neighbours.") var k = 20

  func validate() throws {
    try CountCheck.atLeastOne(["k": k])
  }

  struct NeighborsReport: Encodable {
    var video: String
    var title: String
    /// How `score` compares two videos' embeddings.
    var similarity: String
    var neighbors: [Row]
  }

  struct Row: Encodable {
    var video: String
    var title: String
    var topic: String
    var score: Float
  }

  func run() throws {
    var loaded = try CLISession.candidates(options.url)
    let (columns, generator) = (loaded.columns, loaded.generator)
    let row = generator.space.videos.index(of: video)
    guard row >= 0 else { throw CandidateError.unknownVideo(video) }
    let index = try loaded.session.index()
    let retriever = try VideoRetriever(embeddings: generator.model.videoEmbeddings, index: index)
    let rows = try retriever.neighbors(of: row, k: k).map { result -> Row in
      let v = Int(generator.lookup.videoOfClass[Int(result.id)])
      return Row(
        video: generator.space.videos.keys[Int(result.id)], title: v >= 0 ? columns.videos.titles[v] : "",
        topic: v >= 0 ? columns.videos.topics.names[Int(columns.videos.topic[v])] : "", score: result.score)
    }
    let v = Int(generator.lookup.videoOfClass[Int(row)])
    if options.json {
      return try Output.json(
        NeighborsReport(
          video: video, title: v >= 0 ? columns.videos.titles[v] : "", similarity: "cosine", neighbors: rows))
    }
    Output.line("Neighbours of \(video): \(v >= 0 ? columns.videos.titles[v] : "")")
    print(
      Output.table(
        ["rank", "video", "title", "topic", "cosine"],
        rows.enumerated().map { ["\($0 + 1)", $1.video, $1.title, $1.topic, String(format: "%.3f", $1.score)] }))
  }
}
extension HNSWParameters.Space: ExpressibleByArgument {}
