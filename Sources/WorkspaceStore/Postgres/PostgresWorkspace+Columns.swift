extension PostgresWorkspace {
  /// Loads every entity and event into columnar memory through binary COPY, events sorted by
  /// (user, time) with equal times in insertion order: the same columns as
  /// ``Workspace/loadColumns()`` gives for the same data.
  ///
  /// - Complexity: O(events); one binary COPY per table.
  public func loadColumns() throws -> EventColumns {
    var columns = EventColumns()
    var videos = VideoColumns()
    try connection.copyOutBinary(
      """
      COPY (SELECT external_id, title, channel, topic, language, duration_s, upload_time FROM videos ORDER BY idx)
      TO STDOUT (FORMAT binary)
      """
    ) { row in
      videos.ids.append(try row.text())
      videos.titles.append(try row.text())
      videos.channel.append(videos.channels.code(for: try row.text()))
      videos.topic.append(videos.topics.code(for: try row.text()))
      videos.language.append(columns.languages.code(for: try row.text()))
      videos.durationSeconds.append(Float(try row.double()))
      videos.uploadTime.append(try row.int64())
    }
    columns.videos = videos
    var users = UserColumns()
    try connection.copyOutBinary(
      """
      COPY (SELECT external_id, age, gender, region, language, device, logged_in FROM users ORDER BY idx)
      TO STDOUT (FORMAT binary)
      """
    ) { row in
      users.ids.append(try row.text())
      users.age.append(try row.optionalDouble().map(Float.init) ?? .nan)
      users.gender.append(try row.optionalText().map { users.genders.code(for: $0) } ?? -1)
      users.region.append(users.regions.code(for: try row.text()))
      users.language.append(columns.languages.code(for: try row.text()))
      users.device.append(users.devices.code(for: try row.text()))
      users.loggedIn.append(try row.int16() != 0)
    }
    columns.users = users
    let userCount = users.count
    columns.watches = try loadWatches(userCount: userCount)
    columns.impressions = try loadImpressions(userCount: userCount)
    columns.searches = try loadSearches(userCount: userCount)
    return columns
  }

  /// The rows in `table` (one of the schema's own names).
  func count(_ table: String) throws(WorkspaceError) -> Int {
    Int(try connection.scalar("SELECT COUNT(*) FROM \(table)") ?? "0") ?? 0
  }

  private func loadWatches(userCount: Int) throws -> WatchColumns {
    var raw = WatchColumns()
    let n = try count("watches")
    raw.reserveCapacity(n)
    try connection.copyOutBinary(#"COPY watches ("user", video, time, watch_s, source) TO STDOUT (FORMAT binary)"#) {
      row in
      raw.user.append(try row.int32())
      raw.video.append(try row.int32())
      raw.time.append(try row.int64())
      raw.watchSeconds.append(Float(try row.double()))
      raw.source.append(UInt8(truncatingIfNeeded: try row.int16()))
    }
    return raw.sortedByUser(userCount: userCount)
  }

  private func loadImpressions(userCount: Int) throws -> ImpressionColumns {
    var raw = ImpressionColumns()
    let n = try count("impressions")
    raw.reserveCapacity(n)
    try connection.copyOutBinary(
      #"COPY impressions ("user", video, time, request, position, clicked, watch_s) TO STDOUT (FORMAT binary)"#
    ) { row in
      raw.user.append(try row.int32())
      raw.video.append(try row.int32())
      raw.time.append(try row.int64())
      raw.request.append(try row.int64())
      raw.position.append(try row.int16())
      raw.clicked.append(try row.int16() != 0)
      raw.watchSeconds.append(Float(try row.double()))
    }
    return raw.sortedByUser(userCount: userCount)
  }

  private func loadSearches(userCount: Int) throws -> SearchColumns {
    var raw = SearchColumns()
    try connection.copyOutBinary(#"COPY searches ("user", time, query) TO STDOUT (FORMAT binary)"#) { row in
      raw.user.append(try row.int32())
      raw.time.append(try row.int64())
      raw.query.append(try row.text())
    }
    return raw.sortedByUser(userCount: userCount)
  }
}
