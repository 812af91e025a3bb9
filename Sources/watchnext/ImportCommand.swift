import ArgumentParser
import Foundation
import Importers
import WorkspaceStore

/// `watchnext import`: brings outside data into a workspace.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import MovieLens or your own CSV logs into a workspace (one transaction).",
    subcommands: [MovieLens.self, CSV.self])

  static func report(_ report: ImportReport, workspace: URL, json: Bool) throws {
    if json { return try Output.json(report) }
    print("Imported \(report.format) into \(workspace.path)")
    print(
      Output.table(
        ["videos", "users", "watches", "seconds"],
        [
          [
            Output.count(report.videos), Output.count(report.users), Output.count(report.watches),
            String(format: "%.2f", report.seconds),
          ]
        ]))
  }

  /// `watchnext import movielens DIR`.
  struct MovieLens: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "movielens",
      abstract: "Import ml-100k (u.data, u.item, u.user) or ml-1m (ratings.dat, movies.dat, users.dat).",
      discussion:
        "Ratings become watches of rating/5 x 6,000 s; the first genre becomes the topic. See docs/formats.md.")

    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The MovieLens directory.") var directory: String

    func run() throws {
      let workspace = try Workspace(at: options.url, create: true)
      let report = try MovieLensImporter().importDirectory(URL(fileURLWithPath: directory), into: workspace)
      try ImportCommand.report(report, workspace: options.url, json: options.json)
    }
  }

  /// `watchnext import csv FILE`.
  struct CSV: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "csv",
      abstract: "Import a CSV watch log with a header row.",
      discussion: """
        Columns are found by common names (userId, movieId, item_id, timestamp, rating, ...) or named
        with the flags below or a JSON mapping file (see Samples/events.mapping.json).
        Time is Unix seconds (or milliseconds) or ISO 8601.
        """)

    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "JSON column mapping file.") var mapping: String?
    @Option(name: .customLong("user-column"), help: "User ID column.") var userColumn: String?
    @Option(name: .customLong("video-column"), help: "Video (item) ID column.") var videoColumn: String?
    @Option(name: .customLong("time-column"), help: "Time column.") var timeColumn: String?
    @Option(name: .customLong("watch-seconds-column"), help: "Seconds-watched column.") var watchSecondsColumn: String?
    @Option(name: .customLong("rating-column"), help: "Rating or weight column.") var ratingColumn: String?
    @Option(name: .customLong("title-column"), help: "Video title column.") var titleColumn: String?
    @Option(name: .customLong("category-column"), help: "Video category column.") var categoryColumn: String?
    @Option(name: .customLong("duration-column"), help: "Video duration column (seconds).") var durationColumn: String?
    @Option(help: "Duration of videos without a duration column, in seconds.") var defaultDuration: Double = 600

    func run() throws {
      var columns = try mapping.map { try ColumnMapping.load(from: URL(fileURLWithPath: $0)) } ?? ColumnMapping()
      columns.user = userColumn ?? columns.user
      columns.video = videoColumn ?? columns.video
      columns.time = timeColumn ?? columns.time
      columns.watchSeconds = watchSecondsColumn ?? columns.watchSeconds
      columns.rating = ratingColumn ?? columns.rating
      columns.title = titleColumn ?? columns.title
      columns.category = categoryColumn ?? columns.category
      columns.duration = durationColumn ?? columns.duration
      let workspace = try Workspace(at: options.url, create: true)
      let importer = CSVEventImporter(mapping: columns, defaultDurationSeconds: defaultDuration)
      let report = try importer.importFile(URL(fileURLWithPath: file), into: workspace)
      try ImportCommand.report(report, workspace: options.url, json: options.json)
    }
  }
}
