/// Errors of the workspace layer, each naming the file (and row or field where there is one).
public enum WorkspaceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The path holds no workspace.
  case notAWorkspace(path: String)
  /// The database could not be opened, read or written.
  case database(path: String, message: String)
  /// A record refers to or defines something invalid.
  case invalidRecord(path: String, record: String, field: String, reason: String)
  /// The workspace was made by an incompatible version.
  case incompatibleSchema(path: String, found: Int, expected: Int)
  /// Another process is writing to the workspace (`holder` says who and what).
  case busy(path: String, holder: String)

  /// A message for people.
  public var description: String {
    switch self {
    case .notAWorkspace(let path):
      "\(path): no workspace here"
    case .database(let path, let message): "\(path): database error: \(message)"
    case .invalidRecord(let path, let record, let field, let reason): "\(path): \(record), field '\(field)': \(reason)"
    case .incompatibleSchema(let path, let found, let expected):
      "\(path): workspace schema version \(found), this build reads version \(expected)"
    case .busy(let path, let holder): "workspace busy: \(holder) (\(path)); try again when it has finished"
    }
  }
}
