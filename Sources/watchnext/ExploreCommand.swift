import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import SyntheticWorld
import WorkspaceStore

/// `watchnext explore`: the main job of the quick start.
///
/// Until the terminal explorer lands it prepares the workspace (generating the built-in
/// sample and training the candidate model when missing), then prints its summary, a sample
/// user's history and that user's candidates.
struct ExploreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore",
    abstract: "Open a workspace (default: the built-in sample, generated on first use) and show it.")

  @Argument(help: "Workspace directory (default: the built-in sample).") var workspacePath: String?

  func run() throws {
    let url = workspacePath.map { URL(fileURLWithPath: $0) } ?? WorkspaceLocation.defaultSample
    let databasePath = url.appendingPathComponent(Workspace.databaseFileName).path
    if !FileManager.default.fileExists(atPath: databasePath) {
      guard workspacePath == nil else { throw WorkspaceError.notAWorkspace(path: url.path) }
      print("Creating the built-in sample workspace at \(url.path) ...")
      let report = try SampleBuilder.generate(WorldConfig(), at: url, quiet: false)
      print(
        "Generated \(Output.count(report.events)) events in \(String(format: "%.1f", report.seconds)) s"
          + " (\(Output.count(Int(report.eventsPerSecond))) events/s)")
    }
    let workspace = try Workspace(at: url)
    var metadata = try workspace.allMetadata()
    metadata.removeValue(forKey: "world_config")
    print(
      InfoCommand.render(
        .init(workspace: url.path, summary: try workspace.summary(), metadata: metadata, models: [])))
    if let user = try workspace.users().first, let history = try workspace.history(ofUser: user.id) {
      print(
        "\nUser \(user.id): age \(user.age.map { String(Int($0)) } ?? "?"), \(user.gender ?? "?"), \(user.region), \(user.device)"
      )
      let rows = history.watches.suffix(8).map { entry in
        [Output.date(entry.watch.time), entry.title, String(Int(entry.watch.watchSeconds)), "\(entry.watch.source)"]
      }
      print(Output.table(["time", "title", "seconds", "source"], rows))
      if !history.searches.isEmpty {
        print("Recent searches: " + history.searches.suffix(5).map { "\"\($0.query)\"" }.joined(separator: ", "))
      }
    }
    try showCandidates(workspace: workspace)
  }

  /// Trains the candidate model when there is none, then prints the first user's top candidates.
  func showCandidates(workspace: Workspace) throws {
    let columns = try workspace.loadColumns()
    let generator: CandidateGenerator
    if let saved = try? CandidateGenerator.load(
      from: CandidateGenerator.modelDirectory(in: workspace), columns: columns)
    {
      generator = saved.generator
    } else {
      print("\nTraining the candidate-generation model (Paper §3) ...")
      let evaluationProtocol = EvaluationProtocol.defaultProtocol(forSource: try workspace.metadata("source"))
      let split = try EvaluationSplit(columns: columns, protocol: evaluationProtocol)
      let (result, directory) = try CandidateModelStore.trainAndSave(
        workspace: workspace, columns: columns, split: split, config: CandidateConfig(), quiet: false)
      generator = result.generator
      let best = result.history.first { $0.epoch == result.bestEpoch }
      print(
        String(
          format: "Kept epoch %d (validation recall@100 %.3f); saved to %@", result.bestEpoch,
          best?.validationRecall ?? 0, directory.path))
    }
    guard columns.users.count > 0 else { return }
    let target = generator.servingTarget(user: 0)
    let top = generator.scoredRecommendations([target], k: 10, excludeHistory: true)[0]
    print("\nTop candidates for \(columns.users.ids[0]) (u·v, watched videos excluded):")
    print(
      Output.table(
        ["rank", "video", "title", "topic", "score"],
        top.enumerated().map { rank, item in
          let v = Int(item.video)
          return [
            "\(rank + 1)", columns.videos.ids[v], columns.videos.titles[v],
            columns.videos.topics.names[Int(columns.videos.topic[v])], String(format: "%.3f", item.score),
          ]
        }))
    print("\nThe ncurses explorer and ranking arrive in later releases; see `watchnext --help`.")
  }
}
