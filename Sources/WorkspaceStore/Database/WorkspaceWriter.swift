import GRDB

/// Writes entities and events inside one ``Workspace/write(_:)`` transaction.
///
/// Videos and users are upserted by external ID and get dense indexes `0..<n` in order of
/// first appearance; events refer to them by external ID or, on the fast path, by index.
public struct WorkspaceWriter {
  let db: Database
  let path: String
  private(set) var videoIndex: [String: Int32]
  private(set) var userIndex: [String: Int32]
  private let insertVideo: Statement
  private let updateVideo: Statement
  private let insertUser: Statement
  private let updateUser: Statement
  private let insertWatchStatement: RawInsert
  private let insertImpressionStatement: RawInsert
  private let insertSearchStatement: RawInsert

  init(db: Database, path: String) throws {
    self.db = db
    self.path = path
    videoIndex = [:]
    userIndex = [:]
    let cursor = try Row.fetchCursor(db, sql: "SELECT external_id, idx FROM videos")
    while let row = try cursor.next() {
      videoIndex[row[0]] = Int32(row[1] as Int64)
    }
    let userCursor = try Row.fetchCursor(db, sql: "SELECT external_id, idx FROM users")
    while let row = try userCursor.next() {
      userIndex[row[0]] = Int32(row[1] as Int64)
    }
    insertVideo = try db.makeStatement(
      sql: """
        INSERT INTO videos (idx, external_id, title, channel, topic, language, duration_s, upload_time)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
    updateVideo = try db.makeStatement(
      sql: """
        UPDATE videos SET title = ?, channel = ?, topic = ?, language = ?, duration_s = ?, upload_time = ?
        WHERE idx = ?
        """)
    insertUser = try db.makeStatement(
      sql: """
        INSERT INTO users (idx, external_id, age, gender, region, language, device, logged_in)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
    updateUser = try db.makeStatement(
      sql: "UPDATE users SET age = ?, gender = ?, region = ?, language = ?, device = ?, logged_in = ? WHERE idx = ?")
    insertWatchStatement = RawInsert(
      statement: try db.makeStatement(
        sql: "INSERT INTO watches (user, video, time, watch_s, source) VALUES (?, ?, ?, ?, ?)"),
      path: path)
    insertImpressionStatement = RawInsert(
      statement: try db.makeStatement(
        sql: """
          INSERT INTO impressions (user, video, time, request, position, clicked, watch_s)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """),
      path: path)
    insertSearchStatement = RawInsert(
      statement: try db.makeStatement(sql: "INSERT INTO searches (user, time, query) VALUES (?, ?, ?)"), path: path)
  }

  /// The number of videos in the workspace so far.
  public var videoCount: Int { videoIndex.count }
  /// The number of users in the workspace so far.
  public var userCount: Int { userIndex.count }

  /// The dense index of a video, if it exists.
  public func videoIndex(of id: String) -> Int32? { videoIndex[id] }
  /// The dense index of a user, if it exists.
  public func userIndex(of id: String) -> Int32? { userIndex[id] }

  /// The stored video with external ID `id`, if any.
  public func video(_ id: String) throws -> Video? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT title, channel, topic, language, duration_s, upload_time FROM videos WHERE external_id = ?",
        arguments: [id])
    else { return nil }
    return Video(
      id: id, title: row[0], channel: row[1], topic: row[2], language: row[3], durationSeconds: row[4],
      uploadTime: row[5])
  }

  /// The stored user with external ID `id`, if any.
  public func user(_ id: String) throws -> User? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT age, gender, region, language, device, logged_in FROM users WHERE external_id = ?",
        arguments: [id])
    else { return nil }
    return User(
      id: id, age: row[0], gender: row[1], region: row[2], language: row[3], device: row[4], loggedIn: row[5])
  }

  /// Inserts a video or replaces the fields of the one with the same ID; returns its index.
  @discardableResult
  public mutating func upsert(_ video: Video) throws -> Int32 {
    if let index = videoIndex[video.id] {
      try updateVideo.execute(arguments: [
        video.title, video.channel, video.topic, video.language, video.durationSeconds, video.uploadTime, index,
      ])
      return index
    }
    let index = Int32(videoIndex.count)
    try insertVideo.execute(arguments: [
      index, video.id, video.title, video.channel, video.topic, video.language, video.durationSeconds,
      video.uploadTime,
    ])
    videoIndex[video.id] = index
    return index
  }

  /// Inserts a user or replaces the fields of the one with the same ID; returns its index.
  @discardableResult
  public mutating func upsert(_ user: User) throws -> Int32 {
    if let index = userIndex[user.id] {
      try updateUser.execute(arguments: [
        user.age, user.gender, user.region, user.language, user.device, user.loggedIn, index,
      ])
      return index
    }
    let index = Int32(userIndex.count)
    try insertUser.execute(arguments: [
      index, user.id, user.age, user.gender, user.region, user.language, user.device, user.loggedIn,
    ])
    userIndex[user.id] = index
    return index
  }

  private func resolve(user: String, video: String, record: String) throws(WorkspaceError) -> (Int32, Int32) {
    guard let u = userIndex[user] else {
      throw .invalidRecord(path: path, record: record, field: "user", reason: "unknown user '\(user)'")
    }
    guard let v = videoIndex[video] else {
      throw .invalidRecord(path: path, record: record, field: "video", reason: "unknown video '\(video)'")
    }
    return (u, v)
  }

  /// Inserts a watch whose user and video already exist.
  public mutating func insert(_ watch: Watch) throws {
    let (u, v) = try resolve(user: watch.user, video: watch.video, record: "watch")
    try insertWatch(user: u, video: v, time: watch.time, watchSeconds: watch.watchSeconds, source: watch.source)
  }

  /// Inserts an impression whose user and video already exist.
  public mutating func insert(_ impression: Impression) throws {
    let (u, v) = try resolve(user: impression.user, video: impression.video, record: "impression")
    try insertImpression(
      user: u, video: v, time: impression.time, requestID: impression.requestID, position: impression.position,
      clicked: impression.clicked, watchSeconds: impression.watchSeconds)
  }

  /// Inserts a search whose user already exists.
  public mutating func insert(_ search: Search) throws {
    guard let u = userIndex[search.user] else {
      throw WorkspaceError.invalidRecord(
        path: path, record: "search", field: "user", reason: "unknown user '\(search.user)'")
    }
    try insertSearch(user: u, time: search.time, query: search.query)
  }

  // MARK: - Fast path by dense index

  /// Inserts a watch by dense indexes.
  public mutating func insertWatch(user: Int32, video: Int32, time: Int64, watchSeconds: Double, source: WatchSource)
    throws
  {
    let s = insertWatchStatement
    s.bind(1, Int64(user))
    s.bind(2, Int64(video))
    s.bind(3, time)
    s.bind(4, watchSeconds)
    s.bind(5, Int64(source.rawValue))
    try s.step()
  }

  /// Inserts an impression by dense indexes.
  public mutating func insertImpression(
    user: Int32, video: Int32, time: Int64, requestID: Int64, position: Int, clicked: Bool, watchSeconds: Double
  ) throws {
    let s = insertImpressionStatement
    s.bind(1, Int64(user))
    s.bind(2, Int64(video))
    s.bind(3, time)
    s.bind(4, requestID)
    s.bind(5, Int64(position))
    s.bind(6, Int64(clicked ? 1 : 0))
    s.bind(7, watchSeconds)
    try s.step()
  }

  /// Inserts a search by dense user index.
  public mutating func insertSearch(user: Int32, time: Int64, query: String) throws {
    let s = insertSearchStatement
    s.bind(1, Int64(user))
    s.bind(2, time)
    s.bind(3, query)
    try s.step()
  }

  /// Runs a bulk load with the event indexes dropped, rebuilding them afterwards (in the same
  /// transaction): building an index once is several times cheaper than updating it per row.
  public mutating func bulkLoad<T>(_ body: (inout WorkspaceWriter) throws -> T) throws -> T {
    for index in Schema.eventIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
    let result = try body(&self)
    for index in Schema.eventIndexes { try db.execute(sql: index.create) }
    return result
  }

  /// Sets a metadata entry.
  public mutating func setMetadata(_ key: String, _ value: String) throws {
    try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
  }
}
