import Application
import ArgumentParser
import Foundation
import SyntheticWorld
import WorkspaceStore

/// `watchnext generate`: writes a synthetic world into a workspace.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate a synthetic YouTube-like world (deterministic for a seed) into a workspace.",
    discussion: """
      The default sample is 2,000 users, 4,000 videos and 28 days (about a million events).
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
  @Flag(help: "Replace an existing workspace at the path.") var force = false

  func run() throws {
    guard scale > 0 else { throw ValidationError("--scale must be positive") }
    var config = WorldConfig(scale: scale, seed: seed)
    if let users { config.users = users }
    if let videos { config.videos = videos }
    config.days = days
    let url = options.url
    if FileManager.default.fileExists(atPath: url.appendingPathComponent(Workspace.databaseFileName).path) {
      guard force else { throw ValidationError("\(url.path) already holds a workspace; pass --force to replace it") }
      try FileManager.default.removeItem(at: url)
    }
    let report = try SampleBuilder.generate(config, at: url, quiet: options.json)
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

/// Generation shared by `generate` and the quick start.
enum SampleBuilder {
  /// Generates `config` into a new workspace at `url`, reporting (phase, done, total) to `progress`.
  static func generate(
    _ config: WorldConfig, at url: URL, progress: (String, Int, Int) -> Void
  ) throws -> GenerationReport {
    try SampleWorkspace.generate(config, at: url, progress: progress)
  }

  /// Generates `config` into a new workspace at `url` with progress on stderr (unless `quiet`).
  static func generate(_ config: WorldConfig, at url: URL, quiet: Bool) throws -> GenerationReport {
    try ProgressReporter.reporting(quiet: quiet) { progress in
      try generate(config, at: url) { progress($0, $1, $2, "") }
    }
  }
}
