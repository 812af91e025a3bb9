import Application
import ArgumentParser
import Foundation
import Importers
import WorkspaceStore

/// Options every import takes: the workspace and what to do with the events already in it.
struct ImportOptions: ParsableArguments {
  @OptionGroup var workspace: WorkspaceOptions
  @Flag(help: "Add to the events already in the workspace (videos and users matched by ID).") var append = false
  @Flag(help: "Replace the workspace (events and models) with the imported data, atomically.") var replace = false

  func validate() throws {
    if append && replace { throw ValidationError("--append and --replace exclude each other") }
  }

  /// Runs `body` staged (see ``StagedWorkspace``) and prints its report.
  func run(_ body: (Workspace) throws -> ImportReport) throws {
    let mode: ImportMode = append ? .append : replace ? .replace : .create
    let report: ImportReport
    do { report = try StagedWorkspace.run(into: workspace.url, mode: mode, body) } catch let error
      as StagedWorkspaceError
    {
      throw CommandFailure(description: "\(error) (--append or --replace)")
    }
    try ImportCommand.report(report, workspace: workspace.url, json: workspace.json)
  }
}

/// `watchnext import`: brings outside data into a workspace.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import data into a workspace in one transaction: your CSV/TSV files or a public layout.",
    discussion: "See docs/formats.md for every layout, the mapping file and the modes.",
    subcommands: [CSV.self, MovieLens.self, RecBole.self, MIND.self, KuaiRec.self])

  static func report(_ report: ImportReport, workspace: URL, json: Bool) throws {
    if json { return try Output.json(report) }
    print("Imported \(report.format) into \(workspace.path) in \(String(format: "%.2f", report.seconds)) s")
    print(
      Output.table(
        ["videos (new / existing)", "users (new / existing)", "watches", "impressions", "searches"],
        [
          [
            "\(Output.count(report.videos)) (\(Output.count(report.newVideos)) / \(Output.count(report.existingVideos)))",
            "\(Output.count(report.users)) (\(Output.count(report.newUsers)) / \(Output.count(report.existingUsers)))",
            Output.count(report.watches), Output.count(report.impressions), Output.count(report.searches),
          ]
        ]))
    for file in report.files {
      Output.line("\n\(file.file): \(Output.count(file.rows)) \(file.entity) rows")
      let used = file.columns.sorted { $0.key < $1.key }.map { "\($0.key) ← \($0.value)" }
      Output.line("  columns used: " + (used.isEmpty ? "none" : used.joined(separator: ", ")))
      Output.line(
        "  columns ignored: " + (file.ignoredColumns.isEmpty ? "none" : file.ignoredColumns.joined(separator: ", ")))
      for (what, rows) in file.defaults.sorted(by: { $0.key < $1.key }) {
        print("  filled in: \(what) (\(Output.count(rows)) rows)")
      }
      for note in file.notes { Output.line("  note: \(note)") }
    }
    if !report.changedVideos.isEmpty {
      Output.line(
        "\nUpdated the metadata of \(report.changedVideos.count) existing videos (e.g. "
          + report.changedVideos.prefix(5).joined(separator: ", ") + ")")
    }
    if !report.changedUsers.isEmpty {
      Output.line(
        "Updated the attributes of \(report.changedUsers.count) existing users (e.g. "
          + report.changedUsers.prefix(5).joined(separator: ", ") + ")")
    }
  }

  /// `watchnext import csv`.
  struct CSV: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "csv",
      abstract: "Import CSV or TSV files with a header row: a watch log, or a whole dataset of entity files.",
      discussion: """
        watchnext import csv watches.csv --workspace W
        watchnext import csv --videos items.csv --users users.csv --watches watches.csv \
        --impressions impressions.csv --searches searches.csv --workspace W

        Columns are found by common names (user_id, item_id, timestamp, rating, title, is_click, ...) or named \
        by a JSON mapping (flat for a watch log, or per entity) or the --*-column flags (watch logs). \
        Times are Unix seconds or milliseconds or ISO 8601. The report lists, per file, the columns used and \
        ignored and the values filled in.
        """)

    @OptionGroup var options: ImportOptions
    @Argument(help: "A watch log (same as --watches).") var file: String?
    @Option(help: "Videos: id, title, channel, topic, language, duration, upload time.") var videos: String?
    @Option(help: "Users: id, age, gender, region, language, device.") var users: String?
    @Option(help: "Watches: user, video, time, watch seconds or rating.") var watches: String?
    @Option(help: "Impressions: user, video, time, request, position, clicked, watch seconds.") var impressions: String?
    @Option(help: "Searches: user, time, query.") var searches: String?
    @Option(help: "JSON column mapping file (flat for watches, or per entity).") var mapping: String?
    @Option(name: .customLong("user-column"), help: "Watch log: user ID column.") var userColumn: String?
    @Option(name: .customLong("video-column"), help: "Watch log: video ID column.") var videoColumn: String?
    @Option(name: .customLong("time-column"), help: "Watch log: time column.") var timeColumn: String?
    @Option(name: .customLong("watch-seconds-column"), help: "Watch log: seconds watched.") var watchSecondsColumn:
      String?
    @Option(name: .customLong("rating-column"), help: "Watch log: rating or weight.") var ratingColumn: String?
    @Option(name: .customLong("title-column"), help: "Watch log: video title.") var titleColumn: String?
    @Option(name: .customLong("category-column"), help: "Watch log: video category.") var categoryColumn: String?
    @Option(name: .customLong("duration-column"), help: "Watch log: video duration (seconds).") var durationColumn:
      String?
    @Option(help: "Duration of videos no file gives one, in seconds.") var defaultDuration: Double = 600
    @Option(help: "Text encoding of the files: utf8 (an invalid byte is an error) or latin1.") var encoding = "utf8"

    func validate() throws {
      guard DelimitedReader.Encoding(rawValue: encoding) != nil, encoding != "utf8OrLatin1" else {
        throw ValidationError("--encoding must be utf8 or latin1")
      }
      if file != nil && watches != nil { throw ValidationError("give the watch log once: as FILE or --watches") }
      if [file, videos, users, watches, impressions, searches].allSatisfy({ $0 == nil }) {
        throw ValidationError(
          "nothing to import: give a watch log, or --videos/--users/--watches/--impressions/--searches")
      }
      guard defaultDuration.isFinite, defaultDuration > 0 else {
        throw ValidationError("--default-duration must be a positive number of seconds")
      }
    }

    func run() throws {
      var mappings = try mapping.map { try DatasetMapping.load(from: URL(fileURLWithPath: $0)) } ?? [:]
      let flags: [(String, String?)] = [
        ("user", userColumn), ("video", videoColumn), ("time", timeColumn), ("watchSeconds", watchSecondsColumn),
        ("rating", ratingColumn), ("title", titleColumn), ("category", categoryColumn), ("duration", durationColumn),
      ]
      for (field, column) in flags { if let column { mappings[.watches, default: [:]][field] = column } }
      var files: [DatasetFile] = []
      let given: [(EntityKind, String?)] = [
        (.videos, videos), (.users, users), (.watches, watches ?? file), (.impressions, impressions),
        (.searches, searches),
      ]
      for (kind, path) in given { if let path { files.append(DatasetFile(kind, URL(fileURLWithPath: path))) } }
      var importer = DatasetImporter(files: files, mappings: mappings, defaultDurationSeconds: defaultDuration)
      importer.encoding = DelimitedReader.Encoding(rawValue: encoding) ?? .utf8
      try options.run { try importer.importDataset(into: $0) }
    }
  }

  /// `watchnext import movielens DIR`.
  struct MovieLens: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "movielens",
      abstract: "Import ml-100k (u.data...), ml-1m (ratings.dat...) or ml-latest/ml-25m (ratings.csv, movies.csv).",
      discussion:
        "Ratings become watches of rating/5 x 6,000 s; the first genre becomes the topic. See docs/formats.md.")

    @OptionGroup var options: ImportOptions
    @Argument(help: "The MovieLens directory.") var directory: String

    func run() throws {
      try options.run { try MovieLensImporter().importDirectory(URL(fileURLWithPath: directory), into: $0) }
    }
  }

  /// `watchnext import recbole DIR`.
  struct RecBole: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "recbole",
      abstract: "Import RecBole atomic files: NAME.inter (watches), NAME.item (videos), NAME.user (users).",
      discussion: "Typed headers such as user_id:token and timestamp:float are read by name; see docs/formats.md.")

    @OptionGroup var options: ImportOptions
    @Argument(help: "The directory with the atomic files.") var directory: String
    @Option(help: "The dataset name (default: the one NAME.inter in the directory).") var name: String?
    @Option(help: "Duration of videos, in seconds (RecBole has none).") var defaultDuration: Double = 600

    func run() throws {
      let url = URL(fileURLWithPath: directory)
      let files = try RecBoleLayout.files(in: url, name: name)
      try options.run {
        try DatasetImporter(files: files, defaultDurationSeconds: defaultDuration, format: "recbole")
          .importDataset(into: $0)
      }
    }
  }

  /// `watchnext import mind DIR`.
  struct MIND: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mind",
      abstract: "Import Microsoft News (MIND): behaviors.tsv (logged pages with clicks) and news.tsv.",
      discussion: "Pages become impressions the ranking model trains on (Paper §4); see docs/formats.md.")

    @OptionGroup var options: ImportOptions
    @Argument(help: "The directory with behaviors.tsv and news.tsv.") var directory: String

    func run() throws {
      try options.run { try MINDImporter().importDirectory(URL(fileURLWithPath: directory), into: $0) }
    }
  }

  /// `watchnext import kuairec FILE`.
  struct KuaiRec: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kuairec",
      abstract: "Import a KuaiRec or KuaiRand short-video log (play duration is real watch time, Paper §4.2).",
      discussion: """
        KuaiRec (user_id, video_id, play_duration, video_duration, time, timestamp, watch_ratio): watches.

        KuaiRand (… is_click, play_time_ms, duration_ms, time_ms …): impressions with clicks.

        Durations are milliseconds when the header says _ms or the median video duration exceeds an hour.
        """)

    @OptionGroup var options: ImportOptions
    @Argument(help: "The log (CSV).") var file: String
    @Option(help: "Optional video features file (video_id, ... with a category or tag column).") var videos: String?

    func run() throws {
      let url = URL(fileURLWithPath: file)
      var files = [DatasetFile(try KuaiLayout.kind(of: url), url)]
      if let videos { files.insert(DatasetFile(.videos, URL(fileURLWithPath: videos)), at: 0) }
      try options.run { try DatasetImporter(files: files, format: "kuairec").importDataset(into: $0) }
    }
  }
}
