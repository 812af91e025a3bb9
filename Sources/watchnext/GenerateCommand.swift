import Application
import ArgumentParser
import Foundation
import NeuralCore
import SyntheticWorld
import WorkspaceStore

/// `watchnext generate`: writes a synthetic world into a workspace.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a synthetic YouTube-like world (deterministic for a seed) into a workspace.",
    discussion: """
      The default sample is 2,000 users, 4,000 videos and 28 days (about a million events). \
      --scale multiplies users and videos; --users, --videos and --days set them exactly.

      Example for performance work: watchnext generate --workspace /tmp/big --videos 1000000 --users 30000
      """
  )

  @OptionGroup var options: WorkspaceOptions
  @Option(help: "Random seed.") var seed: UInt64 = 42
  @Option(help: "Multiply the default numbers of users and videos.") var scale: Double = 1
  @Option(help: "Number of users (overrides --scale).") var users: Int?
  @Option(help: "Number of videos (overrides --scale).") var videos: Int?
  @Option(help: "Days of activity.") var days: Int = 28
  @Option(
    help:
      "The world's dynamics: none (default: the stationary world), all (every mechanism but succession), or a comma list of all, \(WorldDynamics.names.joined(separator: ", "))."
  )
  var dynamics = "none"
  @Flag(help: "Replace an existing workspace at the path.") var force = false

  func run() throws {
    guard scale > 0 else { throw ValidationError("--scale must be positive") }
    var config = WorldConfig(scale: scale, seed: seed)
    if let users { config.users = users }
    if let videos { config.videos = videos }
    config.days = days
    config.dynamics = try WorldDynamics(list: dynamics)
    let url = options.url
    try WorldGenerator.validate(config)
    if FileManager.default.fileExists(atPath: WorkspaceLayout(directory: url).database.path) && !force {
      throw CommandFailure(description: "\(url.path) already holds a workspace; pass --force to replace it")
    }
    // Generated into a staging directory and swapped in: a failure or a kill keeps the old workspace.
    let report = try StagedWorkspace.run(into: url, mode: .replace) { workspace in
      try ProgressReporter.reporting(quiet: options.json) { progress in
        try WorldGenerator.generate(config, into: workspace, progress: progress)
      }
    }
    if options.json {
      try Output.json(report)
    } else {
      print("Generated \(url.path)")
      print(
        Output.table(
          ["videos", "users", "events", "seconds", "events/s"],
          [
            [
              Output.count(report.videos), Output.count(report.users), Output.count(report.events),
              String(format: "%.1f", report.seconds), Output.count(Int(report.eventsPerSecond)),
            ]
          ]))
    }
  }
}
