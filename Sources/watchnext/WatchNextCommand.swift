import ArgumentParser
import NeuralCore

/// The `watchnext` command-line tool: a thin layer over the engine libraries.
@main
struct WatchNextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watchnext",
    abstract: "Two-stage deep recommender (Covington et al., 2016) and its terminal explorer.",
    discussion: """
      Every command works on a workspace directory chosen by --workspace; the default is the
      built-in sample at $WATCHNEXT_HOME/sample (WATCHNEXT_HOME defaults to ~/.watchnext).
      Results print as tables; --json prints one JSON object instead.
      """,
    subcommands: [
      ExploreCommand.self, GenerateCommand.self, ImportCommand.self, InfoCommand.self, TrainCommand.self,
      EvaluateCommand.self, ExportCommand.self, ExperimentCommand.self, IndexCommand.self, NeighborsCommand.self,
      BenchCommand.self, RecommendCommand.self,
    ],
    defaultSubcommand: ExploreCommand.self
  )

  /// Selects OpenBLAS's AVX2 kernels where the library would miss them, then runs the command.
  static func main() {
    BLASKernel.relaunchWithAVX2KernelsIfNeeded()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      // Help, version and usage errors print as ArgumentParser makes them; runtime messages may
      // quote data (IDs, titles, header cells), so their controls are escaped before stderr.
      let code = exitCode(for: error)
      if code == .success || code == .validationFailure { exit(withError: error) }
      exit(withError: SanitizedError(message: message(for: error)))
    }
  }
}

/// An error whose message was made safe for a terminal, keeping the original's exit code.
struct SanitizedError: Error, CustomStringConvertible {
  var message: String
  var description: String { TerminalText.sanitize(message, keepNewlines: true) }
}
