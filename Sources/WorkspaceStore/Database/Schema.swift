import Foundation
import GRDB

/// The workspace's SQLite schema: one table per entity, with the indexes the explorer
/// needs to show a user's history quickly.
enum Schema {
  /// Bumped whenever the layout changes.
  static let version = 1

  static let statements =
    [
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      """
      CREATE TABLE videos (idx INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
        channel TEXT NOT NULL, topic TEXT NOT NULL, language TEXT NOT NULL, duration_s REAL NOT NULL,
        upload_time INTEGER NOT NULL)
      """,
      """
      CREATE TABLE users (idx INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, age REAL, gender TEXT,
        region TEXT NOT NULL, language TEXT NOT NULL, device TEXT NOT NULL, logged_in INTEGER NOT NULL)
      """,
      """
      CREATE TABLE watches (user INTEGER NOT NULL, video INTEGER NOT NULL, time INTEGER NOT NULL,
        watch_s REAL NOT NULL, source INTEGER NOT NULL)
      """,
      """
      CREATE TABLE impressions (user INTEGER NOT NULL, video INTEGER NOT NULL, time INTEGER NOT NULL,
        request INTEGER NOT NULL, position INTEGER NOT NULL, clicked INTEGER NOT NULL, watch_s REAL NOT NULL)
      """,
      "CREATE TABLE searches (user INTEGER NOT NULL, time INTEGER NOT NULL, query TEXT NOT NULL)",
    ] + eventIndexes.map(\.create)

  /// The indexes over event tables, which a bulk load may drop and rebuild.
  static let eventIndexes: [(name: String, create: String)] = [
    ("watches_user_time", "CREATE INDEX watches_user_time ON watches(user, time)"),
    ("watches_video", "CREATE INDEX watches_video ON watches(video)"),
    ("impressions_user_time", "CREATE INDEX impressions_user_time ON impressions(user, time)"),
    ("searches_user_time", "CREATE INDEX searches_user_time ON searches(user, time)"),
  ]

  static func create(_ db: Database) throws {
    for statement in statements { try db.execute(sql: statement) }
    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", arguments: ["\(version)"])
    try db.execute(
      sql: "INSERT INTO meta (key, value) VALUES ('workspace_id', ?)", arguments: [UUID().uuidString.lowercased()])
  }
}
