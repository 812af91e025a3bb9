import Foundation

/// A PostgreSQL workspace's one connection, shared by the threads of a ``Workspace`` and used
/// under a lock, as GRDB's serial queue serialises the SQLite file.
final class PostgresLink: @unchecked Sendable {  // `store` is touched only under `lock`
  /// The database URL (with its password, if it has one: never printed; see `displayURL`).
  let url: String
  private let store: PostgresWorkspace
  private let lock = NSLock()

  init(url: String, store: PostgresWorkspace) {
    self.url = url
    self.store = store
  }

  /// Runs `body` with the connection, alone; errors become ``WorkspaceError``.
  func with<T>(_ body: (PostgresWorkspace) throws -> T) throws(WorkspaceError) -> T {
    lock.lock()
    defer { lock.unlock() }
    do { return try body(store) } catch let error as WorkspaceError { throw error } catch {
      throw .database(path: store.connection.displayURL, message: "\(error)")
    }
  }
}
