import ArgumentParser

/// `watchnext import`: brings outside data into a workspace.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import MovieLens or your own CSV logs into a workspace.",
    subcommands: [])
}
