import ArgumentParser
import Foundation
import WorkspaceStore

/// `watchnext info`: what a workspace holds.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Show what a workspace holds: counts, time span, source and models.")

  @OptionGroup var options: WorkspaceOptions

  /// A metadata value as JSON: whole numbers as numbers, the rest as text.
  enum MetadataValue: Encodable, Equatable {
    case number(Int64)
    case text(String)

    init(_ stored: String) {
      self = Int64(stored).map(MetadataValue.number) ?? .text(stored)
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .number(let n): try container.encode(n)
      case .text(let s): try container.encode(s)
      }
    }
  }

  struct Report: Encodable {
    var workspace: String
    var summary: WorkspaceSummary
    /// The stored metadata (`schema_version`, `window_end`, ...), keys in camelCase like every other key.
    var metadata: [String: MetadataValue]
    var models: [String]
    var rankingExamples: String
  }

  func run() throws {
    let report = try Self.report(Workspace(at: options.url))
    if options.json { return try Output.json(report) }
    print(Self.render(report))
  }

  /// The workspace's counts, metadata (without the long world configuration) and saved models.
  static func report(_ workspace: Workspace) throws -> Report {
    var metadata = try workspace.allMetadata()
    metadata.removeValue(forKey: "world_config")
    let models =
      (try? FileManager.default.contentsOfDirectory(atPath: workspace.modelsDirectory.path))?.filter {
        !$0.hasPrefix(".")
      }.sorted() ?? []
    let summary = try workspace.summary()
    let rankingExamples =
      summary.impressions > 0
      ? "logged impressions" : "derived impressions (no logged impressions: the CG model's pages around each watch)"
    return Report(
      workspace: workspace.directory.path, summary: summary,
      metadata: Dictionary(uniqueKeysWithValues: metadata.map { (Self.camelCase($0.key), MetadataValue($0.value)) }),
      models: models,
      rankingExamples: rankingExamples)
  }

  /// `window_end` → `windowEnd`.
  static func camelCase(_ key: String) -> String {
    let words = key.split(separator: "_")
    return (words.first.map(String.init) ?? "")
      + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
      .joined()
  }

  static func render(_ report: Report) -> String {
    let s = report.summary
    let clickRate = s.impressions > 0 ? Double(s.clickedImpressions) / Double(s.impressions) * 100 : 0
    var lines = ["Workspace \(report.workspace)"]
    lines.append(
      Output.table(
        ["what", "count"],
        [
          ["videos", Output.count(s.videos)], ["users", Output.count(s.users)], ["watches", Output.count(s.watches)],
          ["impressions", Output.count(s.impressions)],
          ["clicked", Output.count(s.clickedImpressions) + String(format: " (%.1f%%)", clickRate)],
          ["searches", Output.count(s.searches)],
        ]))
    lines.append("Events from \(Output.date(s.firstEventTime)) to \(Output.date(s.lastEventTime))")
    if case .text(let source) = report.metadata["source"] { lines.append("Source: \(source)") }
    lines.append("Models: \(report.models.isEmpty ? "none yet" : report.models.joined(separator: ", "))")
    lines.append("Ranking examples: \(report.rankingExamples)")
    return lines.joined(separator: "\n")
  }
}
