import Foundation
import GRDB

/// A workspace: a directory with the SQLite event store (`workspace.sqlite`) and the model
/// artifacts trained on it (`models/`); or a directory of artifacts whose `postgresql.url`
/// names a PostgreSQL database holding the events (``PostgresWorkspace``).
///
/// The database is reached through a serial GRDB queue (SQLite) or one connection used under a
/// lock (PostgreSQL), so a `Workspace` may be shared across threads.
public final class Workspace: Sendable {
  /// The workspace directory.
  public let directory: URL
  let backend: Backend

  /// Where the events live.
  enum Backend: Sendable {
    case sqlite(DatabaseQueue)
    case postgres(PostgresLink)
  }

  /// The PostgreSQL database's URL when the events live there (nil for SQLite).
  public var postgresURL: String? {
    if case .postgres(let link) = backend { return link.url }
    return nil
  }

  /// The database file's name inside a workspace directory.
  public static let databaseFileName = "workspace.sqlite"

  /// The on-disk names inside the workspace.
  public var layout: WorkspaceLayout { WorkspaceLayout(directory: directory) }
  /// The SQLite file.
  public var databaseURL: URL { layout.database }
  /// Where trained models live.
  public var modelsDirectory: URL { layout.models }
  /// Where experiment tables and plots are written.
  public var experimentsDirectory: URL { layout.experiments }

  /// Opens the workspace at `directory`.
  ///
  /// - Parameter create: make the directory and an empty database when there is none.
  /// - Throws: ``WorkspaceError/notAWorkspace(path:)`` when there is none and `create` is false;
  ///   ``WorkspaceError/incompatibleSchema(path:found:expected:)`` for another layout version.
  public init(at directory: URL, create: Bool = false) throws(WorkspaceError) {
    self.directory = directory
    if let url = Self.postgresURL(in: directory) {
      backend = .postgres(PostgresLink(url: url, store: try PostgresWorkspace(url: url, create: create)))
      return
    }
    let path = directory.appendingPathComponent(Self.databaseFileName).path
    let exists = FileManager.default.fileExists(atPath: path)
    guard exists || create else { throw .notAWorkspace(path: directory.path) }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      var configuration = Configuration()
      // Processes that open the workspace at the same moment (the ranks of an mpirun job,
      // several explorers) wait for each other's locks instead of failing with SQLITE_BUSY.
      configuration.busyMode = .timeout(10)
      configuration.prepareDatabase { db in
        // Switching the journal mode takes a write lock even when it is WAL already: only the
        // opener that finds it otherwise (a new workspace) switches.
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
        if mode?.lowercased() != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
      }
      let queue = try DatabaseQueue(path: path, configuration: configuration)
      backend = .sqlite(queue)
      let hasSchema = try queue.read { db in try db.tableExists("meta") }
      if !hasSchema {
        try queue.write { db in try Schema.create(db) }
      }
      let version = try queue.read { db in
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'").flatMap(Int.init) ?? 0
      }
      guard version == Schema.version else {
        throw WorkspaceError.incompatibleSchema(path: path, found: version, expected: Schema.version)
      }
    } catch let error as WorkspaceError {
      throw error
    } catch {
      throw .database(path: path, message: "\(error)")
    }
  }

  /// Runs `body` in one transaction: if it throws, nothing it wrote remains.
  ///
  /// Errors thrown by `body` are rethrown unchanged; database failures become ``WorkspaceError``.
  public func write<T>(_ body: (inout WorkspaceWriter) throws -> T) throws -> T {
    guard case .sqlite(let queue) = backend else { throw Self.stagedOnly(directory) }
    do {
      return try queue.write { db in
        var writer = try WorkspaceWriter(db: db, path: databaseURL.path)
        return try body(&writer)
      }
    } catch let error as DatabaseError {
      throw WorkspaceError.database(path: databaseURL.path, message: error.description)
    }
  }

  /// Runs a read-only query, mapping database failures to ``WorkspaceError``.
  func read<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
    guard case .sqlite(let queue) = backend else { throw Self.stagedOnly(directory) }
    do {
      return try queue.read(body)
    } catch let error as WorkspaceError {
      throw error
    } catch {
      throw .database(path: databaseURL.path, message: "\(error)")
    }
  }

  /// The URL a PostgreSQL workspace's directory names, if it is one.
  public static func postgresURL(in directory: URL) -> String? {
    let file = WorkspaceLayout(directory: directory).postgresURL
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
    let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return url.isEmpty ? nil : url
  }

  /// What a PostgreSQL workspace answers to a call that only the SQLite store has: writes go
  /// through a staged SQLite workspace copied in one transaction (``PostgresWorkspace/replace(with:)``).
  static func stagedOnly(_ directory: URL) -> WorkspaceError {
    .database(
      path: directory.path,
      message: "this workspace's events are in PostgreSQL; write through an import (staged and copied in)")
  }

  /// The value stored under `key` in the workspace's metadata.
  public func metadata(_ key: String) throws(WorkspaceError) -> String? {
    if case .postgres(let link) = backend { return try link.with { try $0.metadata(key) } }
    return try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
  }

  /// The workspace's identity and counts, as recorded in the manifests of models trained on it.
  public func fingerprint() throws(WorkspaceError) -> WorkspaceFingerprint {
    if case .postgres(let link) = backend { return try link.with { try $0.fingerprint() } }
    return try read { db in
      func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
      return WorkspaceFingerprint(
        id: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'workspace_id'"),
        videos: try count("videos"), users: try count("users"), watches: try count("watches"),
        impressions: try count("impressions"), searches: try count("searches"))
    }
  }

  /// All metadata entries.
  public func allMetadata() throws(WorkspaceError) -> [String: String] {
    if case .postgres(let link) = backend { return try link.with { try $0.allMetadata() } }
    return try read { db in
      var result: [String: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") { result[row[0]] = row[1] }
      return result
    }
  }
}
