import GRDB

extension Workspace {
  /// Loads every entity and event into columnar memory, events sorted by (user, time).
  ///
  /// - Complexity: O(events); one sequential scan per table.
  /// - Throws: ``WorkspaceError/database(path:message:)``.
  public func loadColumns() throws(WorkspaceError) -> EventColumns {
    if case .postgres(let link) = backend { return try link.with { try $0.loadColumns() } }
    return try read { db in
      var columns = EventColumns()
      try loadVideos(db, into: &columns)
      try loadUsers(db, into: &columns)
      let userCount = columns.users.count
      columns.watches = try loadWatches(db, userCount: userCount)
      columns.impressions = try loadImpressions(db, userCount: userCount)
      columns.searches = try loadSearches(db, userCount: userCount)
      return columns
    }
  }

  private func loadVideos(_ db: Database, into columns: inout EventColumns) throws {
    var videos = VideoColumns()
    let sql = "SELECT external_id, title, channel, topic, language, duration_s, upload_time FROM videos ORDER BY idx"
    let cursor = try Row.fetchCursor(db, sql: sql)
    while let row = try cursor.next() {
      videos.ids.append(row[0])
      videos.titles.append(row[1])
      videos.channel.append(videos.channels.code(for: row[2]))
      videos.topic.append(videos.topics.code(for: row[3]))
      videos.language.append(columns.languages.code(for: row[4]))
      videos.durationSeconds.append(Float(row[5] as Double))
      videos.uploadTime.append(row[6])
    }
    columns.videos = videos
  }

  private func loadUsers(_ db: Database, into columns: inout EventColumns) throws {
    var users = UserColumns()
    let sql = "SELECT external_id, age, gender, region, language, device, logged_in FROM users ORDER BY idx"
    let cursor = try Row.fetchCursor(db, sql: sql)
    while let row = try cursor.next() {
      users.ids.append(row[0])
      users.age.append((row[1] as Double?).map(Float.init) ?? .nan)
      users.gender.append((row[2] as String?).map { users.genders.code(for: $0) } ?? -1)
      users.region.append(users.regions.code(for: row[3]))
      users.language.append(columns.languages.code(for: row[4]))
      users.device.append(users.devices.code(for: row[5]))
      users.loggedIn.append(row[6])
    }
    columns.users = users
  }

  private func loadWatches(_ db: Database, userCount: Int) throws -> WatchColumns {
    var raw = WatchColumns()
    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM watches") ?? 0
    raw.reserveCapacity(count)
    let cursor = try Row.fetchCursor(db, sql: "SELECT user, video, time, watch_s, source FROM watches")
    while let row = try cursor.next() {
      raw.user.append(Int32(row[0] as Int64))
      raw.video.append(Int32(row[1] as Int64))
      raw.time.append(row[2])
      raw.watchSeconds.append(Float(row[3] as Double))
      raw.source.append(UInt8(row[4] as Int64))
    }
    return raw.sortedByUser(userCount: userCount)
  }

  private func loadImpressions(_ db: Database, userCount: Int) throws -> ImpressionColumns {
    var raw = ImpressionColumns()
    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM impressions") ?? 0
    raw.reserveCapacity(count)
    let sql = "SELECT user, video, time, request, position, clicked, watch_s FROM impressions"
    let cursor = try Row.fetchCursor(db, sql: sql)
    while let row = try cursor.next() {
      raw.user.append(Int32(row[0] as Int64))
      raw.video.append(Int32(row[1] as Int64))
      raw.time.append(row[2])
      raw.request.append(row[3])
      raw.position.append(Int16(clamping: row[4] as Int64))
      raw.clicked.append((row[5] as Int64) != 0)
      raw.watchSeconds.append(Float(row[6] as Double))
    }
    return raw.sortedByUser(userCount: userCount)
  }

  private func loadSearches(_ db: Database, userCount: Int) throws -> SearchColumns {
    var raw = SearchColumns()
    let cursor = try Row.fetchCursor(db, sql: "SELECT user, time, query FROM searches")
    while let row = try cursor.next() {
      raw.user.append(Int32(row[0] as Int64))
      raw.time.append(row[1])
      raw.query.append(row[2])
    }
    return raw.sortedByUser(userCount: userCount)
  }
}
