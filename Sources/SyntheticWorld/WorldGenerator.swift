import Foundation
import NeuralCore
import WorkspaceStore

/// What a generation run produced.
public struct GenerationReport: Sendable, Codable, Equatable {
  /// The configuration used.
  public var config: WorldConfig
  /// Videos written.
  public var videos: Int
  /// Users written.
  public var users: Int
  /// Events written (watches, impressions, searches).
  public var events: Int
  /// Wall-clock seconds.
  public var seconds: Double
  /// Events per second.
  public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
}

/// Errors of world generation.
public enum WorldError: Error, Sendable, CustomStringConvertible {
  /// The target workspace already holds data.
  case workspaceNotEmpty(path: String)
  /// A configuration value is out of range.
  case invalidConfiguration(field: String, reason: String)

  /// A message for people.
  public var description: String {
    switch self {
    case .workspaceNotEmpty(let path): "\(path): workspace is not empty (generation may replace it when asked to)"
    case .invalidConfiguration(let field, let reason): "invalid world configuration: \(field): \(reason)"
    }
  }
}

/// Builds a synthetic YouTube-like world into a workspace, deterministically from a seed.
public enum WorldGenerator {
  /// The latent-truth archive's directory inside a workspace.
  public static func truthDirectory(of workspace: Workspace) -> URL {
    workspace.directory.appendingPathComponent("truth")
  }

  /// Generates the world described by `config` into an empty workspace, in one transaction,
  /// and saves its latent truth under `truth/`.
  ///
  /// - Parameter progress: called as work proceeds ("simulating days", day, days).
  /// - Throws: ``WorldError``, ``WorkspaceError`` or ``NeuralCoreError``; on error the workspace keeps no events.
  @discardableResult
  public static func generate(
    _ config: WorldConfig, into workspace: Workspace,
    progress: ProgressHandler = { _ in }
  ) throws -> GenerationReport {
    try validate(config)
    let summary = try workspace.summary()
    guard summary.videos == 0, summary.users == 0 else {
      throw WorldError.workspaceNotEmpty(path: workspace.directory.path)
    }
    let started = Date()
    var generator = SeededGenerator(seed: config.seed)
    var catalogueGenerator = generator.split()
    var populationGenerator = generator.split()
    let catalogue = try Catalogue(config: config, generator: &catalogueGenerator)
    let simulatorGenerator = generator.split()
    var dynamicsGenerator = generator.split()
    let population = Population(
      config: config, generator: &populationGenerator, dynamicsGenerator: &dynamicsGenerator)
    var truth = LatentTruth(
      userInterests: population.interests, videoTopics: catalogue.topics, videoQuality: catalogue.quality,
      userLanguage: population.language, videoLanguage: catalogue.language, videoSeries: catalogue.series,
      videoEpisode: catalogue.episode)
    truth.record(population.drift, windowStart: config.startTime)
    var simulator = ActivitySimulator(
      config: config, catalogue: catalogue, population: population, truth: truth, generator: simulatorGenerator,
      dynamicsGenerator: dynamicsGenerator.split())
    let events = try workspace.write { writer in
      for video in catalogue.videos { try writer.upsert(video) }
      for user in population.users { try writer.upsert(user) }
      let sink = try writer.bulkLoad { bulk in
        var sink = WorkspaceEventSink(writer: bulk)
        try simulator.run(into: &sink, progress: progress)
        return sink
      }
      var finished = sink.writer
      try finished.setMetadata("source", "synthetic")
      try finished.setMetadata("seed", "\(config.seed)")
      try finished.setMetadata("window_start", "\(config.startTime)")
      try finished.setMetadata("window_end", "\(config.endTime)")
      let json = try JSONEncoder().encode(config)
      try finished.setMetadata("world_config", String(decoding: json, as: UTF8.self))
      return sink.events
    }
    try truth.save(to: truthDirectory(of: workspace), seed: config.seed)
    return GenerationReport(
      config: config, videos: catalogue.videos.count, users: population.users.count, events: events,
      seconds: Date().timeIntervalSince(started))
  }

  /// Checks a configuration before anything is written.
  ///
  /// - Throws: ``WorldError/invalidConfiguration(field:reason:)`` naming the first bad field.
  public static func validate(_ config: WorldConfig) throws(WorldError) {
    guard config.users >= 1 else { throw .invalidConfiguration(field: "users", reason: "must be at least 1") }
    guard config.videos >= 1 else { throw .invalidConfiguration(field: "videos", reason: "must be at least 1") }
    guard config.days >= 1 else { throw .invalidConfiguration(field: "days", reason: "must be at least 1") }
    guard config.slateSize >= 1 else { throw .invalidConfiguration(field: "slateSize", reason: "must be at least 1") }
    guard config.sessionsPerDay > 0, config.sessionsPerDay < 20 else {
      throw .invalidConfiguration(field: "sessionsPerDay", reason: "must be in (0, 20)")
    }
  }
}
