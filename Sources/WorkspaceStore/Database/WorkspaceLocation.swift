import Foundation

/// Where workspaces live by default.
public enum WorkspaceLocation {
  /// The built-in sample's workspace: `$WATCHNEXT_HOME/sample`, where `WATCHNEXT_HOME`
  /// defaults to `~/.watchnext`.
  public static var defaultSample: URL {
    home.appendingPathComponent("sample")
  }

  /// `$WATCHNEXT_HOME`, or `~/.watchnext`.
  public static var home: URL {
    if let value = ProcessInfo.processInfo.environment["WATCHNEXT_HOME"], !value.isEmpty {
      return URL(fileURLWithPath: value)
    }
    return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".watchnext")
  }

  /// Whether `argument` (a `--workspace` value) names a PostgreSQL database.
  public static func isPostgres(_ argument: String) -> Bool {
    argument.hasPrefix("postgresql://") || argument.hasPrefix("postgres://")
  }

  /// The artifacts directory of the PostgreSQL workspace at `url`:
  /// `$WATCHNEXT_HOME/postgres/HOST-PORT-DATABASE`, the same for every user of that database.
  public static func directory(forPostgres url: String) -> URL {
    let components = URLComponents(string: url)
    let database = components?.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) ?? ""
    let key = "\(components?.host ?? "local")-\(components?.port ?? 5432)-\(database.isEmpty ? "postgres" : database)"
    let safe = String(
      key.unicodeScalars.map {
        CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_"
      })
    return home.appendingPathComponent("postgres").appendingPathComponent(safe)
  }

  /// The artifacts directory of the PostgreSQL workspace at `url`, made when missing, with the
  /// URL written into its `postgresql.url` (readable by its owner only: it may hold a password).
  public static func attach(postgres url: String) throws -> URL {
    let directory = directory(forPostgres: url)
    let file = WorkspaceLayout(directory: directory).postgresURL
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    if (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) != url {
      try Data((url + "\n").utf8).write(to: file, options: .atomic)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
    return directory
  }
}
