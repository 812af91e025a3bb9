import ArgumentParser
import Foundation
import SyntheticWorld
import WorkspaceStore

/// Synthetic-world generation speed, events/s, into a fresh workspace.
struct GenerationBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate", abstract: "Synthetic world generation speed (events/s).")

  @Option(help: "Multiply the default users and videos.") var scale: Double = 1
  @Option(help: "Number of videos (overrides --scale).") var videos: Int?
  @Option(help: "Number of users (overrides --scale).") var users: Int?
  @Option(help: "Days of activity.") var days: Int = 28
  @Option(help: "Where to write (deleted first).") var path = "/tmp/watchnext-bench-generate"

  func run() throws {
    var config = WorldConfig(scale: scale)
    if let videos { config.videos = videos }
    if let users { config.users = users }
    config.days = days
    let url = URL(fileURLWithPath: path)
    try? FileManager.default.removeItem(at: url)
    let workspace = try Workspace(at: url, create: true)
    let report = try WorldGenerator.generate(config, into: workspace)
    print(
      String(
        format: "generated %d videos, %d users, %d events in %.2f s: %.0f events/s", report.videos, report.users,
        report.events, report.seconds, report.eventsPerSecond))
  }
}
