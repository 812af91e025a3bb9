import ArgumentParser
import Foundation
import NeuralCore
import WorkspaceStore

/// Loading a workspace into columnar memory, events/s: the SQLite file, and with `--postgres`
/// the same data copied into a PostgreSQL database and loaded through binary COPY, the two
/// timed in alternation in one run.
struct LoadBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "load", abstract: "Workspace to columnar arrays load speed (events/s), SQLite and PostgreSQL.")

  @Option(help: "Workspace to load.") var path = "/tmp/watchnext-bench-generate"
  @Option(help: "Timed repetitions.") var runs = 3
  @Option(help: "A PostgreSQL database URL: the workspace is copied into it (replacing its contents) and loaded too.")
  var postgres: String?
  @Flag(help: "Load the PostgreSQL database as it is (a copy made by an earlier run) instead of copying into it.")
  var keepPostgres = false

  func run() throws {
    let workspace = try Workspace(at: URL(fileURLWithPath: path))
    var events = 0
    let target = try postgres.map { url in
      let database = try PostgresWorkspace(url: url, create: true)
      if keepPostgres { return database }
      let copySeconds = try Stopwatch.seconds { events = try database.replace(with: workspace) }
      print(
        String(
          format: "copied %d events into PostgreSQL through COPY in %.2f s: %.0f events/s", events, copySeconds,
          Double(events) / copySeconds))
      return database
    }
    var sqliteTimes: [Double] = []
    var postgresTimes: [Double] = []
    for _ in 0..<runs {
      sqliteTimes.append(try Stopwatch.seconds { events = try workspace.loadColumns().eventCount })
      if let target { postgresTimes.append(try Stopwatch.seconds { _ = try target.loadColumns() }) }
    }
    let sqlite = Percentiles(sqliteTimes).median
    print(String(format: "SQLite: loaded %d events in %.3f s: %.0f events/s", events, sqlite, Double(events) / sqlite))
    if !postgresTimes.isEmpty {
      let seconds = Percentiles(postgresTimes).median
      print(
        String(
          format: "PostgreSQL (binary COPY): %.3f s: %.0f events/s, %.2fx SQLite's time", seconds,
          Double(events) / seconds, seconds / sqlite))
    }
  }
}
