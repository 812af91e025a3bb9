import ArgumentParser
import Explorer
import ExplorerCurses
import Foundation
import NeuralCore
import Ranking
import Recommendation
import WorkspaceStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `watchnext explore`: the terminal explorer, the main job of the quick start.
///
/// Without an argument it opens the built-in sample, generating it and training both models
/// first when missing (a progress screen shows it). Without a terminal (a pipe, a CI log) or
/// with `--text` it prints a text report instead: summary, a user's history and ranked list.
struct ExploreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explore",
    abstract: "Open the terminal explorer on a workspace (default: the built-in sample, created on first use).",
    discussion: "Keys: ? in the explorer. Without a terminal, or with --text, prints a text report instead.")

  @Argument(help: "Workspace directory (default: the built-in sample).") var workspacePath: String?
  @Option(name: .long, help: "Workspace directory, like every other command (default: the built-in sample).")
  var workspace: String?
  @Flag(help: "Print a text report instead of opening the explorer.") var text = false

  func validate() throws {
    if workspacePath != nil, workspace != nil {
      throw ValidationError("give the workspace once: as an argument or with --workspace")
    }
    // `watchnext recomend` would otherwise open a workspace called "recomend".
    if let word = workspacePath, !word.contains("/"), !FileManager.default.fileExists(atPath: word),
      let meant = SubcommandSuggestion.closest(
        to: word, among: WatchNextCommand.configuration.subcommands.map { $0._commandName })
    {
      throw ValidationError("unknown subcommand '\(word)'; did you mean '\(meant)'?")
    }
  }

  func run() throws {
    let path = workspace ?? workspacePath
    let url = WorkspaceOptions.resolve(path)
    let isSample = path == nil
    let opening = try ExplorerSupport.open(url: url, isSample: isSample)
    let readiness = opening.readiness
    if !text, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
      var offer: String?
      if case .offerTraining(let text) = readiness { offer = text }
      do {
        try ExplorerRuntime.run(
          title: "WatchNext: preparing \(url.path)", offer: offer,
          prepare: { progress, isCancelled in
            try ExplorerSupport.prepare(
              url: url, opening: opening,
              progress: progress,
              isCancelled: isCancelled)
          }, services: ExplorerSupport.services(url))
        return
      } catch let error as ExplorerTerminalError {
        // A terminal the explorer cannot drive gets the text report instead of a blank screen.
        Output.error(
          "\(error); showing the text report instead (--text; set TERM, e.g. xterm-256color, for the explorer)")
      }
    }
    if case .offerTraining(let text) = readiness {
      throw CommandFailure(
        description: text.replacingOccurrences(
          of: " Enter trains", with: "\nIn a terminal the explorer offers to train")
          + "\nOr run `watchnext train candidates --workspace \(url.path)` (and `train ranking`).")
    }
    let data = try ProgressReporter.reporting(quiet: false) { progress in
      try ExplorerSupport.prepare(url: url, opening: opening, progress: progress, isCancelled: { false })
    }
    try printReport(data, url: url)
  }

  /// The text report: workspace summary, the first user's recent history and ranked list.
  func printReport(_ data: EngineData, url: URL) throws {
    print(InfoCommand.render(try InfoCommand.report(Workspace(at: url))))
    print("Model versions: \(data.modelSummary)")
    guard let user = data.users.first else { return }
    Output.line("\nUser \(user.id): \(user.demographics), \(user.watches) watches")
    let history = data.history(of: user.index).suffix(8)
    print(
      Output.table(
        ["time", "event", "what", "watched", "source"],
        history.map { row in
          switch row.kind {
          case .watch(let video, let seconds, let source):
            [Output.date(row.time), "watch", data.title(of: video), DurationFormat.short(Double(seconds)), source]
          case .search(let query): [Output.date(row.time), "search", "\"\(query)\"", "", ""]
          }
        }))
    let result = try data.recommend(user: user.index)
    if let missing = data.rankingUnavailable { print("\n" + missing) }
    let order = result.stage == .twoStage ? "ranked" : "in the candidate model's order (no ranking model)"
    Output.line(
      "\nTop candidates for \(user.id), \(order) (\(result.ranked.count) retrieved, watched videos excluded):")
    if result.stage == .candidateOrder {
      print(
        Output.table(
          ["rank", "title", "CG score"],
          result.top(10).map {
            ["\($0.rank + 1)", data.title(of: $0.video), String(format: "%.3f", $0.candidateScore)]
          }
        ))
      return
    }
    print(
      Output.table(
        ["rank", "CG rank", "title", result.scoreColumn, "top groups (logit contributions)"],
        result.top(10).map { c in
          [
            "\(c.rank + 1)", "\(c.candidateRank + 1)", data.title(of: c.video),
            result.formattedScore(c),
            c.topGroups(3).map { String(format: "%@ %+.2f", $0.group.title, $0.contribution) }.joined(separator: ", "),
          ]
        }))
    if let meaning = result.weighting?.scoreMeaning { print(meaning) }
    print("\nRun `watchnext explore` in a terminal for the interactive explorer.")
  }
}
