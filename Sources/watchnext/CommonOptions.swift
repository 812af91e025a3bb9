import ArgumentParser
import Foundation
import WorkspaceStore

/// Options shared by every command that works on a workspace.
struct WorkspaceOptions: ParsableArguments {
  @Option(
    name: .long,
    help: """
      Workspace directory (default: $WATCHNEXT_HOME/sample, i.e. ~/.watchnext/sample), or a PostgreSQL \
      database, postgresql://user@host[:port]/db (its models live in $WATCHNEXT_HOME/postgres/HOST-PORT-DB).
      """)
  var workspace: String?

  @Flag(name: .long, help: "Print one JSON object instead of a table.")
  var json = false

  /// The chosen workspace directory: for a PostgreSQL URL, its artifacts directory (made, with
  /// the URL in it, on first use).
  var url: URL { Self.resolve(workspace) }

  /// The workspace directory a `--workspace` value (or the explorer's argument) names: the
  /// sample when none, a PostgreSQL database's artifacts directory for a `postgresql://` URL.
  static func resolve(_ workspace: String?) -> URL {
    guard let workspace else { return WorkspaceLocation.defaultSample }
    if WorkspaceLocation.isPostgres(workspace) {
      return (try? WorkspaceLocation.attach(postgres: workspace))
        ?? WorkspaceLocation.directory(forPostgres: workspace)
    }
    return URL(fileURLWithPath: workspace)
  }
}

/// The one check of count options (`--k`, `--candidates`, `--users`): each must be at least 1,
/// with the same words in every command, at validation (so the error shows that command's usage).
enum CountCheck {
  static func atLeastOne(_ counts: KeyValuePairs<String, Int>) throws {
    for (flag, value) in counts where value < 1 {
      throw ValidationError("--\(flag) must be at least 1 (got \(value))")
    }
  }
}

/// Subcommand names a mistyped word may have meant.
enum SubcommandSuggestion {
  /// The subcommand within two edits of `word`, if one is.
  static func closest(to word: String, among names: [String]) -> String? {
    names.map { (name: $0, distance: editDistance(word, $0)) }.filter { $0.distance <= 2 }
      .min { $0.distance < $1.distance }?.name
  }

  /// Levenshtein distance over characters.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1]
      for (j, y) in b.enumerated() {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }
}
