import ArgumentParser
import Foundation
import WorkspaceStore

/// Loading a workspace into columnar memory, events/s.
struct LoadBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "load", abstract: "Workspace to columnar arrays load speed (events/s).")

  @Option(help: "Workspace to load.") var path = "/tmp/watchnext-bench-generate"
  @Option(help: "Timed repetitions.") var runs = 3

  func run() throws {
    let workspace = try Workspace(at: URL(fileURLWithPath: path))
    var events = 0
    let seconds = try Stopwatch.median(runs: runs) {
      let columns = try workspace.loadColumns()
      events = columns.eventCount
    }
    print(String(format: "loaded %d events in %.3f s: %.0f events/s", events, seconds, Double(events) / seconds))
  }
}
