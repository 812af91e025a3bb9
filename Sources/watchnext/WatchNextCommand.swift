import ArgumentParser
import Foundation
import Importers
import NeuralCore
import SyntheticWorld

/// The `watchnext` command-line tool: a thin layer over the engine libraries.
@main
struct WatchNextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watchnext",
    abstract: "Two-stage deep recommender (Covington et al., 2016) and its terminal explorer.",
    discussion: """
      Every command works on a workspace directory chosen by --workspace; the default is the \
      built-in sample at $WATCHNEXT_HOME/sample (WATCHNEXT_HOME defaults to ~/.watchnext). \
      Results print as tables; --json prints one JSON object instead.
      """,
    version: WatchNextCommand.version,
    subcommands: [
      ExploreCommand.self, GenerateCommand.self, ImportCommand.self, InfoCommand.self, TrainCommand.self,
      EvaluateCommand.self, ExportCommand.self, ExperimentCommand.self, IndexCommand.self, NeighborsCommand.self,
      BenchCommand.self, RecommendCommand.self,
    ],
    defaultSubcommand: ExploreCommand.self
  )

  /// The release this build is.
  static let version = "0.9.0"

  /// Selects OpenBLAS's AVX2 kernels where the library would miss them, then runs the command.
  static func main() {
    BLASKernel.relaunchWithAVX2KernelsIfNeeded()
    var command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      exit(withError: error)
    }
    do {
      try command.run()
    } catch {
      // A usage error found while running shows the usage of the subcommand that ran; runtime
      // messages may quote data (IDs, titles, header cells), so their controls are escaped
      // before stderr, and they exit 1.
      let code = exitCode(for: error)
      if code == .validationFailure {
        let usage = usageString(for: type(of: command))
        FileHandle.standardError.write(
          Data(TerminalText.sanitize("Error: \(message(for: error))\nUsage: \(usage)\n", keepNewlines: true).utf8))
        exit(withError: ExitCode.validationFailure)
      }
      if code == .success { exit(withError: error) }
      exit(withError: SanitizedError(message: message(for: error) + hint(for: error)))
    }
  }

  /// The command-line advice for an engine error (the engine's messages never name flags).
  static func hint(for error: any Error) -> String {
    switch error {
    case let error as ImportError where error.kind == .notUTF8: "; import it with --encoding latin1"
    case WorldError.workspaceNotEmpty: "; --force replaces it"
    default: ""
    }
  }
}

/// An error whose message was made safe for a terminal, keeping the original's exit code.
struct SanitizedError: Error, CustomStringConvertible {
  var message: String
  var description: String { TerminalText.sanitize(message, keepNewlines: true) }
}
