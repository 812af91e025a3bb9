import GRDB

/// Counts and time span of a workspace's contents.
public struct WorkspaceSummary: Sendable, Equatable, Codable {
  /// Number of videos.
  public var videos: Int
  /// Number of users.
  public var users: Int
  /// Number of watches.
  public var watches: Int
  /// Number of impressions.
  public var impressions: Int
  /// Number of clicked impressions.
  public var clickedImpressions: Int
  /// Number of searches.
  public var searches: Int
  /// Earliest event time (Unix seconds), if any.
  public var firstEventTime: Int64?
  /// Latest event time (Unix seconds), if any.
  public var lastEventTime: Int64?
}

/// One watch in a user's history, for display.
public struct HistoryWatch: Sendable, Equatable {
  /// Dense video index.
  public var videoIndex: Int32
  /// The watch itself, with external IDs.
  public var watch: Watch
  /// The video's title.
  public var title: String
}

/// A user's activity, oldest first.
public struct UserHistory: Sendable, Equatable {
  /// The user.
  public var user: User
  /// Watches with titles.
  public var watches: [HistoryWatch]
  /// Searches.
  public var searches: [Search]
}

extension Workspace {
  /// Counts of every table and the time span of events.
  public func summary() throws(WorkspaceError) -> WorkspaceSummary {
    if case .postgres(let link) = backend { return try link.with { try $0.summary() } }
    return try read { db in
      func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
      let span = try Row.fetchOne(
        db,
        sql: """
          SELECT MIN(t), MAX(t) FROM (
            SELECT MIN(time) AS t FROM watches UNION ALL SELECT MAX(time) FROM watches
            UNION ALL SELECT MIN(time) FROM impressions UNION ALL SELECT MAX(time) FROM impressions
            UNION ALL SELECT MIN(time) FROM searches UNION ALL SELECT MAX(time) FROM searches)
          """)
      return WorkspaceSummary(
        videos: try count("SELECT COUNT(*) FROM videos"),
        users: try count("SELECT COUNT(*) FROM users"),
        watches: try count("SELECT COUNT(*) FROM watches"),
        impressions: try count("SELECT COUNT(*) FROM impressions"),
        clickedImpressions: try count("SELECT COUNT(*) FROM impressions WHERE clicked = 1"),
        searches: try count("SELECT COUNT(*) FROM searches"),
        firstEventTime: span?[0], lastEventTime: span?[1])
    }
  }

  /// All videos in index order.
  public func videos() throws(WorkspaceError) -> [Video] {
    if case .postgres(let link) = backend { return try link.with { try $0.videos() } }
    return try read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT external_id, title, channel, topic, language, duration_s, upload_time FROM videos ORDER BY idx"
      ).map(Self.video(from:))
    }
  }

  /// All users in index order.
  public func users() throws(WorkspaceError) -> [User] {
    if case .postgres(let link) = backend { return try link.with { try $0.users() } }
    return try read { db in
      try Row.fetchAll(
        db, sql: "SELECT external_id, age, gender, region, language, device, logged_in FROM users ORDER BY idx"
      ).map(Self.user(from:))
    }
  }

  /// One user's watches and searches, oldest first, through the (user, time) indexes.
  ///
  /// - Returns: `nil` when there is no user with that ID.
  public func history(ofUser id: String) throws(WorkspaceError) -> UserHistory? {
    if case .postgres(let link) = backend { return try link.with { try $0.history(ofUser: id) } }
    return try read { db in
      guard
        let row = try Row.fetchOne(
          db,
          sql:
            "SELECT idx, external_id, age, gender, region, language, device, logged_in FROM users WHERE external_id = ?",
          arguments: [id])
      else { return nil }
      let index: Int64 = row[0]
      let user = User(
        id: row[1], age: row[2], gender: row[3], region: row[4], language: row[5], device: row[6], loggedIn: row[7])
      let watches = try Row.fetchAll(
        db,
        sql: """
          SELECT w.video, v.external_id, w.time, w.watch_s, w.source, v.title
          FROM watches w JOIN videos v ON v.idx = w.video WHERE w.user = ? ORDER BY w.time
          """, arguments: [index]
      ).map { r in
        HistoryWatch(
          videoIndex: Int32(r[0] as Int64),
          watch: Watch(
            user: id, video: r[1], time: r[2], watchSeconds: r[3],
            source: WatchSource(rawValue: UInt8(r[4] as Int64)) ?? .external),
          title: r[5])
      }
      let searches = try Row.fetchAll(
        db, sql: "SELECT time, query FROM searches WHERE user = ? ORDER BY time", arguments: [index]
      ).map { r in Search(user: id, time: r[0], query: r[1]) }
      return UserHistory(user: user, watches: watches, searches: searches)
    }
  }

  static func video(from row: Row) -> Video {
    Video(
      id: row[0], title: row[1], channel: row[2], topic: row[3], language: row[4], durationSeconds: row[5],
      uploadTime: row[6])
  }

  static func user(from row: Row) -> User {
    User(id: row[0], age: row[1], gender: row[2], region: row[3], language: row[4], device: row[5], loggedIn: row[6])
  }
}
