import Application
import ArgumentParser
import CandidateGeneration
import Explorer
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import WorkspaceStore

/// Keystroke-to-frame time of the explorer: key handling, rendering the whole screen into the
/// cell grid and diffing it against the previous frame (what the ncurses backend then writes).
struct ExplorerFrameBenchmark: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explorer",
    abstract: "Keystroke-to-frame time (key + render + diff): ranked list, candidates, why-retrieved, weights, users.")

  @Option(help: "Workspace with both models (default: the built-in sample).") var path: String?
  @Option(help: "Screen width.") var width = 200
  @Option(help: "Screen height.") var height = 60
  @Option(help: "Key presses per pane.") var keys = 400

  func run() throws {
    let url = path.map { URL(fileURLWithPath: $0) } ?? WorkspaceLocation.defaultSample
    var session = try WorkspaceSession.open(url)
    let recommender = try session.recommender()
    let data = EngineData(recommender: recommender, workspaceName: url.path, modelSummary: "benchmark")
    let view = ExplorerView(glyphs: .unicode)

    func measure(_ setup: [Key], _ key: (Int) -> Key) -> (frame: [Double], fullRedraw: [Double]) {
      var state = ExplorerState(data: data, width: width, height: height)
      for k in setup { _ = state.handle(k, data: data) }
      var previous = view.render(state, data: data)
      var frames: [Double] = []
      var full: [Double] = []
      for i in 0..<keys {
        var runs = 0
        frames.append(
          Stopwatch.seconds {
            _ = state.handle(key(i), data: data)
            let grid = view.render(state, data: data)
            runs = grid.changes(since: previous).count
            previous = grid
          })
        full.append(Stopwatch.seconds { runs += view.render(state, data: data).changes(since: nil).count })
        precondition(runs > 0)
      }
      return (frames, full)
    }

    func summary(_ name: String, _ times: (frame: [Double], fullRedraw: [Double])) -> String {
      func quantiles(_ values: [Double]) -> (Double, Double) {
        let percentiles = Percentiles(values)
        return (percentiles.median * 1e3, percentiles.at(0.99) * 1e3)
      }
      let (p50, p99) = quantiles(times.frame)
      let (full50, _) = quantiles(times.fullRedraw)
      let label = name + String(repeating: " ", count: max(30 - name.count, 1))
      return label
        + String(
          format: "p50 %6.3f ms  p99 %6.3f ms  (%4.1f%% of the 16 ms frame; full redraw p50 %.3f ms)", p50, p99,
          p50 / 16 * 100, full50)
    }

    let candidates = recommender.serving.candidates
    print("Explorer at \(width)x\(height), \(keys) keys per pane, \(candidates) ranked candidates per user")
    let ranked = measure([.character("4")]) { $0 % 50 == 49 ? .home : .down }
    print(summary("ranked list (j, g)", ranked))
    // Each frame explains the visible candidate rows (the user's reasons are computed on Enter).
    let candidatesPane = measure([.character("3")]) { $0 % 50 == 49 ? .home : .down }
    print(summary("candidates, why column (j, g)", candidatesPane))
    let why = measure([.character("3")]) { [Key.character("d"), .escape, .down][$0 % 3] }
    print(summary("why retrieved (d, Esc, j)", why))
    // What if: x drops the newest watch and puts it back, each press a whole pipeline for the edited user.
    let whatIf = measure([.character("2")]) { _ in .character("x") }
    print(summary("what if (x: drop/restore a watch)", whatIf))
    let weights = measure([.character("6"), .down, .down]) { $0 % 2 == 0 ? .right : .left }
    print(summary("weights (l, h: re-sort)", weights))
    // j, then Enter (a whole recommend; focus moves to the ranked list), then Esc back to the users.
    let users = measure([]) { [Key.down, .enter, .escape][$0 % 3] }
    print(summary("users (j, Enter: recommend, Esc)", users))
  }
}
