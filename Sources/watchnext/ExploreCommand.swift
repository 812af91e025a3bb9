import ArgumentParser
import Foundation
import SyntheticWorld
import WorkspaceStore

/// `watchnext explore`: the main job of the quick start.
///
/// Until the terminal explorer lands it prepares the workspace (generating the built-in
/// sample when missing), then prints its summary and a sample user's history.
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
    print("\nModels are not trained yet: candidate generation, retrieval and ranking arrive in later releases.")
  }
}
