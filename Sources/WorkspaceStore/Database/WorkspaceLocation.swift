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
}
