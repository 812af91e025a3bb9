import ArgumentParser
import Foundation
import WorkspaceStore

/// Options shared by every command that works on a workspace.
struct WorkspaceOptions: ParsableArguments {
  @Option(name: .long, help: "Workspace directory (default: $WATCHNEXT_HOME/sample, i.e. ~/.watchnext/sample).")
  var workspace: String?

  @Flag(name: .long, help: "Print one JSON object instead of a table.")
  var json = false

  /// The chosen workspace directory.
  var url: URL {
    workspace.map { URL(fileURLWithPath: $0) } ?? WorkspaceLocation.defaultSample
  }
}
