import Foundation
import NeuralCore
import WorkspaceStore

/// How an import treats a workspace that already holds events.
public enum ImportMode: String, Sendable, CaseIterable {
  /// Refuse: the workspace must be new or empty.
  case create
  /// Add the new events; videos and users are matched by ID (changes are reported).
  case append
  /// Import into a new workspace and swap it in for the old one (models and all) atomically.
  case replace
}

/// Why an import cannot start.
public enum StagedWorkspaceError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The workspace already holds events and no mode says what to do with them.
  case workspaceHoldsEvents(path: String, events: Int)

  /// A message for people.
  public var description: String {
    switch self {
    case .workspaceHoldsEvents(let path, let events):
      "\(path) already holds \(events) events: append to them or replace the workspace"
    }
  }
}

/// Writes a workspace (an import or a generated world) so that a failure leaves nothing behind: a new workspace is built in a staging
/// directory beside the target and renamed into place only when the import succeeded (so a
/// failed first import creates nothing); a replacement is swapped in the same way; an append is
/// one transaction in place.
public enum StagedWorkspace {
  /// Imports with `body` into the workspace at `url` under `mode`.
  ///
  /// - Throws: ``StagedWorkspaceError`` when the workspace holds events and `mode` is `.create`;
  ///   whatever `body` throws (after removing the staging directory).
  public static func run<Report>(
    into url: URL, mode: ImportMode, activity: String = "importing", _ body: (Workspace) throws -> Report
  ) throws -> Report {
    let lock = try WorkspaceLock(directory: url, activity: activity)
    defer { withExtendedLifetime(lock) {} }
    removeStaleStaging(beside: url)
    if let database = Workspace.postgresURL(in: url) {
      return try runPostgres(into: url, database: database, mode: mode, body)
    }
    let manager = FileManager.default
    let layout = WorkspaceLayout(directory: url)
    let exists = manager.fileExists(atPath: layout.database.path)
    if exists {
      let fingerprint = try Workspace(at: url).fingerprint()
      let events = fingerprint.watches + fingerprint.impressions + fingerprint.searches
      switch mode {
      case .append:
        return try body(try Workspace(at: url))
      case .create where events > 0:
        throw StagedWorkspaceError.workspaceHoldsEvents(path: url.path, events: events)
      case .create, .replace: break
      }
    }
    let parent = url.deletingLastPathComponent()
    try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    let staging = stagingDirectory(for: url)
    do {
      let report = try body(try Workspace(at: staging, create: true))
      if manager.fileExists(atPath: url.path) {
        // Keep what is not the workspace's own (say, a user's notes), but never the old data or models.
        let old = parent.appendingPathComponent(".\(url.lastPathComponent).replaced-\(UUID().uuidString)")
        try manager.moveItem(at: url, to: old)
        do { try manager.moveItem(at: staging, to: url) } catch {
          try? manager.moveItem(at: old, to: url)
          throw error
        }
        try? manager.removeItem(at: old)
      } else {
        try manager.moveItem(at: staging, to: url)
      }
      return report
    } catch {
      try? manager.removeItem(at: staging)
      throw error
    }
  }

  /// The PostgreSQL path of ``run(into:mode:activity:_:)``: `body` writes a staging SQLite
  /// workspace (for an append, first filled with the database's contents), which then replaces
  /// the database's tables in one transaction through COPY (``PostgresWorkspace/replace(with:)``,
  /// under its advisory lock): a failure leaves the database as it was. A replacement also
  /// removes the models trained on the old data (files in `url`).
  static func runPostgres<Report>(
    into url: URL, database: String, mode: ImportMode, _ body: (Workspace) throws -> Report
  ) throws -> Report {
    let target = try PostgresWorkspace(url: database, create: true)
    let fingerprint = try target.fingerprint()
    let events = fingerprint.watches + fingerprint.impressions + fingerprint.searches
    if mode == .create && events > 0 {
      throw StagedWorkspaceError.workspaceHoldsEvents(path: target.connection.displayURL, events: events)
    }
    let manager = FileManager.default
    let staging = stagingDirectory(for: url)
    defer { try? manager.removeItem(at: staging) }
    let staged = try Workspace(at: staging, create: true)
    if mode == .append && events > 0 {
      try staged.materialize(try target.loadColumns(), metadata: try target.allMetadata())
    }
    let report = try body(staged)
    try target.replace(with: staged)
    if mode == .replace { try? manager.removeItem(at: WorkspaceLayout(directory: url).models) }
    // The staged files that are not events (a world's latent truth) belong with the artifacts.
    for name in (try? manager.contentsOfDirectory(atPath: staging.path)) ?? []
    where !name.hasPrefix(Workspace.databaseFileName) {
      let destination = url.appendingPathComponent(name)
      try? manager.removeItem(at: destination)
      try manager.moveItem(at: staging.appendingPathComponent(name), to: destination)
    }
    return report
  }

  /// A new staging directory beside `url` (``removeStaleStaging(beside:)`` knows its prefix).
  static func stagingDirectory(for url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).importing-\(UUID().uuidString)")
  }

  /// Removes staging directories a killed writer left beside `url` (safe under the writer's lock:
  /// no other writer of this workspace runs).
  static func removeStaleStaging(beside url: URL) {
    let parent = url.deletingLastPathComponent()
    let prefixes = [".\(url.lastPathComponent).importing-", ".\(url.lastPathComponent).replaced-"]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
    for name in names where prefixes.contains(where: name.hasPrefix) {
      try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
    }
    AtomicFile.removeStaleStaging(in: WorkspaceLayout(directory: url).models)
  }
}
