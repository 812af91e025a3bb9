extension Workspace {
  /// Writes `columns` and `metadata` into this (empty, SQLite) workspace in one transaction:
  /// videos and users in index order, so they keep their indexes, and events in `columns`'
  /// order, so that loading gives the same columns back. The metadata overwrites the new
  /// workspace's own (its identity included). Used to stage a PostgreSQL workspace's contents
  /// for an append.
  public func materialize(_ columns: EventColumns, metadata: [String: String]) throws {
    try write { w in
      try w.bulkLoad { w in
        let v = columns.videos
        for i in 0..<v.count {
          try w.upsert(
            Video(
              id: v.ids[i], title: v.titles[i], channel: v.channels.names[Int(v.channel[i])],
              topic: v.topics.names[Int(v.topic[i])], language: columns.languages.names[Int(v.language[i])],
              durationSeconds: Double(v.durationSeconds[i]), uploadTime: v.uploadTime[i]))
        }
        let u = columns.users
        for i in 0..<u.count {
          try w.upsert(
            User(
              id: u.ids[i], age: u.age[i].isNaN ? nil : Double(u.age[i]),
              gender: u.gender[i] < 0 ? nil : u.genders.names[Int(u.gender[i])],
              region: u.regions.names[Int(u.region[i])], language: columns.languages.names[Int(u.language[i])],
              device: u.devices.names[Int(u.device[i])], loggedIn: u.loggedIn[i]))
        }
        let watches = columns.watches
        for i in 0..<watches.count {
          try w.insertWatch(
            user: watches.user[i], video: watches.video[i], time: watches.time[i],
            watchSeconds: Double(watches.watchSeconds[i]), source: WatchSource(rawValue: watches.source[i]) ?? .external
          )
        }
        let m = columns.impressions
        for i in 0..<m.count {
          try w.insertImpression(
            user: m.user[i], video: m.video[i], time: m.time[i], requestID: m.request[i], position: Int(m.position[i]),
            clicked: m.clicked[i], watchSeconds: Double(m.watchSeconds[i]))
        }
        let s = columns.searches
        for i in 0..<s.count { try w.insertSearch(user: s.user[i], time: s.time[i], query: s.query[i]) }
      }
      for (key, value) in metadata { try w.setMetadata(key, value) }
    }
  }
}
