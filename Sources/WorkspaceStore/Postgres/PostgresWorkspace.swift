import Foundation

/// A workspace whose tables live in a PostgreSQL database (`postgresql://user@host/db`): the
/// SQLite workspace's schema, imports in one transaction through `COPY ... FROM STDIN`, and
/// columnar loading through `COPY ... TO STDOUT (FORMAT binary)`. One writer at a time is a
/// session advisory lock on the database (``lockWriter(activity:)``), so readers are never
/// blocked, as with the SQLite file's `flock`.
public final class PostgresWorkspace {
  /// The connection.
  public let connection: PostgresConnection
  /// The advisory lock key of the writer's lock (the same for every WatchNext client).
  public static let writerLockKey: Int64 = 0x5761_7463_684E_6578  // "WatchNex"

  /// Connects to `url` and checks the schema; with `create`, makes it in an empty database.
  ///
  /// - Throws: ``WorkspaceError/database(path:message:)`` (unreachable, refused, missing
  ///   database), ``WorkspaceError/notAWorkspace(path:)`` for a database without the schema when
  ///   `create` is false, ``WorkspaceError/incompatibleSchema(path:found:expected:)``.
  public init(url: String, create: Bool = false) throws(WorkspaceError) {
    connection = try PostgresConnection(url: url)
    let hasMeta = try connection.scalar("SELECT to_regclass('meta') IS NOT NULL") == "t"
    if !hasMeta {
      guard create else { throw .notAWorkspace(path: connection.displayURL) }
      do {
        try connection.transaction {
          for statement in PostgresSchema.statements { try connection.execute(statement) }
          try connection.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', $1), ('workspace_id', $2)",
            ["\(Schema.version)", UUID().uuidString.lowercased()])
        }
      } catch let error as WorkspaceError { throw error } catch {
        throw .database(path: connection.displayURL, message: "\(error)")
      }
    }
    let found = try connection.scalar("SELECT value FROM meta WHERE key = 'schema_version'").flatMap(Int.init) ?? 0
    guard found == Schema.version else {
      throw .incompatibleSchema(path: connection.displayURL, found: found, expected: Schema.version)
    }
    // Append-only tables scanned from their start return rows in insertion order, which the
    // loader's stable (user, time) sort keeps for equal times, as SQLite's rowid order does.
    try connection.execute("SET synchronize_seqscans = off")
  }

  /// Takes the one-writer lock, or throws ``WorkspaceError/busy(path:holder:)`` naming the
  /// holder's backend process when another session holds it.
  public func lockWriter(activity: String) throws(WorkspaceError) {
    guard try connection.tryAdvisoryLock(Self.writerLockKey) else {
      // A bigint advisory key shows in pg_locks as classid (high half) and objid (low half).
      let holder = try connection.scalar(
        """
        SELECT 'PostgreSQL backend ' || a.pid || ' (' || coalesce(a.application_name, '') || ')'
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid::bigint = ($1::bigint >> 32) AND l.objid::bigint = ($1::bigint & 4294967295)
        LIMIT 1
        """, [String(Self.writerLockKey)])
      throw .busy(path: connection.displayURL, holder: holder ?? "another session")
    }
    try connection.execute("SELECT set_config('application_name', $1, false)", ["watchnext: \(activity)"])
  }

  /// Releases the writer's lock.
  public func unlockWriter() throws(WorkspaceError) { try connection.advisoryUnlock(Self.writerLockKey) }

  /// The identity and counts models record.
  public func fingerprint() throws(WorkspaceError) -> WorkspaceFingerprint {
    return WorkspaceFingerprint(
      id: try connection.scalar("SELECT value FROM meta WHERE key = 'workspace_id'"),
      videos: try count("videos"), users: try count("users"), watches: try count("watches"),
      impressions: try count("impressions"), searches: try count("searches"))
  }

  /// Replaces every table's contents with `source`'s (a SQLite workspace), in one transaction
  /// through COPY: a failure leaves the database as it was. The workspace identity comes along,
  /// so models trained on `source` stay bound to the copy.
  ///
  /// - Returns: the events copied.
  @discardableResult
  public func replace(with source: Workspace) throws -> Int {
    try replace(with: try source.loadColumns(), metadata: try source.allMetadata())
  }

  /// Replaces every table's contents with `columns` and `metadata` (which must hold the schema
  /// version and a workspace id), in one transaction through COPY under the writer's lock.
  ///
  /// - Returns: the events copied.
  @discardableResult
  public func replace(with columns: EventColumns, metadata: [String: String]) throws -> Int {
    try lockWriter(activity: "importing")
    defer { try? unlockWriter() }
    try connection.transaction {
      try connection.execute("TRUNCATE meta, videos, users, watches, impressions, searches")
      try connection.copyIn("COPY meta (key, value) FROM STDIN") { copy in
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
          copy.field(key)
          copy.field(value)
          try copy.endRow()
        }
      }
      try copyEntities(columns)
      try copyEvents(columns)
    }
    return columns.eventCount
  }

  private func copyEntities(_ columns: EventColumns) throws {
    let v = columns.videos
    try connection.copyIn(
      "COPY videos (idx, external_id, title, channel, topic, language, duration_s, upload_time) FROM STDIN"
    ) { copy in
      for i in 0..<v.count {
        copy.field(Int64(i))
        copy.field(v.ids[i])
        copy.field(v.titles[i])
        copy.field(v.channels.names[Int(v.channel[i])])
        copy.field(v.topics.names[Int(v.topic[i])])
        copy.field(columns.languages.names[Int(v.language[i])])
        copy.field(Double(v.durationSeconds[i]))
        copy.field(v.uploadTime[i])
        try copy.endRow()
      }
    }
    let u = columns.users
    try connection.copyIn(
      "COPY users (idx, external_id, age, gender, region, language, device, logged_in) FROM STDIN"
    ) { copy in
      for i in 0..<u.count {
        copy.field(Int64(i))
        copy.field(u.ids[i])
        if u.age[i].isNaN { copy.null() } else { copy.field(Double(u.age[i])) }
        if u.gender[i] < 0 { copy.null() } else { copy.field(u.genders.names[Int(u.gender[i])]) }
        copy.field(u.regions.names[Int(u.region[i])])
        copy.field(columns.languages.names[Int(u.language[i])])
        copy.field(u.devices.names[Int(u.device[i])])
        copy.field(Int64(u.loggedIn[i] ? 1 : 0))
        try copy.endRow()
      }
    }
  }

  private func copyEvents(_ columns: EventColumns) throws {
    let w = columns.watches
    try connection.copyIn(#"COPY watches ("user", video, time, watch_s, source) FROM STDIN"#) { copy in
      for i in 0..<w.count {
        copy.field(Int64(w.user[i]))
        copy.field(Int64(w.video[i]))
        copy.field(w.time[i])
        copy.field(Double(w.watchSeconds[i]))
        copy.field(Int64(w.source[i]))
        try copy.endRow()
      }
    }
    let m = columns.impressions
    try connection.copyIn(
      #"COPY impressions ("user", video, time, request, position, clicked, watch_s) FROM STDIN"#
    ) { copy in
      for i in 0..<m.count {
        copy.field(Int64(m.user[i]))
        copy.field(Int64(m.video[i]))
        copy.field(m.time[i])
        copy.field(m.request[i])
        copy.field(Int64(m.position[i]))
        copy.field(Int64(m.clicked[i] ? 1 : 0))
        copy.field(Double(m.watchSeconds[i]))
        try copy.endRow()
      }
    }
    let s = columns.searches
    try connection.copyIn(#"COPY searches ("user", time, query) FROM STDIN"#) { copy in
      for i in 0..<s.count {
        copy.field(Int64(s.user[i]))
        copy.field(s.time[i])
        copy.field(s.query[i])
        try copy.endRow()
      }
    }
  }
}

extension PostgresWorkspace {
  /// The value stored under `key` in the metadata.
  public func metadata(_ key: String) throws(WorkspaceError) -> String? {
    try connection.scalar("SELECT value FROM meta WHERE key = $1", [key])
  }

  /// Every metadata entry.
  public func allMetadata() throws(WorkspaceError) -> [String: String] {
    var result: [String: String] = [:]
    for row in try connection.execute("SELECT key, value FROM meta").values {
      if let key = row[0], let value = row[1] { result[key] = value }
    }
    return result
  }

  /// Counts of every table and the time span of events, as ``Workspace/summary()``.
  public func summary() throws(WorkspaceError) -> WorkspaceSummary {
    let row =
      try connection.execute(
        """
        SELECT (SELECT COUNT(*) FROM videos), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM watches),
          (SELECT COUNT(*) FROM impressions), (SELECT COUNT(*) FROM impressions WHERE clicked = 1),
          (SELECT COUNT(*) FROM searches),
          (SELECT MIN(t) FROM (SELECT MIN(time) AS t FROM watches UNION ALL SELECT MIN(time) FROM impressions
            UNION ALL SELECT MIN(time) FROM searches) AS firsts),
          (SELECT MAX(t) FROM (SELECT MAX(time) AS t FROM watches UNION ALL SELECT MAX(time) FROM impressions
            UNION ALL SELECT MAX(time) FROM searches) AS lasts)
        """
      ).values.first ?? []
    func int(_ i: Int) -> Int { row.count > i ? Int(row[i] ?? "0") ?? 0 : 0 }
    func time(_ i: Int) -> Int64? { row.count > i ? row[i].flatMap { Int64($0) } : nil }
    return WorkspaceSummary(
      videos: int(0), users: int(1), watches: int(2), impressions: int(3), clickedImpressions: int(4),
      searches: int(5), firstEventTime: time(6), lastEventTime: time(7))
  }
}

extension PostgresWorkspace {
  static let videoColumns = "external_id, title, channel, topic, language, duration_s, upload_time"
  static let userColumns = "external_id, age, gender, region, language, device, logged_in"

  /// All videos in index order.
  public func videos() throws(WorkspaceError) -> [Video] {
    try connection.execute("SELECT \(Self.videoColumns) FROM videos ORDER BY idx").values.map(Self.video(from:))
  }

  /// All users in index order.
  public func users() throws(WorkspaceError) -> [User] {
    try connection.execute("SELECT \(Self.userColumns) FROM users ORDER BY idx").values.map(Self.user(from:))
  }

  /// One user's watches and searches, oldest first (equal times in insertion order), as
  /// ``Workspace/history(ofUser:)``; nil when there is no such user.
  public func history(ofUser id: String) throws(WorkspaceError) -> UserHistory? {
    guard
      let row = try connection.execute("SELECT idx, \(Self.userColumns) FROM users WHERE external_id = $1", [id]).values
        .first,
      let index = row[0]
    else { return nil }
    let user = Self.user(from: Array(row.dropFirst()))
    let watches = try connection.execute(
      """
      SELECT w.video, v.external_id, w.time, w.watch_s, w.source, v.title
      FROM watches w JOIN videos v ON v.idx = w.video WHERE w."user" = $1 ORDER BY w.time, w.ctid
      """, [index]
    ).values.map { r in
      HistoryWatch(
        videoIndex: Int32(r[0] ?? "") ?? -1,
        watch: Watch(
          user: id, video: r[1] ?? "", time: Int64(r[2] ?? "") ?? 0, watchSeconds: Double(r[3] ?? "") ?? 0,
          source: WatchSource(rawValue: UInt8(r[4] ?? "") ?? 255) ?? .external),
        title: r[5] ?? "")
    }
    let searches = try connection.execute(
      #"SELECT time, query FROM searches WHERE "user" = $1 ORDER BY time, ctid"#, [index]
    ).values.map { r in Search(user: id, time: Int64(r[0] ?? "") ?? 0, query: r[1] ?? "") }
    return UserHistory(user: user, watches: watches, searches: searches)
  }

  static func video(from r: [String?]) -> Video {
    Video(
      id: r[0] ?? "", title: r[1] ?? "", channel: r[2] ?? "", topic: r[3] ?? "", language: r[4] ?? "",
      durationSeconds: Double(r[5] ?? "") ?? 0, uploadTime: Int64(r[6] ?? "") ?? 0)
  }

  static func user(from r: [String?]) -> User {
    User(
      id: r[0] ?? "", age: r[1].flatMap(Double.init), gender: r[2], region: r[3] ?? "", language: r[4] ?? "",
      device: r[5] ?? "", loggedIn: r[6] == "1")
  }
}
